"""The FastAPI application, built from an opened service (nothing is created at import)."""

from __future__ import annotations

from fastapi import FastAPI

from api.console import install_console
from api.http import (
    admin,
    api_docs,
    health,
    ledger_routes,
    openapi_document,
    partners,
    recording,
    reports,
    responses,
    transparency,
)
from api.http.context import HttpState
from api.http.middleware import install_middleware
from api.http.problems import install_problem_handlers
from api.service.composition import Service
from api.service.group_commit import GroupCommitter

DESCRIPTION = """\
An audit ledger of who saw, received and changed a family's data.

Every request is authenticated with an API key (`Authorization: Bearer sl_...`);
what a key may do depends on its role (docs/api-security.md). Every error is an
RFC 9457 problem document. Recording endpoints reply with each appended
entry's chain position and hash; an `Idempotency-Key` header makes a request
apply at most once. Reads of a person's history are themselves recorded.
"""


def create_app(
    service: Service,
    *,
    committer: GroupCommitter | None = None,
    max_body_bytes: int = 1 << 20,
    max_projection_lag: int = health.DEFAULT_MAX_PROJECTION_LAG,
) -> FastAPI:
    app = FastAPI(
        title="Sharing Ledger",
        version="1",
        description=DESCRIPTION,
        openapi_url="/v1/openapi.json",
        docs_url=None,  # served from package files instead of a CDN: api_docs.py
        redoc_url=None,
        generate_unique_id_function=openapi_document.operation_id,
    )
    app.state.http = HttpState(service, committer)
    app.state.principals = service.principals
    app.state.clock = service.clock
    install_problem_handlers(app)
    install_middleware(app, max_body_bytes=max_body_bytes)
    for router in (
        recording.router,
        reports.router,
        ledger_routes.router,
        partners.router,
        admin.router,
        transparency.tlog,
        transparency.public,
        responses.router,
    ):
        app.include_router(router)
    install_console(app)
    health.install(app, max_projection_lag=max_projection_lag)
    app.state.health.registry.register(app.state.console.sign_ins.counter)
    api_docs.install(app)
    openapi_document.install(app)
    return app
