"""Looking a person up in the subject directory by a natural identifier, found or not.

The directory answers "which reference has this NHS number?": a question
about a person, and about whether the council holds them at all. So every
lookup is a ledger entry naming who asked, why and what kind of identifier
(never the identifier itself), and the reference it found, if any.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate

from ledger.domain import values
from ledger.domain.errors import ValidationError
from ledger.privacy.identifiers import Kind

KINDS = tuple(kind.value for kind in Kind)


class DirectoryLookup(Aggregate):
    """One question put to the subject directory."""

    class SubjectLookedUp(Aggregate.Created):
        occurred_at: datetime
        actor: str
        actor_organisation: str
        identifier_kind: str  # nhs, nino, upn or case: never the identifier itself
        subject: str | None  # the reference found, or None: no such person in the directory
        reason: str  # why the person was looked for (sealed for them when found)
        source_system: str

    @classmethod
    def record(  # noqa: PLR0913 - one parameter per field of the lookup
        cls,
        *,
        occurred_at: datetime,
        actor: str,
        actor_organisation: str,
        identifier_kind: str,
        subject: str | None,
        reason: str,
        source_system: str,
    ) -> DirectoryLookup:
        if identifier_kind not in KINDS:
            raise ValidationError("identifier_kind", "must be a kind of identifier", KINDS)
        return cls._create(
            cls.SubjectLookedUp,
            occurred_at=values.aware("occurred_at", occurred_at),
            actor=values.identifier("actor", actor),
            actor_organisation=values.organisation("actor_organisation", actor_organisation),
            identifier_kind=identifier_kind,
            subject=None if subject is None else values.subject_ref("subject", subject),
            reason=values.text("reason", reason),
            source_system=values.identifier("source_system", source_system),
        )
