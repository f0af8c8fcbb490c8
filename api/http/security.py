"""Who is calling, and may they: API-key authentication and the role-by-endpoint matrix.

Routes declare what they need with a dependency::

    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.subject"],
                                                    subject_param="subject"))]

The app provides, at startup, ``app.state.principals`` (a
:class:`~ledger.storage.principal_store.PrincipalStore`, or anything with its
``authenticate``) and, optionally, ``app.state.clock`` (the service's clock,
so that expiry follows the same time as everything else).

401 means "we do not know who you are" (no key, a malformed, unknown, revoked
or expired key: all answered alike, so a caller cannot probe which); 403
means "we know who you are, and you may not do this". Admin is not a
superuser: what each role may call is written out below and nowhere else.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime
from typing import Protocol

from fastapi import Request
from starlette.concurrency import run_in_threadpool

from api.http import traffic
from api.http.problems import ProblemError
from ledger.principals import Principal, Role

# Endpoint group -> the roles that may call it (docs/api-security.md explains each cell).
ROLE_MATRIX: dict[str, frozenset[Role]] = {
    # Accesses, shares, decisions, rectifications, restrictions, objections,
    # rights requests: source systems report processing, the DPO records the
    # rights lifecycle.
    "record": frozenset({Role.SOURCE_SYSTEM, Role.DPO}),
    # Signed share receipts and Art 19 acknowledgements: a partner, for itself.
    "receipts": frozenset({Role.PARTNER}),
    # One person's history: the DPO; an investigator for the subjects on its key.
    "reports.subject": frozenset({Role.DPO, Role.INVESTIGATOR}),
    # One partner's disclosures: the DPO; a partner for its own organisation.
    "reports.partner": frozenset({Role.DPO, Role.PARTNER}),
    # Rights requests and their deadlines.
    "reports.requests": frozenset({Role.DPO}),
    # Who a natural identifier (an NHS number...) is: whether the council holds a
    # person at all is itself a disclosure, so the DPO alone asks, in the API and
    # in the console alike; every lookup is recorded.
    "subjects.resolve": frozenset({Role.DPO}),
    # Size, head hash, projection lag: no personal data.
    "ledger.status": frozenset({Role.DPO, Role.AUDITOR, Role.ADMIN, Role.INVESTIGATOR}),
    # A full re-derivation of the chain: heavy, so the auditor's and the DPO's (the
    # console's one run at a time and the API's alike).
    "ledger.verify": frozenset({Role.AUDITOR, Role.DPO}),
    # Checkpoints and inclusion/consistency proofs: hashes only, and what lets
    # investigators and partners verify evidence without trusting the database.
    "ledger.proofs": frozenset({Role.DPO, Role.AUDITOR, Role.INVESTIGATOR, Role.PARTNER}),
    # Partners and their keys, agreements, principals.
    "admin": frozenset({Role.ADMIN}),
}

# Each dependency require() made -> the roles it admits: how the OpenAPI document
# (api/http/openapi_document.py) tells protected operations, and whose, from public ones.
GUARDS: dict[Callable[..., object], frozenset[Role]] = {}

_CHALLENGE = 'Bearer realm="sharing-ledger"'
_BEARER = "bearer"


class Authenticator(Protocol):
    """What ``app.state.principals`` must offer (a PrincipalStore does)."""

    def authenticate(self, api_key: str, now: datetime) -> Principal | None:
        """The key's active principal, or None (may read the store and hash)."""

    def recall(self, api_key: str, now: datetime) -> Principal | None:
        """The same from memory, without I/O, for a key seen lately; None: authenticate."""


Dependency = Callable[[Request], Awaitable[Principal]]


def require(*roles: Role, subject_param: str | None = None) -> Dependency:
    """A dependency: the authenticated principal, if its role is one of ``roles``.

    With ``subject_param``, an investigator must also have that path
    parameter's subject among the subjects on its key. It runs on the event
    loop: a key verified lately is recalled from memory (no I/O), and only
    otherwise is the store read (and, for a key not seen before, a ~45 ms
    hash computed) in the thread pool, off the event loop.
    """
    allowed = frozenset(roles)
    if not allowed:
        msg = "require() needs at least one role"
        raise ValueError(msg)

    async def dependency(request: Request) -> Principal:
        principal = await authenticate(request)
        if principal.role not in allowed:
            raise forbidden(
                "wrong-role",
                f"a {principal.role.value} key may not call this endpoint",
            )
        if subject_param is not None:
            check_subject_scope(principal, request.path_params.get(subject_param))
        return principal

    GUARDS[dependency] = allowed
    return dependency


def require_group(group: str, *, subject_param: str | None = None) -> Dependency:
    """``require`` with the roles :data:`ROLE_MATRIX` gives ``group``."""
    return require(*ROLE_MATRIX[group], subject_param=subject_param)


async def authenticate(request: Request) -> Principal:
    """The principal holding the request's key, or a 401 problem.

    From memory for a key verified lately; otherwise the store is read (and
    the key hashed) in the thread pool, off the event loop. Records the
    principal's public id (never the key) on ``request.state`` for the
    access log, as soon as it is known.
    """
    api_key = presented_key(request.headers)
    if api_key is None:
        raise unauthenticated("no API key: send 'Authorization: Bearer <key>' or 'X-API-Key'")
    store, now = _authenticator(request), _now(request)
    principal = store.recall(api_key, now)
    if principal is None:
        principal = await run_in_threadpool(store.authenticate, api_key, now)
    if principal is None:
        # A key presented and refused: what guessing keys looks like (no key at all is not).
        traffic.count_sign_in(request.app, "api_request", "failure")
        raise unauthenticated(
            "the API key is not valid (malformed, unknown, revoked or expired)",
            invalid=True,
        )
    request.state.principal_id = principal.id
    return principal


def presented_key(headers: Mapping[str, str]) -> str | None:
    """The key from ``Authorization: Bearer`` or, failing that, ``X-API-Key``.

    An Authorization header with another scheme yields an empty key, which no
    principal holds: it is refused as invalid, not silently ignored.
    """
    authorization = headers.get("authorization")
    if authorization is not None:
        scheme, _, credentials = authorization.strip().partition(" ")
        return credentials.strip() if scheme.lower() == _BEARER else ""
    api_key = headers.get("x-api-key")
    return None if api_key is None else api_key.strip()


def in_subject_scope(principal: Principal, subject: object) -> bool:
    """Whether the principal may see ``subject``: an investigator, only those on its key."""
    if principal.role is not Role.INVESTIGATOR:
        return True
    return isinstance(subject, str) and subject in principal.subjects


def check_subject_scope(principal: Principal, subject: object) -> None:
    """A 403 unless an investigator's key names ``subject``; other roles pass."""
    if not in_subject_scope(principal, subject):
        raise forbidden(
            "subject-out-of-scope",
            "this investigator's key covers named subjects only, and not this one",
        )


def require_own_organisation(principal: Principal, organisation: str) -> None:
    """A 403 when a partner acts for an organisation other than its own."""
    if principal.role is Role.PARTNER and principal.organisation != organisation:
        raise forbidden(
            "other-organisation",
            "a partner's key acts for its own organisation only",
        )


def unauthenticated(detail: str, *, invalid: bool = False) -> ProblemError:
    # RFC 6750 section 3: a challenge on every 401, with error="invalid_token"
    # when a token was presented but not accepted.
    challenge = f'{_CHALLENGE}, error="invalid_token"' if invalid else _CHALLENGE
    return ProblemError(
        401,
        "Authentication required",
        detail,
        type_suffix="unauthenticated",
        headers={"WWW-Authenticate": challenge},
    )


def forbidden(slug: str, detail: str) -> ProblemError:
    return ProblemError(403, "Forbidden", detail, type_suffix=slug)


def _authenticator(request: Request) -> Authenticator:
    store: Authenticator | None = getattr(request.app.state, "principals", None)
    if store is None:
        # A wiring mistake, not the caller's: the opaque 500 answers it.
        msg = "app.state.principals is not set; wire a PrincipalStore at startup"
        raise RuntimeError(msg)
    return store


def _now(request: Request) -> datetime:
    clock: Callable[[], datetime] | None = getattr(request.app.state, "clock", None)
    return datetime.now(UTC) if clock is None else clock()
