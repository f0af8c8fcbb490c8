"""Report endpoints: the read models, as JSON pages or CSV, each read of a person recorded."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Path, Query, Request, status
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel, Field

from api.http.context import state
from api.http.pagination import Column, csv_response, page, wants_csv
from api.http.problems import ProblemError
from api.http.security import ROLE_MATRIX, check_subject_scope, require, require_own_organisation
from api.jsonable import jsonable
from api.wiring import Service
from ledger.domain.values import SUBJECT_REF
from ledger.principals import Principal, Role
from ledger.privacy.identifiers import Kind, parse
from projections.reports.agreement_register import agreements_report
from projections.reports.partner_disclosures import partner_report
from projections.reports.promises import Period, promises
from projections.reports.rectification_notices import rectification_reports
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions, restriction_report
from projections.reports.who_saw import Filters, who_saw

router = APIRouter(prefix="/v1", tags=["reports"])

Subject = Annotated[str, Path(pattern=SUBJECT_REF.pattern, description="Subject reference")]
Cursor = Annotated[str | None, Query(description="From a previous page's `next`.")]
Limit = Annotated[int, Query(ge=1, le=1000)]
Format = Annotated[Literal["json", "csv"] | None, Query(description="Or send Accept: text/csv")]
Reason = Annotated[
    str, Query(min_length=1, max_length=200, description="Why you are looking (recorded).")
]


def _aware(moment: datetime | None) -> datetime | None:
    return moment if moment is None or moment.tzinfo else moment.replace(tzinfo=UTC)


def _listing(
    request: Request,
    items: list[Any],
    columns: list[Column],
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


def _record_read(
    service: Service, principal: Principal, subject: str, categories: Iterable[str], reason: str
) -> None:
    """Append the read itself, under the caller's principal (the watchers are watched)."""
    service.record_read(
        subject=subject,
        categories=categories,
        actor=f"principal:{principal.id}",
        organisation=principal.organisation,
        reason=reason,
        source_system="sharing-ledger-api",
    )


@router.get("/subjects/{subject}/who-saw", summary="Who saw this person's data")
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
    filters = Filters(_aware(since), _aware(until), category, organisation)
    first = who_saw(service.reports(), subject, filters)
    _record_read(
        service, principal, subject, {c for e in first.entries for c in e.categories}, reason
    )
    report = who_saw(service.reports(), subject, filters)
    opened = service.open_justifications(report.entries)
    columns: list[Column] = [
        ("position", lambda e: e.position),
        ("occurred_at", lambda e: e.occurred_at),
        ("kind", lambda e: e.kind),
        ("actor", lambda e: e.actor),
        ("organisation", lambda e: e.organisation),
        ("recipient", lambda e: e.recipient),
        ("categories", lambda e: e.categories),
        ("purpose", lambda e: e.purpose),
        ("legal_basis", lambda e: e.legal_basis),
        ("source_system", lambda e: e.source_system),
        ("justification", lambda e: opened.get(e.entry_id)),
    ]
    return _listing(
        request,
        list(service.revealed(report, opened).entries),
        columns,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="who-saw.csv",
        extra={
            "subject": subject,
            "accesses": report.accesses,
            "disclosures": report.disclosures,
            "recipients": report.recipients,
            "disposal": report.disposal,
        },
    )


@router.get("/partners/{organisation}/disclosures", summary="What one partner received")
def partner_route(
    request: Request,
    organisation: str,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.partner"]))],
    subject: Annotated[str | None, Query(pattern=SUBJECT_REF.pattern)] = None,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    """Each share to the partner with its agreement, flags and receipt status."""
    if principal.role is Role.PARTNER:
        require_own_organisation(principal, organisation)
    report = partner_report(state(request).service.reports(), organisation, subject=subject)
    columns: list[Column] = [
        ("position", lambda r: r.share.position),
        ("occurred_at", lambda r: r.share.occurred_at),
        ("share_id", lambda r: r.share.share_id),
        ("subjects", lambda r: r.share.subject_count),
        ("categories", lambda r: r.share.categories),
        ("purpose", lambda r: r.share.purpose),
        ("agreement", lambda r: r.share.agreement),
        ("receipt", lambda r: r.receipt),
        ("flags", lambda r: "; ".join(r.flags)),
    ]
    return _listing(
        request,
        list(report.shares),
        columns,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="disclosures.csv",
        extra={
            "organisation": organisation,
            "name": report.name,
            "agreements": report.agreements,
            "flagged": report.flagged,
            "overdue_receipts": report.overdue_receipts,
        },
    )


@router.get("/restrictions/{restriction}/compliance", summary="Was this restriction honoured?")
def restriction_route(
    request: Request,
    restriction: str,
    principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.subject"]))],
    reason: Reason = "restriction compliance review",
) -> Response:
    """The verdict (honoured, breached, pending) with every reason. The read is recorded."""
    service = state(request).service
    report = restriction_report(service.reports(), restriction)
    if report is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            "no restriction with that id or reference",
            type_suffix="not-found",
        )
    check_subject_scope(principal, report.facts.subject)
    _record_read(service, principal, report.facts.subject, report.facts.categories, reason)
    return JSONResponse(jsonable(report))


@router.get("/restrictions", summary="Every restriction and its verdict, breaches first")
def restrictions_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = all_restrictions(state(request).service.reports())
    columns: list[Column] = [
        ("restriction_id", lambda r: r.facts.restriction_id),
        ("reference", lambda r: r.facts.reference),
        ("verdict", lambda r: r.verdict),
        ("requested_at", lambda r: r.facts.requested_at),
        ("breaches", lambda r: sum(1 for x in r.reasons if x.severity == "breach")),
    ]
    return _listing(
        request,
        reports,
        columns,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="restrictions.csv",
    )


@router.get("/rights-requests", summary="Rights requests against their deadlines")
def requests_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    overdue: bool = False,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = request_reports(state(request).service.reports(), overdue_only=overdue)
    columns: list[Column] = [
        ("request_id", lambda r: r.request_id),
        ("reference", lambda r: r.reference),
        ("kind", lambda r: r.kind),
        ("status", lambda r: r.status),
        ("received_on", lambda r: r.received_on),
        ("due", lambda r: r.deadline.due),
        ("closed_on", lambda r: r.closed_on),
    ]
    return _listing(
        request, reports, columns, cursor=cursor, limit=limit, fmt=format, filename="requests.csv"
    )


@router.get("/rectifications", summary="Rectifications and their Art 19 notices")
def rectifications_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    outstanding: bool = False,
    cursor: Cursor = None,
    limit: Limit = 100,
    format: Format = None,  # noqa: A002 - the query parameter's public name
) -> Response:
    reports = rectification_reports(state(request).service.reports(), outstanding_only=outstanding)
    columns: list[Column] = [
        ("rectification_id", lambda r: r.rectification_id),
        ("occurred_at", lambda r: r.occurred_at),
        ("categories", lambda r: r.categories),
        ("outstanding", lambda r: ", ".join(x.organisation for x in r.outstanding)),
    ]
    return _listing(
        request,
        reports,
        columns,
        cursor=cursor,
        limit=limit,
        fmt=format,
        filename="rectifications.csv",
    )


@router.get("/agreements", summary="Agreements reconciled against shares")
def agreements_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
) -> Response:
    return JSONResponse(jsonable(agreements_report(state(request).service.reports())))


@router.get("/promises", summary="The privacy notice's promises, kept or broken")
def promises_route(
    request: Request,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
    since: datetime | None = None,
    until: datetime | None = None,
) -> Response:
    context = state(request).service.reports()
    end = _aware(until) or context.now
    period = Period(_aware(since) or end - timedelta(days=365), end)
    return JSONResponse(jsonable(promises(context, period)))


class Lookup(BaseModel):
    """A natural identifier, in the body: identifiers never go in URLs (they reach logs)."""

    kind: Kind
    value: str = Field(min_length=1, max_length=64)


@router.post("/subjects/resolve", summary="The subject reference of a natural identifier")
def resolve_route(
    request: Request,
    body: Lookup,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["reports.requests"]))],
) -> dict[str, str]:
    """For a DPO answering "who accessed my data" from the NHS number the person gave."""
    subject = state(request).service.app.subjects.resolve(parse(body.kind, body.value))
    if subject is None:
        raise ProblemError(
            status.HTTP_404_NOT_FOUND,
            "Not found",
            f"no person with that {body.kind.value} identifier in the directory",
            type_suffix="not-found",
        )
    return {"subject": subject}
