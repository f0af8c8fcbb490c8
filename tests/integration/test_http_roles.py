"""The whole role x endpoint matrix: 401 without a key, 403 outside a role, never 401/403 inside."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.http.app import create_app
from api.http.security import ROLE_MATRIX
from api.service.composition import open_service
from ledger.principals import Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from tests.support.factories import subject

NOW = datetime.now(UTC)
PARTNER_ORG = "westshire-constabulary"
#: The transparency endpoints: hashes and signatures, for anyone, with or without a key.
PUBLIC = "public"


# (rule, group), first match wins: a new endpoint must be placed here.
RULES: list[tuple[Callable[[str, str], bool], str]] = [
    (lambda _m, p: p.startswith(("/tlog/", "/v1/public/")), PUBLIC),
    (lambda m, p: m == "POST" and p in ("/v1/partners", "/v1/agreements"), "admin"),
    (lambda _m, p: p.endswith("/keys") and p.startswith("/v1/partners/"), "admin"),
    (lambda _m, p: p.endswith("/rotation") and p.startswith("/v1/partners/"), "receipts"),
    (lambda _m, p: p.startswith("/v1/principals"), "admin"),
    # A complaint's steps are the DPO's records, its acknowledgement included (not a receipt's).
    (lambda m, p: m == "POST" and p.startswith("/v1/complaints"), "record"),
    (
        lambda _m, p: "receipt" in p or "acknowledgement" in p or p.endswith("/cosignatures"),
        "receipts",
    ),
    (lambda _m, p: p == "/v1/ledger/status", "ledger.status"),
    (lambda _m, p: p == "/v1/ledger/verification", "ledger.verify"),
    (lambda _m, p: p.startswith("/v1/ledger/"), "ledger.proofs"),
    # Whether a letter's digest is recorded: hashes, as the proofs are.
    (lambda _m, p: p == "/v1/access-responses/check", "ledger.proofs"),
    (
        lambda m, p: m == "GET" and (p.startswith("/v1/subjects/") or p.endswith("/compliance")),
        "reports.subject",
    ),
    (lambda m, p: m == "GET" and p.startswith("/v1/partners/"), "reports.partner"),
    (lambda _m, p: p == "/v1/subjects/resolve", "subjects.resolve"),
    (lambda m, _p: m == "GET", "reports.requests"),
    (lambda _m, _p: True, "record"),
]


def group_of(method: str, path: str) -> str:
    """Which matrix group each endpoint belongs to."""
    return next(group for rule, group in RULES if rule(method, path))


@pytest.fixture(scope="module")
def client_and_keys(tmp_path_factory: pytest.TempPathFactory) -> tuple[TestClient, dict[Role, str]]:
    location = SQLiteLocation(Path(tmp_path_factory.mktemp("roles")) / "l.sqlite3")
    service = open_service(location)
    store = PrincipalStore(service.app.database)
    keys = {}
    for role in Role:
        _, keys[role] = store.create(
            name=f"{role.value}-1",
            role=role,
            now=NOW,
            organisation=PARTNER_ORG if role is Role.PARTNER else None,
            subjects=[subject(1)] if role is Role.INVESTIGATOR else [],
            expires_at=NOW + timedelta(days=30) if role is Role.INVESTIGATOR else None,
        )
    return TestClient(create_app(service)), keys


def endpoints() -> list[tuple[str, str]]:
    """Every operation the OpenAPI document lists (so documentation and tests agree)."""
    service = open_service(SQLiteLocation(Path(tempfile.mkdtemp()) / "routes.sqlite3"))
    paths = create_app(service).openapi()["paths"]
    service.close()
    return sorted((method.upper(), path) for path, ops in paths.items() for method in ops)


def concrete(path: str) -> str:
    return (
        path.replace("{subject}", subject(1))
        .replace("{organisation}", PARTNER_ORG)
        .replace("{id}", "00000000-0000-4000-8000-000000000001")
        .replace("{restriction}", "RST-0")
        .replace("{position}", "0")
        .replace("{share_id}", "00000000-0000-4000-8000-000000000002")
        .replace("{change_id}", "00000000-0000-4000-8000-000000000003")
        .replace("{principal_id}", "aaaaaaaaaaaaaaaa")
        .replace("{level}", "0")
        .replace("{rest}", "000")
    )


ENDPOINTS = endpoints()
KEYED = [(m, p) for m, p in ENDPOINTS if group_of(m, p) != PUBLIC]
OPEN = [(m, p) for m, p in ENDPOINTS if group_of(m, p) == PUBLIC]


@pytest.mark.parametrize(("method", "path"), KEYED)
def test_every_endpoint_needs_a_key(
    client_and_keys: tuple[TestClient, dict[Role, str]], method: str, path: str
) -> None:
    """Without credentials, or with a made-up key, every endpoint answers 401."""
    client, _ = client_and_keys
    assert client.request(method, concrete(path), json={}).status_code == 401
    forged = {"Authorization": "Bearer sl_aaaaaaaaaaaaaaaa_" + "b" * 52}
    assert client.request(method, concrete(path), json={}, headers=forged).status_code == 401


@pytest.mark.parametrize(("method", "path"), KEYED)
@pytest.mark.parametrize("role", list(Role))
def test_each_role_reaches_exactly_its_endpoints(
    client_and_keys: tuple[TestClient, dict[Role, str]], method: str, path: str, role: Role
) -> None:
    """A role outside the endpoint's group gets 403; inside it, never 401 or 403."""
    client, keys = client_and_keys
    reply = client.request(
        method, concrete(path), json={}, headers={"Authorization": f"Bearer {keys[role]}"}
    )
    allowed = role in ROLE_MATRIX[group_of(method, path)]
    if allowed:
        assert reply.status_code not in (401, 403), reply.text
    else:
        assert reply.status_code == 403, reply.text


def test_the_public_endpoints_are_the_transparency_ones() -> None:
    """Exactly the /tlog/ and /v1/public/ reads are open; each is a GET."""
    assert OPEN
    assert all(method == "GET" for method, _ in OPEN)


@pytest.mark.parametrize(("method", "path"), OPEN)
@pytest.mark.parametrize("role", [None, *Role])
def test_a_public_endpoint_answers_anyone_alike(
    client_and_keys: tuple[TestClient, dict[Role, str]],
    method: str,
    path: str,
    role: Role | None,
) -> None:
    """No key, or any role's key: never 401 or 403 (a 404 before any checkpoint is fine)."""
    client, keys = client_and_keys
    headers = {} if role is None else {"Authorization": f"Bearer {keys[role]}"}
    reply = client.request(method, concrete(path), headers=headers)
    assert reply.status_code not in (401, 403), reply.text
