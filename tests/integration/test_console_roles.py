"""The console's role x route matrix: each page and form answers a role exactly as the API's
matrix answers the same role for the same data (one authorisation layer for both)."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from api.console.app import ROUTERS
from api.http.app import create_app
from api.http.security import ROLE_MATRIX
from api.service.composition import open_service
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support.console import csrf_of, sign_in
from tests.support.factories import subject

NOW = datetime.now(UTC)
PARTNER_ORG = "westshire-constabulary"
EVERYONE = frozenset(Role)
# Recording forms: the API's record group, and the group of the report the form shows.
RECORD_REQUESTS = ROLE_MATRIX["record"] & ROLE_MATRIX["reports.requests"]
RECORD_SUBJECT = ROLE_MATRIX["record"] & ROLE_MATRIX["reports.subject"]
PERSON_FORMS = re.compile(r"^/console/people/[^/]+/(?:rectifications|objections)/")

# (rule, the roles that may), first match wins: a new console route must be placed here,
# beside the API group that returns the same data.
RULES: list[tuple[Callable[[str, str], object], frozenset[Role]]] = [
    (
        lambda _m, p: p in ("/console", "/console/", "/console/sign-in", "/console/sign-out"),
        EVERYONE,
    ),
    # Signing in through the identity provider: before any role is known.
    (lambda _m, p: p.startswith("/console/sign-in/oidc"), EVERYONE),
    # An access request's response: the requests page's group (its forms also need record's).
    (
        lambda _m, p: p.startswith("/console/rights-requests/") and "/response" in p,
        ROLE_MATRIX["reports.requests"] & ROLE_MATRIX["record"],
    ),
    (lambda _m, p: p.startswith("/console/rights-requests/"), RECORD_REQUESTS),
    (lambda _m, p: p.endswith("/record"), RECORD_REQUESTS & RECORD_SUBJECT),
    (lambda _m, p: PERSON_FORMS.match(p) is not None, RECORD_REQUESTS),
    (lambda _m, p: re.match(r"^/console/people/[^/]+/restrictions/", p), RECORD_SUBJECT),
    (
        lambda _m, p: p.startswith(("/console/rectifications/", "/console/objections/")),
        RECORD_REQUESTS,
    ),
    (lambda _m, p: re.match(r"^/console/restrictions/[^/]+/", p), RECORD_SUBJECT),
    (lambda _m, p: p.startswith("/console/people"), ROLE_MATRIX["reports.subject"]),
    # A partner asking for every partner is sent to its own page (303), not refused.
    (
        lambda _m, p: p == "/console/partners",
        ROLE_MATRIX["reports.requests"] | ROLE_MATRIX["reports.partner"],
    ),
    (lambda _m, p: p.startswith("/console/partners/"), ROLE_MATRIX["reports.partner"]),
    (lambda _m, p: p == "/console/partners.csv", ROLE_MATRIX["reports.requests"]),
    (
        lambda _m, p: p in ("/console/restrictions", "/console/restrictions.csv"),
        ROLE_MATRIX["reports.requests"],
    ),
    (lambda _m, p: p.startswith("/console/restrictions/"), ROLE_MATRIX["reports.subject"]),
    (
        lambda _m, p: p in ("/console/rights-requests", "/console/rights-requests.csv"),
        ROLE_MATRIX["reports.requests"],
    ),
    (lambda _m, p: p == "/console/withheld-entries", ROLE_MATRIX["reports.requests"]),
    (lambda _m, p: p == "/console/check-letter", ROLE_MATRIX["ledger.proofs"]),
    # The list and one complaint: GET /v1/complaints; logging and each step: POST /v1/complaints...
    (lambda _m, p: p == "/console/complaints", ROLE_MATRIX["reports.requests"]),
    (
        lambda m, p: m == "GET" and p == "/console/complaints/{complaint}",
        ROLE_MATRIX["reports.requests"],
    ),
    (lambda _m, p: p.startswith("/console/complaints/"), ROLE_MATRIX["record"]),
    (lambda _m, p: p == "/console/integrity", ROLE_MATRIX["ledger.status"]),
    (lambda _m, p: p.startswith("/console/integrity/verifications"), ROLE_MATRIX["ledger.verify"]),
    (lambda _m, p: p == "/console/integrity/evidence", ROLE_MATRIX["reports.subject"]),
]


def allowed(method: str, path: str) -> frozenset[Role]:
    return next(roles for rule, roles in RULES if rule(method, path))


ROUTES = sorted(
    (method, route.path)
    for router in ROUTERS
    for route in router.routes
    if isinstance(route, APIRoute)
    for method in route.methods or ()
)
# Signing in and out change the session the other cases rely on; their own tests cover them.
CHECKED = [
    r
    for r in ROUTES
    if r[1] not in ("/console/sign-in", "/console/sign-out")
    and not r[1].startswith("/console/sign-in/oidc")  # tests/integration/test_console_oidc.py
]


@pytest.fixture(scope="module")
def app_and_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[object, dict[Role, str]]:
    service = open_service(SQLiteLocation(tmp_path_factory.mktemp("roles") / "l.sqlite3"))
    store = PrincipalStore(service.app.database)
    keys = {}
    for role in Role:
        _, keys[role] = store.create(
            name=f"{role.value}-console",
            role=role,
            now=NOW,
            organisation=PARTNER_ORG if role is Role.PARTNER else None,
            subjects=[subject(1)] if role is Role.INVESTIGATOR else [],
            expires_at=NOW + timedelta(days=30) if role is Role.INVESTIGATOR else None,
        )
    return create_app(service), keys


def concrete(path: str) -> str:
    return (
        path.replace("{subject}", subject(1))
        .replace("{organisation}", PARTNER_ORG)
        .replace("{restriction}", "RST-0")
        .replace("{run_id}", "0" * 32)
        .replace("{complaint}", "CMP-0")
        .replace("{slug}", "findings")
        .replace("{share_id}", "0" * 32)
        .replace("{rights_request}", "REQ-0")
        .replace("{rectification}", "RECT-0")
        .replace("{objection}", "OBJ-0")
        .replace("{step}", "pause")
    )


def form(path: str) -> dict[str, str]:
    """A form a browser would send; the identifier is a subject reference, not the directory's."""
    if path == "/console/people":
        return {"kind": "subject-reference", "identifier": subject(1), "reason": "sar"}
    if path == "/console/integrity/evidence":
        return {"kind": "subject", "value": subject(1)}
    return {}


def signed_in(app: object, key: str) -> tuple[TestClient, str]:
    client = TestClient(app, base_url="http://testserver")  # type: ignore[arg-type]
    sign_in(client, key)
    return client, csrf_of(client)


def test_every_console_route_is_placed() -> None:
    """A route no rule places would fall to the first rule; each is placed deliberately."""
    assert ("GET", "/console/people") in ROUTES
    assert ("POST", "/console/restrictions/{restriction}/{step}") in ROUTES
    assert all(allowed(m, p) for m, p in ROUTES)


@pytest.mark.parametrize("role", list(Role))
def test_each_role_opens_exactly_its_console_pages(
    app_and_keys: tuple[object, dict[Role, str]], role: Role
) -> None:
    """A role outside a page's group gets the 403 page; inside it, never a 401 or 403."""
    app, keys = app_and_keys
    client, csrf = signed_in(app, keys[role])
    wrong = []
    for method, path in CHECKED:
        data = {"csrf_token": csrf, **form(path)} if method == "POST" else None
        reply = client.request(method, concrete(path), data=data, follow_redirects=False)
        may = role in allowed(method, path)
        refused = reply.status_code == 403
        if may == refused or reply.status_code == 401:
            wrong.append((method, path, reply.status_code))
    assert wrong == []


@pytest.mark.parametrize("role", list(Role))
def test_finding_by_a_natural_identifier_is_the_resolve_groups_alone(
    app_and_keys: tuple[object, dict[Role, str]], role: Role
) -> None:
    """The find form with an NHS number: 403 outside subjects.resolve, as the API's resolve."""
    app, keys = app_and_keys
    client, csrf = signed_in(app, keys[role])
    reply = client.post(
        "/console/people",
        data={"csrf_token": csrf, "kind": "nhs", "identifier": "943 476 5919", "reason": "sar"},
        follow_redirects=False,
    )
    # In the group: not in this directory, and said so (422); outside it, even for an
    # investigator who may open people's pages by reference, 403.
    expected = 422 if role in ROLE_MATRIX["subjects.resolve"] else 403
    assert reply.status_code == expected
    assert "943" not in reply.text
