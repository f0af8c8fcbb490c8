"""Giving and taking away keys to the ledger, each change a ledger entry naming who and why.

The entry is appended first, then the principal's row is written: a key can
never exist that the ledger does not account for (a crash between the two
leaves an entry for a key that was never usable, which is harmless).

Who may create what: over HTTP, an admin may create keys for source systems
and partners only. Keys that read people's data across the board (DPO,
investigator, auditor, admin) are created on the command line by the
operator, who answers for them; ``docs/api-security.md`` says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

from api.service.composition import Service
from ledger.application import NotFound
from ledger.domain.access_grants import AccessGrant, grant_id
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, Role, new_key, role_of

# The ICO's organisation slug: an investigator's reads are recorded as the ICO's.
ICO = "information-commissioners-office"
# What an admin may create over HTTP: keys that write entries or act for one partner.
CREATED_OVER_HTTP = frozenset({Role.SOURCE_SYSTEM, Role.PARTNER})


@dataclass(frozen=True, slots=True)
class NewKey:
    principal: Principal
    api_key: str  # shown once, kept nowhere


def create_principal(  # noqa: PLR0913 - one parameter per field of the principal
    service: Service,
    *,
    name: str,
    role: Role | str,
    created_by: str,
    reason: str,
    organisation: str | None = None,
    subjects: Iterable[str] = (),
    case: str | None = None,
    expires_at: datetime | None = None,
) -> NewKey:
    """Create a principal: its grant appended to the ledger, then its key stored."""
    chosen = role_of(role.value if isinstance(role, Role) else role)
    if chosen is Role.INVESTIGATOR and organisation is None:
        organisation = ICO  # an investigator reads as the ICO, never as the council
    principal, api_key, key_hash = new_key(
        name=name,
        role=chosen,
        now=service.clock(),
        organisation=organisation,
        subjects=subjects,
        case=case,
        expires_at=expires_at,
    )
    service.app.append(AccessGrant.grant(principal, created_by=created_by, reason=reason))
    service.principals.add(principal, key_hash)
    return NewKey(principal, api_key)


def revoke_principal(
    service: Service, principal_id: str, *, revoked_by: str, reason: str
) -> Principal:
    """Revoke a principal's key from now on: the revocation appended, then applied."""
    found = service.principals.get(principal_id)
    if found is None:
        raise ValidationError("id", "no principal has this id")
    if found.revoked_at is not None:
        return found
    now = service.clock()
    try:
        grant = service.app.get(AccessGrant, grant_id(found.id))
    except NotFound:
        # A key made before grants were recorded: its grant is recorded now, then revoked.
        grant = AccessGrant.grant(
            found, created_by=revoked_by, reason="recorded when revoked: made before grants"
        )
    grant.revoke(occurred_at=now, revoked_by=revoked_by, reason=reason)
    service.app.append(grant)
    return service.principals.revoke(found.id, now)


def rotate_own_key(service: Service, principal: Principal, *, reason: str) -> NewKey:
    """A principal replaces its own API key: a new principal like it, then the old revoked.

    Both are ledger entries naming the old principal as who asked. The new
    key has the same name, role, organisation, scope and expiry; the old one
    stops working at once in this process (within a second elsewhere). Only
    the roles an admin may create over HTTP may do this themselves.
    """
    if principal.role not in CREATED_OVER_HTTP:
        raise ValidationError("role", "only source-system and partner keys rotate themselves")
    by = f"principal:{principal.id}"
    made = create_principal(
        service,
        name=principal.name,
        role=principal.role,
        created_by=by,
        reason=reason,
        organisation=principal.organisation,
        subjects=principal.subjects,
        case=principal.case,
        expires_at=principal.expires_at,
    )
    revoke_principal(service, principal.id, revoked_by=by, reason=f"rotated: {reason}")
    return made
