"""Complaints about the council's handling of a person's data, and what came of them.

A complaint comes from the person, from someone acting for them, or from the
Information Commissioner's Office (then with the ICO's case reference). The
steps follow DPA 2018 s.164A (inserted by the Data (Use and Access) Act 2025
s.103; docs/complaints.md):

1. received (s.164A(1)): about a subject, and optionally the rights request
   or restriction it concerns; the issues raised, from a closed list, and a
   short summary (free text: sealed for the person, like every summary);
2. acknowledged (s.164A(3): within 30 days; whether it was is for the report
   to judge, projections/reports/complaints.py; the ledger records the day);
3. findings recorded (s.164A(4)(a), (5)(a): the enquiries made);
4. closed with an outcome, upheld, partly upheld or not upheld, and the
   remedial action, the day the complainant was told (s.164A(4)(b));
5. for a complaint from the ICO, the ICO's decision and its date, once the
   council has answered it.

Each step happens once, in that order, on or after the day of the step
before; a step out of order is refused naming what must come first.
"""

from __future__ import annotations

from datetime import date
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.procedure_terms import (
    COMPLAINANTS,
    COMPLAINT_ISSUES,
    COMPLAINT_OUTCOMES,
    ICO_DECISIONS,
)

ICO = "sl:ComplainantICO"
# Outcomes that admit the council was at fault: each needs the remedial action.
AT_FAULT = frozenset({"sl:ComplaintUpheld", "sl:ComplaintPartlyUpheld"})


class Complaint(Aggregate):
    """A complaint about how the council handled one person's data."""

    class ComplaintReceived(Aggregate.Created):
        received_on: date
        subject: str
        complainant: str
        ico_case_reference: str | None
        rights_request: UUID | None
        restriction: UUID | None
        issues: tuple[str, ...]
        summary: str
        recorded_by: str
        reference: str | None

    class ComplaintAcknowledged(Aggregate.Event):
        acknowledged_on: date
        recorded_by: str

    class FindingsRecorded(Aggregate.Event):
        recorded_on: date
        findings: str
        recorded_by: str

    class ComplaintClosed(Aggregate.Event):
        closed_on: date
        outcome: str
        remedial_action: str
        decided_by: str

    class ICODecisionRecorded(Aggregate.Event):
        decided_on: date
        decision: str
        recorded_by: str

    @event(ComplaintReceived)
    def __init__(  # noqa: PLR0913 - one parameter per field of the complaint
        self,
        *,
        received_on: date,
        subject: str,
        complainant: str,
        ico_case_reference: str | None,
        rights_request: UUID | None,
        restriction: UUID | None,
        issues: tuple[str, ...],
        summary: str,
        recorded_by: str,
        reference: str | None,
    ) -> None:
        self.received_on = received_on
        self.subject = subject
        self.complainant = complainant
        self.last_on = received_on
        self.acknowledged_on: date | None = None
        self.findings_on: date | None = None
        self.closed_on: date | None = None
        self.ico_decided_on: date | None = None

    @classmethod
    def receive(  # noqa: PLR0913
        cls,
        *,
        received_on: date,
        subject: str,
        complainant: str,
        issues: object,
        summary: str,
        recorded_by: str,
        ico_case_reference: str | None = None,
        rights_request: UUID | None = None,
        restriction: UUID | None = None,
        reference: str | None = None,
    ) -> Complaint:
        kind = COMPLAINANTS.require("complainant", complainant)
        if kind == ICO and ico_case_reference is None:
            raise ValidationError("ico_case_reference", "is required for a complaint from the ICO")
        if kind != ICO and ico_case_reference is not None:
            raise ValidationError("ico_case_reference", "is only for a complaint from the ICO")
        return cls._create(
            cls.ComplaintReceived,
            id=values.new_id("complaint", reference),
            reference=None if reference is None else values.reference("reference", reference),
            received_on=values.calendar_date("received_on", received_on),
            subject=values.subject_ref("subject", subject),
            complainant=kind,
            ico_case_reference=(
                None
                if ico_case_reference is None
                else values.reference("ico_case_reference", ico_case_reference)
            ),
            rights_request=values.optional_link(
                "rights_request", rights_request, "a rights request"
            ),
            restriction=values.optional_link("restriction", restriction, "a restriction"),
            issues=COMPLAINT_ISSUES.require_all("issues", issues),
            summary=values.text("summary", summary),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    def _step_on(self, field: str, on: date) -> date:
        day = values.calendar_date(field, on)
        values.not_before(field, day, self.last_on, "the complaint's previous step")
        return day

    def acknowledge(self, *, acknowledged_on: date, recorded_by: str) -> None:
        """DPA 2018 s.164A(3): the complainant is told the complaint was received."""
        if self.acknowledged_on is not None:
            msg = "the complaint has already been acknowledged"
            raise InvalidTransition(msg)
        self._acknowledge(
            acknowledged_on=self._step_on("acknowledged_on", acknowledged_on),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    @event(ComplaintAcknowledged)
    def _acknowledge(self, *, acknowledged_on: date, recorded_by: str) -> None:
        self.acknowledged_on = acknowledged_on
        self.last_on = acknowledged_on

    def record_findings(self, *, recorded_on: date, findings: str, recorded_by: str) -> None:
        """DPA 2018 s.164A(5)(a): what the enquiries into the complaint found."""
        if self.acknowledged_on is None:
            msg = "the complaint must be acknowledged before its findings are recorded"
            raise InvalidTransition(msg)
        if self.findings_on is not None:
            msg = "the complaint's findings have already been recorded"
            raise InvalidTransition(msg)
        self._record_findings(
            recorded_on=self._step_on("recorded_on", recorded_on),
            findings=values.text("findings", findings),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    @event(FindingsRecorded)
    def _record_findings(self, *, recorded_on: date, findings: str, recorded_by: str) -> None:
        self.findings_on = recorded_on
        self.last_on = recorded_on

    def close(
        self, *, closed_on: date, outcome: str, decided_by: str, remedial_action: str = ""
    ) -> None:
        """DPA 2018 s.164A(4)(b): the complainant is told the outcome, on ``closed_on``."""
        if self.findings_on is None:
            msg = "the complaint's findings must be recorded before it is closed"
            raise InvalidTransition(msg)
        if self.closed_on is not None:
            msg = "the complaint is already closed"
            raise InvalidTransition(msg)
        day = self._step_on("closed_on", closed_on)
        verdict = COMPLAINT_OUTCOMES.require("outcome", outcome)
        action = values.text("remedial_action", remedial_action, required=verdict in AT_FAULT)
        self._close(
            closed_on=day,
            outcome=verdict,
            remedial_action=action,
            decided_by=values.identifier("decided_by", decided_by),
        )

    @event(ComplaintClosed)
    def _close(
        self, *, closed_on: date, outcome: str, remedial_action: str, decided_by: str
    ) -> None:
        self.closed_on = closed_on
        self.last_on = closed_on

    def record_ico_decision(self, *, decided_on: date, decision: str, recorded_by: str) -> None:
        """The ICO's decision on its case, after the council has answered the complaint."""
        if self.complainant != ICO:
            msg = "only a complaint from the ICO has an ICO decision"
            raise InvalidTransition(msg)
        if self.closed_on is None:
            msg = "the council must close the complaint before the ICO's decision is recorded"
            raise InvalidTransition(msg)
        if self.ico_decided_on is not None:
            msg = "the ICO's decision has already been recorded"
            raise InvalidTransition(msg)
        self._record_ico_decision(
            decided_on=self._step_on("decided_on", decided_on),
            decision=ICO_DECISIONS.require("decision", decision),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    @event(ICODecisionRecorded)
    def _record_ico_decision(self, *, decided_on: date, decision: str, recorded_by: str) -> None:
        self.ico_decided_on = decided_on
        self.last_on = decided_on
