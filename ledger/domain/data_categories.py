"""Personal data categories: every kind the privacy notice lists, as DPV terms where DPV has them.

Special category (Art 9) and criminal offence (Art 10) data are flagged on
their terms. ``docs/vocabulary.md`` lists every term.
"""

from __future__ import annotations

from ledger.domain.vocabulary import Vocabulary, term

# -- Personal data categories: every kind the privacy notice's lists. ------
# pd: ids checked against DPV 2.1 (2.1/pd/pd.csv). DPV marks pd:Health,
# pd:PhysicalHealth, pd:MentalHealth, pd:HealthRecord, pd:EthnicOrigin and
# pd:Race as dpv:SpecialCategoryPersonalData; it does not mark pd:Criminal*
# (GDPR Art 10 data is not Art 9 data), so that flag is ours.
DATA_CATEGORIES = Vocabulary(
    "data category",
    [
        term("pd:Name", "Name"),
        term("pd:PhysicalAddress", "Address", "DPV has no pd:Address"),
        term("pd:Picture", "Picture"),
        term("pd:BirthDate", "Date of birth", "DPV has no pd:DateOfBirth"),
        term("pd:Gender", "Gender", "National Impact Study returns"),
        term("pd:PostalCode", "Postcode", "National Impact Study returns"),
        term(
            "pd:OfficialID",
            "National identifiers",
            "NHS number, National Insurance number, unique pupil number; DPV has no "
            "pd:NationalIdentificationNumber. Prefer the narrower sl: terms when known",
        ),
        term("sl:NHSNumber", "NHS number", "narrows pd:OfficialID"),
        term(
            "sl:NationalInsuranceNumber",
            "National Insurance number",
            "narrows pd:OfficialID; National Impact Study returns",
        ),
        term(
            "sl:UniquePupilNumber",
            "Unique pupil number (UPN)",
            "narrows pd:OfficialID; National Impact Study returns",
        ),
        term("pd:Family", "Information about the family"),
        term(
            "sl:LifestyleAndSocialCircumstances",
            "Lifestyle and social circumstances",
            "narrows pd:Social; DPV has no lifestyle category",
        ),
        term("pd:Financial", "Financial details"),
        term("pd:EmploymentHistory", "Employment details"),
        term("pd:Education", "Education details"),
        term("pd:EducationExperience", "Educational attendance"),
        term(
            "sl:HousingNeeds",
            "Housing needs",
            "narrows pd:Social (pd:Household means household activities, not housing)",
        ),
        term(
            "sl:InterventionStatus",
            "Intervention status, reason for referral, involvement with family support",
            "narrows pd:Social; National Impact Study returns",
        ),
        term(
            "sl:EligibilityProblems",
            "Programme eligibility problems met",
            "narrows pd:Social; National Impact Study returns",
        ),
        term(
            "sl:FamilyProgressData",
            "Family progress data (FPD)",
            "narrows pd:Social; National Impact Study returns every six months",
        ),
        term(
            "sl:ChildVulnerability",
            "Vulnerable children (child in need, child protection, looked after)",
            "narrows pd:Social",
        ),
        term(
            "sl:SubstanceMisuse",
            "Substance misuse",
            "narrows pd:Health; data about drug or alcohol misuse and its treatment is health data",
            special=True,
        ),
        term("pd:Health", "Health issues", special=True),
        term("pd:PhysicalHealth", "Physical health details", special=True),
        term("pd:MentalHealth", "Mental health details", special=True),
        term("pd:HealthRecord", "Health records", special=True),
        term("pd:EthnicOrigin", "Ethnic origin", special=True),
        term("pd:Race", "Racial origin", "DPV has no pd:Racial", special=True),
        term(
            "pd:CriminalOffense",
            "Involvement with police, courts and probation",
            "Art 10 criminal offence data",
            criminal=True,
        ),
    ],
)
