"""Checking a letter, and the list of withheld entries: the console's pages around responses.

"Check a letter" answers whether a file is an access response the ledger
recorded as issued. The browser hashes the chosen file
(``static/check_letter.js``) and sends only its SHA-256, so the letter never
leaves the holder's computer; the page asks the ``ledger.proofs`` group's
question (hashes), as ``POST /v1/access-responses/check`` does.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import Page, Viewer, require_group, require_page, signed_in
from api.console.forms import check_csrf, form_fields
from api.console.render import render
from api.console.state import console
from api.service import access_response, letter_checks
from projections.reports.access_responses import reviews_due, withheld_entries

router = APIRouter(prefix="/console", include_in_schema=False)
_SHA256 = re.compile(r"[0-9a-f]{64}")


@router.get("/check-letter")
def check_letter_form(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    """Check a letter: choose the file (hashed in the browser) or paste its SHA-256."""
    require_group(viewer, "ledger.proofs", "checking a letter")
    return render(request, "check_letter.html", viewer=viewer, errors={}, values={}, check=None)


@router.post("/check-letter")
def check_letter(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Whether the ledger recorded a response with this SHA-256 (the file never leaves the
    browser: its script sends the digest only)."""
    require_group(viewer, "ledger.proofs", "checking a letter")
    check_csrf(viewer, fields)
    digest = fields.get("sha256", "").strip().lower()
    if _SHA256.fullmatch(digest) is None:
        errors = {"sha256": "Choose the letter's file, or enter its SHA-256 (64 hex digits)"}
        return render(
            request,
            "check_letter.html",
            viewer=viewer,
            status=422,
            errors=errors,
            values={"sha256": fields.get("sha256", "")[:80]},
            check=None,
        )
    service = console(request).http.service
    check = letter_checks.check_digest(service, digest)
    return render(
        request,
        "check_letter.html",
        viewer=viewer,
        errors={},
        values={"sha256": digest},
        check=check,
        may_requests=viewer.may(Page.REQUESTS),
    )


@router.get("/withheld-entries")
def withheld_list(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    """Every entry withheld from a person's copy, reviews past due first (flagged)."""
    require_page(viewer, Page.REQUESTS)
    context = console(request).http.service.reports(access_response.REPORT)
    due = reviews_due(context)
    due_keys = {(w.request_id, w.entry_id) for w in due}
    rest = [w for w in withheld_entries(context) if (w.request_id, w.entry_id) not in due_keys]
    total = len(due) + len(rest)
    return render(request, "withheld_entries.html", viewer=viewer, due=due, rest=rest, total=total)
