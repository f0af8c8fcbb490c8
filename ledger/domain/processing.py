"""Processing of personal data: accesses, shares, and decisions not to share.

Each access and each share is an aggregate of its own: a fact recorded once.
The ledger records what happened even when it should not have happened (a
share without an agreement, a share during a restriction); judging it is the
projections' job. Validation here is about shape: known vocabulary terms,
well-formed references, required fields present.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID, uuid4

from eventsourcing.domain import Aggregate, event

from ledger.domain import lawful, values
from ledger.domain.vocabulary import (
    CHANNELS,
    DATA_CATEGORIES,
    DECLINE_REASONS,
    PURPOSES,
)


def _aggregate_id(kind: str, source_system: str, source_ref: str | None) -> UUID:
    # A source system that names its own event id gets idempotent recording:
    # the retry derives the same aggregate id and collides instead of duplicating.
    if source_ref is None:
        return uuid4()
    return values.derived_id(kind, source_system, values.reference("source_ref", source_ref))


class Access(Aggregate):
    """One consultation of a person's data by a member of staff (or a system)."""

    class DataAccessed(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_role: str
        actor_organisation: str
        on_behalf_of: str
        subject: str
        categories: tuple[str, ...]
        purpose: str
        legal_basis: str
        source_system: str
        justification: str

    @event(DataAccessed)
    def __init__(  # noqa: PLR0913 - one parameter per field of the recorded fact
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_role: str,
        actor_organisation: str,
        on_behalf_of: str,
        subject: str,
        categories: tuple[str, ...],
        purpose: str,
        legal_basis: str,
        source_system: str,
        justification: str,
    ) -> None:
        self.occurred_at = occurred_at
        self.actor = actor
        self.actor_organisation = actor_organisation
        self.subject = subject
        self.categories = tuple(categories)

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_role: str,
        actor_organisation: str,
        subject: str,
        categories: object,
        purpose: str,
        legal_basis: str,
        source_system: str,
        justification: str,
        on_behalf_of: str | None = None,
        source_ref: str | None = None,
    ) -> Access:
        """Validate the arguments, then record the access."""
        organisation = values.organisation("actor_organisation", actor_organisation)
        system = values.identifier("source_system", source_system)
        return cls._create(
            cls.DataAccessed,
            id=_aggregate_id("access", system, source_ref),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_role=values.identifier("actor_role", actor_role),
            actor_organisation=organisation,
            on_behalf_of=(
                organisation
                if on_behalf_of is None
                else values.organisation("on_behalf_of", on_behalf_of)
            ),
            subject=values.subject_ref("subject", subject),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            source_system=system,
            justification=values.text("justification", justification),
        )


class Share(Aggregate):
    """One disclosure of data about one or more people to a partner agency."""

    class DataShared(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_organisation: str
        recipient: str
        subjects: tuple[str, ...]
        categories: tuple[str, ...]
        purpose: str
        legal_basis: str
        special_condition: str | None
        schedule_1_condition: str | None
        agreement: str | None
        channel: str
        source_system: str
        justification: str

    @event(DataShared)
    def __init__(  # noqa: PLR0913
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        recipient: str,
        subjects: tuple[str, ...],
        categories: tuple[str, ...],
        purpose: str,
        legal_basis: str,
        special_condition: str | None,
        schedule_1_condition: str | None,
        agreement: str | None,
        channel: str,
        source_system: str,
        justification: str,
    ) -> None:
        self.occurred_at = occurred_at
        self.recipient = recipient
        self.subjects = tuple(subjects)
        self.categories = tuple(categories)

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        recipient: str,
        subjects: object,
        categories: object,
        purpose: str,
        legal_basis: str,
        channel: str,
        source_system: str,
        justification: str,
        special_condition: str | None = None,
        schedule_1_condition: str | None = None,
        agreement: str | None = None,
        source_ref: str | None = None,
    ) -> Share:
        """Validate the arguments, then record the share.

        A share of special category data without an Art 9 condition, or without
        an agreement, is still recorded: the projections flag it.
        """
        system = values.identifier("source_system", source_system)
        return cls._create(
            cls.DataShared,
            id=_aggregate_id("share", system, source_ref),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            recipient=values.organisation("recipient", recipient),
            subjects=values.subject_refs("subjects", subjects),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            legal_basis=lawful.lawful_basis("legal_basis", legal_basis),
            special_condition=lawful.special_condition("special_condition", special_condition),
            schedule_1_condition=lawful.schedule_1_condition(
                "schedule_1_condition", schedule_1_condition
            ),
            agreement=None if agreement is None else values.reference("agreement", agreement),
            channel=CHANNELS.require("channel", channel),
            source_system=system,
            justification=values.text("justification", justification),
        )


class SharingDecision(Aggregate):
    """A recorded decision *not* to share (the ICO Data Sharing Code asks for these)."""

    class SharingDeclined(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_organisation: str
        requester: str
        subjects: tuple[str, ...]
        categories: tuple[str, ...]
        purpose: str
        reasons: tuple[str, ...]
        explanation: str
        reference: str | None

    @event(SharingDeclined)
    def __init__(  # noqa: PLR0913
        self,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        requester: str,
        subjects: tuple[str, ...],
        categories: tuple[str, ...],
        purpose: str,
        reasons: tuple[str, ...],
        explanation: str,
        reference: str | None,
    ) -> None:
        self.occurred_at = occurred_at
        self.requester = requester
        self.subjects = tuple(subjects)

    @classmethod
    def record(  # noqa: PLR0913
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        requester: str,
        subjects: object,
        categories: object,
        purpose: str,
        reasons: object,
        explanation: str,
        reference: str | None = None,
    ) -> SharingDecision:
        return cls._create(
            cls.SharingDeclined,
            id=values.new_id("declined", reference),
            reference=None if reference is None else values.reference("reference", reference),
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            requester=values.organisation("requester", requester),
            subjects=values.subject_refs("subjects", subjects),
            categories=DATA_CATEGORIES.require_all("categories", categories),
            purpose=PURPOSES.require("purpose", purpose),
            reasons=DECLINE_REASONS.require_all("reasons", reasons),
            explanation=values.text("explanation", explanation),
        )
