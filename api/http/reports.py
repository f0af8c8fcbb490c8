"""Report endpoints: the read models, as JSON pages or CSV, each read of a person recorded."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.http.admin_schemas import ResolvedSubject
from api.http.context import state
from api.http.pagination import csv_response, decode_mark, encode_mark, page, wants_csv
from api.http.problems import ProblemError
from api.http.report_schemas import (
    AGREEMENTS,
    PROMISES,
    RESTRICTION,
    DisclosuresPage,
    ObjectionsPage,
    RectificationsPage,
    RequestsPage,
    RestrictionsPage,
    WhoSawPage,
    json_page,
)
from api.http.security import ROLE_MATRIX, in_subject_scope, require, require_own_organisation
from api.jsonable import jsonable
from api.service.directory_lookups import look_up
from api.service.periods import moment
from api.service.recorded_reads import (
    Reader,
    open_justifications,
    record_read,
    revealed,
    who_saw_recorded,
)
from api.service.report_columns import (
    COMPLAINTS,
    DISCLOSURES,
    OBJECTIONS,
    RECTIFICATIONS,
    REQUESTS,
    RESTRICTIONS,
    WHO_SAW,
    Column,
)
from ledger.domain.values import SUBJECT_REF
from ledger.principals import Principal, Role
from ledger.privacy.identifiers import Kind, parse
from projections.reports.agreement_register import agreements_report
from projections.reports.common import Mark, Page
from projections.reports.complaints import complaint_reports
from projections.reports.objection_verdicts import objection_reports
from projections.reports.partner_disclosures import partner_report
from projections.reports.promises import Period, promises
from projections.reports.rectification_notices import rectification_reports
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions, restriction_report
from projections.reports.who_saw import Filters

router = APIRouter(prefix="/v1", tags=["reports"])
SOURCE_SYSTEM = "sharing-ledger-api"

# Anchored: pydantic's pattern is searched for, not matched, so "sr_...<anything>" would pass.
SUBJECT_PATTERN = f"^{SUBJECT_REF.pattern}$"
Subject = Annotated[str, Path(pattern=SUBJECT_PATTERN, description="Subject reference")]
Cursor = Annotated[str | None, Query(description="From a previous page's `next`.")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Format = Annotated[Literal["json", "csv"] | None, Query(description="Or send Accept: text/csv")]
Reason = Annotated[
    str, Query(min_length=1, max_length=200, description="Why you are looking (recorded).")
]


def _listing(
    request: Request,
    items: list[Any],
    columns: Sequence[Column],
    *,
    cursor: str | None,
    limit: int,
    fmt: str | None,
    filename: str,
    extra: dict[str, Any] | None = None,
) -> Response:
    if wants_csv(request, fmt):
        return csv_response(items, columns, filename)
    chunk, after = page(items, cursor, limit)
    return JSONResponse({**jsonable(extra or {}), "items": jsonable(chunk), "next": after})


def _keyset_page(items: Sequence[Any], after: Mark | None, **extra: Any) -> Response:
    """A page the database cut (its cursor marks where it ended), with what spans the list."""
    return JSONResponse({**jsonable({**extra, "items": items}), "next": encode_mark(after)})


def _reader(principal: Principal, reason: str) -> Reader:
    """The caller, as its reads are recorded (the watchers are watched)."""
    return Reader.of(principal, reason, SOURCE_SYSTEM)


@router.get(
    "/subjects/{subject}/who-saw",
    summary="Who saw this person's data",
    responses=json_page(WhoSawPage),
)
def who_saw_route(
    request: Request,
    subject: Subject,
    principal: Annotated[
        Principal, Depends(require(*ROLE_MATRIX["reports.subject"], subject_param="subject"))
    ],
    since: datetime | None = None,
    until: datetime | None = None,
    category: str | None = None,
    organisation: str | None = None,
    reason: Reason = "subject access request",
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    """Every access and disclosure, newest first, and the recipients (Art 15(1)(c)).

    The read is itself recorded in the ledger, under the caller's principal.
    """
    service = state(request).service
    filters = Filters(moment(since, "since"), moment(until, "until"), category, organisation)
    reader = _reader(principal, reason)
    if wants_csv(request, format):  # an export: the whole history
        whole = who_saw_recorded(service, subject, reader, filters)
        whole = revealed(whole, open_justifications(service, whole.entries))
        return csv_response(whole.entries, WHO_SAW, "who-saw.csv")
    # Checked before the read is recorded: a bad cursor records nothing.
    wanted = Page(limit, decode_mark(cursor))
    report = who_saw_recorded(service, subject, reader, filters, page=wanted)
    report = revealed(report, open_justifications(service, report.entries))
    return _keyset_page(
        report.entries,
        report.next,
        subject=subject,
        accesses=report.accesses,
        disclosures=report.disclosures,
        recipients=report.recipients,
        disposal=report.disposal,
    )


@router.get(
    "/partners/{organisation}/disclosures",
    summary="What one partner received",
    responses=json_page(DisclosuresPage),
)
def partner_route(
    request: Request,
    organisation: str,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.partner"]))],
    subject: Annotated[str | None, Query(pattern=SUBJECT_PATTERN)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    """Each share to the partner with its agreement, flags and receipt status, newest first.

    A page is read by its cursor in the database (an integrator pulling the
    whole list pays for each page once); `flagged` and `overdue_receipts` are
    the whole list's on every page. CSV is the whole list.
    """
    if principal.role is Role.PARTNER:
        require_own_organisation(principal, organisation)
    context = state(request).service.reports("partner" if subject is None else "partner-subject")
    if wants_csv(request, format):
        whole = partner_report(context, organisation, subject=subject)
        return csv_response(whole.shares, DISCLOSURES, "disclosures.csv")
    report = partner_report(
        context, organisation, subject=subject, page=Page(limit, decode_mark(cursor))
    )
    return _keyset_page(
        report.shares,
        report.next,
        organisation=organisation,
        name=report.name,
        agreements=report.agreements,
        flagged=report.flagged,
        overdue_receipts=report.overdue_receipts,
    )


@router.get(
    "/restrictions/{restriction}/compliance",
    summary="Was this restriction honoured?",
    responses=RESTRICTION,
)
def restriction_route(
    request: Request,
    restriction: str,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.subject"]))],
    reason: Reason = "restriction compliance review",
) -> Response:
    """The verdict (honoured, breached, pending) with every reason. The read is recorded."""
    service = state(request).service
    report = restriction_report(service.reports("restriction"), restriction)
    # Out of an investigator's scope reads as not there: the answer must not tell
    # which restriction references exist.
    if report is None or not in_subject_scope(principal, report.facts.subject):
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            "no restriction with that id or reference",
            type_suffix="not-found",
        )
    record_read(service, report.facts.subject, report.facts.categories, _reader(principal, reason))
    return JSONResponse(jsonable(report))


@router.get(
    "/restrictions",
    summary="Every restriction and its verdict, breaches first",
    responses=json_page(RestrictionsPage),
)
def restrictions_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = all_restrictions(state(request).service.reports("restrictions"))
    return _listing(
        request,
        reports,
        RESTRICTIONS,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="restrictions.csv",
    )


@router.get(
    "/rights-requests",
    summary="Rights requests against their deadlines",
    responses=json_page(RequestsPage),
)
def requests_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    overdue: bool = False,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = request_reports(state(request).service.reports("requests"), overdue_only=overdue)
    return _listing(
        request, reports, REQUESTS, cursor=cursor, limit=limit, fmt=format, filename="requests.csv"
    )


@router.get(
    "/rectifications",
    summary="Rectifications and their Art 19 notices",
    responses=json_page(RectificationsPage),
)
def rectifications_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    outstanding: bool = False,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = rectification_reports(
        state(request).service.reports("rectifications"), outstanding_only=outstanding
    )
    return _listing(
        request,
        reports,
        RECTIFICATIONS,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="rectifications.csv",
    )


@router.get(
    "/objections",
    summary="Art 21 objections and their verdicts",
    responses=json_page(ObjectionsPage),
)
def objections_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    """Each objection: decided within the Art 12(3) period, no processing after one upheld."""
    reports = objection_reports(state(request).service.reports("objections"))
    return _listing(
        request,
        reports,
        OBJECTIONS,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="objections.csv",
    )


@router.get("/complaints", summary="Complaints: acknowledged in time, outcome, the ICO's decision")
def complaints_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    open_only: Annotated[bool, Query(alias="open")] = False,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    """Each complaint against DPA 2018 s.164A: acknowledged within 30 days, then answered.

    Summaries and findings stay sealed here; the console's complaint page opens them.
    """
    reports = complaint_reports(state(request).service.reports("complaints"), open_only=open_only)
    return _listing(
        request,
        reports,
        COMPLAINTS,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="complaints.csv",
    )


@router.get(
    "/agreements",
    summary="Agreements reconciled against shares",
    responses=AGREEMENTS,
)
def agreements_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
) -> Response:
    return JSONResponse(jsonable(agreements_report(state(request).service.reports("agreements"))))


@router.get(
    "/promises",
    summary="The privacy notice's promises, kept or broken",
    responses=PROMISES,
)
def promises_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    context = state(request).service.reports("promises")
    end = moment(until, "until") or context.now
    period = Period(moment(since, "since") or end - timedelta(days=365), end)
    return JSONResponse(jsonable(promises(context, period)))


class Lookup(BaseModel):
    """A natural identifier, in the body: identifiers never go in URLs (they reach logs)."""

    kind: Kind
    value: str = Field(min_length=1, max_length=64)
    reason: str = Field(
        default="subject access request",
        min_length=1,
        max_length=200,
        description="Why you are looking (recorded with the lookup, found or not).",
    )


@router.post(
    "/subjects/resolve",
    summary="The subject reference of a natural identifier",
    response_model=None,
    responses={200: {"model": ResolvedSubject}},
)
def resolve_route(
    request: Request,
    body: Lookup,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["subjects.resolve"]))],
) -> dict[str, str]:
    """For a DPO answering "who accessed my data" from the NHS number the person gave.

    The lookup is recorded in the ledger, found or not (never the identifier itself).
    """
    subject = look_up(
        state(request).service, parse(body.kind, body.value), _reader(principal, body.reason)
    )
    if subject is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            f"no person with that {body.kind.value} identifier in the directory",
            type_suffix="not-found",
        )
    return {"subject": subject}
