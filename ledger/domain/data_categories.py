"""Personal data categories: every kind the privacy notice lists, as DPV terms where DPV has them.

Special category (Art 9) and criminal offence (Art 10) data are flagged on
their terms. ``docs/vocabulary.md`` lists every term.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ledger.domain.vocabulary import Relation, Vocabulary, term

# -- Personal data categories: every kind the privacy notice lists. ------------
# pd: ids and their broader terms checked against DPV 2.1 (2.1/pd/pd.csv: the
# `hasbroader` column); a `broader` edge here joins two terms of this vocabulary,
# DPV's where DPV has it (pd:PhysicalHealth and pd:MentalHealth narrow pd:Health,
# pd:PostalCode narrows pd:PhysicalAddress, pd:EducationExperience narrows
# pd:Education), ours where an sl: term narrows a pd: one. DPV marks pd:Health,
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
        term(
            "pd:PostalCode",
            "Postcode",
            "National Impact Study returns",
            broader=("pd:PhysicalAddress",),
        ),
        term(
            "pd:OfficialID",
            "National identifiers",
            "NHS number, National Insurance number, unique pupil number; DPV has no "
            "pd:NationalIdentificationNumber. Prefer the narrower sl: terms when known",
        ),
        term("sl:NHSNumber", "NHS number", "narrows pd:OfficialID", broader=("pd:OfficialID",)),
        term(
            "sl:NationalInsuranceNumber",
            "National Insurance number",
            "narrows pd:OfficialID; National Impact Study returns",
            broader=("pd:OfficialID",),
        ),
        term(
            "sl:UniquePupilNumber",
            "Unique pupil number (UPN)",
            "narrows pd:OfficialID; National Impact Study returns",
            broader=("pd:OfficialID",),
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
        term("pd:EducationExperience", "Educational attendance", broader=("pd:Education",)),
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
            broader=("pd:Health",),
        ),
        term("pd:Health", "Health issues", special=True),
        term("pd:PhysicalHealth", "Physical health details", special=True, broader=("pd:Health",)),
        term("pd:MentalHealth", "Mental health details", special=True, broader=("pd:Health",)),
        term(
            "pd:HealthRecord",
            "Health records",
            "DPV puts it beside pd:Health under pd:MedicalHealth, which this vocabulary does "
            "not list; here pd:Health stands for health data as a whole, and a health record "
            "holds health data, so pd:HealthRecord narrows pd:Health",
            special=True,
            broader=("pd:Health",),
        ),
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


@dataclass(frozen=True, slots=True)
class CategoryMatch:
    """A category processed that overlaps one a rule is about, and how."""

    found: str  # the category of the processing (the share, the access)
    rule: str  # the category the rule names (restricted, rectified, agreed...)
    relation: Relation  # how ``found`` stands to ``rule``

    def describe(self) -> str:
        """The found category, and the rule's one if they differ, in a DPO's words."""
        if self.relation is Relation.SAME:
            return self.found
        return f"{self.found} ({self.relation.value} than {self.rule})"


def overlapping(found: Iterable[str], rule: Iterable[str]) -> tuple[CategoryMatch, ...]:
    """Every pair of categories that overlap: the same, one narrower or one broader.

    Processing of a category that overlaps a restricted (or rectified) one is
    processing of that data: health records hold health data, and health data
    includes mental health data.
    """
    wanted = tuple(rule)
    return tuple(
        CategoryMatch(f, r, relation)
        for f in found
        for r in wanted
        if (relation := DATA_CATEGORIES.relation(f, r)) is not None
    )


def uncovered(found: Iterable[str], allowed: Iterable[str]) -> tuple[str, ...]:
    """The categories of ``found`` that ``allowed`` does not cover (itself or a broader term).

    An agreement for pd:Health covers a share of pd:MentalHealth; one for
    pd:MentalHealth does not cover a share of pd:Health (more than was agreed).
    """
    terms = frozenset(allowed)
    return tuple(f for f in found if not DATA_CATEGORIES.covered_by(f, terms))
