"""Recording endpoints: one per domain command, bodies generated from the domain's signatures.

Every reply lists the entries appended, with their chain positions and hashes.
A request with an ``Idempotency-Key`` header is applied at most once; its
retry gets the first reply.

The busiest routes of the API, so they run on the event loop and hold no
thread while they wait: the key is recalled from memory (security), a
command that only creates (an access, a share...) is decided there too (the
domain is pure: no I/O), one that changes an existing aggregate is decided in
the thread pool (it reads the ledger), and the append waits for the group
committer's transaction (context.append_async).
"""

# No `from __future__ import annotations` here: FastAPI reads the generated body
# models from the handlers' annotations at run time.

import json
from collections.abc import Mapping, Sequence
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request, Response, status
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool

from api.http.context import append_async, claim_for, state
from api.http.problems import ProblemError
from api.http.schemas import Appends, Batch, command_body
from api.http.security import ROLE_MATRIX, require
from api.service.commands import COMMANDS, Create, command_callable, decide
from ledger.application import Appended, Group
from ledger.principals import Principal

router = APIRouter(prefix="/v1")

IdempotencyKey = Annotated[
    str | None,
    Header(
        alias="Idempotency-Key",
        max_length=200,
        description="Apply at most once: a retry with the same key and body gets the first reply.",
    ),
]

# (path, command, tag); "{id}" in a path is the aggregate the command changes.
COMMAND_ROUTES: tuple[tuple[str, str, str], ...] = (
    ("/accesses", "record_access", "processing"),
    ("/shares", "record_share", "processing"),
    ("/sharing-decisions", "decline_sharing", "processing"),
    ("/rectifications", "record_rectification", "rectifications"),
    ("/rectifications/{id}/notices", "notify_recipient_of_rectification", "rectifications"),
    (
        "/rectifications/{id}/notice-exemptions",
        "exempt_recipient_of_rectification",
        "rectifications",
    ),
    ("/restrictions", "request_restriction", "restrictions"),
    ("/restrictions/{id}/application", "apply_restriction", "restrictions"),
    ("/restrictions/{id}/justifications", "justify_processing", "restrictions"),
    ("/restrictions/{id}/subject-informed", "inform_subject_of_lift", "restrictions"),
    ("/restrictions/{id}/lift", "lift_restriction", "restrictions"),
    ("/restrictions/{id}/notices", "notify_recipient_of_restriction", "restrictions"),
    ("/restrictions/{id}/notice-exemptions", "exempt_recipient_of_restriction", "restrictions"),
    ("/objections", "receive_objection", "objections"),
    ("/objections/{id}/decision", "decide_objection", "objections"),
    ("/rights-requests", "receive_request", "rights requests"),
    (
        "/rights-requests/{id}/identity-information",
        "receive_identity_information",
        "rights requests",
    ),
    ("/rights-requests/{id}/identity-verification", "verify_identity", "rights requests"),
    ("/rights-requests/{id}/pause", "pause_clock", "rights requests"),
    ("/rights-requests/{id}/resumption", "resume_clock", "rights requests"),
    ("/rights-requests/{id}/extension", "extend_deadline", "rights requests"),
    ("/rights-requests/{id}/fulfilment", "fulfil_request", "rights requests"),
    ("/rights-requests/{id}/refusal", "refuse_request", "rights requests"),
)

ADMIN_ROUTES: tuple[tuple[str, str, str], ...] = (
    ("/partners", "register_partner", "administration"),
    ("/agreements", "register_agreement", "administration"),
)


async def _appends(
    request: Request,
    commands: list[dict[str, Any]],
    principal: Principal,
    key: str | None,
    body: bytes,
) -> Response:
    app = state(request).service.app
    if _creates_only(commands):
        aggregates = decide(app, commands)  # new aggregates only: pure, no I/O
    else:
        aggregates = await run_in_threadpool(decide, app, commands)  # reads the ledger
    claim = claim_for(request, principal, key, body)
    appended = await append_async(request, Group(tuple(aggregates), claim))
    return _created(appended)


def _creates_only(commands: Sequence[object]) -> bool:
    """Whether every command creates a new aggregate (and so needs no read to decide)."""
    for command in commands:
        name = command.get("command") if isinstance(command, Mapping) else None
        if not isinstance(name, str) or not isinstance(COMMANDS.get(name), Create):
            return False
    return True


def _created(appended: Sequence[Appended]) -> Response:
    """The 201 reply (the `Appends` model's JSON, written directly: the busiest reply)."""
    entries = [a.public() for a in appended]
    content = json.dumps({"entries": entries}, separators=(",", ":")).encode()
    return Response(content, status.HTTP_201_CREATED, media_type="application/json")


def _register(path: str, command: str, tag: str, group: str) -> None:
    model = command_body(command)
    guard = require(*ROLE_MATRIX[group])
    changes = "{id}" in path

    async def handler(
        request: Request,
        body: model,  # type: ignore[valid-type] # generated from the domain's signature
        principal: Annotated[Principal, Depends(guard)],
        idempotency_key: IdempotencyKey = None,
        id: UUID | None = None,  # noqa: A002 - the path parameter's public name
    ) -> Response:
        # Python values straight to the domain (no JSON round trip); the
        # idempotency hash still sees a stable text form of the same fields.
        fields: dict[str, Any] = cast("BaseModel", body).model_dump(exclude_unset=True)
        commands = [{"command": command, **fields, **({"id": str(id)} if changes else {})}]
        raw = json.dumps(fields, sort_keys=True, default=str).encode()
        return await _appends(request, commands, principal, idempotency_key, raw)

    handler.__name__ = command
    handler.__doc__ = (command_callable(command).__doc__ or command.replace("_", " ")).strip()
    router.add_api_route(
        path,
        handler,
        methods=["POST"],
        status_code=status.HTTP_201_CREATED,
        response_model=Appends,
        tags=[tag],
        summary=command.replace("_", " ").capitalize(),
    )


BATCHABLE = frozenset(command for _path, command, _tag in COMMAND_ROUTES)

for _path, _command, _tag in COMMAND_ROUTES:
    _register(_path, _command, _tag, "record")
for _path, _command, _tag in ADMIN_ROUTES:
    _register(_path, _command, _tag, "admin")


@router.post(
    "/batch",
    status_code=status.HTTP_201_CREATED,
    response_model=Appends,
    tags=["processing"],
    summary="Several commands, committed together or not at all",
)
async def batch(
    request: Request,
    body: Batch,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["record"]))],
    idempotency_key: IdempotencyKey = None,
) -> Response:
    """Each command is an object with a `command` name and that command's fields."""
    unknown = {str(c.get("command")) for c in body.commands} - BATCHABLE
    if unknown:
        raise ProblemError(
            status.HTTP_403_FORBIDDEN,
            "Command not allowed in a batch",
            "a batch may hold recording commands only: " + ", ".join(sorted(unknown)),
            type_suffix="command-not-batchable",
        )
    raw = json.dumps(body.commands, sort_keys=True).encode()
    return await _appends(request, list(body.commands), principal, idempotency_key, raw)
