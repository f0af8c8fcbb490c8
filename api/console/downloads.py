""" "Download as CSV" under each console list: the same rows as the page, as the API's CSV.

Each download has the columns the command line and the HTTP API give the
same report (api/service/report_columns.py) and is written by the one CSV
writer, which neutralises every cell a spreadsheet would run as a formula
(justifications come from source systems). Cells keep the vocabularies'
codes, as the API's CSV does: a download is for sorting and counting, and
``docs/vocabulary.md`` names every code. Reading a person's history to
download it is recorded, as viewing it is.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import Page, Viewer, require_page, signed_in
from api.console.people import read_filters, subject_checked, viewed
from api.console.render import secure
from api.console.reports import (
    partner_of,
    partner_rows,
    shown_requests,
    shown_shares,
)
from api.console.state import console
from api.http.pagination import csv_response
from api.service import report_columns
from api.service.recorded_reads import open_justifications, revealed
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions

router = APIRouter(prefix="/console", include_in_schema=False)


@router.get("/people/{subject}/who-saw.csv")
def who_saw_csv(
    request: Request, subject: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """Every access and disclosure of the person's page (its filters too); recorded."""
    service = console(request).http.service
    subject = subject_checked(service, viewer, subject)
    report = viewed(service, viewer, subject, read_filters(request.query_params))
    report = revealed(report, open_justifications(service, report.entries))
    return secure(csv_response(report.entries, report_columns.WHO_SAW, f"who-saw-{subject}.csv"))


@router.get("/partners.csv")
def partners_csv(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    require_page(viewer, Page.PARTNERS)
    rows = partner_rows(console(request).http.service.reports("agreements"))
    return secure(csv_response(rows, report_columns.PARTNERS, "partners.csv"))


@router.get("/partners/{organisation}/disclosures.csv")
def disclosures_csv(
    request: Request,
    organisation: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    show: str = "all",
) -> Response:
    report = partner_of(request, viewer, organisation)
    rows = shown_shares(report, show)
    filename = f"disclosures-{report.organisation}.csv"
    return secure(csv_response(rows, report_columns.DISCLOSURES, filename))


@router.get("/restrictions.csv")
def restrictions_csv(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    require_page(viewer, Page.RESTRICTIONS)
    reports = all_restrictions(console(request).http.service.reports("restrictions"))
    return secure(csv_response(reports, report_columns.RESTRICTIONS, "restrictions.csv"))


@router.get("/rights-requests.csv")
def rights_requests_csv(
    request: Request, viewer: Annotated[Viewer, Depends(signed_in)], show: str = "all"
) -> Response:
    require_page(viewer, Page.REQUESTS)
    reports = shown_requests(
        request_reports(console(request).http.service.reports("requests")), show
    )
    return secure(csv_response(reports, report_columns.REQUESTS, "rights-requests.csv"))
