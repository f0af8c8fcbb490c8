"""RFC 9457 problem documents (``application/problem+json``) for every error the API returns.

Each problem has a ``type`` URI under :data:`PROBLEM_BASE` (one slug per kind
of problem, listed in docs/api-security.md), a ``title`` that is the same for
every instance of that type, a ``detail`` for this occurrence, the
``instance`` (the request path, never its query string) and the
``request_id`` the access log carries. Field errors name the field and the
reason and, for closed vocabularies, the allowed terms; they never echo the
value sent, which may be personal data.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from http import HTTPStatus
from typing import Any, TypeVar
from uuid import uuid4

import structlog
from fastapi import FastAPI
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from api.service.commands import CommandError, ConflictingCommands
from api.service.group_commit import NotRecorded
from api.service.receipt_filing import DocumentMismatchError, ForeignShareError, UnknownShareError
from ledger.application import AlreadyRecorded, IdempotencyConflict, NotFound
from ledger.domain.errors import DomainError, InvalidTransition, ValidationError
from ledger.domain.receipts import BadSignatureError, UnknownKeyError
from projections.faults import (
    ProjectionLagging,
    ProjectorSilent,
    ReadModelStalled,
    ReadSideUnavailable,
)

PROBLEM_BASE = "https://sharing-ledger.example/problems/"
MEDIA_TYPE = "application/problem+json"

# Slugs for problems raised as plain HTTP errors (routing, the body limit).
HTTP_SLUGS: Mapping[int, str] = {
    400: "bad-request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not-found",
    405: "method-not-allowed",
    406: "not-acceptable",
    408: "request-timeout",
    413: "body-too-large",
    415: "unsupported-media-type",
    422: "unprocessable",
    429: "too-many-requests",
}
# The members a problem always has; `extra` may add to them, never replace them.
_RESERVED = frozenset({"type", "title", "status", "detail", "instance", "request_id"})

E = TypeVar("E", bound=Exception)
Handler = Callable[[Request, Exception], Awaitable[Response]]


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem, before it knows which request it answers."""

    status: int
    title: str
    detail: str
    slug: str
    extra: Mapping[str, Any] = field(default_factory=dict)
    headers: Mapping[str, str] = field(default_factory=dict)


class ProblemError(Exception):
    """Raise from a route or a dependency to answer with a problem document.

    ``type_suffix`` is the slug of the problem's ``type`` URI; without one, the
    status's generic slug (``not-found``, ``forbidden``...) is used.
    """

    def __init__(
        self,
        status: int,
        title: str,
        detail: str,
        *,
        type_suffix: str | None = None,
        extra: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        slug = type_suffix or http_slug(status)
        super().__init__(f"{status} {slug}: {detail}")
        self.problem = Problem(status, title, detail, slug, extra or {}, headers or {})


class ProblemResponse(JSONResponse):
    media_type = MEDIA_TYPE


def http_slug(status: int) -> str:
    return HTTP_SLUGS.get(status, f"http-{status}")


def request_id_of(state: Mapping[str, Any]) -> str:
    """The request id the middleware set (a fresh one if it did not run)."""
    found = state.get("request_id")
    return found if isinstance(found, str) else uuid4().hex


def problem_response(problem: Problem, *, instance: str, request_id: str) -> Response:
    """The HTTP response for ``problem``, answering the request at ``instance``."""
    if problem.status < 200 or problem.status in (204, 304):
        return Response(status_code=problem.status, headers=dict(problem.headers))
    body = {key: value for key, value in problem.extra.items() if key not in _RESERVED}
    body.update(
        type=PROBLEM_BASE + problem.slug,
        title=problem.title,
        status=problem.status,
        detail=problem.detail,
        instance=instance,
        request_id=request_id,
    )
    return ProblemResponse(body, status_code=problem.status, headers=dict(problem.headers))


def respond(request: Request, problem: Problem) -> Response:
    return problem_response(
        problem, instance=request.url.path, request_id=request_id_of(request.scope.get("state", {}))
    )


# -- From each kind of error to a problem ---------------------------------------
def from_problem_error(error: ProblemError) -> Problem:
    return error.problem


def from_request_validation(error: RequestValidationError) -> Problem:
    errors = [_field_error(e) for e in error.errors()]
    fields = ", ".join(e["field"] for e in errors)
    return Problem(
        422,
        "The request is not valid",
        f"{len(errors)} invalid field(s): {fields}",
        "invalid-request",
        {"errors": errors},
    )


def _field_error(error: Mapping[str, Any]) -> dict[str, Any]:
    loc = [str(part) for part in error.get("loc", ())]
    sent = [*_strings(error.get("input")), *_strings(error.get("ctx", {}).get("tag"))]
    return {
        "field": ".".join(loc),
        "loc": loc,
        "reason": _scrub(str(error.get("msg", "is not valid")), sent),
        "code": str(error.get("type", "invalid")),
    }


def _strings(value: Any, depth: int = 3) -> list[str]:
    """The scalar values inside what was sent (a few levels deep), as text."""
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return [str(value)] if str(value) else []
    if depth == 0:
        return []
    if isinstance(value, Mapping):
        return [s for item in value.values() for s in _strings(item, depth - 1)]
    if isinstance(value, list | tuple):
        return [s for item in value for s in _strings(item, depth - 1)]
    return []


def _scrub(reason: str, sent: Sequence[str]) -> str:
    """Remove quoted copies of what was sent from a pydantic message.

    pydantic's messages name what was expected, but a few (a wrong union tag,
    say) quote the value sent, and that value may be personal data.
    """
    for value in sent:
        for quoted in (f"'{value}'", f'"{value}"'):
            reason = reason.replace(quoted, "(the value sent)")
    return reason


def from_validation(error: ValidationError) -> Problem:
    return Problem(
        422,
        "A field is not valid",
        str(error),
        "invalid-field",
        {"errors": [_domain_field(error)]},
    )


def from_command(error: CommandError) -> Problem:
    return Problem(
        422,
        "A command is not valid; nothing was recorded",
        str(error),
        "invalid-command",
        {"index": error.index, "errors": [_domain_field(error)]},
    )


def _domain_field(error: ValidationError) -> dict[str, Any]:
    described: dict[str, Any] = {"field": error.field, "reason": error.reason}
    if error.allowed:
        described["allowed"] = list(error.allowed)
    return described


def from_invalid_transition(error: InvalidTransition) -> Problem:
    return Problem(409, "Not allowed in the current state", str(error), "invalid-transition")


def from_already_recorded(error: AlreadyRecorded) -> Problem:
    return Problem(409, "Already recorded", str(error), "already-recorded")


def from_conflicting_commands(error: ConflictingCommands) -> Problem:
    return Problem(
        409,
        "Two commands record the same entry",
        str(error),
        "conflicting-commands",
        extra={"indexes": list(error.indexes)},
    )


def from_not_recorded(error: NotRecorded) -> Problem:
    # Nothing was appended: the request was withdrawn before any transaction took it.
    return Problem(
        503, "Busy; nothing was recorded", str(error), "not-recorded", headers={"Retry-After": "1"}
    )


def from_not_found(error: NotFound) -> Problem:
    return Problem(404, "Not found", str(error), "not-found")


def from_idempotency_conflict(error: IdempotencyConflict) -> Problem:
    # 422, as the IETF Idempotency-Key draft advises for a key reused with another body.
    return Problem(422, "Idempotency-Key reused", str(error), "idempotency-key-reused")


def from_unknown_share(error: UnknownShareError) -> Problem:
    return Problem(404, "Not found", str(error), "not-found")


def from_foreign_share(error: ForeignShareError) -> Problem:
    # The same answer as a share that does not exist: a partner learns neither which
    # share ids exist nor whose a share is (docs/api-security.md, "Not there, not yours").
    return Problem(404, "Not found", str(error), "not-found")


def from_receipt_mismatch(error: DocumentMismatchError) -> Problem:
    return Problem(422, "The receipt does not match the ledger", str(error), "receipt-mismatch")


def from_bad_signature(error: UnknownKeyError | BadSignatureError) -> Problem:
    return Problem(422, "The receipt's signature does not verify", str(error), "bad-signature")


def from_domain(error: DomainError) -> Problem:
    # Any other refusal by the domain: its messages name fields and rules, never values.
    return Problem(422, "Refused; nothing was recorded", str(error), "refused")


def from_http(error: StarletteHTTPException) -> Problem:
    status = error.status_code
    title = _phrase(status)
    detail = error.detail if isinstance(error.detail, str) and error.detail else title
    return Problem(
        status,
        title,
        detail,
        http_slug(status),
        headers=dict(error.headers or {}),
    )


def from_read_side(error: ReadSideUnavailable) -> Problem:
    """A report that cannot be answered now: 503, with the reason's own type.

    Read-model names and positions only; the fault's kind and code location
    are for operators (``/readyz``, ``sharing-ledger projections status``).
    """
    if isinstance(error, ReadModelStalled):
        names = ", ".join(repr(s.name) for s in error.stalls)
        return Problem(
            503,
            "A read model this report needs is stalled",
            f"read model(s) {names} stopped on an entry they could not apply; the reports "
            "that read them are unavailable until the service's operators fix and rebuild them",
            "read-model-stalled",
            {"read_models": [{"name": s.name, "position": s.position} for s in error.stalls]},
            {"Retry-After": "60"},
        )
    if isinstance(error, ProjectorSilent):
        return Problem(
            503,
            "The projection worker is not running",
            str(error),
            "projector-down",
            headers={"Retry-After": "5"},
        )
    if isinstance(error, ProjectionLagging):
        return Problem(
            503,
            "Reports are catching up with the ledger",
            str(error),
            "projections-lagging",
            headers={"Retry-After": "5"},
        )
    return Problem(503, "Reports are unavailable", str(error), "http-503")


def internal_error() -> Problem:
    return Problem(
        500,
        "Internal server error",
        "The server failed to answer; quote the request_id to the service's operators.",
        "internal-error",
    )


def _phrase(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Error"


# -- Installing the handlers ------------------------------------------------------
def _handler(kind: type[E], render: Callable[[E], Problem]) -> Handler:
    async def handle(request: Request, error: Exception) -> Response:
        # Starlette picks the handler by the error's class, so this always holds;
        # if it ever did not, the safe answer is the opaque 500.
        problem = render(error) if isinstance(error, kind) else internal_error()
        return respond(request, problem)

    return handle


async def _unhandled(request: Request, error: Exception) -> Response:
    # The type only: an exception's message can quote SQL parameters or input.
    structlog.get_logger().error(
        "http.unhandled",
        error=type(error).__name__,
        request_id=request_id_of(request.scope.get("state", {})),
    )
    return respond(request, internal_error())


HANDLERS: Sequence[tuple[type[Exception], Handler]] = (
    (ProblemError, _handler(ProblemError, from_problem_error)),
    (RequestValidationError, _handler(RequestValidationError, from_request_validation)),
    # CommandError is a ValidationError; Starlette takes the most specific class.
    (CommandError, _handler(CommandError, from_command)),
    (ValidationError, _handler(ValidationError, from_validation)),
    (InvalidTransition, _handler(InvalidTransition, from_invalid_transition)),
    (AlreadyRecorded, _handler(AlreadyRecorded, from_already_recorded)),
    (ConflictingCommands, _handler(ConflictingCommands, from_conflicting_commands)),
    (NotRecorded, _handler(NotRecorded, from_not_recorded)),
    (NotFound, _handler(NotFound, from_not_found)),
    (IdempotencyConflict, _handler(IdempotencyConflict, from_idempotency_conflict)),
    (UnknownShareError, _handler(UnknownShareError, from_unknown_share)),
    (ForeignShareError, _handler(ForeignShareError, from_foreign_share)),
    (DocumentMismatchError, _handler(DocumentMismatchError, from_receipt_mismatch)),
    (UnknownKeyError, _handler(UnknownKeyError, from_bad_signature)),
    (BadSignatureError, _handler(BadSignatureError, from_bad_signature)),
    (DomainError, _handler(DomainError, from_domain)),
    (ReadSideUnavailable, _handler(ReadSideUnavailable, from_read_side)),
    (StarletteHTTPException, _handler(StarletteHTTPException, from_http)),
    (Exception, _unhandled),
)


def install_problem_handlers(app: FastAPI) -> None:
    """Answer every error ``app`` raises with a problem document."""
    for kind, handler in HANDLERS:
        app.add_exception_handler(kind, handler)
