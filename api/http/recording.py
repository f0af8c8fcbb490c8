"""Recording endpoints: one per domain command, bodies generated from the domain's signatures.

Every reply lists the entries appended, with their chain positions and hashes.
A request with an ``Idempotency-Key`` header is applied at most once; its
retry gets the first reply.
"""

# No `from __future__ import annotations` here: FastAPI reads the generated body
# models from the handlers' annotations at run time.

import json
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Request, status
from pydantic import BaseModel

from api.http.context import append, claim_for, state
from api.http.problems import ProblemError
from api.http.schemas import Appends, Batch, Entry, command_body
from api.http.security import ROLE_MATRIX, require
from ledger.application import Group
from ledger.commands import command_callable, decide
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
    ("/restrictions", "request_restriction", "restrictions"),
    ("/restrictions/{id}/application", "apply_restriction", "restrictions"),
    ("/restrictions/{id}/justifications", "justify_processing", "restrictions"),
    ("/restrictions/{id}/subject-informed", "inform_subject_of_lift", "restrictions"),
    ("/restrictions/{id}/lift", "lift_restriction", "restrictions"),
    ("/restrictions/{id}/notices", "notify_recipient_of_restriction", "restrictions"),
    ("/objections", "receive_objection", "objections"),
    ("/objections/{id}/decision", "decide_objection", "objections"),
    ("/rights-requests", "receive_request", "rights requests"),
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


def _appends(
    request: Request,
    commands: list[dict[str, Any]],
    principal: Principal,
    key: str | None,
    body: bytes,
) -> Appends:
    service = state(request).service
    aggregates = decide(service.app, commands)
    claim = claim_for(request, principal, key, body)
    appended = append(request, Group(tuple(aggregates), claim))
    return Appends(entries=[Entry.of(a) for a in appended])


def _register(path: str, command: str, tag: str, group: str) -> None:
    model = command_body(command)
    guard = require(*ROLE_MATRIX[group])
    changes = "{id}" in path

    def handler(
        request: Request,
        body: model,  # type: ignore[valid-type] # generated from the domain's signature
        principal: Annotated[Principal, Depends(guard)],
        idempotency_key: IdempotencyKey = None,
        id: UUID | None = None,  # noqa: A002 - the path parameter's public name
    ) -> Appends:
        # Python values straight to the domain (no JSON round trip); the
        # idempotency hash still sees a stable text form of the same fields.
        fields: dict[str, Any] = cast("BaseModel", body).model_dump(exclude_unset=True)
        commands = [{"command": command, **fields, **({"id": str(id)} if changes else {})}]
        raw = json.dumps(fields, sort_keys=True, default=str).encode()
        return _appends(request, commands, principal, idempotency_key, raw)

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
    tags=["processing"],
    summary="Several commands, committed together or not at all",
)
def batch(
    request: Request,
    body: Batch,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["record"]))],
    idempotency_key: IdempotencyKey = None,
) -> Appends:
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
    return _appends(request, list(body.commands), principal, idempotency_key, raw)
