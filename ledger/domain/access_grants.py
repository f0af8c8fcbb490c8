"""Who was given a key to the ledger, as what, by whom and why; and who took it away.

Principals (API keys) are kept beside the ledger, in a table the service
reads on every request. Every change to one is also a ledger entry, so that
who could read whose data is itself evidence a DPO or the ICO can check: an
:class:`AccessGrant` is created with the principal and revoked with it. The
entry never holds the key or its hash, nor the holder's name (it may be a
person's): the principal's public id, role, organisation and scope.
"""

from __future__ import annotations

from datetime import datetime
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.principals import Principal


class AccessGrant(Aggregate):
    """One principal's grant of access, from creation to revocation."""

    class PrincipalCreated(Aggregate.Created):
        occurred_at: datetime
        principal: str  # its public id
        role: str
        organisation: str | None
        subjects: tuple[str, ...]  # an investigator's scope: pseudonymous references
        case: str | None
        expires_at: datetime | None
        created_by: str
        reason: str

    class PrincipalRevoked(Aggregate.Event):
        occurred_at: datetime
        revoked_by: str
        reason: str

    @event(PrincipalCreated)
    def __init__(  # noqa: PLR0913 - one parameter per field of the grant
        self,
        *,
        occurred_at: datetime,
        principal: str,
        role: str,
        organisation: str | None,
        subjects: tuple[str, ...],
        case: str | None,
        expires_at: datetime | None,
        created_by: str,
        reason: str,
    ) -> None:
        self.principal = principal
        self.created_at = occurred_at
        self.revoked_at: datetime | None = None

    @classmethod
    def grant(cls, principal: Principal, *, created_by: str, reason: str) -> AccessGrant:
        """The entry for a principal just made (its rules already checked by Principal)."""
        return cls._create(
            cls.PrincipalCreated,
            id=grant_id(principal.id),
            occurred_at=values.aware("occurred_at", principal.created_at),
            principal=principal.id,
            role=principal.role.value,
            organisation=None
            if principal.organisation is None
            else values.organisation("organisation", principal.organisation),
            subjects=tuple(sorted(principal.subjects)),
            case=None if principal.case is None else values.reference("case", principal.case),
            expires_at=None
            if principal.expires_at is None
            else values.aware("expires_at", principal.expires_at),
            created_by=values.identifier("created_by", created_by),
            reason=_reason(reason),
        )

    def revoke(self, *, occurred_at: datetime, revoked_by: str, reason: str) -> None:
        if self.revoked_at is not None:
            msg = "the principal was already revoked"
            raise InvalidTransition(msg)
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.created_at, "its creation")
        self._revoke(
            occurred_at=when,
            revoked_by=values.identifier("revoked_by", revoked_by),
            reason=_reason(reason),
        )

    @event(PrincipalRevoked)
    def _revoke(self, *, occurred_at: datetime, revoked_by: str, reason: str) -> None:
        self.revoked_at = occurred_at


def grant_id(principal_id: str) -> UUID:
    """The grant's aggregate id, derived from the principal's public id."""
    return values.derived_id("access-grant", principal_id)


def _reason(reason: str) -> str:
    text = values.text("reason", reason)
    if len(text) > 500:
        raise ValidationError("reason", "must be at most 500 characters")
    return text
