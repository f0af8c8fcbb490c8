"""Signing in to the console through the council's identity provider: its settings.

Read from the environment when the console is built (never at import), and
only then: the other commands never need them. With ``LEDGER_OIDC_ISSUER``
unset, the console offers the API-key sign-in alone. docs/sign-in.md explains
each setting:

- ``LEDGER_OIDC_ISSUER``: the provider's issuer URL (https; http only on loopback, for tests).
- ``LEDGER_OIDC_CLIENT_ID``: the console's client id at the provider.
- ``LEDGER_OIDC_CLIENT_SECRET_FILE`` (preferred) or ``LEDGER_OIDC_CLIENT_SECRET``.
- ``LEDGER_OIDC_REDIRECT_URL``: ``https://<host>/console/sign-in/oidc/callback``, as registered.
- ``LEDGER_OIDC_GROUPS_CLAIM``: the ID token claim listing the user's groups (``groups``).
- ``LEDGER_OIDC_SCOPES``: the scopes asked for (``openid profile``; some providers send
  groups only for a scope of their own, e.g. ``openid profile groups``).
- ``LEDGER_OIDC_GROUP_ROLES_FILE``: a TOML file mapping the provider's groups to roles.
- ``LEDGER_OIDC_PROVIDER_NAME``: what the sign-in button calls the provider.

The client secret is held in a field left out of ``repr`` and read from its
file when the settings are read; no message here ever includes it.
"""

from __future__ import annotations

import ipaddress
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

from ledger.domain import values
from ledger.domain.errors import ValidationError
from ledger.principals import Role, role_of
from ledger.storage.config import ConfigurationError

DEFAULT_GROUPS_CLAIM = "groups"
DEFAULT_PROVIDER_NAME = "your council account"
DEFAULT_SCOPES = "openid profile"
# Roles a group may give. Not an investigator: that role is limited to named
# people and a case, set per key by the operator. Not a source system: a
# system, never a person signing in.
GROUP_ROLES = frozenset({Role.DPO, Role.AUDITOR, Role.ADMIN, Role.PARTNER})
MAX_GROUP_CHARS = 256


@dataclass(frozen=True, slots=True)
class GroupRole:
    """One rule of the mapping: members of ``group`` sign in as ``role`` (for ``organisation``)."""

    group: str
    role: Role
    organisation: str | None = None


@dataclass(frozen=True, slots=True)
class OidcSettings:
    issuer: str
    client_id: str
    redirect_url: str
    group_roles: tuple[GroupRole, ...]
    groups_claim: str = DEFAULT_GROUPS_CLAIM
    provider_name: str = DEFAULT_PROVIDER_NAME
    scopes: str = DEFAULT_SCOPES
    client_secret: str = field(default="", repr=False)


def role_for(groups: Iterable[str], rules: Iterable[GroupRole]) -> GroupRole | None:
    """The first rule, in the file's order, whose group the user is in; None if none is.

    The order is the council's: list the wider roles first if a person in two
    mapped groups should get the wider one.
    """
    held = set(groups)
    return next((rule for rule in rules if rule.group in held), None)


def oidc_settings(environ: Mapping[str, str]) -> OidcSettings | None:
    """The settings from ``environ``; None when ``LEDGER_OIDC_ISSUER`` is unset."""
    issuer = environ.get("LEDGER_OIDC_ISSUER", "").strip()
    if not issuer:
        return None
    _check_url("LEDGER_OIDC_ISSUER", issuer)
    client_id = _required(environ, "LEDGER_OIDC_CLIENT_ID")
    redirect_url = _required(environ, "LEDGER_OIDC_REDIRECT_URL")
    _check_url("LEDGER_OIDC_REDIRECT_URL", redirect_url)
    if not urlsplit(redirect_url).path.endswith("/console/sign-in/oidc/callback"):
        msg = "LEDGER_OIDC_REDIRECT_URL must end with /console/sign-in/oidc/callback"
        raise ConfigurationError(msg)
    roles_file = _required(environ, "LEDGER_OIDC_GROUP_ROLES_FILE")
    return OidcSettings(
        issuer=issuer,  # exactly: the ID token's iss must equal it (Auth0's ends with "/")
        client_id=client_id,
        redirect_url=redirect_url,
        group_roles=group_roles(Path(roles_file)),
        groups_claim=environ.get("LEDGER_OIDC_GROUPS_CLAIM", "").strip() or DEFAULT_GROUPS_CLAIM,
        provider_name=environ.get("LEDGER_OIDC_PROVIDER_NAME", "").strip() or DEFAULT_PROVIDER_NAME,
        scopes=_scopes(environ.get("LEDGER_OIDC_SCOPES", "")),
        client_secret=_secret(environ),
    )


def group_roles(path: Path) -> tuple[GroupRole, ...]:
    """The mapping file's rules, checked: ``[[group]]`` tables with name, role, organisation."""
    where = f"LEDGER_OIDC_GROUP_ROLES_FILE ({path})"
    try:
        document = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        msg = f"{where}: cannot be read ({error.strerror})"
        raise ConfigurationError(msg) from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as error:
        msg = f"{where}: is not valid TOML ({error})"
        raise ConfigurationError(msg) from None
    tables = document.get("group")
    if not isinstance(tables, list) or not tables:
        msg = f'{where}: needs at least one [[group]] table (name = "...", role = "dpo")'
        raise ConfigurationError(msg)
    rules = tuple(_rule(where, number, table) for number, table in enumerate(tables, start=1))
    seen: set[str] = set()
    for rule in rules:
        if rule.group in seen:
            msg = f"{where}: group {rule.group!r} is mapped twice"
            raise ConfigurationError(msg)
        seen.add(rule.group)
    return rules


def _rule(where: str, number: int, table: object) -> GroupRole:
    at = f"{where}: [[group]] number {number}"
    if not isinstance(table, dict) or set(table) - {"name", "role", "organisation"}:
        msg = f"{at}: only the keys name, role and organisation are allowed"
        raise ConfigurationError(msg)
    name, role, organisation = table.get("name"), table.get("role"), table.get("organisation")
    if not isinstance(name, str) or not name.strip() or len(name) > MAX_GROUP_CHARS:
        msg = f"{at}: name must be the group as the provider sends it (1-256 characters)"
        raise ConfigurationError(msg)
    try:
        chosen, checked = _role_and_organisation(role, organisation)
    except ValidationError as error:
        msg = f"{at}: {error}"
        raise ConfigurationError(msg) from None
    return GroupRole(name, chosen, checked)


def _role_and_organisation(role: object, organisation: object) -> tuple[Role, str | None]:
    chosen = role_of(role)
    if chosen not in GROUP_ROLES:
        allowed = ", ".join(sorted(r.value for r in GROUP_ROLES))
        msg = f"a group may give one of the roles {allowed} (investigators get keys)"
        raise ValidationError("role", msg)
    if (chosen is Role.PARTNER) != (organisation is not None):
        msg = "a partner's group names its organisation, and only a partner's does"
        raise ValidationError("organisation", msg)
    return chosen, None if organisation is None else values.organisation(
        "organisation", organisation
    )


def _scopes(value: str) -> str:
    scopes = value.split() or DEFAULT_SCOPES.split()
    if "openid" not in scopes:
        msg = "LEDGER_OIDC_SCOPES must include openid"
        raise ConfigurationError(msg)
    return " ".join(scopes)


def _required(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "").strip()
    if not value:
        msg = f"{name} is required when LEDGER_OIDC_ISSUER is set"
        raise ConfigurationError(msg)
    return value


def _check_url(name: str, url: str) -> None:
    """https, or http to this machine only (a test provider): never plain http across a network."""
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _loopback(parts.hostname):
        return
    msg = f"{name} must be an https:// URL (http:// only for localhost)"
    raise ConfigurationError(msg)


def _loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _secret(environ: Mapping[str, str]) -> str:
    path = environ.get("LEDGER_OIDC_CLIENT_SECRET_FILE", "").strip()
    if path:
        try:
            secret = Path(path).read_text(encoding="utf-8").strip()
        except OSError as error:
            msg = f"LEDGER_OIDC_CLIENT_SECRET_FILE ({path}): cannot be read ({error.strerror})"
            raise ConfigurationError(msg) from None
    else:
        secret = environ.get("LEDGER_OIDC_CLIENT_SECRET", "").strip()
    if not secret:
        msg = (
            "LEDGER_OIDC_CLIENT_SECRET_FILE (or LEDGER_OIDC_CLIENT_SECRET) is required "
            "when LEDGER_OIDC_ISSUER is set"
        )
        raise ConfigurationError(msg)
    return secret
