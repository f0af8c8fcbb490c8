"""Recording an Art 16 rectification from the console, and its Art 19 notices.

Recorded from the person's page; each earlier recipient is then notified, or its
notice exempted (impossible or disproportionate, with the reason). Pages need
the API's ``record`` group and the rectifications report's (``reports.requests``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import ConsoleError, Page, Viewer, signed_in
from api.console.recording.choices import open_requests, organisation_of, vocabulary
from api.console.recording.fields import ChoiceField, DateField, Posted, TextField
from api.console.recording.flow import (
    Action,
    Target,
    handle,
    may_record,
    posted_form,
    show_form,
    show_recorded,
)
from api.console.render import base_path, terms, when
from api.console.state import console
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.procedure_terms import CHANNELS
from ledger.domain.values import SUBJECT_REF
from projections.reports.rectification_notices import RectificationReport, rectification_reports

router = APIRouter(prefix="/console", include_in_schema=False)
Signed = Annotated[Viewer, Depends(signed_in)]
Form = Annotated[Posted, Depends(posted_form)]
PAGE = Page.REQUESTS  # the API's /v1/reports/rectifications group

RECORD = Action(
    slug="new",
    title="Record a rectification",
    command="record_rectification",
    recorded="Rectification recorded",
    actor="actor",
    lead="UK GDPR Article 16: inaccurate data corrected, or incomplete data completed. Every "
    "organisation that received the data earlier must then be told (Article 19).",
    fields=(
        DateField("occurred_at", "Date and time the data was corrected", moment=True),
        ChoiceField(
            "categories",
            "Which data was corrected?",
            "Select all that apply.",
            multiple=True,
            missing="Select the data that was corrected",
        ),
        TextField(
            "summary",
            "What was corrected",
            "It is sealed in the ledger for this person; keep it short.",
        ),
        ChoiceField("rights_request", "The rights request it answers (optional)", optional=True),
        TextField(
            "reference",
            "Your reference (optional)",
            "For example RECT-2026-012. Do not use the person's name or an identifier.",
            optional=True,
            long=False,
        ),
    ),
)

STEPS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            slug="notice",
            title="Record a notice to an earlier recipient",
            command="notify_recipient_of_rectification",
            recorded="Recipient notified",
            actor="notified_by",
            lead="UK GDPR Article 19: tell each organisation the data was disclosed to.",
            fields=(
                DateField("occurred_at", "Date and time the notice was sent", moment=True),
                ChoiceField("recipient", "Which recipient?", missing="Select the recipient"),
                ChoiceField("channel", "How was it sent?", missing="Select how it was sent"),
            ),
        ),
        Action(
            slug="notice-exemption",
            title="Record that a recipient cannot be told",
            command="exempt_recipient_of_rectification",
            recorded="Notice exemption recorded",
            actor="recorded_by",
            lead="UK GDPR Article 19: unless telling them proves impossible or involves "
            "disproportionate effort.",
            fields=(
                DateField("occurred_at", "Date and time of this decision", moment=True),
                ChoiceField("recipient", "Which recipient?", missing="Select the recipient"),
                TextField("explanation", "Why they cannot be told"),
            ),
        ),
    )
}


def _person(viewer: Viewer, subject: str) -> str:
    if SUBJECT_REF.fullmatch(subject) is None:
        raise ConsoleError(404, "Page not found", "That is not a subject reference.")
    may_record(viewer, PAGE)
    return subject


def _recording(request: Request, viewer: Viewer, subject: str) -> Target:
    base = base_path(request)
    service = console(request).http.service
    return Target(
        caption=f"Person {subject}",
        summary=(),
        fixed={"subject": subject, **organisation_of(service, viewer.principal)},
        back=(f"{base}/people/{subject}/record", "Back to recording for this person"),
        options={
            "categories": vocabulary(DATA_CATEGORIES),
            "rights_request": open_requests(service, subject),
        },
        next_links=lambda made: (
            (f"{base}/rectifications/{made}/notice", "Record a notice to an earlier recipient"),
        ),
    )


def _report(request: Request, viewer: Viewer, key: str) -> RectificationReport:
    may_record(viewer, PAGE)
    found = [
        r
        for r in rectification_reports(console(request).http.service.reports("rectifications"))
        if key in (r.rectification_id, r.reference)
    ]
    if not found:
        raise ConsoleError(
            404, "Rectification not found", "No rectification has that id or reference."
        )
    return found[0]


def _stepping(request: Request, report: RectificationReport) -> Target:
    base = base_path(request)
    waiting = [
        (r.organisation, r.organisation)
        for r in report.recipients
        if r.notified_at is None and r.exempted_at is None
    ]
    person = f"{base}/people/{report.subject}/record"
    return Target(
        caption=f"Rectification {report.reference or report.rectification_id[:8]}",
        summary=[
            ("Person", report.subject),
            ("Data corrected", terms(report.categories)),
            ("Corrected", when(report.occurred_at)),
            ("Recipients still to tell", ", ".join(o for o, _ in waiting) or "None"),
        ],
        fixed={"id": report.rectification_id},
        back=(person, "Back to recording for this person"),
        options={"recipient": waiting, "channel": vocabulary(CHANNELS)},
        next_links=lambda made: (
            (f"{base}/rectifications/{made}/notice", "Record a notice to another recipient"),
        ),
    )


def _step(slug: str) -> Action:
    action = STEPS.get(slug)
    if action is None:
        raise ConsoleError(404, "Page not found", "There is no such step for a rectification.")
    return action


@router.get("/people/{subject}/rectifications/new")
def record_form(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_form(request, viewer, RECORD, _recording(request, viewer, subject))


@router.post("/people/{subject}/rectifications/new")
def record_rectification(request: Request, subject: str, viewer: Signed, posted: Form) -> Response:
    subject = _person(viewer, subject)
    return handle(request, viewer, RECORD, _recording(request, viewer, subject), posted)


@router.get("/people/{subject}/rectifications/new/recorded")
def recorded(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_recorded(request, viewer, RECORD, _recording(request, viewer, subject))


@router.get("/rectifications/{rectification}/{step}")
def step_form(request: Request, rectification: str, step: str, viewer: Signed) -> Response:
    report = _report(request, viewer, rectification)
    return show_form(request, viewer, _step(step), _stepping(request, report))


@router.post("/rectifications/{rectification}/{step}")
def record_step(
    request: Request, rectification: str, step: str, viewer: Signed, posted: Form
) -> Response:
    report = _report(request, viewer, rectification)
    return handle(request, viewer, _step(step), _stepping(request, report), posted)


@router.get("/rectifications/{rectification}/{step}/recorded")
def step_recorded(request: Request, rectification: str, step: str, viewer: Signed) -> Response:
    report = _report(request, viewer, rectification)
    return show_recorded(request, viewer, _step(step), _stepping(request, report))
