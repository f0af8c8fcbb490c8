"""The HTTP API's plumbing on a tiny app: 401 vs 403, scopes, problem documents for every
error, the body limit, request ids and the access log (which never holds keys, paths or bodies)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, MutableMapping
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Annotated, Any, Literal

import pytest
from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.testclient import TestClient
from pydantic import BaseModel, Field
from structlog.testing import capture_logs

from api.http.middleware import install_middleware
from api.http.problems import MEDIA_TYPE, PROBLEM_BASE, ProblemError, install_problem_handlers
from api.http.security import ROLE_MATRIX, require, require_own_organisation
from api.service.commands import CommandError, ConflictingCommands
from api.service.composition import open_ledger
from api.service.group_commit import NotRecorded
from ledger.application import AlreadyRecorded, IdempotencyConflict, NotFound
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.principals import Principal, Role
from ledger.storage.config import SQLiteLocation
from ledger.storage.principal_store import PrincipalStore

SUBJECT = "sr_" + "d" * 26
OTHER_SUBJECT = "sr_" + "e" * 26
LIMIT = 1024
SECRET_MESSAGE = "psycopg: duplicate key (nhs_number)=(943 476 5919)"

router = APIRouter(prefix="/v1")
SubjectReader = Annotated[
    Principal, Depends(require(*ROLE_MATRIX["reports.subject"], subject_param="subject"))
]
PartnerReader = Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.partner"]))]
Recorder = Annotated[Principal, Depends(require(*ROLE_MATRIX["record"]))]


class Access(BaseModel):
    subject: str
    count: int
    note: str = Field(default="", max_length=10_000)


class Share(BaseModel):
    kind: Literal["share"]
    recipient: str


class Decline(BaseModel):
    kind: Literal["decline"]
    reason: str


class Decision(BaseModel):
    decision: Annotated[Share | Decline, Field(discriminator="kind")]


@router.get("/subjects/{subject}/history")
def history(subject: str, principal: SubjectReader) -> dict[str, str]:
    return {"subject": subject, "principal": principal.id}


@router.get("/partners/{organisation}/shares")
def partner_shares(organisation: str, principal: PartnerReader) -> dict[str, str]:
    require_own_organisation(principal, organisation)
    return {"organisation": organisation}


@router.post("/accesses")
def record(body: Access, _principal: Recorder) -> dict[str, int]:
    return {"count": body.count}


@router.post("/decisions")
def decide(body: Decision, _principal: Recorder) -> dict[str, str]:
    return {"kind": body.decision.kind}


@router.post("/raw")
async def raw(request: Request) -> dict[str, int]:
    return {"bytes": len(await request.body())}


ERRORS: dict[str, Exception] = {
    "validation": ValidationError("purpose", "must be a DPV purpose", ["dpv:A", "dpv:B"]),
    "command": CommandError(3, ValidationError("subject", "must be a subject reference")),
    "transition": InvalidTransition("the restriction was never applied"),
    "recorded": AlreadyRecorded("an entry with the same identity is already in the ledger"),
    "missing": NotFound("no restriction with that id"),
    "idempotency": IdempotencyConflict("this Idempotency-Key was already used"),
    "problem": ProblemError(418, "Teapot", "short and stout", type_suffix="teapot"),
    "conflicting": ConflictingCommands(0, 1),
    "busy": NotRecorded("the ledger was busy and nothing was recorded"),
    "crash": RuntimeError(SECRET_MESSAGE),
}


@router.get("/errors/{kind}")
def fail(kind: str) -> None:
    raise ERRORS[kind]


def build_app(store: PrincipalStore, clock: Clock) -> FastAPI:
    app = FastAPI()
    install_problem_handlers(app)
    install_middleware(app, max_body_bytes=LIMIT)
    app.include_router(router)
    app.state.principals = store
    app.state.clock = clock
    return app


@dataclass
class Clock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@dataclass
class Keys:
    source: str
    dpo: str
    auditor: str
    admin: str
    police: str
    investigator: str
    investigator_id: str


@pytest.fixture
def store(tmp_path: Path) -> Iterator[PrincipalStore]:
    app = open_ledger(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    principals = PrincipalStore(app.database)
    principals.ensure_table()
    try:
        yield principals
    finally:
        app.close()


@pytest.fixture
def clock(now: datetime) -> Clock:
    return Clock(now)


@pytest.fixture
def keys(store: PrincipalStore, now: datetime) -> Keys:
    def key(role: Role, **scope: Any) -> tuple[Principal, str]:
        return store.create(name=role.value, role=role, now=now, **scope)

    investigator, investigator_key = key(
        Role.INVESTIGATOR, subjects=[SUBJECT], expires_at=now + timedelta(days=30)
    )
    return Keys(
        source=key(Role.SOURCE_SYSTEM)[1],
        dpo=key(Role.DPO)[1],
        auditor=key(Role.AUDITOR)[1],
        admin=key(Role.ADMIN)[1],
        police=key(Role.PARTNER, organisation="westshire-police")[1],
        investigator=investigator_key,
        investigator_id=investigator.id,
    )


@pytest.fixture
def client(store: PrincipalStore, clock: Clock) -> TestClient:
    # Server errors are answered, not raised: the test sees what a caller would.
    return TestClient(build_app(store, clock), raise_server_exceptions=False)


def bearer(api_key: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {api_key}"}


def problem(response: Any, status: int, slug: str) -> dict[str, Any]:
    """Check the response is a problem document of that status and type; return its body."""
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == MEDIA_TYPE
    body: dict[str, Any] = response.json()
    assert body["type"] == PROBLEM_BASE + slug
    assert body["status"] == status
    assert body["title"]
    assert body["detail"]
    assert body["instance"] == response.request.url.path
    assert body["request_id"] == response.headers["x-request-id"]
    return body


# -- 401: who are you? -------------------------------------------------------------------
def test_no_key_is_401_with_a_bearer_challenge(client: TestClient) -> None:
    """Without credentials: 401, WWW-Authenticate: Bearer, a problem document."""
    response = client.get(f"/v1/subjects/{SUBJECT}/history")
    problem(response, 401, "unauthenticated")
    assert response.headers["www-authenticate"].startswith("Bearer")


@pytest.mark.parametrize(
    "headers",
    [
        {"Authorization": "Bearer not-a-key"},
        {"Authorization": f"Bearer sl_{'a' * 16}_{'b' * 52}"},
        {"Authorization": "Basic dXNlcjpwYXNz"},
        {"X-API-Key": "sl_nonsense"},
    ],
    ids=["malformed", "unknown", "other scheme", "bad x-api-key"],
)
def test_a_bad_key_is_401_invalid_token(client: TestClient, headers: dict[str, str]) -> None:
    """A key that is presented but not accepted: 401 with error="invalid_token"."""
    response = client.get(f"/v1/subjects/{SUBJECT}/history", headers=headers)
    problem(response, 401, "unauthenticated")
    assert 'error="invalid_token"' in response.headers["www-authenticate"]


def test_a_revoked_key_is_401(client: TestClient, store: PrincipalStore, now: datetime) -> None:
    """A key that worked is refused with 401 as soon as it is revoked."""
    principal, api_key = store.create(name="DPO", role=Role.DPO, now=now)
    path = f"/v1/subjects/{SUBJECT}/history"
    assert client.get(path, headers=bearer(api_key)).status_code == 200
    store.revoke(principal.id, now)
    problem(client.get(path, headers=bearer(api_key)), 401, "unauthenticated")


def test_an_expired_key_is_401(client: TestClient, clock: Clock, keys: Keys) -> None:
    """The investigator's key works until its expiry, by the app's clock, then 401."""
    path = f"/v1/subjects/{SUBJECT}/history"
    assert client.get(path, headers=bearer(keys.investigator)).status_code == 200
    clock.now += timedelta(days=31)
    problem(client.get(path, headers=bearer(keys.investigator)), 401, "unauthenticated")


def test_the_x_api_key_header_is_accepted(client: TestClient, keys: Keys) -> None:
    """X-API-Key carries a key as well as Authorization: Bearer does."""
    response = client.get(f"/v1/subjects/{SUBJECT}/history", headers={"X-API-Key": keys.dpo})
    assert response.status_code == 200


# -- 403: you may not ----------------------------------------------------------------------
@pytest.mark.parametrize("who", ["auditor", "source", "police", "admin"])
def test_a_known_principal_outside_its_role_is_403(
    client: TestClient, keys: Keys, who: str
) -> None:
    """Known but not allowed, admin included (admin is not a superuser): 403, not 401."""
    response = client.get(f"/v1/subjects/{SUBJECT}/history", headers=bearer(getattr(keys, who)))
    problem(response, 403, "wrong-role")


def test_an_investigator_sees_only_the_subjects_on_its_key(client: TestClient, keys: Keys) -> None:
    """Its own subject: 200; any other: 403 subject-out-of-scope."""
    mine = client.get(f"/v1/subjects/{SUBJECT}/history", headers=bearer(keys.investigator))
    assert mine.status_code == 200
    other = client.get(f"/v1/subjects/{OTHER_SUBJECT}/history", headers=bearer(keys.investigator))
    problem(other, 403, "subject-out-of-scope")


def test_the_dpo_is_not_limited_to_subjects(client: TestClient, keys: Keys) -> None:
    """The subject scope narrows investigators only."""
    response = client.get(f"/v1/subjects/{OTHER_SUBJECT}/history", headers=bearer(keys.dpo))
    assert response.status_code == 200


def test_a_partner_acts_only_for_its_own_organisation(client: TestClient, keys: Keys) -> None:
    """Its own organisation: 200; another: 403 other-organisation. The DPO sees any."""
    police = bearer(keys.police)
    assert client.get("/v1/partners/westshire-police/shares", headers=police).status_code == 200
    problem(
        client.get("/v1/partners/westshire-nhs/shares", headers=police), 403, "other-organisation"
    )
    dpo = bearer(keys.dpo)
    assert client.get("/v1/partners/westshire-nhs/shares", headers=dpo).status_code == 200


def test_the_role_matrix_names_every_group_and_no_implicit_superuser() -> None:
    """Every endpoint group is listed; admin is in only admin and status."""
    assert set(ROLE_MATRIX) == {
        "record",
        "receipts",
        "reports.subject",
        "reports.partner",
        "reports.requests",
        "subjects.resolve",
        "ledger.status",
        "ledger.verify",
        "ledger.proofs",
        "admin",
    }
    assert {g for g, roles in ROLE_MATRIX.items() if Role.ADMIN in roles} == {
        "admin",
        "ledger.status",
    }
    assert {g for g, roles in ROLE_MATRIX.items() if Role.AUDITOR in roles} == {
        "ledger.status",
        "ledger.verify",
        "ledger.proofs",
    }


# -- Problem documents for every mapped error --------------------------------------------
@pytest.mark.parametrize(
    ("kind", "status", "slug"),
    [
        ("validation", 422, "invalid-field"),
        ("command", 422, "invalid-command"),
        ("transition", 409, "invalid-transition"),
        ("recorded", 409, "already-recorded"),
        ("missing", 404, "not-found"),
        ("idempotency", 422, "idempotency-key-reused"),
        ("problem", 418, "teapot"),
        ("conflicting", 409, "conflicting-commands"),
        ("busy", 503, "not-recorded"),
    ],
)
def test_each_error_is_a_problem_document(
    client: TestClient, kind: str, status: int, slug: str
) -> None:
    """Each error the ledger raises maps to its status and problem type."""
    problem(client.get(f"/v1/errors/{kind}"), status, slug)


def test_a_request_withdrawn_unrecorded_says_retry(client: TestClient) -> None:
    """NotRecorded is a 503 with Retry-After: the caller may safely send it again."""
    reply = client.get("/v1/errors/busy")
    assert problem(reply, 503, "not-recorded")["detail"].endswith("nothing was recorded")
    assert reply.headers["retry-after"] == "1"


def test_conflicting_commands_name_both_indexes(client: TestClient) -> None:
    """Two commands of a batch that would record the same entry: 409 naming both."""
    assert problem(client.get("/v1/errors/conflicting"), 409, "conflicting-commands")[
        "indexes"
    ] == [0, 1]


def test_a_domain_validation_error_names_field_reason_and_allowed_terms(
    client: TestClient,
) -> None:
    """The field, the reason and the closed vocabulary's terms are in `errors`."""
    body = problem(client.get("/v1/errors/validation"), 422, "invalid-field")
    assert body["errors"] == [
        {"field": "purpose", "reason": "must be a DPV purpose", "allowed": ["dpv:A", "dpv:B"]}
    ]


def test_a_command_error_names_the_command_index(client: TestClient) -> None:
    """In a batch, the problem says which command (0-based) and which field."""
    body = problem(client.get("/v1/errors/command"), 422, "invalid-command")
    assert body["index"] == 3
    assert body["errors"][0]["field"] == "subject"


def test_request_validation_names_each_field_and_never_echoes_input(
    client: TestClient, keys: Keys
) -> None:
    """Pydantic's errors become `errors` with field and reason; the values sent appear nowhere."""
    response = client.post(
        "/v1/accesses",
        headers=bearer(keys.source),
        json={"subject": "Jane Doe", "count": "nine hundred and forty-three"},
    )
    body = problem(response, 422, "invalid-request")
    assert [e["field"] for e in body["errors"]] == ["body.count"]
    assert body["errors"][0]["reason"]
    assert "nine hundred" not in response.text
    assert "Jane Doe" not in response.text


def test_a_union_tag_sent_is_not_quoted_back(client: TestClient, keys: Keys) -> None:
    """pydantic quotes a wrong discriminator; the problem document does not."""
    response = client.post(
        "/v1/decisions", headers=bearer(keys.source), json={"decision": {"kind": "Jane Doe"}}
    )
    body = problem(response, 422, "invalid-request")
    assert body["errors"][0]["field"] == "body.decision"
    assert "Jane Doe" not in response.text


def test_invalid_json_is_a_problem(client: TestClient, keys: Keys) -> None:
    """A body that is not JSON: 422 naming the body, not a bare error."""
    response = client.post(
        "/v1/accesses",
        headers={**bearer(keys.source), "Content-Type": "application/json"},
        content=b'{"subject": "Jane',
    )
    problem(response, 422, "invalid-request")
    assert "Jane" not in response.text


def test_an_unknown_route_and_a_wrong_method_are_problems(client: TestClient) -> None:
    """Routing's own 404 and 405 are problem documents too; 405 keeps its Allow header."""
    problem(client.get("/v1/nowhere"), 404, "not-found")
    response = client.delete(f"/v1/subjects/{SUBJECT}/history")
    problem(response, 405, "method-not-allowed")
    assert "GET" in response.headers["allow"]


def test_a_crash_is_an_opaque_500_that_leaks_nothing(client: TestClient) -> None:
    """The 500 problem has only the standard members; the message is neither sent nor logged."""
    with capture_logs() as logs:
        response = client.get("/v1/errors/crash")
    body = problem(response, 500, "internal-error")
    assert set(body) == {"type", "title", "status", "detail", "instance", "request_id"}
    assert "943 476 5919" not in response.text  # not "943": a random request id may hold it
    assert "psycopg" not in response.text
    unhandled = [e for e in logs if e["event"] == "http.unhandled"]
    assert unhandled == [
        {
            "event": "http.unhandled",
            "error": "RuntimeError",
            "request_id": body["request_id"],
            "log_level": "error",
        }
    ]
    assert "943" not in repr(logs)


def test_the_500_handler_alone_answers_with_a_problem(store: PrincipalStore) -> None:
    """Without the middleware, the installed handler still answers a crash with a 500 problem."""
    app = FastAPI()
    install_problem_handlers(app)
    app.include_router(router)
    app.state.principals = store
    with capture_logs():
        response = TestClient(app, raise_server_exceptions=False).get("/v1/errors/crash")
    assert response.status_code == 500
    assert response.headers["content-type"] == MEDIA_TYPE
    assert response.json()["type"] == PROBLEM_BASE + "internal-error"
    assert "943 476 5919" not in response.text  # not "943": a random request id may hold it


# -- The body limit ----------------------------------------------------------------------
def test_a_declared_oversized_body_is_refused_unread(client: TestClient, keys: Keys) -> None:
    """Content-Length over the limit: 413 problem before routing or authentication runs."""
    response = client.post("/v1/accesses", headers=bearer(keys.source), content=b"x" * (LIMIT + 1))
    body = problem(response, 413, "body-too-large")
    assert str(LIMIT) in body["detail"]


def test_a_chunked_oversized_body_is_refused_as_it_streams(client: TestClient) -> None:
    """No Content-Length: counted as it arrives, refused with 413 once past the limit."""

    def chunks() -> Iterator[bytes]:
        for _ in range(8):
            yield b"x" * 512

    response = client.post("/v1/raw", content=chunks())
    assert "content-length" not in response.request.headers
    problem(response, 413, "body-too-large")


def test_a_chunked_body_under_the_limit_gets_through(client: TestClient) -> None:
    """A streamed body within the limit reaches the route whole."""

    def chunks() -> Iterator[bytes]:
        yield b"x" * 500
        yield b"y" * 500

    response = client.post("/v1/raw", content=chunks())
    assert response.json() == {"bytes": 1000}


def test_an_oversized_json_body_is_refused_by_a_model_route(client: TestClient, keys: Keys) -> None:
    """A model-bound route refuses a large streamed JSON body with 413, not 400 or 422."""

    def chunks() -> Iterator[bytes]:
        yield b'{"subject": "x", "count": 1, "note": "'
        for _ in range(4):
            yield b"n" * 512
        yield b'"}'

    response = client.post(
        "/v1/accesses",
        headers={**bearer(keys.source), "Content-Type": "application/json"},
        content=chunks(),
    )
    problem(response, 413, "body-too-large")


# -- Request ids and the access log ------------------------------------------------------
def test_a_sane_request_id_is_echoed(client: TestClient) -> None:
    """An incoming X-Request-ID of plain characters comes back unchanged."""
    response = client.get("/v1/nowhere", headers={"X-Request-ID": "lb-7f3a.42"})
    assert response.headers["x-request-id"] == "lb-7f3a.42"
    assert response.json()["request_id"] == "lb-7f3a.42"


@pytest.mark.parametrize("incoming", ["", "a" * 200, "<script>", "id with spaces"])
def test_an_odd_request_id_is_replaced(client: TestClient, incoming: str) -> None:
    """Empty, long or odd ids (they reach logs) are replaced by a fresh one."""
    response = client.get("/v1/nowhere", headers={"X-Request-ID": incoming})
    assert response.headers["x-request-id"] != incoming
    assert len(response.headers["x-request-id"]) == 32


def test_every_response_gets_a_request_id(client: TestClient, keys: Keys) -> None:
    """Without an incoming id, a successful response still carries a fresh one."""
    response = client.get(f"/v1/subjects/{SUBJECT}/history", headers=bearer(keys.dpo))
    assert response.status_code == 200
    assert len(response.headers["x-request-id"]) == 32


def test_the_access_log_has_template_and_principal_but_no_key_path_or_body(
    client: TestClient, keys: Keys
) -> None:
    """One line per request: id, principal, method, route template, status, latency; no secrets."""
    with capture_logs() as logs:
        response = client.get(
            f"/v1/subjects/{SUBJECT}/history?note=Jane", headers=bearer(keys.investigator)
        )
    (line,) = [e for e in logs if e["event"] == "http.request"]
    assert line["route"] == "/v1/subjects/{subject}/history"
    assert line["principal"] == keys.investigator_id
    assert line["request_id"] == response.headers["x-request-id"]
    assert (line["method"], line["status"]) == ("GET", 200)
    assert isinstance(line["latency_ms"], float)
    assert set(line) == {
        "event",
        "log_level",
        "request_id",
        "principal",
        "method",
        "route",
        "status",
        "latency_ms",
    }
    text = repr(logs)
    assert keys.investigator not in text
    assert keys.investigator.rsplit("_", 1)[1] not in text
    assert SUBJECT not in text
    assert "Jane" not in text


def test_the_access_log_holds_no_body(client: TestClient, keys: Keys) -> None:
    """A recorded body's values do not reach the log; a refused request is logged too."""
    with capture_logs() as logs:
        client.post(
            "/v1/accesses",
            headers=bearer(keys.source),
            json={"subject": SUBJECT, "count": 1, "note": "seen by Dr Jane Doe"},
        )
        client.get(f"/v1/subjects/{SUBJECT}/history", headers=bearer(keys.auditor))
    lines = [e for e in logs if e["event"] == "http.request"]
    assert [(e["route"], e["status"]) for e in lines] == [
        ("/v1/accesses", 200),
        ("/v1/subjects/{subject}/history", 403),
    ]
    assert all(e["principal"] for e in lines)
    assert "Jane" not in repr(logs)
    assert SUBJECT not in repr(logs)


def test_an_unmatched_or_refused_request_is_logged_without_its_path(client: TestClient) -> None:
    """No route template before routing (a 404, a 413 on Content-Length); a 401 has no principal."""
    with capture_logs() as logs:
        client.get(f"/v1/people/{SUBJECT}")
        client.post("/v1/raw", content=b"x" * (LIMIT + 1))
        client.get(f"/v1/subjects/{SUBJECT}/history")
    lines = [
        (e["route"], e["status"], e["principal"]) for e in logs if e["event"] == "http.request"
    ]
    assert lines == [
        (None, 404, None),
        (None, 413, None),
        (
            "/v1/subjects/{subject}/history",
            401,
            None,
        ),
    ]
    assert SUBJECT not in repr(logs)


@pytest.mark.parametrize(
    "target",
    [
        "/v1/partners/a%00b/shares",  # a NUL in a path segment (PostgreSQL refuses NUL in text)
        "/v1/subjects/x/history?category=pd%00Health",  # a NUL in a query value
        "/v1/subjects/x/history?category=%1b%5b2J",  # an escape sequence
        "/v1/subjects/x/history?category=%ff%fe",  # bytes that are not UTF-8
    ],
)
def test_a_path_or_query_no_store_can_hold_is_a_400(client: TestClient, target: str) -> None:
    """A control character or broken UTF-8 in a path or query is refused before any route
    runs: a 400 problem, never a 500 from deep in a query."""
    problem(client.get(target), 400, "bad-request")


def test_a_body_that_stalls_is_cut_off_with_a_408() -> None:
    """A client trickling its body holds no connection for ever: past the body's deadline,
    a 408 problem."""
    app = FastAPI()
    install_problem_handlers(app)
    install_middleware(app, max_body_bytes=LIMIT, body_seconds=0.2)
    app.include_router(router)
    sent: list[MutableMapping[str, Any]] = []

    async def stalled() -> MutableMapping[str, Any]:
        await asyncio.sleep(5)
        return {"type": "http.request", "body": b"", "more_body": False}

    async def collect(message: MutableMapping[str, Any]) -> None:
        sent.append(message)

    scope = {
        "type": "http",
        "method": "POST",
        "path": "/v1/raw",
        "raw_path": b"/v1/raw",
        "query_string": b"",
        "headers": [],
    }
    # A loop of its own, in a thread: the browser tests' Playwright keeps one running in
    # the main thread for the whole session, and asyncio.run refuses to nest in it.
    with ThreadPoolExecutor(1) as pool:
        pool.submit(asyncio.run, asyncio.wait_for(app(scope, stalled, collect), timeout=3)).result()
    assert sent[0]["status"] == 408
