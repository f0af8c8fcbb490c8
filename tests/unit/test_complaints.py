"""Complaints (ledger.domain.complaints) and where each stands (projections.reports.complaints)."""

from __future__ import annotations

from datetime import date, timedelta
from uuid import uuid4

import pytest

from ledger.domain.complaints import Complaint
from ledger.domain.errors import InvalidTransition, ValidationError
from projections.reports.complaints import acknowledgement_due, status_of
from tests.support.factories import subject

RECEIVED = date(2026, 7, 1)
DAY = timedelta(days=1)


def complaint(**changes: object) -> Complaint:
    fields: dict[str, object] = {
        "received_on": RECEIVED,
        "subject": subject(1),
        "complainant": "sl:ComplainantDataSubject",
        "issues": ["sl:IssueLateResponse"],
        "summary": "My request was answered two months late.",
        "recorded_by": "dpo-0001",
    }
    return Complaint.receive(**{**fields, **changes})  # type: ignore[arg-type]


def answered(c: Complaint, outcome: str = "sl:ComplaintUpheld") -> Complaint:
    c.acknowledge(acknowledged_on=RECEIVED + DAY, recorded_by="dpo-0001")
    c.record_findings(recorded_on=RECEIVED + 5 * DAY, findings="Late.", recorded_by="dpo-0001")
    c.close(
        closed_on=RECEIVED + 6 * DAY,
        outcome=outcome,
        remedial_action="Apology; extra staff on requests.",
        decided_by="dpo-0001",
    )
    return c


def test_a_complaint_runs_received_acknowledged_findings_closed() -> None:
    """The four steps of a person's complaint are recorded in order, one event each."""
    c = answered(complaint(rights_request=uuid4()))
    names = [type(e).__name__ for e in c.collect_events()]
    assert names == [
        "ComplaintReceived",
        "ComplaintAcknowledged",
        "FindingsRecorded",
        "ComplaintClosed",
    ]


def test_an_ico_complaint_needs_its_case_reference() -> None:
    """A complaint from the ICO without the ICO's case reference is refused, naming the field."""
    with pytest.raises(ValidationError) as error:
        complaint(complainant="sl:ComplainantICO")
    assert error.value.field == "ico_case_reference"


def test_only_an_ico_complaint_carries_a_case_reference() -> None:
    """A person's complaint given an ICO case reference is refused."""
    with pytest.raises(ValidationError, match="only for a complaint from the ICO"):
        complaint(ico_case_reference="IC-123456-A1B2")


def test_an_ico_decision_follows_the_councils_answer() -> None:
    """The ICO's decision is refused before the council closes the complaint, then recorded."""
    c = complaint(complainant="sl:ComplainantICO", ico_case_reference="IC-123456-A1B2")
    c.acknowledge(acknowledged_on=RECEIVED, recorded_by="dpo-0001")
    with pytest.raises(InvalidTransition, match="must close the complaint"):
        c.record_ico_decision(
            decided_on=RECEIVED + DAY, decision="sl:ICONoInfringement", recorded_by="dpo-0001"
        )
    c.record_findings(recorded_on=RECEIVED, findings="Shared lawfully.", recorded_by="dpo-0001")
    c.close(closed_on=RECEIVED + DAY, outcome="sl:ComplaintNotUpheld", decided_by="dpo-0001")
    c.record_ico_decision(
        decided_on=RECEIVED + 30 * DAY, decision="sl:ICONoInfringement", recorded_by="dpo-0001"
    )
    assert c.ico_decided_on == RECEIVED + 30 * DAY


def test_a_persons_complaint_has_no_ico_decision() -> None:
    """Recording an ICO decision on a person's own complaint is refused."""
    c = answered(complaint())
    with pytest.raises(InvalidTransition, match="only a complaint from the ICO"):
        c.record_ico_decision(
            decided_on=RECEIVED + 9 * DAY, decision="sl:ICONoInfringement", recorded_by="dpo-0001"
        )


def test_findings_wait_for_the_acknowledgement() -> None:
    """Findings before the complaint was acknowledged are refused, saying what comes first."""
    with pytest.raises(InvalidTransition, match="must be acknowledged before"):
        complaint().record_findings(recorded_on=RECEIVED, findings="x", recorded_by="dpo-0001")


def test_closing_waits_for_the_findings() -> None:
    """A complaint cannot be closed before its findings are recorded."""
    c = complaint()
    c.acknowledge(acknowledged_on=RECEIVED, recorded_by="dpo-0001")
    with pytest.raises(InvalidTransition, match="findings must be recorded before"):
        c.close(closed_on=RECEIVED, outcome="sl:ComplaintNotUpheld", decided_by="dpo-0001")


def test_each_step_happens_once() -> None:
    """A second acknowledgement or a second closure is refused."""
    c = answered(complaint())
    with pytest.raises(InvalidTransition, match="already been acknowledged"):
        c.acknowledge(acknowledged_on=RECEIVED + 9 * DAY, recorded_by="dpo-0001")
    with pytest.raises(InvalidTransition, match="already closed"):
        c.close(closed_on=RECEIVED + 9 * DAY, outcome="sl:ComplaintUpheld", decided_by="x")


def test_a_step_cannot_go_back_in_time() -> None:
    """An acknowledgement dated before the complaint was received is refused, naming the field."""
    with pytest.raises(ValidationError) as error:
        complaint().acknowledge(acknowledged_on=RECEIVED - DAY, recorded_by="dpo-0001")
    assert error.value.field == "acknowledged_on"


def test_an_upheld_complaint_needs_its_remedial_action() -> None:
    """Upheld without saying what the council will put right is refused; not upheld needs none."""
    c = complaint()
    c.acknowledge(acknowledged_on=RECEIVED, recorded_by="dpo-0001")
    c.record_findings(recorded_on=RECEIVED, findings="Late.", recorded_by="dpo-0001")
    with pytest.raises(ValidationError) as error:
        c.close(closed_on=RECEIVED, outcome="sl:ComplaintPartlyUpheld", decided_by="dpo-0001")
    assert error.value.field == "remedial_action"
    c.close(closed_on=RECEIVED, outcome="sl:ComplaintNotUpheld", decided_by="dpo-0001")


def test_issues_come_from_the_closed_list() -> None:
    """An issue outside the vocabulary is refused, listing the allowed issues."""
    with pytest.raises(ValidationError) as error:
        complaint(issues=["rude staff"])
    assert "sl:IssueOther" in error.value.allowed


def test_a_case_reference_holding_an_nhs_number_is_refused() -> None:
    """A natural identifier typed as the ICO case reference is refused naming its kind."""
    with pytest.raises(ValidationError, match="NHS number"):
        complaint(complainant="sl:ComplainantICO", ico_case_reference="9434765919")


def test_acknowledgement_is_due_30_days_after_the_day_received() -> None:
    """s.164A(3), as the ICO counts it: received on Wednesday 1 July, due by Friday 31 July."""
    assert acknowledgement_due(RECEIVED) == date(2026, 7, 31)


def test_an_acknowledgement_due_on_a_weekend_is_due_on_the_next_working_day() -> None:
    """Received on 2 July, the 30th day after is Saturday 1 August: due on Monday 3 August."""
    assert acknowledgement_due(date(2026, 7, 2)) == date(2026, 8, 3)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (date(2026, 7, 31), "awaiting acknowledgement"),
        (date(2026, 8, 1), "acknowledgement overdue"),
    ],
)
def test_an_unacknowledged_complaint_is_overdue_after_its_last_day(
    today: date, expected: str
) -> None:
    """Unacknowledged, a complaint is overdue from the day after the last day on."""
    status = status_of(
        received_on=RECEIVED,
        acknowledged_on=None,
        closed_on=None,
        from_ico=False,
        ico_decided_on=None,
        today=today,
    )
    assert status == expected


def test_a_closed_ico_complaint_waits_for_the_icos_decision() -> None:
    """Closed by the council, an ICO complaint is 'with the ICO' until its decision."""
    common = {"received_on": RECEIVED, "acknowledged_on": RECEIVED, "closed_on": RECEIVED}
    assert status_of(**common, from_ico=True, ico_decided_on=None, today=RECEIVED) == (
        "with the ICO"
    )
    assert status_of(**common, from_ico=True, ico_decided_on=RECEIVED, today=RECEIVED) == "closed"
