"""Signing in with a principal's API key, the home page, and signing out."""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from typing import Annotated

import structlog
from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import Page, Viewer, signed_in
from api.console.forms import CSRF_FIELD, check_csrf, csrf_refused, form_fields
from api.console.render import (
    base_path,
    clear_cookie,
    render,
    secure,
    set_session_cookie,
)
from api.console.sessions import (
    COOKIE_PATH,
    IDLE_TIMEOUT,
    SESSION_COOKIE,
    SIGN_IN_CSRF_COOKIE,
    new_token,
    same_token,
)
from api.console.sign_in_counts import API_KEY
from api.console.state import console
from projections.faults import ReadSideUnavailable
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions

router = APIRouter(prefix="/console", include_in_schema=False)
MAX_KEY_CHARS = 200


def safe_next(request: Request, candidate: str | None) -> str:
    """Where to go after signing in: a console path only (never another site)."""
    base = base_path(request)
    if (
        candidate
        and candidate.startswith(base + "/")
        and not candidate.startswith("//")
        and "\\" not in candidate
        and "\n" not in candidate
        and "\r" not in candidate
    ):
        return candidate
    return base + "/"


def _sign_in_page(
    request: Request, *, status: int = 200, error: str | None = None, next_path: str = ""
) -> Response:
    token = new_token()
    response = render(
        request,
        "sign_in.html",
        viewer=None,
        status=status,
        sign_in_token=token,
        error=error,
        next_path=next_path,
        signed_out=request.query_params.get("signed-out") == "1",
        minutes=int(IDLE_TIMEOUT.total_seconds() // 60),
        provider_name=_provider_name(request),
    )
    response.set_cookie(
        SIGN_IN_CSRF_COOKIE,
        token,
        max_age=int(IDLE_TIMEOUT.total_seconds()),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )
    return response


@router.get("/sign-in")
def sign_in_form(request: Request) -> Response:
    return _sign_in_page(request, next_path=safe_next(request, request.query_params.get("next")))


@router.post("/sign-in")
def sign_in(
    request: Request, fields: Annotated[Mapping[str, str], Depends(form_fields)]
) -> Response:
    """Check the key; on success start a session (a fresh id: no fixation) and go on."""
    next_path = safe_next(request, fields.get("next"))
    state = console(request)
    if not same_token(request.cookies.get(SIGN_IN_CSRF_COOKIE), fields.get(CSRF_FIELD)):
        _failed(request, "csrf")
        raise csrf_refused()
    api_key = fields.get("api_key", "").strip()
    if not api_key:
        _failed(request, "empty")
        return _sign_in_page(request, status=422, error="Enter your API key", next_path=next_path)
    principal = (
        None
        if len(api_key) > MAX_KEY_CHARS
        else state.principals.authenticate(api_key, state.clock())
    )
    if principal is None:
        _failed(request, "invalid-key")
        # Alike for a malformed, unknown, revoked or expired key, as the API answers.
        return _sign_in_page(
            request,
            status=422,
            error="Enter a valid API key: this one is not recognised, or it has been "
            "revoked or has expired",
            next_path=next_path,
        )
    state.sign_ins.succeeded(API_KEY)
    # Break-glass: an API key where the identity provider is the norm is worth a look.
    structlog.get_logger().warning(
        "console.sign_in", method=API_KEY, outcome="succeeded", principal=principal.id
    )
    response = RedirectResponse(next_path, status_code=303)
    start_session(request, response, principal.id)
    clear_cookie(response, request, SIGN_IN_CSRF_COOKIE)
    secure(response)
    return response


def start_session(request: Request, response: Response, principal_id: str) -> None:
    """A fresh session for ``principal_id`` (no fixation), its cookie set on ``response``."""
    state = console(request)
    state.sessions.end(request.cookies.get(SESSION_COOKIE))  # any earlier session in this browser
    session_id, _ = state.sessions.create(principal_id)
    request.state.principal_id = principal_id
    set_session_cookie(response, request, session_id)


def _failed(request: Request, reason: str) -> None:
    console(request).sign_ins.failed(API_KEY, reason)
    structlog.get_logger().info("console.sign_in", method=API_KEY, outcome="failed", reason=reason)


def _provider_name(request: Request) -> str | None:
    provider = console(request).identity_provider
    return None if provider is None else provider.settings.provider_name


@router.post("/sign-out")
def sign_out(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    check_csrf(viewer, fields)
    console(request).sessions.end(viewer.session_id)
    response = RedirectResponse(base_path(request) + "/sign-in?signed-out=1", status_code=303)
    clear_cookie(response, request, SESSION_COOKIE)
    secure(response)
    return response


@router.get("/")
def home(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    """What this key may look at, with the things a DPO should act on first."""
    service = console(request).http.service
    breached = overdue = due_soon = None
    # A figure whose read model is unavailable is left out: its own page says why.
    if viewer.may(Page.RESTRICTIONS):
        with contextlib.suppress(ReadSideUnavailable):
            restrictions = all_restrictions(service.reports("restrictions"))
            breached = sum(1 for r in restrictions if r.verdict == "breached")
    if viewer.may(Page.REQUESTS):
        with contextlib.suppress(ReadSideUnavailable):
            reports = request_reports(service.reports("requests"))
            overdue = sum(1 for r in reports if r.status == "overdue")
            due_soon = sum(1 for r in reports if r.status == "due this week")
    return render(
        request,
        "home.html",
        viewer=viewer,
        Page=Page,
        breached=breached,
        overdue=overdue,
        due_soon=due_soon,
    )


@router.get("")
def home_without_slash(request: Request) -> Response:
    return secure(RedirectResponse(base_path(request) + "/", status_code=307))
