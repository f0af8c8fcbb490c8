"""Recording an Art 21 objection from the console, and its decision.

Received from the person's page; decided upheld (processing for those purposes
stops) or not upheld (compelling legitimate grounds, or legal claims), with the
reason. Pages need the API's ``record`` group and the objections report's
(``reports.requests``).
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import ConsoleError, Page, Viewer, signed_in
from api.console.recording.choices import open_requests, vocabulary
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
from api.console.render import base_path, day, terms, when
from api.console.state import console
from ledger.domain.procedure_terms import OBJECTION_OUTCOMES
from ledger.domain.processing_terms import PURPOSES
from ledger.domain.values import SUBJECT_REF
from projections.reports.objection_verdicts import ObjectionReport, objection_reports

router = APIRouter(prefix="/console", include_in_schema=False)
Signed = Annotated[Viewer, Depends(signed_in)]
Form = Annotated[Posted, Depends(posted_form)]
PAGE = Page.REQUESTS  # the API's /v1/reports/objections group

RECEIVE = Action(
    slug="new",
    title="Record an objection",
    command="receive_objection",
    recorded="Objection recorded",
    actor="recorded_by",
    lead="UK GDPR Article 21: the person objects to processing for some purposes. While it "
    "waits for a decision they may ask for the processing to be restricted (Article 18(1)(d)).",
    fields=(
        DateField("occurred_at", "Date and time the objection was received", moment=True),
        ChoiceField(
            "purposes",
            "To which purposes does the person object?",
            "Select all that apply.",
            multiple=True,
            missing="Select the purposes the person objects to",
        ),
        TextField(
            "grounds",
            "The person's grounds",
            "Their particular situation, as they put it. It is sealed in the ledger for them.",
        ),
        ChoiceField("rights_request", "The rights request it came with (optional)", optional=True),
        TextField(
            "reference",
            "Your reference (optional)",
            "For example OBJ-2026-003. Do not use the person's name or an identifier.",
            optional=True,
            long=False,
        ),
    ),
)

DECIDE = Action(
    slug="decision",
    title="Record the decision on the objection",
    command="decide_objection",
    recorded="Decision recorded",
    actor="decided_by",
    lead="Within one month of receiving it (UK GDPR Article 12(3)).",
    fields=(
        DateField("occurred_at", "Date and time of the decision", moment=True),
        ChoiceField("outcome", "What was decided?", missing="Select what was decided"),
        TextField("explanation", "The reason for the decision", "As given to the person."),
    ),
)


def _person(viewer: Viewer, subject: str) -> str:
    if SUBJECT_REF.fullmatch(subject) is None:
        raise ConsoleError(404, "Page not found", "That is not a subject reference.")
    may_record(viewer, PAGE)
    return subject


def _receiving(request: Request, subject: str) -> Target:
    base = base_path(request)
    return Target(
        caption=f"Person {subject}",
        summary=(),
        fixed={"subject": subject},
        back=(f"{base}/people/{subject}/record", "Back to recording for this person"),
        options={
            "purposes": vocabulary(PURPOSES),
            "rights_request": open_requests(console(request).http.service, subject),
        },
        next_links=lambda made: (
            (f"{base}/objections/{made}/decision", "Record the decision on this objection"),
        ),
    )


def _report(request: Request, viewer: Viewer, key: str) -> ObjectionReport:
    may_record(viewer, PAGE)
    found = [
        r
        for r in objection_reports(console(request).http.service.reports("objections"))
        if key in (r.facts.objection_id, r.facts.reference)
    ]
    if not found:
        raise ConsoleError(404, "Objection not found", "No objection has that id or reference.")
    return found[0]


def _deciding(request: Request, report: ObjectionReport) -> Target:
    base = base_path(request)
    f = report.facts
    return Target(
        caption=f"Objection {f.reference or f.objection_id[:8]}",
        summary=[
            ("Person", f.subject),
            ("Purposes", terms(sorted(f.purposes))),
            ("Received", when(f.received_at)),
            ("Decision due", day(f.due) if f.due else "Clock stopped"),
        ],
        fixed={"id": f.objection_id},
        back=(f"{base}/people/{f.subject}/record", "Back to recording for this person"),
        options={"outcome": vocabulary(OBJECTION_OUTCOMES)},
    )


@router.get("/people/{subject}/objections/new")
def receive_form(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_form(request, viewer, RECEIVE, _receiving(request, subject))


@router.post("/people/{subject}/objections/new")
def receive(request: Request, subject: str, viewer: Signed, posted: Form) -> Response:
    subject = _person(viewer, subject)
    return handle(request, viewer, RECEIVE, _receiving(request, subject), posted)


@router.get("/people/{subject}/objections/new/recorded")
def received(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_recorded(request, viewer, RECEIVE, _receiving(request, subject))


@router.get("/objections/{objection}/decision")
def decide_form(request: Request, objection: str, viewer: Signed) -> Response:
    return show_form(
        request, viewer, DECIDE, _deciding(request, _report(request, viewer, objection))
    )


@router.post("/objections/{objection}/decision")
def decide(request: Request, objection: str, viewer: Signed, posted: Form) -> Response:
    target = _deciding(request, _report(request, viewer, objection))
    return handle(request, viewer, DECIDE, target, posted)


@router.get("/objections/{objection}/decision/recorded")
def decided(request: Request, objection: str, viewer: Signed) -> Response:
    target = _deciding(request, _report(request, viewer, objection))
    return show_recorded(request, viewer, DECIDE, target)
