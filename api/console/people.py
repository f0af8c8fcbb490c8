"""Find a person, then who saw what: the timeline, the list with filters, the recipients,
and their rights requests (an access request's response is in ``api.console.responses``).
Each view of a person is recorded in the ledger."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import (
    ConsoleError,
    Page,
    Viewer,
    require_group,
    require_page,
    require_subject,
    signed_in,
)
from api.console.forms import check_csrf, form_fields
from api.console.lookup import (
    IDENTIFIER_KINDS,
    REASONS,
    LookupProblem,
    identifier_kind,
    reason_key,
)
from api.console.render import UK, base_path, render, secure
from api.console.state import console
from api.console.timeline import timeline
from api.console.wording import actor_names
from api.http.security import ROLE_MATRIX
from api.service import person_details
from api.service.composition import Service
from api.service.recorded_reads import Reader, open_justifications, who_saw_recorded
from ledger.domain.values import SUBJECT_REF
from ledger.principals import Principal, Role
from projections.reports.complaints import complaint_reports
from projections.reports.partner_disclosures import partner_names
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import Filters, WhoSaw, who_saw

router = APIRouter(prefix="/console", include_in_schema=False)
SOURCE_SYSTEM = "sharing-ledger-console"
MAX_ROWS = 500

# The directory's kinds of identifier, as the find form names them.
IDENTIFIER_LABELS = {k.value: k.label for k in IDENTIFIER_KINDS if k.directory}


def viewer_reading(principal: Principal, reason: str) -> Reader:
    """The watchers are watched: the console's reads, under the viewer's principal."""
    return Reader.of(principal, reason, SOURCE_SYSTEM)


def _find_page(
    request: Request,
    viewer: Viewer,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    named = sorted(viewer.principal.subjects) if viewer.principal.role is Role.INVESTIGATOR else []
    # Only the kinds this viewer may look up: the directory's are the subjects.resolve group's.
    resolves = viewer.principal.role in ROLE_MATRIX["subjects.resolve"]
    return render(
        request,
        "find.html",
        viewer=viewer,
        status=status,
        kinds=[k for k in IDENTIFIER_KINDS if resolves or not k.directory],
        reasons=REASONS,
        errors=errors or {},
        values=values or {},
        named=named,
    )


@router.get("/people")
def find_form(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    require_page(viewer, Page.PEOPLE)
    return _find_page(request, viewer)


@router.post("/people")
def find(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Resolve the identifier (in the body, never a URL) and go to the person's page."""
    require_page(viewer, Page.PEOPLE)
    check_csrf(viewer, fields)
    errors: dict[str, str] = {}
    kind = identifier_kind(fields.get("kind"))
    reason = fields.get("reason", "")
    if reason not in REASONS:
        errors["reason"] = "Select why you are looking at this person's record"
    subject = None
    if kind is None:
        errors["kind"] = "Select the kind of identifier"
    elif kind.directory:
        # The API's rule for POST /v1/subjects/resolve, applied here too.
        require_group(viewer, "subjects.resolve", "finding a person by an identifier")
    if kind is not None and not errors:
        try:
            subject = kind.resolve(
                console(request).http.service,
                fields.get("identifier", ""),
                viewer_reading(viewer.principal, REASONS[reason]),
            )
        except LookupProblem as problem:
            errors["identifier"] = str(problem)
        else:
            masked = kind.masked(fields.get("identifier", ""))
            if masked is not None:
                console(request).sessions.remember_found(viewer.session_id, subject, masked)
    if errors or subject is None:
        # The identifier is not echoed back: it may be a natural identifier.
        kept = {"kind": fields.get("kind", ""), "reason": reason}
        return _find_page(request, viewer, status=422, errors=errors, values=kept)
    target = f"{base_path(request)}/people/{subject}?{urlencode({'reason': reason})}"
    return secure(RedirectResponse(target, status_code=303))


@dataclass(frozen=True, slots=True)
class FilterForm:
    """The who-saw filters as typed, their errors, and the Filters they give."""

    values: dict[str, str]
    errors: dict[str, str]
    filters: Filters

    @property
    def active(self) -> bool:
        return any(v for k, v in self.values.items() if k != "reason")

    def query(self, **changes: str) -> str:
        return urlencode({k: v for k, v in {**self.values, **changes}.items() if v})


def _day(text: str) -> date:
    return date.fromisoformat(text.strip())


def _midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UK)


def read_filters(query: Mapping[str, str]) -> FilterForm:
    values = {
        name: query.get(name, "").strip() for name in ("since", "until", "category", "organisation")
    }
    values["reason"] = reason_key(query.get("reason"))
    errors: dict[str, str] = {}
    since = until = None
    if values["since"]:
        try:
            since = _midnight(_day(values["since"]))
        except ValueError:
            errors["since"] = "The start of the period must be a real date, like 2026-03-01"
    if values["until"]:
        try:
            until = _midnight(_day(values["until"]) + timedelta(days=1))
        except ValueError:
            errors["until"] = "The end of the period must be a real date, like 2026-03-31"
    if since is not None and until is not None and until <= since:
        errors["until"] = "The end of the period must be the same as or after the start"
        until = None
    filters = Filters(
        since=since,
        until=until,
        category=values["category"] or None,
        organisation=values["organisation"] or None,
    )
    return FilterForm(values, errors, filters)


NO_SUCH_PERSON = "There is no such person in this ledger"


def subject_checked(service: Service, viewer: Viewer, subject: str) -> str:
    """A reference the viewer may read and the ledger knows; otherwise a 403 or 404 page,
    and nothing is recorded (a mistyped reference must not read as an empty history)."""
    if SUBJECT_REF.fullmatch(subject) is None:
        raise ConsoleError(404, "Page not found", "That is not a subject reference.")
    require_page(viewer, Page.PEOPLE)
    require_subject(viewer, subject)
    if not person_details.known(service, subject):
        raise ConsoleError(
            404,
            NO_SUCH_PERSON,
            f"{NO_SUCH_PERSON}: no entry and no directory record has the reference "
            f"{subject}. Check it against where you copied it from. Nothing was recorded.",
        )
    return subject


def viewed(
    service: Service, viewer: Viewer, subject: str, form: FilterForm, *, named: bool = False
) -> WhoSaw:
    """The report, after recording that the viewer read it (so the read shows in it)."""
    reader = viewer_reading(viewer.principal, REASONS[form.values["reason"]])
    revealing = [person_details.NAME_CATEGORY] if named else []
    return who_saw_recorded(service, subject, reader, form.filters, revealing=revealing)


def _name(service: Service, viewer: Viewer, subject: str) -> str | None:
    """The person's name, for a viewer whose role may learn who a reference is."""
    return person_details.name(service, subject) if viewer.may(Page.NAME) else None


@router.get("/people/{subject}")
def person(
    request: Request, subject: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """Who saw what, for one person; the view itself is appended to the ledger."""
    service = console(request).http.service
    subject = subject_checked(service, viewer, subject)
    form = read_filters(request.query_params)
    name = _name(service, viewer, subject)
    report = viewed(service, viewer, subject, form, named=name is not None)
    rows = report.entries[:MAX_ROWS]
    names = partner_names(service.reports("partner"))
    everything = report if not form.active else who_saw(service.reports("who-saw"), subject)
    context = service.reports("restrictions", "requests")
    options: dict[str, Any] = {
        "categories": sorted({c for e in everything.entries for c in e.categories}),
        "organisations": sorted(
            {e.organisation for e in everything.entries}
            | {e.recipient for e in everything.entries if e.recipient}
        ),
    }
    restrictions = (
        all_restrictions(context, subject=subject) if viewer.may(Page.RESTRICTION) else []
    )
    requests = request_reports(context, subject=subject) if viewer.may(Page.REQUESTS) else []
    complaints = (
        complaint_reports(service.reports("complaints"), subject=subject)
        if viewer.may(Page.COMPLAINTS)
        else []
    )
    return render(
        request,
        "person.html",
        viewer=viewer,
        subject=subject,
        report=report,
        rows=rows,
        why=open_justifications(service, rows),
        actors=actor_names(request, rows),
        names=names,
        name=name,
        may_name=viewer.may(Page.NAME),
        found_by=viewer.session.found_by(subject),
        identifier_kinds=[
            IDENTIFIER_LABELS.get(k, k) for k in person_details.identifier_kinds(service, subject)
        ]
        if viewer.may(Page.NAME)
        else [],
        max_rows=MAX_ROWS,
        chart=timeline(
            report.entries, start=form.filters.since, end=form.filters.until, display_names=names
        ),
        form=form,
        options=options,
        reasons=REASONS,
        restrictions=restrictions,
        requests=requests,
        complaints=complaints,
        may_export=viewer.may(Page.EVIDENCE),
        may_record=viewer.principal.role in ROLE_MATRIX["record"],  # api/console/recording
    )
