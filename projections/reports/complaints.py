"""Complaints and where each stands: acknowledged in time, answered, decided by the ICO.

Rules (pure, in :func:`status_of` and :func:`acknowledgement_due`;
``docs/complaints.md`` says each in a DPO's words):

1. DPA 2018 s.164A(3) (inserted by the Data (Use and Access) Act 2025 s.103,
   in force from 19 June 2026): a complaint is acknowledged "within the period
   of 30 days beginning when the complaint is received". The ICO's guidance
   ("How to deal with data protection complaints", 2026) counts the 30 days
   from the day after receipt, and a last day on a weekend or public holiday
   moves to the next working day (UK dates, as for Art 12(3)). Unacknowledged
   after it: "acknowledgement overdue"; acknowledged after it: flagged
   ``acknowledged_late``.
2. s.164A(4): the complainant is told the outcome "without undue delay". The
   Act sets no number of days, so the report shows how long each complaint
   has been open and judges no deadline.
3. A complaint from the ICO stays "with the ICO" after the council closes it,
   until the ICO's decision is recorded.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from ledger.domain.deadlines import next_working_day
from projections.read_models.change_log import RESTRICTIONS
from projections.read_models.complaint_log import COMPLAINTS, STEPS
from projections.read_models.request_log import REQUESTS
from projections.reports.common import ReportContext, only_where, term_set

ACKNOWLEDGE_WITHIN = timedelta(days=30)  # rule 1: counted from the day after receipt
ICO = "sl:ComplainantICO"

Status = Literal[
    "acknowledgement overdue", "awaiting acknowledgement", "open", "with the ICO", "closed"
]


@dataclass(frozen=True, slots=True)
class ComplaintStep:
    step: str  # received | acknowledged | findings | closed | ico-decision
    on: date
    recorded_by: str
    position: int | None  # the entry's chain position (None before the chain has it)


@dataclass(frozen=True, slots=True)
class ComplaintReport:
    complaint_id: str
    reference: str | None
    subject: str
    complainant: str
    ico_case_reference: str | None
    rights_request: str | None
    rights_request_reference: str | None
    restriction: str | None
    restriction_reference: str | None
    issues: tuple[str, ...]
    received_on: date
    acknowledgement_due: date
    acknowledged_on: date | None
    acknowledged_late: bool
    findings_on: date | None
    closed_on: date | None
    outcome: str | None
    ico_decision: str | None
    ico_decided_on: date | None
    days_open: int  # received to closed, or to today while open
    status: Status
    # Sealed as the ledger holds them: the service opens them for an authorised reader.
    summary: str
    findings: str | None
    remedial_action: str | None
    steps: tuple[ComplaintStep, ...] = ()


def acknowledgement_due(received_on: date) -> date:
    """The last day of the s.164A(3) period (rule 1)."""
    return next_working_day(received_on + ACKNOWLEDGE_WITHIN)


def status_of(
    *,
    received_on: date,
    acknowledged_on: date | None,
    closed_on: date | None,
    from_ico: bool,
    ico_decided_on: date | None,
    today: date,
) -> Status:
    """Where a complaint stands (rules 1 and 3)."""
    if closed_on is not None:
        return "with the ICO" if from_ico and ico_decided_on is None else "closed"
    if acknowledged_on is None:
        overdue = today > acknowledgement_due(received_on)
        return "acknowledgement overdue" if overdue else "awaiting acknowledgement"
    return "open"


def _day(text: str | None) -> date | None:
    return None if text is None else date.fromisoformat(text)


def _report(row: dict[str, Any], today: date, steps: tuple[ComplaintStep, ...]) -> ComplaintReport:
    received = date.fromisoformat(row["received_on"])
    acknowledged = _day(row["acknowledged_on"])
    closed = _day(row["closed_on"])
    ico_decided = _day(row["ico_decided_on"])
    due = acknowledgement_due(received)
    return ComplaintReport(
        complaint_id=row["complaint_id"],
        reference=row["reference"],
        subject=row["subject"],
        complainant=row["complainant"],
        ico_case_reference=row["ico_case_reference"],
        rights_request=row["rights_request"],
        rights_request_reference=row.get("request_reference"),
        restriction=row["restriction"],
        restriction_reference=row.get("restriction_reference"),
        issues=tuple(sorted(term_set(row["issues"]))),
        received_on=received,
        acknowledgement_due=due,
        acknowledged_on=acknowledged,
        acknowledged_late=acknowledged is not None and acknowledged > due,
        findings_on=_day(row["findings_on"]),
        closed_on=closed,
        outcome=row["outcome"],
        ico_decision=row["ico_decision"],
        ico_decided_on=ico_decided,
        days_open=max(((closed or today) - received).days, 0),
        status=status_of(
            received_on=received,
            acknowledged_on=acknowledged,
            closed_on=closed,
            from_ico=row["complainant"] == ICO,
            ico_decided_on=ico_decided,
            today=today,
        ),
        summary=row["summary"],
        findings=row["findings"],
        remedial_action=row["remedial_action"],
        steps=steps,
    )


_SELECT = (
    f"SELECT c.*, q.reference AS request_reference, r.reference AS restriction_reference "
    f"FROM {COMPLAINTS.name} c "
    f"LEFT JOIN {REQUESTS.name} q ON q.request_id = c.rights_request "
    f"LEFT JOIN {RESTRICTIONS.name} r ON r.restriction_id = c.restriction"
)
ORDER: dict[str, int] = {
    "acknowledgement overdue": 0,
    "awaiting acknowledgement": 1,
    "open": 2,
    "with the ICO": 3,
    "closed": 4,
}


def complaint_reports(
    context: ReportContext, *, subject: str | None = None, open_only: bool = False
) -> list[ComplaintReport]:
    """Every complaint (or one person's): overdue acknowledgements first, then by age."""
    today = context.now.date()
    where, params = only_where("c.subject", subject)
    reports = [
        _report(row, today, ())
        for row in context.rows(_SELECT + where + " ORDER BY c.received_on", params)
    ]
    if open_only:
        reports = [r for r in reports if r.status != "closed"]
    return sorted(reports, key=lambda r: (ORDER[r.status], r.received_on))


def complaint_report(context: ReportContext, complaint: str) -> ComplaintReport | None:
    """One complaint, by id or reference, with each step's entry in the chain."""
    rows = context.rows(
        _SELECT + " WHERE c.complaint_id = {p} OR c.reference = {p}", [complaint, complaint]
    )
    if not rows:
        return None
    row = rows[0]
    steps = tuple(
        ComplaintStep(
            step=s["step"],
            on=date.fromisoformat(s["on_day"]),
            recorded_by=s["recorded_by"],
            position=s["position"],
        )
        for s in context.rows(
            f"SELECT {context.position_of('s')} AS position, s.* FROM {STEPS.name} s "
            "WHERE s.complaint_id = {p} ORDER BY s.notification_id",
            [row["complaint_id"]],
        )
    )
    return _report(row, context.now.date(), steps)
