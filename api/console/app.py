"""Mounting the console on the API's FastAPI app: routes under /console, CSS and script
under /console/static, and HTML error pages for the console's own errors."""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, FastAPI, Request
from fastapi.responses import RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from api.console import (
    auth,
    complaints,
    downloads,
    integrity,
    letter_checks,
    oidc,
    people,
    reports,
    responses,
)
from api.console.access import ConsoleError, SignInRequired, Viewer, signed_in
from api.console.recording import objections as recording_objections
from api.console.recording import people as recording_people
from api.console.recording import rectifications as recording_rectifications
from api.console.recording import requests as recording_requests
from api.console.recording import restrictions as recording_restrictions
from api.console.render import STATIC, base_path, environment, render, secure
from api.console.sessions import SharedSessionStore
from api.console.state import ConsoleState
from api.console.verification import Verifications
from api.http.context import HttpState
from api.http.problems import from_read_side, request_id_of, respond
from api.service.composition import identity_provider
from ledger.application import NotFound
from ledger.domain.errors import DomainError, InvalidTransition, ValidationError
from ledger.storage.session_rows import SessionRows
from ledger.storage.verification_rows import VerificationRows
from projections.faults import ReadSideUnavailable

# Every router of console pages and forms (the role matrix test walks them all).
ROUTERS = (
    auth.router,
    oidc.router,
    people.router,
    reports.router,
    integrity.router,
    complaints.router,
    downloads.router,
    # Before the recording forms: their /rights-requests/{rights_request}/{step} would
    # otherwise take /rights-requests/{id}/response and the letter pages' addresses.
    responses.router,
    letter_checks.router,
    recording_requests.router,
    recording_restrictions.router,
    recording_rectifications.router,
    recording_objections.router,
    recording_people.router,
)
_fallback = APIRouter(prefix="/console", include_in_schema=False)


@_fallback.get("/{rest:path}", dependencies=[Depends(signed_in)])
def not_found(rest: str) -> Response:
    """Any other console address: the friendly 404, once signed in."""
    del rest  # any path at all
    raise ConsoleError(404, "Page not found", "If you typed the address, check it is correct.")


def install_console(app: FastAPI) -> None:
    """Add the console to ``app`` (built by :func:`api.http.app.create_app`); idempotent.

    Reads the service from ``app.state.http`` and the principals from
    ``app.state.principals``; keeps its sessions and verification runs on
    ``app.state.console``.
    """
    if getattr(app.state, "console", None) is not None:
        return
    http: HttpState = app.state.http
    clock: Callable[[], datetime] = getattr(app.state, "clock", None) or (lambda: datetime.now(UTC))
    app.state.console = ConsoleState(
        http=http,
        principals=app.state.principals,
        sessions=SharedSessionStore(SessionRows(http.service.app.database), clock),
        verifications=Verifications(
            http.service.app,
            http.service.runner.projections,
            VerificationRows(http.service.app.database),
        ),
        templates=environment(),
        clock=clock,
        identity_provider=identity_provider(os.environ),
    )
    app.mount("/console/static", StaticFiles(directory=STATIC), name="console-static")
    for router in (*ROUTERS, _fallback):
        app.include_router(router)
    app.add_exception_handler(ConsoleError, _console_error)
    app.add_exception_handler(SignInRequired, _sign_in_required)
    app.add_exception_handler(ReadSideUnavailable, _unavailable)
    for kind in AS_PAGES:
        problem_handler = app.exception_handlers.get(kind)
        if problem_handler is not None:
            app.add_exception_handler(kind, _page_or(problem_handler))


# What the service refuses with a problem document (api/http/problems.py) that a
# console page can meet too (a recorded read the ledger refuses, say): on a
# console page, the same status and words on the console's error page, not JSON.
AS_PAGES: tuple[type[Exception], ...] = (ValidationError, InvalidTransition, DomainError, NotFound)


def _page_or(problem_handler: Callable[[Request, Exception], Any]) -> Callable[..., Any]:
    async def handle(request: Request, error: Exception) -> Response:
        answer: Response = await problem_handler(request, error)
        if not request.url.path.startswith(base_path(request)):
            return answer
        problem = json.loads(bytes(answer.body))
        return render(
            request,
            "error.html",
            viewer=_viewer_of(request),
            status=answer.status_code,
            title=str(problem.get("title", "There is a problem")),
            message=str(problem.get("detail", "")),
        )

    return handle


async def _console_error(request: Request, error: Exception) -> Response:
    if not isinstance(error, ConsoleError):  # pragma: no cover - registered for this class
        raise error
    # Rendering reads no database (the viewer is not looked up again): safe on the event loop.
    return render(
        request,
        "error.html",
        viewer=_viewer_of(request),
        status=error.status,
        title=error.title,
        message=error.message,
    )


async def _unavailable(request: Request, error: Exception) -> Response:
    """A report's read models cannot answer: the console's "Sorry" page, the API's problem.

    One handler serves the whole app (Starlette keeps one per exception class):
    console pages get the GOV.UK "there is a problem with the service" page with
    503, every other path keeps its problem document.
    """
    if not isinstance(error, ReadSideUnavailable):  # pragma: no cover - registered for it
        raise error
    problem = from_read_side(error)
    if not request.url.path.startswith(base_path(request)):
        return respond(request, problem)
    response = render(
        request,
        "unavailable.html",
        viewer=_viewer_of(request),
        status=problem.status,
        stalled=problem.slug == "read-model-stalled",
        request_id=request_id_of(request.scope.get("state", {})),
    )
    response.headers.update(problem.headers)
    return response


async def _sign_in_required(request: Request, error: Exception) -> Response:
    if not isinstance(error, SignInRequired):  # pragma: no cover - registered for this class
        raise error
    target = f"{base_path(request)}/sign-in?{urlencode({'next': error.next_path})}"
    return secure(RedirectResponse(target, status_code=303))


def _viewer_of(request: Request) -> Viewer | None:
    viewer = getattr(request.state, "console_viewer", None)
    return viewer if isinstance(viewer, Viewer) else None
