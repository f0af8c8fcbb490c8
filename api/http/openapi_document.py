"""The OpenAPI document at /v1/openapi.json, finished so that a generator can use it.

FastAPI writes the operations and their body schemas; this adds what it
cannot know from the handlers' signatures:

1. security: the bearer scheme (and the X-API-Key header) on every operation
   guarded by :func:`api.http.security.require`, with the roles it admits
   (``x-roles``); none on public ones;
2. every problem an operation can answer, as an RFC 9457 ``application/problem+json``
   document (:class:`~api.http.schemas.ProblemDocument`), by the rules in
   :func:`problem_statuses`, replacing FastAPI's own 422 model (never sent);
3. an example for every request and response (:mod:`api.http.openapi_examples`).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI
from fastapi.dependencies.models import Dependant
from fastapi.openapi.utils import get_openapi
from fastapi.routing import APIRoute, iter_route_contexts
from pydantic import BaseModel

from api.http import openapi_examples
from api.http.problems import MEDIA_TYPE
from api.http.receipt_schemas import ReceiptDocument
from api.http.schemas import ProblemDocument
from api.http.security import GUARDS
from ledger.principals import Role

REF = "#/components/schemas/{model}"
SECURITY_SCHEMES: dict[str, Any] = {
    "bearer": {
        "type": "http",
        "scheme": "bearer",
        "description": "An API key (sl_...), as `Authorization: Bearer sl_...`.",
    },
    "apiKey": {
        "type": "apiKey",
        "in": "header",
        "name": "X-API-Key",
        "description": "The same key in an X-API-Key header, for clients without bearer support.",
    },
}
# Problems some operations answer besides those the rules give (method, path) -> statuses.
EXTRA_PROBLEMS: dict[tuple[str, str], frozenset[int]] = {
    ("POST", "/v1/subjects/resolve"): frozenset({404}),
    ("GET", "/v1/ledger/checkpoint"): frozenset({404}),
    ("POST", "/v1/principals"): frozenset({403}),
    ("GET", "/v1/public/checkpoint"): frozenset({404}),  # none published yet
    ("GET", "/tlog/checkpoint"): frozenset({404}),
    ("GET", "/v1/public/proof/consistency"): frozenset({404}),
}
# Operations that record nothing and read no read model, though they are POSTs.
NOT_RECORDING = frozenset({("POST", "/v1/subjects/resolve"), ("POST", "/v1/ledger/verification")})
_FASTAPI_422 = ("HTTPValidationError", "ValidationError")


def operation_id(route: APIRoute) -> str:
    """An operation's id: its handler's name (``record_access``), what generated clients call."""
    return route.name.removesuffix("_route")


def install(app: FastAPI) -> None:
    """Serve the finished document at the app's ``openapi_url`` (built once, on first use)."""

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            app.openapi_schema = document(app)
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign] # FastAPI's documented way to extend it


def document(app: FastAPI) -> dict[str, Any]:
    """The document for ``app``'s routes, with security, problems and examples."""
    schema = get_openapi(
        title=app.title,
        version=app.version,
        description=app.description,
        routes=app.routes,
        tags=app.openapi_tags,
    )
    components = schema.setdefault("components", {})
    schemas = components.setdefault("schemas", {})
    for name in _FASTAPI_422:
        schemas.pop(name, None)
    for model in (ProblemDocument, ReceiptDocument):
        _add_model(schemas, model)
    components["securitySchemes"] = SECURITY_SCHEMES
    for route, method, operation in _operations(app, schema):
        roles = _roles(route.dependant)
        if roles:
            operation["security"] = [{name: []} for name in SECURITY_SCHEMES]
            operation["x-roles"] = sorted(role.value for role in roles)
        responses = operation.setdefault("responses", {})
        for status in sorted(problem_statuses(route, method, operation, guarded=bool(roles))):
            responses[str(status)] = _problem_response(status)
        _drop_unnamed_id(route, operation)
        openapi_examples.annotate(method, route.path, operation)
    return schema


def problem_statuses(
    route: Operation, method: str, operation: dict[str, Any], *, guarded: bool
) -> set[int]:
    """The problem statuses an operation can answer.

    400 for any request (a path or query no store could hold: middleware.py);
    401 and 403 where a key is needed; 413 where there is a body (the size
    limit); 422 where there is a body or a parameter; 404 where the path names
    something; 409 and 503 where an entry is recorded (a state or a
    duplicate refused; the group commit busy) and 503 where a report reads a
    read model (stalled, lagging, worker down).
    """
    statuses = {400}
    if guarded:
        statuses |= {401, 403}
    if "requestBody" in operation:
        statuses |= {413, 422}
    if operation.get("parameters"):
        statuses.add(422)
    if route.names_something:
        statuses.add(404)
    key = (method, route.path)
    if method == "POST" and key not in NOT_RECORDING:
        statuses |= {409, 503}
    if "reports" in operation.get("tags", ()):
        statuses.add(503)
    return statuses | EXTRA_PROBLEMS.get(key, frozenset())


def _operations(app: FastAPI, schema: dict[str, Any]) -> Iterator[tuple[Operation, str, Any]]:
    # FastAPI keeps included routers whole; their routes, with the prefixes
    # applied, are the route contexts (as get_openapi reads them).
    for context in iter_route_contexts(app.routes):
        route = context.original_route
        if not isinstance(route, APIRoute) or not route.include_in_schema:
            continue
        path = context.path_format or route.path_format
        for method in sorted(route.methods or ()):
            operation = schema["paths"].get(path, {}).get(method.lower())
            if operation is not None:
                yield Operation(path, route.dependant, "{" in path), method, operation


@dataclass(frozen=True, slots=True)
class Operation:
    """What the rules read of a route: its full path, its dependencies, path parameters."""

    path: str
    dependant: Dependant
    names_something: bool


def _drop_unnamed_id(route: Operation, operation: dict[str, Any]) -> None:
    # The recording routes share one handler signature (recording.py), whose `id` is
    # the aggregate a command changes: a path parameter where the path names it,
    # and ignored elsewhere, so not a query parameter to offer clients.
    # Where the path names it, it is required (OpenAPI 3.1 section 4.8.12.1), never null.
    if "{id}" in route.path:
        for parameter in operation.get("parameters", ()):
            if (parameter["name"], parameter["in"]) == ("id", "path"):
                parameter.update(required=True, schema={"type": "string", "format": "uuid"})
        return
    operation["parameters"] = [
        p for p in operation.get("parameters", ()) if (p["name"], p["in"]) != ("id", "query")
    ]
    if not operation["parameters"]:
        del operation["parameters"]


def _roles(dependant: Dependant) -> frozenset[Role]:
    """The roles the operation's guard admits (empty: a public operation)."""
    found: frozenset[Role] = frozenset()
    for sub in dependant.dependencies:
        if sub.call is not None and sub.call in GUARDS:
            found |= GUARDS[sub.call]
        found |= _roles(sub)
    return found


def _problem_response(status: int) -> dict[str, Any]:
    return {
        "description": f"{HTTPStatus(status).phrase}: a problem document",
        "content": {
            MEDIA_TYPE: {
                "schema": {"$ref": REF.format(model="ProblemDocument")},
                "example": openapi_examples.problem(status),
            }
        },
    }


def _add_model(schemas: dict[str, Any], model: type[BaseModel]) -> None:
    generated = model.model_json_schema(ref_template=REF)
    for name, definition in generated.pop("$defs", {}).items():
        schemas.setdefault(name, definition)
    schemas.setdefault(model.__name__, generated)
