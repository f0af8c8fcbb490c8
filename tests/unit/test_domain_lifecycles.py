"""Restrictions, rectifications, objections, rights requests and agreements: their lifecycles."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from uuid import uuid4

import pytest

from ledger.domain.disposal import Disposal
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.objections import Objection
from ledger.domain.partners import Agreement, Partner, agreement_id, partner_id
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from ledger.domain.rights_requests import RightsRequest
from tests.support.factories import subject

H = timedelta(hours=1)


def restriction(at: datetime) -> Restriction:
    return Restriction.request(
        occurred_at=at,
        subject=subject(1),
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        recorded_by="dpo-0001",
    )


def applied(at: datetime) -> Restriction:
    r = restriction(at)
    r.apply(
        occurred_at=at + H,
        ground="sl:A18-1-a",
        categories=["pd:HealthRecord"],
        applied_by="dpo-0001",
    )
    return r


def event_names(aggregate: Restriction | Rectification | RightsRequest | Objection) -> list[str]:
    return [type(e).__name__ for e in aggregate.collect_events()]


def test_a_restriction_runs_requested_applied_informed_lifted(earlier: datetime) -> None:
    """The full Art 18 lifecycle records one event per step, in order."""
    r = applied(earlier)
    r.inform_subject_of_lift(occurred_at=earlier + 2 * H, channel="sl:Post", informed_by="dpo-0001")
    r.lift(occurred_at=earlier + 3 * H, reason="accuracy verified", lifted_by="dpo-0001")
    assert event_names(r) == [
        "RestrictionRequested",
        "RestrictionApplied",
        "SubjectInformedOfLift",
        "RestrictionLifted",
    ]


def test_a_restriction_cannot_be_lifted_before_it_is_applied(earlier: datetime) -> None:
    """Lifting a merely requested restriction is refused."""
    with pytest.raises(InvalidTransition, match="not been applied"):
        restriction(earlier).lift(occurred_at=earlier + H, reason="x", lifted_by="dpo-0001")


def test_a_restriction_cannot_be_applied_twice(earlier: datetime) -> None:
    """The second RestrictionApplied is refused."""
    r = applied(earlier)
    with pytest.raises(InvalidTransition, match="already been applied"):
        r.apply(
            occurred_at=earlier + 2 * H, ground="sl:A18-1-a", categories=["pd:Name"], applied_by="d"
        )


def test_lifting_without_informing_the_subject_is_recorded(earlier: datetime) -> None:
    """An Art 18(3) breach is a fact: the lift is recorded, the projection judges it."""
    r = applied(earlier)
    r.lift(occurred_at=earlier + 2 * H, reason="case closed", lifted_by="dpo-0001")
    assert event_names(r)[-1] == "RestrictionLifted"


def test_processing_under_restriction_names_its_exception(earlier: datetime) -> None:
    """ProcessedUnderRestriction points at the access it justifies and its Art 18(2) ground."""
    r = applied(earlier)
    access_id = uuid4()
    r.justify_processing(
        occurred_at=earlier + 2 * H,
        processing=access_id,
        exception="sl:A18-2-LegalClaims",
        justification="disclosure to the council's solicitor",
        actor="sw-0002",
    )
    event = r.collect_events()[-1]
    assert isinstance(event, Restriction.ProcessedUnderRestriction)
    assert (event.processing, event.exception) == (access_id, "sl:A18-2-LegalClaims")


def test_processing_cannot_be_justified_once_lifted(earlier: datetime) -> None:
    """After the lift there is nothing to justify against."""
    r = applied(earlier)
    r.lift(occurred_at=earlier + 2 * H, reason="done", lifted_by="dpo-0001")
    with pytest.raises(InvalidTransition, match="lifted"):
        r.justify_processing(
            occurred_at=earlier + 3 * H,
            processing=uuid4(),
            exception="sl:A18-2-Storage",
            justification="x",
            actor="sw-0002",
        )


def test_steps_cannot_go_back_in_time(earlier: datetime) -> None:
    """A step dated before the previous one is refused, naming occurred_at."""
    with pytest.raises(ValidationError) as caught:
        restriction(earlier).apply(
            occurred_at=earlier - H, ground="sl:A18-1-a", categories=["pd:Name"], applied_by="d"
        )
    assert caught.value.field == "occurred_at"


def test_each_recipient_is_notified_once_and_acknowledges_once(earlier: datetime) -> None:
    """Art 19 notices: one per recipient; acknowledgement only after a notice."""
    r = applied(earlier)
    r.notify_recipient(
        occurred_at=earlier + 2 * H,
        recipient="westshire-constabulary",
        channel="sl:SecureEmail",
        notified_by="dpo-0001",
    )
    with pytest.raises(InvalidTransition, match="already been notified"):
        r.notify_recipient(
            occurred_at=earlier + 3 * H,
            recipient="westshire-constabulary",
            channel="sl:SecureEmail",
            notified_by="dpo-0001",
        )
    with pytest.raises(InvalidTransition, match="never notified"):
        r.acknowledge_notice(occurred_at=earlier + 3 * H, recipient="westshire-nhs")
    r.acknowledge_notice(occurred_at=earlier + 3 * H, recipient="westshire-constabulary")
    assert event_names(r)[-2:] == ["RecipientNotified", "NoticeAcknowledged"]


def test_a_rectification_notifies_earlier_recipients(earlier: datetime) -> None:
    """DataRectified then RecipientNotified: the same Art 19 events as restrictions."""
    rect = Rectification.record(
        occurred_at=earlier,
        subject=subject(2),
        categories=["pd:PhysicalAddress"],
        actor="sw-0002",
        actor_organisation="westshire-council",
        summary="address corrected",
    )
    rect.notify_recipient(
        occurred_at=earlier + H, recipient="westshire-housing", channel="sl:Post", notified_by="d"
    )
    assert event_names(rect) == ["DataRectified", "RecipientNotified"]


def test_an_objection_is_decided_once(earlier: datetime) -> None:
    """ObjectionDecided may follow ObjectionReceived once only."""
    objection = Objection.receive(
        occurred_at=earlier,
        subject=subject(3),
        purposes=["sl:ProgrammeEvaluation"],
        grounds="does not want to be part of the evaluation",
        recorded_by="dpo-0001",
    )
    objection.decide(
        occurred_at=earlier + H,
        outcome="sl:ObjectionUpheld",
        explanation="no overriding grounds",
        decided_by="dpo-0001",
    )
    with pytest.raises(InvalidTransition, match="already been decided"):
        objection.decide(
            occurred_at=earlier + 2 * H,
            outcome="sl:CompellingGrounds",
            explanation="x",
            decided_by="dpo-0001",
        )


def request(received: date) -> RightsRequest:
    return RightsRequest.receive(
        received_on=received, subject=subject(5), kind="eu-gdpr:A15", recorded_by="dpo-0001"
    )


def test_a_rights_request_pauses_and_resumes_its_clock() -> None:
    """ClockPaused needs a running clock; ClockResumed needs a paused one."""
    r = request(date(2026, 1, 31))
    with pytest.raises(InvalidTransition, match="not paused"):
        r.resume_clock(resumed_on=date(2026, 2, 2))
    r.pause_clock(paused_on=date(2026, 2, 1), reason="awaiting clarification")
    with pytest.raises(InvalidTransition, match="already paused"):
        r.pause_clock(paused_on=date(2026, 2, 2), reason="again")
    r.resume_clock(resumed_on=date(2026, 2, 10))
    assert event_names(r) == ["RequestReceived", "ClockPaused", "ClockResumed"]


def test_a_closed_request_takes_no_more_steps() -> None:
    """After fulfilment nothing else can happen to the request."""
    r = request(date(2026, 1, 31))
    r.fulfil(fulfilled_on=date(2026, 2, 20))
    with pytest.raises(InvalidTransition, match="closed"):
        r.extend(notified_on=date(2026, 2, 21), reason="complex")


def test_a_late_extension_notice_is_still_recorded() -> None:
    """Extending after the first month is a fact; the deadline projection will not honour it."""
    r = request(date(2026, 1, 10))
    r.extend(notified_on=date(2026, 3, 1), reason="complex request")
    assert event_names(r)[-1] == "DeadlineExtended"


def test_a_request_date_must_be_a_date_not_a_datetime(now: datetime) -> None:
    """Art 12(3) counts calendar days: a datetime where a date belongs is refused."""
    with pytest.raises(ValidationError) as caught:
        RightsRequest.receive(
            received_on=now, subject=subject(5), kind="eu-gdpr:A15", recorded_by="d"
        )
    assert caught.value.field == "received_on"


def test_partner_and_agreement_ids_derive_from_their_natural_keys() -> None:
    """One registration per organisation and per agreement reference."""
    partner = Partner.register(
        organisation="westshire-constabulary",
        name="Westshire Constabulary",
        partner_type="sl:Police",
        competent_authority=True,
    )
    agreement = Agreement.register(
        reference="ISA-POLICE-2025",
        partner="westshire-constabulary",
        categories=["pd:CriminalOffense"],
        purposes=["sl:Safeguarding"],
        legal_basis="eu-gdpr:A6-1-e",
        valid_from=date(2025, 4, 1),
        review_date=date(2026, 4, 1),
    )
    assert partner.id == partner_id("westshire-constabulary")
    assert agreement.id == agreement_id("ISA-POLICE-2025")


def test_an_agreement_cannot_end_before_it_starts() -> None:
    """valid_to before valid_from is refused."""
    with pytest.raises(ValidationError) as caught:
        Agreement.register(
            reference="ISA-X",
            partner="westshire-constabulary",
            categories=["pd:Name"],
            purposes=["sl:Safeguarding"],
            legal_basis="eu-gdpr:A6-1-e",
            valid_from=date(2025, 4, 1),
            valid_to=date(2025, 3, 1),
            review_date=date(2026, 4, 1),
        )
    assert caught.value.field == "valid_to"


def test_a_clock_paused_resumed_and_paused_again_on_one_day_is_accepted() -> None:
    """Asked for clarification, answered and asked again the same day: three facts, recorded.

    Protects: the record of what happened (a zero-day pause, then a second one);
    the request read model holds both pauses (rm_clock_pauses, keyed by entry).
    """
    r = request(date(2026, 6, 1))
    r.pause_clock(paused_on=date(2026, 6, 5), reason="which records?")
    r.resume_clock(resumed_on=date(2026, 6, 5))
    r.pause_clock(paused_on=date(2026, 6, 5), reason="and which years?")
    assert event_names(r)[1:] == ["ClockPaused", "ClockResumed", "ClockPaused"]


def test_a_pause_reason_with_a_nul_character_is_refused() -> None:
    """A rights request's free text is checked like any other: NUL is refused, by name."""
    r = request(date(2026, 6, 1))
    with pytest.raises(ValidationError) as caught:
        r.pause_clock(paused_on=date(2026, 6, 5), reason="which\x00records")
    assert caught.value.field == "reason"


def test_a_request_received_in_year_one_is_refused() -> None:
    """received_on keeps to the window of days (1900 to 9998), like every date."""
    with pytest.raises(ValidationError) as caught:
        request(date(1, 1, 1))
    assert caught.value.field == "received_on"


def test_a_partner_name_with_a_nul_character_is_refused() -> None:
    """The hostile tester's NUL in a partner's name is refused, naming the field.

    Protects: rm_partners on PostgreSQL, whose text cannot hold NUL (DataError).
    """
    with pytest.raises(ValidationError) as caught:
        Partner.register(
            organisation="westshire-constabulary",
            name="Westshire\x00Constabulary",
            partner_type="sl:Police",
            competent_authority=True,
        )
    assert caught.value.field == "name"


def test_an_agreement_reviewed_after_9998_is_refused() -> None:
    """An agreement's dates keep to the window too (a 9999-12-31 "never" is refused)."""
    with pytest.raises(ValidationError) as caught:
        Agreement.register(
            reference="ISA-X",
            partner="westshire-constabulary",
            categories=["pd:Name"],
            purposes=["sl:Safeguarding"],
            legal_basis="eu-gdpr:A6-1-e",
            valid_from=date(2025, 4, 1),
            review_date=date(9999, 12, 31),
        )
    assert caught.value.field == "review_date"


@pytest.mark.parametrize("count", [True, -1, 2**63])
def test_a_disposal_counts_entries_as_a_64_bit_count(count: int) -> None:
    """entries_affected is a count a read model's integer column holds: not a bool, not 2^63.

    Protects: rm_disposals.entries_affected (BIGINT on PostgreSQL).
    """
    with pytest.raises(ValidationError) as caught:
        Disposal.evidence(
            subject=subject(5),
            rule="R-1",
            due_on=date(2026, 1, 1),
            disposed_on=date(2026, 1, 2),
            authoriser="dpo-0001",
            entries_affected=count,
        )
    assert caught.value.field == "entries_affected"


def test_each_step_of_a_rights_request_names_who_recorded_it() -> None:
    """Every step after receipt carries ``recorded_by``, as the receipt does: the console
    writes the signed-in person's principal there (issue #17: each action attributed)."""
    request = RightsRequest.receive(
        received_on=date(2026, 3, 2), subject=subject(1), kind="eu-gdpr:A15", recorded_by="dpo-01"
    )
    request.receive_identity_information(received_on=date(2026, 3, 3), recorded_by="dpo-02")
    request.verify_identity(verified_on=date(2026, 3, 4), recorded_by="principal:abc")
    request.pause_clock(paused_on=date(2026, 3, 5), reason="which years?", recorded_by="dpo-02")
    request.resume_clock(resumed_on=date(2026, 3, 6), recorded_by="dpo-02")
    request.fulfil(fulfilled_on=date(2026, 3, 9), recorded_by="dpo-03")
    events = request.collect_events()[1:]
    assert [e.recorded_by for e in events] == [  # type: ignore[attr-defined]
        "dpo-02",
        "principal:abc",
        "dpo-02",
        "dpo-02",
        "dpo-03",
    ]


def test_a_step_recorded_before_attribution_existed_reads_back_with_no_one() -> None:
    """An entry stored before steps named their recorder has no ``recorded_by``: the class
    default answers None, so old ledgers still replay."""
    old = object.__new__(RightsRequest.ClockResumed)
    assert old.recorded_by is None
