"""What can be recorded for one person: new requests and changes, and the steps awaiting.

Linked from the person's page. It lists the person's rights requests,
restrictions, rectifications and objections that still take a step, each with
its form. It needs the API's ``record`` group and the rights-requests report's
group (``reports.requests``), as the forms it links to do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import ConsoleError, Page, Viewer, signed_in
from api.console.recording.flow import may_record
from api.console.render import render
from api.console.state import console
from ledger.domain.values import SUBJECT_REF
from projections.reports.objection_verdicts import objection_reports
from projections.reports.rectification_notices import rectification_reports
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/people/{subject}/record")
def record_for(
    request: Request, subject: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """The person's recording page: what may be recorded, and what is waiting for a step."""
    if SUBJECT_REF.fullmatch(subject) is None:
        raise ConsoleError(404, "Page not found", "That is not a subject reference.")
    may_record(viewer, Page.REQUESTS)
    may_record(viewer, Page.RESTRICTION)
    context = console(request).http.service.reports(
        "requests", "restrictions", "rectifications", "objections"
    )
    return render(
        request,
        "recording/person.html",
        viewer=viewer,
        subject=subject,
        requests=[r for r in request_reports(context, subject=subject) if r.closed_on is None],
        restrictions=[
            r for r in all_restrictions(context, subject=subject) if r.facts.lifted_at is None
        ],
        rectifications=[
            r for r in rectification_reports(context, subject=subject) if r.outstanding
        ],
        objections=[
            o for o in objection_reports(context, subject=subject) if o.facts.outcome is None
        ],
    )
