"""Art 18 restriction of processing, from request to lift.

The lifecycle is requested -> applied -> lifted. While a restriction stands,
processing of the restricted categories is allowed only under an Art 18(2)
exception; a source system that processes anyway records the justification as
``ProcessedUnderRestriction``, pointing at the access or share it justifies.
Processing without such a record is what the restriction-compliance
projection calls a breach. Lifting without first informing the person
(Art 18(3)) is recorded as it happened and judged there too.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.notices import Art19Change
from ledger.domain.procedure_terms import CHANNELS, RESTRICTION_EXCEPTIONS, RESTRICTION_GROUNDS


class Restriction(Art19Change):
    """One person's request to restrict processing of some categories of their data."""

    class RestrictionRequested(Aggregate.Created):
        occurred_at: datetime
        subject: str
        ground: str
        categories: tuple[str, ...]
        rights_request: UUID | None
        recorded_by: str
        reference: str | None

    class RestrictionApplied(Aggregate.Event):
        occurred_at: datetime
        ground: str
        categories: tuple[str, ...]
        applied_by: str
        # Why fewer categories were restricted than asked (sealed free text); events
        # stored before it existed have none, and read back without the attribute.
        explanation: str | None = None

    class ProcessedUnderRestriction(Aggregate.Event):
        occurred_at: datetime
        processing: UUID
        exception: str
        justification: str
        actor: str

    class SubjectInformedOfLift(Aggregate.Event):
        occurred_at: datetime
        channel: str
        informed_by: str

    class RestrictionLifted(Aggregate.Event):
        occurred_at: datetime
        reason: str
        lifted_by: str

    @event(RestrictionRequested)
    def __init__(  # noqa: PLR0913 - one parameter per field of the request
        self,
        *,
        occurred_at: datetime,
        subject: str,
        ground: str,
        categories: tuple[str, ...],
        rights_request: UUID | None,
        recorded_by: str,
        reference: str | None,
    ) -> None:
        self.occurred_at = occurred_at
        self.subject = subject
        self.categories = tuple(categories)
        self.applied_at: datetime | None = None
        self.lifted_at: datetime | None = None
        self.informed_at: datetime | None = None
        self.justified: dict[UUID, str] = {}
        self.notified = {}
        self.acknowledged = {}
        self.exempted = {}
        self.last_at = occurred_at

    @classmethod
    def request(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        subject: str,
        ground: str,
        categories: object,
        recorded_by: str,
        rights_request: UUID | None = None,
        reference: str | None = None,
    ) -> Restriction:
        return cls._create(
            cls.RestrictionRequested,
            id=values.new_id("restriction", reference),
            reference=None if reference is None else values.reference("reference", reference),
            occurred_at=values.aware("occurred_at", occurred_at),
            subject=values.subject_ref("subject", subject),
            ground=RESTRICTION_GROUNDS.require("ground", ground),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            rights_request=values.optional_link(
                "rights_request", rights_request, "a rights request"
            ),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    def _in_order(self, occurred_at: datetime) -> datetime:
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.last_at, "the previous step")
        return when

    def _require_standing(self) -> None:
        if self.applied_at is None:
            msg = "the restriction has not been applied"
            raise InvalidTransition(msg)
        if self.lifted_at is not None:
            msg = "the restriction has been lifted"
            raise InvalidTransition(msg)

    def apply(
        self,
        *,
        occurred_at: datetime,
        ground: str,
        categories: object,
        applied_by: str,
        explanation: str | None = None,
    ) -> None:
        """Apply the restriction; ``explanation`` says why, where fewer categories than asked."""
        if self.applied_at is not None:
            msg = "the restriction has already been applied"
            raise InvalidTransition(msg)
        self._apply(
            occurred_at=self._in_order(occurred_at),
            ground=RESTRICTION_GROUNDS.require("ground", ground),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            applied_by=values.identifier("applied_by", applied_by),
            explanation=None if explanation is None else values.text("explanation", explanation),
        )

    @event(RestrictionApplied)
    def _apply(
        self,
        *,
        occurred_at: datetime,
        ground: str,
        categories: tuple[str, ...],
        applied_by: str,
        explanation: str | None = None,
    ) -> None:
        self.applied_at = occurred_at
        self.categories = tuple(categories)
        self.last_at = occurred_at

    def justify_processing(
        self,
        *,
        occurred_at: datetime,
        processing: UUID,
        exception: str,
        justification: str,
        actor: str,
    ) -> None:
        """Record the Art 18(2) exception under which an access or share went ahead."""
        self._require_standing()
        if not isinstance(processing, UUID):
            raise ValidationError("processing", "must be the id of an access or share")
        if processing in self.justified:
            msg = "that processing has already been justified"
            raise InvalidTransition(msg)
        self._justify_processing(
            occurred_at=self._in_order(occurred_at),
            processing=processing,
            exception=RESTRICTION_EXCEPTIONS.require("exception", exception),
            justification=values.text("justification", justification),
            actor=values.identifier("actor", actor),
        )

    @event(ProcessedUnderRestriction)
    def _justify_processing(
        self,
        *,
        occurred_at: datetime,
        processing: UUID,
        exception: str,
        justification: str,
        actor: str,
    ) -> None:
        self.justified = {**self.justified, processing: exception}
        self.last_at = occurred_at

    def inform_subject_of_lift(
        self, *, occurred_at: datetime, channel: str, informed_by: str
    ) -> None:
        """Art 18(3): the person must be told before the restriction is lifted."""
        self._require_standing()
        if self.informed_at is not None:
            msg = "the person has already been informed of the lift"
            raise InvalidTransition(msg)
        self._inform_subject_of_lift(
            occurred_at=self._in_order(occurred_at),
            channel=CHANNELS.require("channel", channel),
            informed_by=values.identifier("informed_by", informed_by),
        )

    @event(SubjectInformedOfLift)
    def _inform_subject_of_lift(
        self, *, occurred_at: datetime, channel: str, informed_by: str
    ) -> None:
        self.informed_at = occurred_at
        self.last_at = occurred_at

    def lift(self, *, occurred_at: datetime, reason: str, lifted_by: str) -> None:
        self._require_standing()
        self._lift(
            occurred_at=self._in_order(occurred_at),
            reason=values.text("reason", reason),
            lifted_by=values.identifier("lifted_by", lifted_by),
        )

    @event(RestrictionLifted)
    def _lift(self, *, occurred_at: datetime, reason: str, lifted_by: str) -> None:
        self.lifted_at = occurred_at
        self.last_at = occurred_at
