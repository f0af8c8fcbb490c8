"""Who may open which console page: the API's role matrix, applied to pages.

Each page and form borrows the group of the API endpoint that returns the
same data (:data:`api.http.security.ROLE_MATRIX`), so the console never shows
or does for a role more than its key could over the API: one authorisation
layer for both. Finding a person by a natural identifier is the
``subjects.resolve`` group's, as ``POST /v1/subjects/resolve`` is.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from fastapi import Request

from api.console.sessions import SESSION_COOKIE, Session
from api.console.state import console
from api.http.problems import ProblemError
from api.http.security import ROLE_MATRIX, check_subject_scope
from ledger.domain.errors import ValidationError
from ledger.principals import Principal, Role


class Page(StrEnum):
    PEOPLE = "people"  # find a person, who saw what, the subject access response
    PARTNERS = "partners"  # every partner, with agreements and review dates
    PARTNER = "partner"  # one partner's disclosures
    RESTRICTIONS = "restrictions"  # every restriction and its verdict
    RESTRICTION = "restriction"  # one restriction's verdict and reasons
    REQUESTS = "requests"  # rights requests against their deadlines
    INTEGRITY = "integrity"  # size, head, checkpoint, witnesses
    VERIFY = "verify"  # run a verification
    EVIDENCE = "evidence"  # download an evidence bundle


PAGE_ROLES: dict[Page, frozenset[Role]] = {
    Page.PEOPLE: ROLE_MATRIX["reports.subject"],
    # The registry of every partner and agreement is the API's /v1/agreements.
    Page.PARTNERS: ROLE_MATRIX["reports.requests"],
    Page.PARTNER: ROLE_MATRIX["reports.partner"],
    Page.RESTRICTIONS: ROLE_MATRIX["reports.requests"],
    Page.RESTRICTION: ROLE_MATRIX["reports.subject"],
    Page.REQUESTS: ROLE_MATRIX["reports.requests"],
    Page.INTEGRITY: ROLE_MATRIX["ledger.status"],
    Page.VERIFY: ROLE_MATRIX["ledger.verify"],
    Page.EVIDENCE: ROLE_MATRIX["reports.subject"],
}


class ConsoleError(Exception):
    """Answer with the console's HTML error page (403, 404...)."""

    def __init__(self, status: int, title: str, message: str) -> None:
        super().__init__(f"{status} {title}")
        self.status = status
        self.title = title
        self.message = message


class SignInRequired(Exception):
    """No live session: send the browser to the sign-in page, then back to ``next_path``."""

    def __init__(self, next_path: str) -> None:
        super().__init__("sign in required")
        self.next_path = next_path


@dataclass(frozen=True, slots=True)
class Viewer:
    """The signed-in principal, with the session and its id (to refresh the cookie)."""

    principal: Principal
    session: Session
    session_id: str

    def may(self, page: Page) -> bool:
        return self.principal.role in PAGE_ROLES[page]


def signed_in(request: Request) -> Viewer:
    """A dependency: the viewer of a live session whose principal is still active."""
    state = console(request)
    session_id = request.cookies.get(SESSION_COOKIE)
    session = state.sessions.touch(session_id)
    if session is None or session_id is None:
        raise SignInRequired(_here(request))
    try:
        principal = state.principals.get(session.principal_id)
    except ValidationError:
        principal = None
    if principal is None or not principal.active(state.clock()):
        # Revoked or expired since signing in: the session ends with the key.
        state.sessions.end(session_id)
        raise SignInRequired(_here(request))
    request.state.principal_id = principal.id  # for the access log, as the API does
    viewer = Viewer(principal, session, session_id)
    request.state.console_viewer = viewer  # for the error pages' navigation
    return viewer


def require_page(viewer: Viewer, page: Page) -> None:
    """A friendly 403 unless the viewer's role may open ``page``."""
    if not viewer.may(page):
        raise ConsoleError(
            403,
            "You do not have access to this page",
            f"Your role ({viewer.principal.role.value}) does not allow this page.",
        )


def require_group(viewer: Viewer, group: str, what: str) -> None:
    """A friendly 403 unless the viewer's role is in the API's ``group`` for the same act."""
    if viewer.principal.role not in ROLE_MATRIX[group]:
        raise ConsoleError(
            403,
            "You do not have access to this",
            f"Your role ({viewer.principal.role.value}) does not allow {what}.",
        )


def require_subject(viewer: Viewer, subject: str) -> None:
    """A friendly 403 unless an investigator's key names ``subject`` (others pass)."""
    try:
        check_subject_scope(viewer.principal, subject)
    except ProblemError:
        raise ConsoleError(
            403,
            "You do not have access to this person",
            "Your investigator's key covers only the people named on it, and not this one.",
        ) from None


def require_organisation(viewer: Viewer, organisation: str) -> None:
    """A friendly 403 when a partner looks at another organisation."""
    principal = viewer.principal
    if principal.role is Role.PARTNER and principal.organisation != organisation:
        raise ConsoleError(
            403,
            "You do not have access to this page",
            "A partner sees its own organisation's disclosures only.",
        )


def _here(request: Request) -> str:
    query = request.url.query
    return request.url.path + (f"?{query}" if query and request.method == "GET" else "")
