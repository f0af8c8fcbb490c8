"""Complaints: one row per complaint, one per step (each step an entry of the ledger).

The free text (summary, findings, remedial action) is kept as the ledger holds
it, sealed for the person: a reader opens it through the service, which
records the read (api/service/recorded_reads.py).
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.complaints import Complaint
from projections.base import ReadModel, by_type, day, terms
from projections.ops import Op, insert, update
from projections.tables import Table

COMPLAINTS = Table(
    "rm_complaints",
    (
        ("complaint_id", "text"),
        ("reference", "text"),
        ("subject", "text"),
        ("complainant", "text"),
        ("ico_case_reference", "text"),
        ("rights_request", "text"),
        ("restriction", "text"),
        ("issues", "text"),  # ' a b ' (projections.base.terms)
        ("summary", "text"),  # sealed
        ("received_on", "text"),
        ("acknowledged_on", "text"),
        ("findings_on", "text"),
        ("findings", "text"),  # sealed
        ("closed_on", "text"),
        ("outcome", "text"),
        ("remedial_action", "text"),  # sealed; empty when none was needed
        ("ico_decided_on", "text"),
        ("ico_decision", "text"),
        ("notification_id", "integer"),
    ),
    ("complaint_id",),
    indexes=(("subject",), ("closed_on",)),
)

# Each step's entry, so that a complaint's page can point at its entries in the chain.
STEPS = Table(
    "rm_complaint_steps",
    (
        ("complaint_id", "text"),
        ("notification_id", "integer"),
        ("step", "text"),  # received | acknowledged | findings | closed | ico-decision
        ("on_day", "text"),
        ("recorded_by", "text"),
    ),
    ("complaint_id", "notification_id"),
    insert_only=True,
)


def _link(value: object) -> str | None:
    return None if value is None else str(value)


def _step(event: object, notification_id: int, step: str, on: str | None, by: str) -> Op:
    return insert(
        STEPS.name,
        complaint_id=str(getattr(event, "originator_id", "")),
        notification_id=notification_id,
        step=step,
        on_day=on,
        recorded_by=by,
    )


def _complaint(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, Complaint.ComplaintReceived):
        received = day(event.received_on)
        return [
            insert(
                COMPLAINTS.name,
                complaint_id=str(event.originator_id),
                reference=event.reference,
                subject=event.subject,
                complainant=event.complainant,
                ico_case_reference=event.ico_case_reference,
                rights_request=_link(event.rights_request),
                restriction=_link(event.restriction),
                issues=terms(event.issues),
                summary=event.summary,
                received_on=received,
                acknowledged_on=None,
                findings_on=None,
                findings=None,
                closed_on=None,
                outcome=None,
                remedial_action=None,
                ico_decided_on=None,
                ico_decision=None,
                notification_id=notification_id,
            ),
            _step(event, notification_id, "received", received, event.recorded_by),
        ]
    key = {"complaint_id": str(getattr(event, "originator_id", ""))}
    if isinstance(event, Complaint.ComplaintAcknowledged):
        on = day(event.acknowledged_on)
        return [
            update(COMPLAINTS.name, key, acknowledged_on=on),
            _step(event, notification_id, "acknowledged", on, event.recorded_by),
        ]
    if isinstance(event, Complaint.FindingsRecorded):
        on = day(event.recorded_on)
        return [
            update(COMPLAINTS.name, key, findings_on=on, findings=event.findings),
            _step(event, notification_id, "findings", on, event.recorded_by),
        ]
    if isinstance(event, Complaint.ComplaintClosed):
        on = day(event.closed_on)
        return [
            update(
                COMPLAINTS.name,
                key,
                closed_on=on,
                outcome=event.outcome,
                remedial_action=event.remedial_action,
            ),
            _step(event, notification_id, "closed", on, event.decided_by),
        ]
    if isinstance(event, Complaint.ICODecisionRecorded):
        on = day(event.decided_on)
        return [
            update(COMPLAINTS.name, key, ico_decided_on=on, ico_decision=event.decision),
            _step(event, notification_id, "ico-decision", on, event.recorded_by),
        ]
    return []


project = by_type(
    *(
        (kind, _complaint)
        for kind in (
            Complaint.ComplaintReceived,
            Complaint.ComplaintAcknowledged,
            Complaint.FindingsRecorded,
            Complaint.ComplaintClosed,
            Complaint.ICODecisionRecorded,
        )
    )
)

READ_MODEL = ReadModel("complaints", 1, (COMPLAINTS, STEPS), project)
