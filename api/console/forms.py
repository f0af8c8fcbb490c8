"""Form bodies and their CSRF tokens.

Forms post ``application/x-www-form-urlencoded`` (no file uploads), parsed
here with the standard library, so the console needs no multipart parser.
Every form that changes anything carries a CSRF token: the session's own
token once signed in (compared in constant time), and before that a
double-submit token (a cookie and a field that must match) on the sign-in
form. The session cookie is also SameSite=Strict, so another site's page
cannot make a browser send it at all.
"""

from __future__ import annotations

from collections.abc import Mapping
from urllib.parse import parse_qsl

from fastapi import Request

from api.console.access import ConsoleError, Viewer
from api.console.sessions import same_token

FORM_TYPE = "application/x-www-form-urlencoded"
MAX_FIELDS = 50
CSRF_FIELD = "csrf_token"


async def form_fields(request: Request) -> Mapping[str, str]:
    """A dependency: the posted form's fields (the first value of each name)."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_TYPE:
        raise ConsoleError(415, "This form could not be read", "Send the form from the page.")
    body = await request.body()
    try:
        pairs = parse_qsl(
            body.decode("utf-8"),
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=MAX_FIELDS,
        )
    except (UnicodeDecodeError, ValueError):
        raise ConsoleError(
            400, "This form could not be read", "Send the form from the page."
        ) from None
    fields: dict[str, str] = {}
    for name, value in pairs:
        fields.setdefault(name, value)
    return fields


def check_csrf(viewer: Viewer, fields: Mapping[str, str]) -> None:
    """A 403 page unless the form carries this session's CSRF token."""
    if not same_token(viewer.session.csrf_token, fields.get(CSRF_FIELD)):
        raise csrf_refused()


def csrf_refused() -> ConsoleError:
    return ConsoleError(
        403,
        "This form has expired",
        "The form was not sent from this console's page, or it is from an earlier session. "
        "Go back, reload the page and try again.",
    )
