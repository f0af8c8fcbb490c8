"""Share flags: agreements, Art 9 conditions and Sch 1 conditions, decided from facts alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import pytest

from projections.reports.partner_disclosures import (
    AgreementTerms,
    ShareFacts,
    receipt_status,
    share_flags,
)

ON = datetime(2026, 5, 1, 10, tzinfo=UTC)

AGREEMENT = AgreementTerms(
    reference="ISA-POLICE-2025",
    partner="westshire-constabulary",
    categories=frozenset({"pd:CriminalOffense", "pd:HealthRecord", "pd:Name"}),
    purposes=frozenset({"sl:Safeguarding"}),
    legal_basis="eu-gdpr:A6-1-e",
    valid_from=date(2025, 4, 1),
    valid_to=date(2026, 3, 31),
    review_date=date(2026, 1, 1),
)


def facts(**overrides: object) -> ShareFacts:
    fields: dict[str, object] = {
        "share_id": "s",
        "position": 1,
        "occurred_at": ON - timedelta(days=60),
        "recipient": "westshire-constabulary",
        "subject_count": 1,
        "categories": ("pd:Name",),
        "purpose": "sl:Safeguarding",
        "legal_basis": "eu-gdpr:A6-1-e",
        "special_condition": None,
        "schedule_1_condition": None,
        "agreement": "ISA-POLICE-2025",
        "channel": "sl:SecureEmail",
    }
    fields.update(overrides)
    return ShareFacts(**fields)  # type: ignore[arg-type]


def test_a_share_inside_its_agreement_has_no_flags() -> None:
    """Right partner, in force, categories and purpose covered: nothing to flag."""
    assert share_flags(facts(), [AGREEMENT]) == ()


def test_a_share_after_the_agreement_expired_is_flagged() -> None:
    """The agreement ended on 31 March; a share on 1 May is outside it."""
    flags = share_flags(facts(occurred_at=ON), [AGREEMENT])
    assert flags == ("outside agreement ISA-POLICE-2025 (date, categories or purpose not covered)",)


def test_a_category_the_agreement_does_not_cover_is_flagged() -> None:
    """Sharing education data under an agreement that does not list it is flagged."""
    flags = share_flags(facts(categories=("pd:Education",)), [AGREEMENT])
    assert flags[0].startswith("outside agreement")


def test_a_share_naming_another_partners_agreement_is_flagged() -> None:
    """An agreement reference that is not this partner's does not cover the share."""
    flags = share_flags(facts(recipient="westshire-housing"), [AGREEMENT])
    assert flags == (
        "names agreement ISA-POLICE-2025, which is not an agreement with this partner",
    )


def test_a_share_with_no_agreement_is_covered_by_any_valid_one() -> None:
    """No reference given, but an agreement in force covers it: no flag."""
    assert share_flags(facts(agreement=None), [AGREEMENT]) == ()
    assert share_flags(facts(agreement=None), []) == (
        "no agreement with this partner covered this share",
    )


def test_special_category_data_needs_an_art_9_condition() -> None:
    """Art 9(1) prohibits processing special category data unless Art 9(2) applies: with no
    Art 9 condition recorded, that is the flag (which Sch 1 Part it needs depends on it)."""
    bare = share_flags(facts(categories=("pd:HealthRecord",)), [AGREEMENT])
    assert bare == ("special category data shared without an Art 9 condition",)
    covered = share_flags(
        facts(
            categories=("pd:HealthRecord",),
            special_condition="eu-gdpr:A9-2-g",
            schedule_1_condition="sl:DPA2018-S1-P2-18",
        ),
        [AGREEMENT],
    )
    assert covered == ()


def test_criminal_offence_data_needs_a_sch_1_condition_only() -> None:
    """DPA 2018 s.10(5): Art 10 data needs a Schedule 1 condition (Part 1, 2 or 3); it is not
    special category data, so no Art 9 flag."""
    flags = share_flags(facts(categories=("pd:CriminalOffense",)), [AGREEMENT])
    assert flags == (
        "criminal offence data shared without a DPA 2018 Schedule 1 condition (s.10(5))",
    )
    extended = facts(categories=("pd:CriminalOffense",), schedule_1_condition="sl:DPA2018-S1-P3-36")
    assert share_flags(extended, [AGREEMENT]) == ()


@pytest.mark.parametrize("point", ["a", "c", "f"])
def test_art_9_conditions_that_need_no_sch_1_condition_are_not_flagged(point: str) -> None:
    """DPA 2018 s.10(1)-(3) asks for a Schedule 1 condition only for Art 9(2)(b), (g), (h),
    (i) and (j): explicit consent (a), vital interests (c) or legal claims (f) need none."""
    share = facts(categories=("pd:HealthRecord",), special_condition=f"eu-gdpr:A9-2-{point}")
    assert share_flags(share, [AGREEMENT]) == ()


@pytest.mark.parametrize(
    ("point", "part", "section"), [("g", "2", "s.10(3)"), ("h", "1", "s.10(2)")]
)
def test_art_9_conditions_that_need_sch_1_are_flagged_without_one(
    point: str, part: str, section: str
) -> None:
    """DPA 2018 s.10(2): Art 9(2)(h) "meets the requirement ... only if it meets a condition in
    Part 1 of Schedule 1"; s.10(3): Art 9(2)(g) only if it meets one in Part 2."""
    share = facts(categories=("pd:HealthRecord",), special_condition=f"eu-gdpr:A9-2-{point}")
    assert share_flags(share, [AGREEMENT]) == (
        (
            f"special category data shared under Art 9(2)({point}) without the DPA 2018 "
            f"Schedule 1 Part {part} condition {section} requires"
        ),
    )


def test_a_sch_1_condition_from_the_wrong_part_is_flagged() -> None:
    """DPA 2018 s.10(2): Art 9(2)(h) needs a Part 1 condition; a Part 2 one does not meet it."""
    share = facts(
        categories=("pd:HealthRecord",),
        special_condition="eu-gdpr:A9-2-h",
        schedule_1_condition="sl:DPA2018-S1-P2-18",
    )
    assert share_flags(share, [AGREEMENT]) == (
        (
            "special category data shared under Art 9(2)(h) with a Schedule 1 condition outside "
            "Part 1, which s.10(2) requires"
        ),
    )


def test_an_agreement_for_a_broad_category_covers_a_narrower_share() -> None:
    """Categories form a hierarchy: an agreement for pd:Health covers a pd:MentalHealth share,
    and one for pd:MentalHealth does not cover a pd:Health share (more than was agreed)."""
    broad = replace(AGREEMENT, categories=frozenset({"pd:Health"}), valid_to=None)
    narrow = replace(AGREEMENT, categories=frozenset({"pd:MentalHealth"}), valid_to=None)
    mental = facts(categories=("pd:MentalHealth",), special_condition="eu-gdpr:A9-2-a")
    health = facts(categories=("pd:Health",), special_condition="eu-gdpr:A9-2-a")
    assert share_flags(mental, [broad]) == ()
    assert share_flags(health, [narrow])[0].startswith("outside agreement")


def test_receipts_become_overdue_after_the_configured_days() -> None:
    """Awaiting within the window, overdue after it, receipted once a receipt exists."""
    share = facts(occurred_at=ON)
    assert receipt_status(share, ON + timedelta(days=4), timedelta(days=5)) == "awaiting"
    assert receipt_status(share, ON + timedelta(days=6), timedelta(days=5)) == "overdue"
    receipted = facts(occurred_at=ON, receipted_at=ON + timedelta(days=1))
    assert receipt_status(receipted, ON + timedelta(days=30), timedelta(days=5)) == "receipted"
