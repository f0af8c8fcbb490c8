"""Closed vocabularies for data categories, purposes, legal bases and the rest.

Every term is a compact IRI. Where the W3C Data Privacy Vocabulary has a
concept we use its identifier (``pd:`` personal data categories, ``dpv:``
purposes, ``eu-gdpr:`` legal bases and rights: UK GDPR keeps the EU GDPR's
article numbering, so the ``eu-gdpr:`` identifiers name the same provisions).
Where it has none (DPA 2018 Schedule 1 conditions, the privacy notice's partner kinds,
UK statutes, the Art 18(1) grounds, local case-work purposes) the term lives in
the ``sl:`` namespace and, for data categories and purposes, its note says
which DPV concept it narrows ("narrows pd:Social"). ``docs/vocabulary.md``
lists every term.

DPV version checked: every ``pd:``, ``dpv:`` and ``eu-gdpr:`` identifier below
was checked against DPV 2.1, the CSV exports in the w3c/dpv repository
(``2.1/pd/pd.csv``, ``2.1/dpv/modules/purposes.csv``,
``2.1/legal/eu/gdpr/modules/legal_basis.csv``, ``legal_basis_special.csv``
and ``rights.csv``). DPV 2.1 has no ``pd:Address``, ``pd:DateOfBirth``,
``pd:NationalIdentificationNumber``, ``pd:Lifestyle`` or ``pd:Racial`` and no
identifiers for the individual Art 18(1) grounds; see the notes below.

An unknown term is a :class:`~ledger.domain.errors.ValidationError` that names
the field and the allowed values, so a source system can correct itself from
the message alone.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from ledger.domain.errors import ValidationError

PREFIXES: dict[str, str] = {
    "dpv": "https://w3id.org/dpv#",
    "pd": "https://w3id.org/dpv/pd#",
    "eu-gdpr": "https://w3id.org/dpv/legal/eu/gdpr#",
    "sl": "urn:x-sharing-ledger:vocab#",
}


@dataclass(frozen=True, slots=True)
class Term:
    """One term of a closed vocabulary."""

    id: str
    label: str
    note: str = ""
    # Art 9(1) special category data: sharing it needs an Art 9 condition and,
    # for most public-task sharing, a DPA 2018 Schedule 1 condition too.
    special: bool = False
    # Art 10 criminal offence data: not special category (no Art 9 condition),
    # but processing it needs a DPA 2018 Schedule 1 condition (s.10(5), Sch 1 Pt 3).
    criminal: bool = False

    @property
    def iri(self) -> str:
        prefix, _, local = self.id.partition(":")
        return PREFIXES[prefix] + local


class Vocabulary:
    """An ordered, closed set of :class:`Term` objects with validation helpers."""

    def __init__(self, name: str, terms: Iterable[Term]) -> None:
        self.name = name
        self._terms: dict[str, Term] = {}
        for term in terms:
            if term.id in self._terms:
                msg = f"duplicate term {term.id} in vocabulary {name}"
                raise ValueError(msg)
            if term.id.partition(":")[0] not in PREFIXES:
                msg = f"term {term.id} in vocabulary {name} has an unknown prefix"
                raise ValueError(msg)
            self._terms[term.id] = term

    def __contains__(self, term_id: object) -> bool:
        return term_id in self._terms

    def __iter__(self) -> Iterator[Term]:
        return iter(self._terms.values())

    def __len__(self) -> int:
        return len(self._terms)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(self._terms)

    def get(self, term_id: str) -> Term:
        return self._terms[term_id]

    def require(self, field: str, value: object) -> str:
        """Return ``value`` if it is a term of this vocabulary, else raise."""
        if not isinstance(value, str) or value not in self._terms:
            raise ValidationError(field, f"unknown {self.name} term", self.ids)
        return value

    def require_all(self, field: str, values: object) -> tuple[str, ...]:
        """Validate a non-empty collection of distinct terms; return them as a tuple."""
        if isinstance(values, str) or not isinstance(values, Iterable):
            raise ValidationError(field, f"must be a list of {self.name} terms")
        items = tuple(values)
        if not items:
            raise ValidationError(field, f"must name at least one {self.name} term")
        for item in items:
            self.require(field, item)
        if len(set(items)) != len(items):
            raise ValidationError(field, "must not repeat a term")
        return items


def _t(term_id: str, label: str, note: str = "", **flags: bool) -> Term:
    return Term(term_id, label, note, **flags)


# -- Personal data categories: every kind the privacy notice's lists. ------
# pd: ids checked against DPV 2.1 (2.1/pd/pd.csv). DPV marks pd:Health,
# pd:PhysicalHealth, pd:MentalHealth, pd:HealthRecord, pd:EthnicOrigin and
# pd:Race as dpv:SpecialCategoryPersonalData; it does not mark pd:Criminal*
# (GDPR Art 10 data is not Art 9 data), so that flag is ours.
DATA_CATEGORIES = Vocabulary(
    "data category",
    [
        _t("pd:Name", "Name"),
        _t("pd:PhysicalAddress", "Address", "DPV has no pd:Address"),
        _t("pd:Picture", "Picture"),
        _t("pd:BirthDate", "Date of birth", "DPV has no pd:DateOfBirth"),
        _t("pd:Gender", "Gender", "National Impact Study returns"),
        _t("pd:PostalCode", "Postcode", "National Impact Study returns"),
        _t(
            "pd:OfficialID",
            "National identifiers",
            "NHS number, National Insurance number, unique pupil number; DPV has no "
            "pd:NationalIdentificationNumber. Prefer the narrower sl: terms when known",
        ),
        _t("sl:NHSNumber", "NHS number", "narrows pd:OfficialID"),
        _t(
            "sl:NationalInsuranceNumber",
            "National Insurance number",
            "narrows pd:OfficialID; National Impact Study returns",
        ),
        _t(
            "sl:UniquePupilNumber",
            "Unique pupil number (UPN)",
            "narrows pd:OfficialID; National Impact Study returns",
        ),
        _t("pd:Family", "Information about the family"),
        _t(
            "sl:LifestyleAndSocialCircumstances",
            "Lifestyle and social circumstances",
            "narrows pd:Social; DPV has no lifestyle category",
        ),
        _t("pd:Financial", "Financial details"),
        _t("pd:EmploymentHistory", "Employment details"),
        _t("pd:Education", "Education details"),
        _t("pd:EducationExperience", "Educational attendance"),
        _t(
            "sl:HousingNeeds",
            "Housing needs",
            "narrows pd:Social (pd:Household means household activities, not housing)",
        ),
        _t(
            "sl:InterventionStatus",
            "Intervention status, reason for referral, involvement with family support",
            "narrows pd:Social; National Impact Study returns",
        ),
        _t(
            "sl:EligibilityProblems",
            "Programme eligibility problems met",
            "narrows pd:Social; National Impact Study returns",
        ),
        _t(
            "sl:FamilyProgressData",
            "Family progress data (FPD)",
            "narrows pd:Social; National Impact Study returns every six months",
        ),
        _t(
            "sl:ChildVulnerability",
            "Vulnerable children (child in need, child protection, looked after)",
            "narrows pd:Social",
        ),
        _t(
            "sl:SubstanceMisuse",
            "Substance misuse",
            "narrows pd:Health; data about drug or alcohol misuse and its treatment is health data",
            special=True,
        ),
        _t("pd:Health", "Health issues", special=True),
        _t("pd:PhysicalHealth", "Physical health details", special=True),
        _t("pd:MentalHealth", "Mental health details", special=True),
        _t("pd:HealthRecord", "Health records", special=True),
        _t("pd:EthnicOrigin", "Ethnic origin", special=True),
        _t("pd:Race", "Racial origin", "DPV has no pd:Racial", special=True),
        _t(
            "pd:CriminalOffense",
            "Involvement with police, courts and probation",
            "Art 10 criminal offence data",
            criminal=True,
        ),
    ],
)

# -- Purposes: why the data was accessed or shared (the privacy notice's "why"). ----------
# dpv: ids checked against DPV 2.1 (2.1/dpv/modules/purposes.csv).
PURPOSES = Vocabulary(
    "purpose",
    [
        _t(
            "dpv:ServiceProvision",
            "Deliver the Troubled Families programme",
            "renamed Supporting Families in 2021; includes understanding and meeting "
            "the needs of families",
        ),
        _t(
            "sl:EarlyHelpAndPrevention", "Early help and prevention", "narrows dpv:ServiceProvision"
        ),
        _t(
            "sl:IdentifyFamiliesNeedingSupport",
            "Identify families who need support",
            "narrows dpv:ServiceProvision",
        ),
        _t(
            "sl:Safeguarding",
            "Safeguarding children and adults at risk",
            "narrows dpv:PublicBenefit; DPV has no safeguarding or vital-interest purpose",
        ),
        _t("dpv:ServiceOptimisation", "Service improvement and planning"),
        _t(
            "sl:ProgrammeEvaluation",
            "Understand the difference the programme makes",
            "narrows dpv:ResearchAndDevelopment",
        ),
        _t(
            "dpv:ResearchAndDevelopment",
            "Research using linked data (National Impact Study)",
            "research only, no decisions about individuals",
        ),
        _t(
            "sl:AnonymisedResearch",
            "Research using anonymised data",
            "narrows dpv:ResearchAndDevelopment; the data is anonymised before use",
        ),
        _t("dpv:LegalCompliance", "Comply with a legal obligation"),
        _t(
            "dpv:RightsFulfillment",
            "Answer a data subject rights request",
            "DPV spells it Fulfillment here, Fulfilment elsewhere",
        ),
        _t(
            "sl:CrimePrevention",
            "Prevent or detect crime",
            "narrows dpv:ProtectionOfPublicSecurity",
        ),
    ],
)

# -- Lawful bases (Art 6) and conditions (Art 9) the privacy notice relies on. ------------
# eu-gdpr: ids checked against DPV 2.1 (legal_basis.csv, legal_basis_special.csv).
LEGAL_BASES = Vocabulary(
    "legal basis",
    [
        _t("eu-gdpr:A6-1-a", "Art 6(1)(a) consent"),
        _t("eu-gdpr:A6-1-c", "Art 6(1)(c) legal obligation"),
        _t("eu-gdpr:A6-1-d", "Art 6(1)(d) vital interests"),
        _t("eu-gdpr:A6-1-e", "Art 6(1)(e) public task"),
        _t("eu-gdpr:A9-2-a", "Art 9(2)(a) explicit consent"),
        _t("eu-gdpr:A9-2-b", "Art 9(2)(b) employment and social protection law"),
        _t("eu-gdpr:A9-2-c", "Art 9(2)(c) vital interests"),
        _t("eu-gdpr:A9-2-f", "Art 9(2)(f) legal claims"),
        _t(
            "eu-gdpr:A9-2-g",
            "Art 9(2)(g) substantial public interest",
            "the privacy notice's 'Article 6 Part g'",
        ),
        _t("eu-gdpr:A9-2-h", "Art 9(2)(h) health or social care"),
        _t("eu-gdpr:A9-2-j", "Art 9(2)(j) archiving, research or statistics"),
    ],
)

# The privacy notice cites "Article 6 Part g": Art 6(1) has no point (g) in UK GDPR; the
# notice means Art 9(2)(g). We record that reading here rather than invent a term.

# -- DPA 2018 Schedule 1 conditions (UK only, so in the sl: namespace). ----------
# No DPA 2018 Schedule 1 identifiers were found in DPV 2.1.
SCHEDULE_1_CONDITIONS = Vocabulary(
    "DPA 2018 Schedule 1 condition",
    [
        _t("sl:DPA2018-S1-P1-2", "Sch 1 Pt 1 para 2: health or social care purposes"),
        _t("sl:DPA2018-S1-P1-4", "Sch 1 Pt 1 para 4: research"),
        _t("sl:DPA2018-S1-P2-6", "Sch 1 Pt 2 para 6: statutory and government purposes"),
        _t("sl:DPA2018-S1-P2-10", "Sch 1 Pt 2 para 10: preventing or detecting unlawful acts"),
        _t(
            "sl:DPA2018-S1-P2-18",
            "Sch 1 Pt 2 para 18: safeguarding children and individuals at risk",
        ),
        _t(
            "sl:DPA2018-S1-P3-36",
            "Sch 1 Pt 3 para 36: extension of Pt 2 conditions to criminal offence data",
        ),
    ],
)

# -- Kinds of partner the privacy notice says it shares with. ------------------------------
PARTNER_TYPES = Vocabulary(
    "partner type",
    [
        _t("sl:LocalAuthority", "The council itself and its departments"),
        _t("sl:Health", "Health (NHS trusts, GPs, clinical commissioning)"),
        _t("sl:SocialServices", "Social services"),
        _t("sl:Housing", "Housing services and providers"),
        _t("sl:Police", "Police", "DPA 2018 Part 3 competent authority"),
        _t("sl:FireAndRescue", "Fire and rescue services"),
        _t("sl:DomesticAbuse", "Domestic abuse services"),
        _t("sl:SubstanceMisuseService", "Substance misuse services"),
        _t("sl:YoungPeoplesServices", "Young people's services"),
        _t(
            "sl:ProbationAndPrisons",
            "Probation and HM Prison services",
            "DPA 2018 Part 3 competent authority",
        ),
        _t("sl:YouthJustice", "Youth justice service"),
        _t("sl:HealthVisitingAndSchoolNursing", "Health visiting and school nursing"),
        _t("sl:Education", "Education services and schools"),
        _t("sl:DWP", "Department for Work and Pensions"),
        _t("sl:MHCLG", "Department for Communities and Local Government (now MHCLG)"),
        _t("sl:PublicHealth", "Public Health and the Families Health and Wellbeing Consortium"),
        _t("sl:NationalEvaluation", "National Impact Study evaluator (research only)"),
    ],
)

# -- Art 18(1): the grounds on which a person may have processing restricted. ---
# DPV 2.1 has eu-gdpr:A18 (the right) but no concept per Art 18(1) point, so these
# are sl: terms with the same local names.
RESTRICTION_GROUNDS = Vocabulary(
    "restriction ground",
    [
        _t("sl:A18-1-a", "Art 18(1)(a) accuracy contested", "narrows eu-gdpr:A18"),
        _t(
            "sl:A18-1-b", "Art 18(1)(b) unlawful processing, erasure opposed", "narrows eu-gdpr:A18"
        ),
        _t(
            "sl:A18-1-c",
            "Art 18(1)(c) needed by the person for legal claims",
            "narrows eu-gdpr:A18",
        ),
        _t("sl:A18-1-d", "Art 18(1)(d) objection pending verification", "narrows eu-gdpr:A18"),
    ],
)

# -- Art 18(2): the only processing allowed while a restriction stands. --------
RESTRICTION_EXCEPTIONS = Vocabulary(
    "Art 18(2) exception",
    [
        _t("sl:A18-2-Storage", "Storage only"),
        _t("sl:A18-2-Consent", "With the person's consent"),
        _t("sl:A18-2-LegalClaims", "Establishment, exercise or defence of legal claims"),
        _t("sl:A18-2-OtherPersonsRights", "Protection of the rights of another person"),
        _t("sl:A18-2-PublicInterest", "Important reasons of public interest"),
    ],
)

# -- How data travelled to a recipient. ----------------------------------------
CHANNELS = Vocabulary(
    "channel",
    [
        _t("sl:SecureEmail", "Secure email"),
        _t("sl:SecurePortal", "Secure file transfer portal"),
        _t("sl:SystemToSystem", "System-to-system interface"),
        _t("sl:Meeting", "Multi-agency meeting (e.g. MASH)"),
        _t("sl:Telephone", "Telephone"),
        _t("sl:Post", "Post"),
    ],
)

# -- Data subject rights requests the ledger tracks. ----------------------------
# eu-gdpr: ids checked against DPV 2.1 (2.1/legal/eu/gdpr/modules/rights.csv).
REQUEST_KINDS = Vocabulary(
    "rights request kind",
    [
        _t("eu-gdpr:A15", "Art 15 right of access"),
        _t("eu-gdpr:A16", "Art 16 right to rectification"),
        _t("eu-gdpr:A17", "Art 17 right to erasure"),
        _t("eu-gdpr:A18", "Art 18 right to restriction of processing"),
        _t("eu-gdpr:A21", "Art 21 right to object"),
    ],
)

# -- Reasons recorded with a decision not to share (ICO Data Sharing Code). ----
DECLINE_REASONS = Vocabulary(
    "reason not to share",
    [
        _t("sl:NoLawfulBasis", "No lawful basis for the share"),
        _t("sl:NotNecessary", "Not necessary or proportionate for the purpose"),
        _t("sl:NoAgreement", "No information sharing agreement covers it"),
        _t("sl:RestrictionInForce", "A restriction of processing is in force"),
        _t("sl:ObjectionUpheld", "The person's objection was upheld"),
        _t("sl:RiskOfHarm", "Sharing would put someone at risk"),
        _t("sl:RecipientNotVerified", "The recipient's identity could not be verified"),
    ],
)

# -- Outcomes of an Art 21 objection. -------------------------------------------
OBJECTION_OUTCOMES = Vocabulary(
    "objection outcome",
    [
        _t("sl:ObjectionUpheld", "Upheld: processing for that purpose stops"),
        _t("sl:CompellingGrounds", "Rejected: compelling legitimate grounds override (Art 21(1))"),
        _t("sl:LegalClaims", "Rejected: needed for legal claims (Art 21(1))"),
    ],
)

# -- Statutes the privacy notice lists under "What allows you to use my information?". ---
# UK legislation, so sl: terms: no DPV 2.1 identifiers were found. The label is
# the instrument's proper title; the note records where the privacy notice words it
# differently.
STATUTORY_GATEWAYS = Vocabulary(
    "statutory gateway",
    [
        _t("sl:DigitalEconomyAct2017", "Digital Economy Act 2017"),
        _t("sl:ChildrenAct2004", "Children Act 2004", "seed: 'The Children's Act 2004'"),
        _t(
            "sl:NationalHealthServiceAct2006",
            "National Health Service Act 2006",
            "seed: 'The NHS Act 2006'",
        ),
        _t(
            "sl:ChildrenAndFamiliesAct2014",
            "Children and Families Act 2014",
            "seed: 'The Children's and Families Act 2014'",
        ),
        _t("sl:CrimeAndDisorderAct1998", "Crime and Disorder Act 1998"),
        _t("sl:EducationAct2002", "Education Act 2002"),
        _t("sl:LocalismAct2011", "Localism Act 2011"),
        _t("sl:LocalGovernmentAct2000", "Local Government Act 2000"),
        _t(
            "sl:CriminalJusticeAct2003",
            "Criminal Justice Act 2003",
            "seed: 'Criminal Justice Act 2002', which does not exist; read as the 2003 "
            "Act (s325 MAPPA co-operation). To confirm with the council's DPO",
        ),
        _t("sl:SexualOffencesAct2003", "Sexual Offences Act 2003"),
        _t("sl:PoliceAndCriminalEvidenceAct1984", "Police and Criminal Evidence Act 1984"),
        _t("sl:ChildrenLeavingCareAct2000", "Children (Leaving Care) Act 2000"),
        _t(
            "sl:SENDRegulations2014",
            "Special Educational Needs and Disability Regulations 2014",
            "seed: '... Regulations Act 2014'; a statutory instrument (SI 2014/1530) "
            "made under the Children and Families Act 2014, not an Act",
        ),
        _t("sl:ImmigrationAndAsylumAct1999", "Immigration and Asylum Act 1999"),
        _t("sl:EducationAndSkillsAct2008", "Education and Skills Act 2008"),
        _t(
            "sl:ProtectionOfChildrenAct1999",
            "Protection of Children Act 1999",
            "seed: 'Protection of Children Act 1998', which does not exist; read as the "
            "1999 Act (the 1978 Act is the other candidate). To confirm with the DPO",
        ),
    ],
)
