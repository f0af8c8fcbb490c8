"""Admitting a person the identity provider vouched for: their role, principal and grant.

The provider says who signed in and in which groups; the council's mapping
(:mod:`api.service.oidc_settings`) says what those groups may do here. The
person then acts as a principal of their own, whose public id is derived from
the provider's subject id and the role (:func:`ledger.principals.federated_id`),
so every entry they cause names them, pseudonymously, as ``principal:<id>``.

As with API keys, the ledger accounts for every principal: the first sign-in
in a role appends an :class:`~ledger.domain.access_grants.AccessGrant` (the id,
role, organisation and the group that gave it; never the name), then stores
the principal's row (with its display name, as a key's holder's name is
stored). An operator revokes it as any principal (``principals revoke``); the
next sign-in in that role is then refused.
"""

from __future__ import annotations

import contextlib

from api.service.composition import Service
from api.service.identity_provider import NO_MAPPED_GROUP, REVOKED, Identity, SignInRefused
from api.service.oidc_settings import OidcSettings, role_for
from ledger.application import AlreadyRecorded
from ledger.domain import values
from ledger.domain.access_grants import AccessGrant
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, federated_id

GRANTED_BY = "identity-provider"
UNNAMED = "a council user (the provider gave no usable name)"


def admit(service: Service, identity: Identity, settings: OidcSettings) -> Principal:
    """The active principal this identity signs in as, or :class:`SignInRefused`."""
    rule = role_for(identity.groups, settings.group_roles)
    if rule is None:
        raise SignInRefused(NO_MAPPED_GROUP, "none of the user's groups is mapped to a role")
    now = service.clock()
    principal = Principal(
        id=federated_id(identity.issuer, identity.subject, rule.role, rule.organisation),
        name=_name(identity.name),
        role=rule.role,
        organisation=rule.organisation,
        created_at=now,
    )
    if service.principals.get(principal.id) is None:
        grant = AccessGrant.grant(
            principal,
            created_by=GRANTED_BY,
            reason=f"first sign-in through the council's identity provider, "
            f"as a member of the group {rule.group!r}",
        )
        # The same person's first sign-in in another tab may have recorded it a moment ago.
        with contextlib.suppress(AlreadyRecorded):
            service.app.append(grant)
    stored, _ = service.principals.enrol(principal, settings.issuer)
    if not stored.active(now):
        raise SignInRefused(REVOKED, "this principal was revoked by the operator")
    return stored


def _name(name: str) -> str:
    """The display name, if it is one the principals' table accepts."""
    try:
        return values.label("name", name)
    except ValidationError:
        return UNNAMED
