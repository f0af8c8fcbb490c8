"""Tests for the closed vocabularies in ledger.domain.vocabulary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ledger.domain import data_categories, exemptions, procedure_terms, processing_terms
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.errors import ValidationError
from ledger.domain.exemptions import EXEMPTIONS
from ledger.domain.procedure_terms import (
    CHANNELS,
    COMPLAINANTS,
    COMPLAINT_ISSUES,
    COMPLAINT_OUTCOMES,
    DECLINE_REASONS,
    ICO_DECISIONS,
    OBJECTION_OUTCOMES,
    PARTNER_TYPES,
    REQUEST_KINDS,
    RESTRICTION_EXCEPTIONS,
    RESTRICTION_GROUNDS,
    STATUTORY_GATEWAYS,
)
from ledger.domain.processing_terms import LEGAL_BASES, PURPOSES, SCHEDULE_1_CONDITIONS
from ledger.domain.vocabulary import PREFIXES, Relation, Term, Vocabulary

ALL_VOCABULARIES: dict[str, Vocabulary] = {
    "DATA_CATEGORIES": DATA_CATEGORIES,
    "PURPOSES": PURPOSES,
    "LEGAL_BASES": LEGAL_BASES,
    "SCHEDULE_1_CONDITIONS": SCHEDULE_1_CONDITIONS,
    "PARTNER_TYPES": PARTNER_TYPES,
    "RESTRICTION_GROUNDS": RESTRICTION_GROUNDS,
    "RESTRICTION_EXCEPTIONS": RESTRICTION_EXCEPTIONS,
    "CHANNELS": CHANNELS,
    "REQUEST_KINDS": REQUEST_KINDS,
    "DECLINE_REASONS": DECLINE_REASONS,
    "OBJECTION_OUTCOMES": OBJECTION_OUTCOMES,
    "COMPLAINANTS": COMPLAINANTS,
    "COMPLAINT_ISSUES": COMPLAINT_ISSUES,
    "COMPLAINT_OUTCOMES": COMPLAINT_OUTCOMES,
    "ICO_DECISIONS": ICO_DECISIONS,
    "STATUTORY_GATEWAYS": STATUTORY_GATEWAYS,
    "EXEMPTIONS": EXEMPTIONS,
}

ALL_TERMS: list[Term] = [term for voc in ALL_VOCABULARIES.values() for term in voc]

# Every pd:/dpv:/eu-gdpr: concept this code base may use, each looked up in DPV 2.1
# (w3c/dpv 2.1/pd/pd.csv, 2.1/dpv/modules/purposes.csv,
# 2.1/legal/eu/gdpr/modules/{legal_basis,legal_basis_special,rights}.csv).
# Add an id here only after finding it there.
DPV_2_1_VERIFIED: frozenset[str] = frozenset(
    {
        # pd: personal data categories
        "pd:Name",
        "pd:PhysicalAddress",
        "pd:Picture",
        "pd:BirthDate",
        "pd:Gender",
        "pd:PostalCode",
        "pd:OfficialID",
        "pd:Family",
        "pd:Social",
        "pd:Financial",
        "pd:EmploymentHistory",
        "pd:Education",
        "pd:EducationExperience",
        "pd:Health",
        "pd:PhysicalHealth",
        "pd:MentalHealth",
        "pd:HealthRecord",
        "pd:EthnicOrigin",
        "pd:Race",
        "pd:Criminal",
        "pd:CriminalOffense",
        "pd:Household",
        # dpv: purposes
        "dpv:ServiceProvision",
        "dpv:ServiceOptimisation",
        "dpv:ResearchAndDevelopment",
        "dpv:ScientificResearch",
        "dpv:LegalCompliance",
        "dpv:FulfilmentOfObligation",
        "dpv:RightsFulfillment",
        "dpv:PublicBenefit",
        "dpv:ImprovePublicServices",
        "dpv:ProtectionOfPublicSecurity",
        "dpv:EnforceSecurity",
        # eu-gdpr: legal bases and rights
        "eu-gdpr:A6-1-a",
        "eu-gdpr:A6-1-b",
        "eu-gdpr:A6-1-c",
        "eu-gdpr:A6-1-d",
        "eu-gdpr:A6-1-e",
        "eu-gdpr:A6-1-f",
        "eu-gdpr:A9-2-a",
        "eu-gdpr:A9-2-b",
        "eu-gdpr:A9-2-c",
        "eu-gdpr:A9-2-d",
        "eu-gdpr:A9-2-e",
        "eu-gdpr:A9-2-f",
        "eu-gdpr:A9-2-g",
        "eu-gdpr:A9-2-h",
        "eu-gdpr:A9-2-i",
        "eu-gdpr:A9-2-j",
        "eu-gdpr:A15",
        "eu-gdpr:A16",
        "eu-gdpr:A17",
        "eu-gdpr:A18",
        "eu-gdpr:A19",
        "eu-gdpr:A20",
        "eu-gdpr:A21",
    }
)

# Each phrase of the privacy notice (docs/privacy-notice.txt) that names a category, purpose, legal
# basis, partner, right or statute, and the term that must stand for it.
SEED_COVERAGE: list[tuple[str, Vocabulary, str]] = [
    # "The information that we collect about you is:"
    ("your name", DATA_CATEGORIES, "pd:Name"),
    ("address", DATA_CATEGORIES, "pd:PhysicalAddress"),
    ("picture", DATA_CATEGORIES, "pd:Picture"),
    ("date of birth", DATA_CATEGORIES, "pd:BirthDate"),
    ("national identifiers", DATA_CATEGORIES, "pd:OfficialID"),
    ("NHS number", DATA_CATEGORIES, "sl:NHSNumber"),
    ("National Insurance number", DATA_CATEGORIES, "sl:NationalInsuranceNumber"),
    ("unique pupil numbers", DATA_CATEGORIES, "sl:UniquePupilNumber"),
    ("information about your family", DATA_CATEGORIES, "pd:Family"),
    (
        "details about your lifestyle and social circumstances",
        DATA_CATEGORIES,
        "sl:LifestyleAndSocialCircumstances",
    ),
    ("financial details", DATA_CATEGORIES, "pd:Financial"),
    ("employment details", DATA_CATEGORIES, "pd:EmploymentHistory"),
    ("education details", DATA_CATEGORIES, "pd:Education"),
    ("educational attendance", DATA_CATEGORIES, "pd:EducationExperience"),
    ("details about your housing needs", DATA_CATEGORIES, "sl:HousingNeeds"),
    ("intervention status and reason for referral", DATA_CATEGORIES, "sl:InterventionStatus"),
    ("involvement with family support services", DATA_CATEGORIES, "sl:InterventionStatus"),
    ("gender", DATA_CATEGORIES, "pd:Gender"),
    ("postcode", DATA_CATEGORIES, "pd:PostalCode"),
    ("eligibility problems met", DATA_CATEGORIES, "sl:EligibilityProblems"),
    ("family progress data (FPD)", DATA_CATEGORIES, "sl:FamilyProgressData"),
    ("vulnerable children", DATA_CATEGORIES, "sl:ChildVulnerability"),
    ("substance misuse", DATA_CATEGORIES, "sl:SubstanceMisuse"),
    ("health issues", DATA_CATEGORIES, "pd:Health"),
    ("physical health details", DATA_CATEGORIES, "pd:PhysicalHealth"),
    ("mental health details", DATA_CATEGORIES, "pd:MentalHealth"),
    ("racial origin", DATA_CATEGORIES, "pd:Race"),
    ("ethnic origin", DATA_CATEGORIES, "pd:EthnicOrigin"),
    ("involvement with the police, courts and probation", DATA_CATEGORIES, "pd:CriminalOffense"),
    # "Why do you need my information?" / "We share your information in order to:"
    ("deliver the Government's Troubled Families Programme", PURPOSES, "dpv:ServiceProvision"),
    ("early help and prevention", PURPOSES, "sl:EarlyHelpAndPrevention"),
    ("service improvement and planning", PURPOSES, "dpv:ServiceOptimisation"),
    ("research using anonymised data", PURPOSES, "sl:AnonymisedResearch"),
    ("identify which families need our support", PURPOSES, "sl:IdentifyFamiliesNeedingSupport"),
    ("understand and meet the needs of families", PURPOSES, "dpv:ServiceProvision"),
    ("understand the difference we are making", PURPOSES, "sl:ProgrammeEvaluation"),
    ("the data can only be used for carrying out research", PURPOSES, "dpv:ResearchAndDevelopment"),
    # "What allows you to use my information?"
    ("General Data Protection Legislation Article 6 part e", LEGAL_BASES, "eu-gdpr:A6-1-e"),
    ("General Data Protection Legislation Article 6 Part g", LEGAL_BASES, "eu-gdpr:A9-2-g"),
    (
        "Data Protection Act 2018 Schedule 1 Part 3 Paragraph 36",
        SCHEDULE_1_CONDITIONS,
        "sl:DPA2018-S1-P3-36",
    ),
    ("The Digital Economy Act 2017", STATUTORY_GATEWAYS, "sl:DigitalEconomyAct2017"),
    ("The Children's Act 2004", STATUTORY_GATEWAYS, "sl:ChildrenAct2004"),
    ("The NHS Act 2006", STATUTORY_GATEWAYS, "sl:NationalHealthServiceAct2006"),
    ("The Children's and Families Act 2014", STATUTORY_GATEWAYS, "sl:ChildrenAndFamiliesAct2014"),
    ("The Crime and Disorder Act 1998", STATUTORY_GATEWAYS, "sl:CrimeAndDisorderAct1998"),
    ("The Education Act 2002", STATUTORY_GATEWAYS, "sl:EducationAct2002"),
    ("The Localism Act 2011", STATUTORY_GATEWAYS, "sl:LocalismAct2011"),
    ("Local Government Act 2000", STATUTORY_GATEWAYS, "sl:LocalGovernmentAct2000"),
    ("Criminal Justice Act 2002", STATUTORY_GATEWAYS, "sl:CriminalJusticeAct2003"),
    ("Sexual Offences Act 2003", STATUTORY_GATEWAYS, "sl:SexualOffencesAct2003"),
    (
        "Police and Criminal Evidence Act 1984",
        STATUTORY_GATEWAYS,
        "sl:PoliceAndCriminalEvidenceAct1984",
    ),
    ("The Children (Leaving Care) Act 2000", STATUTORY_GATEWAYS, "sl:ChildrenLeavingCareAct2000"),
    (
        "Special Educational Needs and Disability Regulations Act 2014",
        STATUTORY_GATEWAYS,
        "sl:SENDRegulations2014",
    ),
    ("Immigration and Asylum Act 1999", STATUTORY_GATEWAYS, "sl:ImmigrationAndAsylumAct1999"),
    ("Education and Skills Act 2008", STATUTORY_GATEWAYS, "sl:EducationAndSkillsAct2008"),
    ("Protection of Children Act 1998", STATUTORY_GATEWAYS, "sl:ProtectionOfChildrenAct1999"),
    # "Who will my information be shared with?"
    ("our duties as a local authority", PARTNER_TYPES, "sl:LocalAuthority"),
    ("health", PARTNER_TYPES, "sl:Health"),
    ("NHS", PARTNER_TYPES, "sl:Health"),
    ("social services", PARTNER_TYPES, "sl:SocialServices"),
    ("housing services and providers", PARTNER_TYPES, "sl:Housing"),
    ("police", PARTNER_TYPES, "sl:Police"),
    ("fire services", PARTNER_TYPES, "sl:FireAndRescue"),
    ("domestic abuse services", PARTNER_TYPES, "sl:DomesticAbuse"),
    ("substance misuse services", PARTNER_TYPES, "sl:SubstanceMisuseService"),
    ("young peoples services", PARTNER_TYPES, "sl:YoungPeoplesServices"),
    ("probation and HM Prison services", PARTNER_TYPES, "sl:ProbationAndPrisons"),
    ("youth justice service", PARTNER_TYPES, "sl:YouthJustice"),
    (
        "health visiting and school nursing services",
        PARTNER_TYPES,
        "sl:HealthVisitingAndSchoolNursing",
    ),
    ("education Services", PARTNER_TYPES, "sl:Education"),
    ("the Department for Work & Pensions", PARTNER_TYPES, "sl:DWP"),
    ("The Department for Communities & Local Government", PARTNER_TYPES, "sl:MHCLG"),
    (
        "Public Health and the Families Health & Wellbeing Consortium",
        PARTNER_TYPES,
        "sl:PublicHealth",
    ),
    ("National Impact Study (NIS)", PARTNER_TYPES, "sl:NationalEvaluation"),
    # "Your rights"
    ("your right of access", REQUEST_KINDS, "eu-gdpr:A15"),
    ("your right to rectification", REQUEST_KINDS, "eu-gdpr:A16"),
    ("your right to restriction of processing", REQUEST_KINDS, "eu-gdpr:A18"),
    ("your right to object to processing", REQUEST_KINDS, "eu-gdpr:A21"),
]

# Terms kept although the privacy notice does not name them, and why.
NOT_FROM_SEED = {"pd:HealthRecord": "the BRIEF's own example of a DPV term"}
SEED_ACTS = 16  # Acts and regulations listed under "What allows you to use my information?"
DOC_PATH = Path(__file__).parents[2] / "docs" / "vocabulary.md"
TERM_ID = re.compile(r"^(?P<prefix>[a-z][a-z-]*):(?P<local>[A-Za-z0-9][A-Za-z0-9-]*)$")
NARROWS = re.compile(r"\bnarrows ((?:pd|dpv|eu-gdpr):[A-Za-z0-9-]+)")


def test_require_returns_known_term() -> None:
    """require() hands back a value that is a term of the vocabulary."""
    assert PURPOSES.require("purpose", "dpv:ServiceProvision") == "dpv:ServiceProvision"


def test_unknown_term_names_field_and_lists_allowed_values() -> None:
    """An unknown term raises ValidationError naming the field and every allowed id."""
    with pytest.raises(ValidationError) as caught:
        PURPOSES.require("purpose", "dpv:Marketing")
    err = caught.value
    assert err.field == "purpose"
    assert err.allowed == PURPOSES.ids
    message = str(err)
    assert message.startswith("purpose: ")
    assert all(term_id in message for term_id in PURPOSES.ids)


def test_unknown_term_message_does_not_echo_the_value() -> None:
    """The error message never repeats the rejected value (it may be personal data)."""
    with pytest.raises(ValidationError) as caught:
        DATA_CATEGORIES.require("data_categories", "Jane Smith NHS 943 476 5919")
    assert "Jane Smith" not in str(caught.value)


@pytest.mark.parametrize("value", [None, 42, b"pd:Name", ["pd:Name"]])
def test_require_rejects_non_string_values(value: object) -> None:
    """require() rejects anything that is not a string, even if it resembles a term."""
    with pytest.raises(ValidationError) as caught:
        DATA_CATEGORIES.require("data_categories", value)
    assert caught.value.field == "data_categories"


def test_retired_ids_are_rejected() -> None:
    """Ids that DPV 2.1 does not define (the pre-check spellings) are not accepted."""
    retired = [
        (DATA_CATEGORIES, "pd:Address"),
        (DATA_CATEGORIES, "pd:DateOfBirth"),
        (DATA_CATEGORIES, "pd:PostalAddress"),
        (DATA_CATEGORIES, "pd:NationalIdentificationNumber"),
        (DATA_CATEGORIES, "pd:Lifestyle"),
        (DATA_CATEGORIES, "pd:Racial"),
        (PURPOSES, "dpv:FulfilmentOfObligation"),
        (RESTRICTION_GROUNDS, "eu-gdpr:A18-1-a"),
    ]
    for voc, term_id in retired:
        assert term_id not in voc, term_id


def test_require_all_returns_terms_in_order() -> None:
    """require_all() accepts any iterable of distinct terms and returns them as a tuple."""
    values = iter(["pd:Name", "pd:BirthDate"])
    assert DATA_CATEGORIES.require_all("data_categories", values) == (
        "pd:Name",
        "pd:BirthDate",
    )


def test_require_all_rejects_empty() -> None:
    """require_all() refuses an empty collection."""
    with pytest.raises(ValidationError, match="at least one") as caught:
        DATA_CATEGORIES.require_all("data_categories", [])
    assert caught.value.field == "data_categories"


def test_require_all_rejects_duplicates() -> None:
    """require_all() refuses a collection that repeats a term."""
    with pytest.raises(ValidationError, match="repeat") as caught:
        PURPOSES.require_all("purposes", ["sl:Safeguarding", "sl:Safeguarding"])
    assert caught.value.field == "purposes"


def test_require_all_rejects_bare_string() -> None:
    """require_all() refuses a bare string, even one that is a valid term."""
    with pytest.raises(ValidationError, match="list") as caught:
        DATA_CATEGORIES.require_all("data_categories", "pd:Name")
    assert caught.value.field == "data_categories"


def test_require_all_rejects_non_iterable() -> None:
    """require_all() refuses a value that is not a collection at all."""
    with pytest.raises(ValidationError):
        DATA_CATEGORIES.require_all("data_categories", 7)


def test_require_all_rejects_one_unknown_member() -> None:
    """require_all() refuses the collection if any member is unknown, naming the field."""
    with pytest.raises(ValidationError) as caught:
        DATA_CATEGORIES.require_all("data_categories", ["pd:Name", "pd:Lifestyle"])
    assert caught.value.field == "data_categories"
    assert caught.value.allowed == DATA_CATEGORIES.ids


def test_special_category_flags_on_health_and_ethnic_origin() -> None:
    """Health, mental health, physical health, racial and ethnic origin are Art 9 special."""
    for term_id in (
        "pd:Health",
        "pd:PhysicalHealth",
        "pd:MentalHealth",
        "pd:HealthRecord",
        "pd:EthnicOrigin",
        "pd:Race",
        "sl:SubstanceMisuse",
    ):
        term = DATA_CATEGORIES.get(term_id)
        assert term.special, term_id
        assert not term.criminal, term_id


def test_only_art9_categories_are_special() -> None:
    """No ordinary category (name, address, family, finances...) is flagged special."""
    special = {t.id for t in DATA_CATEGORIES if t.special}
    assert special == {
        "pd:Health",
        "pd:PhysicalHealth",
        "pd:MentalHealth",
        "pd:HealthRecord",
        "pd:EthnicOrigin",
        "pd:Race",
        "sl:SubstanceMisuse",
    }


def test_criminal_offence_data_flagged_art10_not_art9() -> None:
    """Police, courts and probation involvement is Art 10 data and not Art 9 special."""
    criminal = [t for t in DATA_CATEGORIES if t.criminal]
    assert [t.id for t in criminal] == ["pd:CriminalOffense"]
    assert not criminal[0].special


def test_flags_only_on_data_categories() -> None:
    """Only data categories carry special or criminal flags."""
    for name, voc in ALL_VOCABULARIES.items():
        if voc is DATA_CATEGORIES:
            continue
        assert not any(t.special or t.criminal for t in voc), name


def test_every_prefix_used_is_declared() -> None:
    """Every term id has the form prefix:LocalName with a prefix in PREFIXES."""
    for term in ALL_TERMS:
        match = TERM_ID.match(term.id)
        assert match, term.id
        assert match["prefix"] in PREFIXES, term.id


def test_every_declared_prefix_is_used() -> None:
    """PREFIXES declares no prefix that no term uses."""
    used = {term.id.partition(":")[0] for term in ALL_TERMS}
    assert used == set(PREFIXES)


def test_dpv_terms_are_verified_against_dpv_2_1() -> None:
    """Every pd:, dpv: and eu-gdpr: id is one looked up in DPV 2.1."""
    unverified = sorted(
        t.id for t in ALL_TERMS if not t.id.startswith("sl:") and t.id not in DPV_2_1_VERIFIED
    )
    assert unverified == []


def test_dpv_prefixes_used_where_dpv_has_the_concept() -> None:
    """Categories and legal bases use DPV's namespaces; partner kinds and statutes use sl:."""
    assert all(t.id.startswith("eu-gdpr:") for t in LEGAL_BASES)
    assert all(t.id.startswith("eu-gdpr:") for t in REQUEST_KINDS)
    assert all(t.id.startswith("sl:") for t in PARTNER_TYPES)
    assert all(t.id.startswith("sl:") for t in STATUTORY_GATEWAYS)
    assert all(t.id.startswith("sl:") for t in RESTRICTION_GROUNDS)


def test_sl_categories_and_purposes_say_which_dpv_concept_they_narrow() -> None:
    """Each sl: data category or purpose notes a verified DPV concept it narrows."""
    for voc in (DATA_CATEGORIES, PURPOSES):
        for term in voc:
            if not term.id.startswith("sl:"):
                continue
            match = NARROWS.search(term.note)
            assert match, term.id
            assert match[1] in DPV_2_1_VERIFIED, term.id


def test_restriction_grounds_cover_art18_1_a_to_d() -> None:
    """There is exactly one restriction ground per Art 18(1) point (a) to (d)."""
    assert RESTRICTION_GROUNDS.ids == ("sl:A18-1-a", "sl:A18-1-b", "sl:A18-1-c", "sl:A18-1-d")
    assert all("eu-gdpr:A18" in t.note for t in RESTRICTION_GROUNDS)


def test_iri_expansion() -> None:
    """A term's iri joins its prefix's namespace and its local name."""
    assert DATA_CATEGORIES.get("pd:Name").iri == "https://w3id.org/dpv/pd#Name"
    assert PURPOSES.get("dpv:ServiceProvision").iri == "https://w3id.org/dpv#ServiceProvision"
    assert LEGAL_BASES.get("eu-gdpr:A6-1-e").iri == "https://w3id.org/dpv/legal/eu/gdpr#A6-1-e"
    assert REQUEST_KINDS.get("eu-gdpr:A15").iri == "https://w3id.org/dpv/legal/eu/gdpr#A15"
    assert CHANNELS.get("sl:Post").iri == "urn:x-sharing-ledger:vocab#Post"


def test_every_iri_expands_from_its_prefix() -> None:
    """Every term's iri is its namespace followed by its local name, with no leftover colon."""
    for term in ALL_TERMS:
        prefix, _, local = term.id.partition(":")
        assert term.iri == PREFIXES[prefix] + local
        assert term.iri.endswith("#" + local)


def test_vocabulary_rejects_duplicate_ids() -> None:
    """Building a vocabulary with the same id twice fails."""
    with pytest.raises(ValueError, match="duplicate"):
        Vocabulary("x", [Term("sl:A", "a"), Term("sl:A", "b")])


def test_vocabulary_rejects_unknown_prefix() -> None:
    """Building a vocabulary with an undeclared prefix fails."""
    with pytest.raises(ValueError, match="unknown prefix"):
        Vocabulary("x", [Term("schema:Person", "Person")])


def test_container_protocol_is_consistent() -> None:
    """len, iteration, ids, membership and get agree with each other."""
    for name, voc in ALL_VOCABULARIES.items():
        ids = tuple(t.id for t in voc)
        assert ids == voc.ids, name
        assert len(voc) == len(ids) > 0, name
        for term_id in ids:
            assert term_id in voc
            assert voc.get(term_id).id == term_id
        assert "sl:NoSuchTerm" not in voc
        assert 3 not in voc


def test_labels_are_present() -> None:
    """Every term has a non-empty label."""
    assert all(t.label.strip() for t in ALL_TERMS)


def test_modules_export_every_vocabulary() -> None:
    """The vocabulary modules' Vocabulary objects are exactly the ones this test file checks."""
    exported = {
        name
        for module in (data_categories, processing_terms, procedure_terms, exemptions)
        for name, obj in vars(module).items()
        if isinstance(obj, Vocabulary)
    }
    assert exported == set(ALL_VOCABULARIES)


@pytest.mark.parametrize(("phrase", "voc", "term_id"), SEED_COVERAGE)
def test_seed_phrase_is_covered(phrase: str, voc: Vocabulary, term_id: str) -> None:
    """Each phrase of the privacy notice maps to a term in the right vocabulary."""
    assert term_id in voc, f"{phrase!r} -> {term_id} missing from {voc.name}"


def test_seed_table_covers_every_category_partner_and_statute() -> None:
    """Every data category, partner type and statute is traced back to a seed phrase."""
    covered = {term_id for _, _, term_id in SEED_COVERAGE}
    for voc in (DATA_CATEGORIES, PARTNER_TYPES, STATUTORY_GATEWAYS):
        untraced = [t.id for t in voc if t.id not in covered | NOT_FROM_SEED.keys()]
        assert untraced == [], voc.name


def test_statutory_gateways_one_per_seed_act() -> None:
    """There is one statutory gateway per Act the privacy notice lists, under its proper name."""
    assert len(STATUTORY_GATEWAYS) == SEED_ACTS
    labels = [t.label for t in STATUTORY_GATEWAYS]
    assert len(set(labels)) == SEED_ACTS
    assert "Children Act 2004" in labels
    assert "National Health Service Act 2006" in labels
    assert all(not label.startswith("The ") for label in labels)
    assert all(re.search(r"\b(19|20)\d\d$", label) for label in labels)


def test_docs_list_every_term_id_and_iri() -> None:
    """docs/vocabulary.md lists every term id of every vocabulary, with its IRI."""
    text = DOC_PATH.read_text(encoding="utf-8")
    missing = [t.id for t in ALL_TERMS if f"`{t.id}`" not in text]
    assert missing == []
    missing_iri = [t.id for t in ALL_TERMS if f"`{t.iri}`" not in text]
    assert missing_iri == []


def test_docs_have_a_table_per_vocabulary() -> None:
    """docs/vocabulary.md has one section per module-level vocabulary."""
    text = DOC_PATH.read_text(encoding="utf-8")
    for name in ALL_VOCABULARIES:
        assert f"(`{name}`)" in text, name
    assert "DPV 2.1" in text


def test_covered_by_is_the_same_or_a_narrower_term_for_every_pair() -> None:
    """Every category against every other (and an unknown term): covered exactly when the
    hierarchy says SAME or NARROWER, whatever kind of collection the allowed terms come in."""
    ids = [t.id for t in DATA_CATEGORIES] + ["pd:NotATerm"]
    for term in ids:
        for allowed in ids:
            expected = DATA_CATEGORIES.relation(term, allowed) in {
                Relation.SAME,
                Relation.NARROWER,
            }
            assert DATA_CATEGORIES.covered_by(term, [allowed]) is expected, (term, allowed)
            assert DATA_CATEGORIES.covered_by(term, {allowed, "pd:NotATerm"}) is (
                expected or term == "pd:NotATerm"
            )
