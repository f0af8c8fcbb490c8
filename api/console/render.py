"""Rendering console pages: the Jinja2 environment, its filters, and the response headers.

Templates are autoescaped (a value can never become markup), undefined names
are errors, and every page goes out with headers that keep it in this
origin's hands: a Content-Security-Policy allowing only this origin's own
CSS and script (no inline script, no CDN), no framing, no caching (pages
show personal data), and no referrer beyond this origin.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from fastapi import Request
from fastapi.responses import HTMLResponse, Response
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from api.console.access import Page, Viewer, role_name
from api.console.sessions import (
    COOKIE_PATH,
    IDLE_TIMEOUT,
    SESSION_COOKIE,
)
from api.console.state import console
from api.http.security import ROLE_MATRIX
from ledger.domain import plain_words

PREFIX = "/console"
TEMPLATES = Path(__file__).parent / "templates"
STATIC = Path(__file__).parent / "static"
SERVICE_NAME = "Sharing Ledger"

SECURITY_HEADERS: Mapping[str, str] = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
        "object-src 'none'"
    ),
    "X-Frame-Options": "DENY",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
    "Cache-Control": "no-store",
}

# The council is in England: times are shown in UK time, with GMT or BST said.
try:
    UK = ZoneInfo("Europe/London")
except ZoneInfoNotFoundError:  # pragma: no cover - a machine without time zone data
    UK = ZoneInfo("UTC")

# Navigation: (page that must be allowed, label, path).
NAVIGATION: tuple[tuple[Page, str, str], ...] = (
    (Page.PEOPLE, "Find a person", "/people"),
    (Page.PARTNERS, "Partners", "/partners"),
    (Page.RESTRICTIONS, "Restrictions", "/restrictions"),
    (Page.REQUESTS, "Rights requests", "/rights-requests"),
    (Page.COMPLAINTS, "Complaints", "/complaints"),
    (Page.INTEGRITY, "Integrity", "/integrity"),
)


def when(moment: datetime | None) -> str:
    """``24 Nov 2026, 13:10 GMT``: a moment in UK time (GOV.UK style, 24-hour clock)."""
    if moment is None:
        return "—"
    local = (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UK)
    return f"{local.day} {local:%b %Y, %H:%M} {local.tzname()}"


def day(value: date | datetime | None) -> str:
    """``24 November 2026``: a date as GOV.UK writes it."""
    if value is None:
        return "—"
    if isinstance(value, datetime):
        value = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(UK).date()
    return f"{value.day} {value:%B %Y}"


def iso_day(value: date | datetime | None) -> str:
    if value is None:
        return ""
    return value.date().isoformat() if isinstance(value, datetime) else value.isoformat()


def term(term_id: str | None) -> str:
    """A vocabulary term's label (its id if the vocabularies do not know it)."""
    return plain_words.label(term_id)


def terms(term_ids: Iterable[str]) -> str:
    return plain_words.labels(term_ids)


def number(value: int | None) -> str:
    return "—" if value is None else f"{value:,}"


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html", "svg"], default=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        when=when,
        day=day,
        iso_day=iso_day,
        term=term,
        terms=terms,
        plain=plain_words.plain,
        role_name=role_name,
        number=number,
    )
    # The API's role matrix, for links to pages another group's role may open.
    env.globals.update(service_name=SERVICE_NAME, role_matrix=ROLE_MATRIX)
    return env


def base_path(request: Request) -> str:
    """Where the console lives, for links (behind a proxy that sets a root path too)."""
    return str(request.scope.get("root_path", "")) + PREFIX


def secure(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def set_session_cookie(response: Response, request: Request, session_id: str) -> None:
    """The session cookie: HttpOnly, SameSite=Strict, Secure over https, 30 minutes."""
    response.set_cookie(
        SESSION_COOKIE,
        session_id,
        max_age=int(IDLE_TIMEOUT.total_seconds()),
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def clear_cookie(response: Response, request: Request, name: str) -> None:
    response.delete_cookie(
        name,
        path=COOKIE_PATH,
        secure=request.url.scheme == "https",
        httponly=True,
        samesite="strict",
    )


def navigation(request: Request, viewer: Viewer | None) -> list[dict[str, Any]]:
    if viewer is None:
        return []
    base = base_path(request)
    path = request.url.path
    items = []
    for page, label, suffix in NAVIGATION:
        href = base + suffix
        if page is Page.PARTNERS and not viewer.may(page) and viewer.may(Page.PARTNER):
            # A partner's "Partners" is its own page.
            href = f"{base}/partners/{viewer.principal.organisation}"
        elif not viewer.may(page):
            continue
        items.append({"label": label, "href": href, "current": path.startswith(base + suffix)})
    return items


def render(
    request: Request,
    template: str,
    *,
    viewer: Viewer | None,
    status: int = 200,
    **context: Any,
) -> HTMLResponse:
    """One page, with the security headers; a signed-in viewer's cookie is refreshed."""
    state = console(request)
    html = state.templates.get_template(template).render(
        request=request,
        base=base_path(request),
        viewer=viewer,
        nav=navigation(request, viewer),
        csrf_token=None if viewer is None else viewer.session.csrf_token,
        now=state.clock(),
        **context,
    )
    response = HTMLResponse(html, status_code=status)
    if viewer is not None:
        set_session_cookie(response, request, viewer.session_id)
    secure(response)
    return response
