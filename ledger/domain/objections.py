"""Art 21 objections: received, then decided.

While an objection to public-task processing is pending, Art 18(1)(d) entitles
the person to a restriction; the projections read a pending objection that way.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import InvalidTransition
from ledger.domain.procedure_terms import OBJECTION_OUTCOMES
from ledger.domain.processing_terms import PURPOSES


class Objection(Aggregate):
    """A person objected to processing of their data for some purposes."""

    class ObjectionReceived(Aggregate.Created):
        occurred_at: datetime
        subject: str
        purposes: tuple[str, ...]
        grounds: str
        rights_request: UUID | None
        recorded_by: str
        reference: str | None

    class ObjectionDecided(Aggregate.Event):
        occurred_at: datetime
        outcome: str
        explanation: str
        decided_by: str

    @event(ObjectionReceived)
    def __init__(  # noqa: PLR0913 - one parameter per field of the objection
        self,
        *,
        occurred_at: datetime,
        subject: str,
        purposes: tuple[str, ...],
        grounds: str,
        rights_request: UUID | None,
        recorded_by: str,
        reference: str | None,
    ) -> None:
        self.occurred_at = occurred_at
        self.subject = subject
        self.outcome: str | None = None

    @classmethod
    def receive(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        subject: str,
        purposes: object,
        grounds: str,
        recorded_by: str,
        rights_request: UUID | None = None,
        reference: str | None = None,
    ) -> Objection:
        return cls._create(
            cls.ObjectionReceived,
            id=values.new_id("objection", reference),
            reference=None if reference is None else values.reference("reference", reference),
            occurred_at=values.aware("occurred_at", occurred_at),
            subject=values.subject_ref("subject", subject),
            purposes=PURPOSES.require_all("purposes", purposes),
            grounds=values.text("grounds", grounds),
            rights_request=values.optional_link(
                "rights_request", rights_request, "a rights request"
            ),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    def decide(
        self, *, occurred_at: datetime, outcome: str, explanation: str, decided_by: str
    ) -> None:
        if self.outcome is not None:
            msg = "the objection has already been decided"
            raise InvalidTransition(msg)
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.occurred_at, "the objection")
        self._decide(
            occurred_at=when,
            outcome=OBJECTION_OUTCOMES.require("outcome", outcome),
            explanation=values.text("explanation", explanation),
            decided_by=values.identifier("decided_by", decided_by),
        )

    @event(ObjectionDecided)
    def _decide(
        self, *, occurred_at: datetime, outcome: str, explanation: str, decided_by: str
    ) -> None:
        self.outcome = outcome
