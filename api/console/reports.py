"""Partners, restrictions and rights requests: the DPO's lists, and their detail pages."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import (
    ConsoleError,
    Page,
    Viewer,
    require_organisation,
    require_page,
    signed_in,
)
from api.console.people import viewer_reading
from api.console.render import base_path, render, secure
from api.console.state import console
from api.console.wording import actor_names, in_words
from api.http.security import ROLE_MATRIX, in_subject_scope
from api.service.recorded_reads import record_read
from projections.reports.agreement_register import agreements_report
from projections.reports.common import ReportContext
from projections.reports.partner_disclosures import (
    PartnerReport,
    ShareReport,
    partner_names,
    partner_report,
)
from projections.reports.request_deadlines import RequestReport, request_reports
from projections.reports.restriction_verdicts import all_restrictions, restriction_report

router = APIRouter(prefix="/console", include_in_schema=False)
REVIEW_SOON = timedelta(days=60)
MAX_ROWS = 500
SHOW_SHARES = {
    "all": "All disclosures",
    "overdue": "Receipt overdue",
    "awaiting": "Awaiting receipt",
    "flagged": "Flagged",
}
REQUEST_FILTERS = {
    "all": "All requests",
    "open": "Open (not answered)",
    "overdue": "Overdue",
    "due this week": "Due this week",
    "answered late": "Answered late",
}


@dataclass(frozen=True, slots=True)
class PartnerRow:
    report: PartnerReport
    next_review: date | None
    review_overdue: bool
    uncovered: int


def partner_rows(context: ReportContext) -> list[PartnerRow]:
    """Every partner that has an agreement or received data, those needing attention first."""
    today = context.now.date()
    registry = agreements_report(context)
    uncovered = {u.organisation: u.shares for u in registry.uncovered}
    organisations = sorted({a.terms.partner for a in registry.agreements} | set(uncovered))
    rows = []
    for organisation in organisations:
        report = partner_report(context, organisation)
        reviews = [a.review_date for a in report.agreements]
        rows.append(
            PartnerRow(
                report=report,
                next_review=min(reviews) if reviews else None,
                review_overdue=any(r < today for r in reviews),
                uncovered=uncovered.get(organisation, 0),
            )
        )
    rows.sort(
        key=lambda r: (
            -(r.report.overdue_receipts + r.report.flagged + r.review_overdue),
            r.report.name or r.report.organisation,
        )
    )
    return rows


def shown_shares(report: PartnerReport, show: str) -> list[ShareReport]:
    """The partner's disclosures the ``show`` filter keeps (an unknown filter keeps all)."""
    return [
        s
        for s in report.shares
        if show not in SHOW_SHARES
        or show == "all"
        or (show == "flagged" and s.flags)
        or (show in ("overdue", "awaiting") and s.receipt == show)
    ]


def shown_requests(reports: list[RequestReport], show: str) -> list[RequestReport]:
    """The rights requests the ``show`` filter keeps (an unknown filter keeps all)."""
    return [
        r
        for r in reports
        if show not in REQUEST_FILTERS
        or show == "all"
        or (show == "open" and r.closed_on is None)
        or r.status == show
    ]


def partner_of(request: Request, viewer: Viewer, organisation: str) -> PartnerReport:
    """One partner's report, for a viewer who may read it; a 404 page if none is known."""
    require_page(viewer, Page.PARTNER)
    require_organisation(viewer, organisation)
    report = partner_report(console(request).http.service.reports("partner"), organisation)
    if report.name is None and not report.shares and not report.agreements:
        raise ConsoleError(404, "Partner not found", "No partner is registered with that name.")
    return report


@router.get("/partners")
def partners(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    """Every partner that has an agreement or received data, worst first."""
    if not viewer.may(Page.PARTNERS) and viewer.may(Page.PARTNER):
        own = f"{base_path(request)}/partners/{viewer.principal.organisation}"
        return secure(RedirectResponse(own, status_code=303))
    require_page(viewer, Page.PARTNERS)
    context = console(request).http.service.reports("agreements")
    today = context.now.date()
    rows = partner_rows(context)
    return render(
        request,
        "partners.html",
        viewer=viewer,
        rows=rows,
        overdue=sum(r.report.overdue_receipts for r in rows),
        flagged=sum(r.report.flagged for r in rows),
        reviews_overdue=sum(1 for r in rows if r.review_overdue),
        today=today,
    )


@router.get("/partners/{organisation}")
def partner(
    request: Request,
    organisation: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    show: str = "all",
) -> Response:
    """One partner's disclosures, receipts and agreements."""
    report = partner_of(request, viewer, organisation)
    show = show if show in SHOW_SHARES else "all"
    shares = shown_shares(report, show)
    today = console(request).clock().date()
    return render(
        request,
        "partner.html",
        viewer=viewer,
        report=report,
        shares=shares[:MAX_ROWS],
        matching=len(shares),
        max_rows=MAX_ROWS,
        show=show,
        show_options=SHOW_SHARES,
        today=today,
        review_soon=today + REVIEW_SOON,
        awaiting=sum(1 for s in report.shares if s.receipt == "awaiting"),
        agreement_refs={a.reference for a in report.agreements},
    )


@router.get("/partners/{organisation}/shares/{share_id}")
def share(
    request: Request,
    organisation: str,
    share_id: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
) -> Response:
    """One disclosure to the partner: every fact the ledger entry holds, and its verdicts."""
    report = partner_of(request, viewer, organisation)
    found = next((s for s in report.shares if s.share.share_id == share_id), None)
    if found is None:
        raise ConsoleError(
            404, "Disclosure not found", "This partner received no share with that id."
        )
    agreement = next((a for a in report.agreements if a.reference == found.share.agreement), None)
    return render(request, "share.html", viewer=viewer, report=report, s=found, agreement=agreement)


@router.get("/restrictions")
def restrictions(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    """Every restriction request with its verdict, breaches first."""
    require_page(viewer, Page.RESTRICTIONS)
    service = console(request).http.service
    reports = all_restrictions(service.reports("restrictions"))
    names = partner_names(service.reports("partner"))
    return render(
        request,
        "restrictions.html",
        viewer=viewer,
        reports=reports,
        words=lambda text: in_words(request, text, names),
        counts={v: sum(1 for r in reports if r.verdict == v) for v in ("breached", "pending")},
    )


@router.get("/restrictions/{restriction}")
def restriction(
    request: Request, restriction: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """One restriction: the verdict, every reason, the processing and the Art 19 notices.

    It shows the person's processing, so the view is recorded, as the API's is.
    """
    require_page(viewer, Page.RESTRICTION)
    service = console(request).http.service
    report = restriction_report(service.reports("restriction"), restriction)
    # Out of an investigator's scope reads as not there, as the API's answer does.
    if report is None or not in_subject_scope(viewer.principal, report.facts.subject):
        raise ConsoleError(404, "Restriction not found", "No restriction has that id or reference.")
    record_read(
        service,
        report.facts.subject,
        set(report.facts.categories),
        viewer_reading(viewer.principal, "restriction compliance review"),
    )
    order = {"breach": 0, "pending": 1, "info": 2}
    names = partner_names(service.reports("partner"))
    return render(
        request,
        "restriction.html",
        viewer=viewer,
        report=report,
        reasons=[
            (r, in_words(request, r.text, names))
            for r in sorted(report.reasons, key=lambda r: order[r.severity])
        ],
        actors=actor_names(request, [p.entry for p in report.processing]),
        may_person=viewer.may(Page.PEOPLE),
        may_export=viewer.may(Page.EVIDENCE),
        names=names,
        may_record=viewer.principal.role in ROLE_MATRIX["record"],  # api/console/recording
    )


@router.get("/rights-requests")
def rights_requests(
    request: Request, viewer: Annotated[Viewer, Depends(signed_in)], show: str = "all"
) -> Response:
    """Rights requests against their Art 12(3) deadlines; overdue and due this week first."""
    require_page(viewer, Page.REQUESTS)
    reports = request_reports(console(request).http.service.reports("requests"))
    show = show if show in REQUEST_FILTERS else "all"
    shown = shown_requests(reports, show)
    return render(
        request,
        "requests.html",
        viewer=viewer,
        reports=shown,
        overdue=sum(1 for r in reports if r.status == "overdue"),
        due_soon=sum(1 for r in reports if r.status == "due this week"),
        open_count=sum(1 for r in reports if r.closed_on is None),
        total=len(reports),
        show=show,
        show_options=REQUEST_FILTERS,
        may_person=viewer.may(Page.PEOPLE),
        may_record=viewer.principal.role in ROLE_MATRIX["record"],  # api/console/recording
    )
