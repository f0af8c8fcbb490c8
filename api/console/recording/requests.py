"""Recording a rights request's lifecycle from the console: receive it, then each step.

The steps are the API's ``/v1/rights-requests`` commands: the information asked
for to confirm identity received (Art 12A: the clock's start), identity verified,
the clock paused (with the question asked) and resumed, the deadline
extended (Art 12(3): notified within the first month), fulfilled, refused.
Pages need the API's ``record`` group and the rights-requests report's group
(``reports.requests``): the forms show the request they change.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import ConsoleError, Page, Viewer, signed_in
from api.console.recording.fields import ChoiceField, DateField, Posted, SubjectField, TextField
from api.console.recording.flow import (
    Action,
    Target,
    handle,
    may_record,
    posted_form,
    show_form,
    show_recorded,
)
from api.console.render import base_path, day, render, term
from api.console.state import console
from ledger.domain.procedure_terms import REQUEST_KINDS
from ledger.domain.values import SUBJECT_REF
from projections.reports.request_deadlines import RequestReport, request_report

router = APIRouter(prefix="/console/rights-requests", include_in_schema=False)
Signed = Annotated[Viewer, Depends(signed_in)]
Form = Annotated[Posted, Depends(posted_form)]

RECEIVE = Action(
    slug="new",
    title="Record a rights request received",
    command="receive_request",
    recorded="Rights request recorded",
    actor="recorded_by",
    lead="The one-month clock of UK GDPR Article 12(3) starts on the day the request is received.",
    fields=(
        SubjectField(
            "subject",
            "Identifier",
            "The subject reference, or the NHS number, National Insurance number, pupil number "
            "or case id chosen above. A natural identifier is turned into the ledger's "
            "reference on the server; the lookup is recorded.",
        ),
        ChoiceField(
            "kind",
            "Which right is the person using?",
            missing="Select the right the person is using",
        ),
        DateField("received_on", "Date the request was received"),
        TextField(
            "reference",
            "Your reference (optional)",
            "For example SAR-2026-031: letters, digits, '.', '_', '/' and '-'. "
            "Do not use the person's name or an identifier.",
            optional=True,
            long=False,
        ),
    ),
)

STEPS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            slug="identity-information",
            title="Record that the information to confirm identity arrived",
            command="receive_identity_information",
            actor="recorded_by",
            recorded="Identity information recorded",
            lead="Where you asked for information to confirm who is asking (UK GDPR Article "
            "12(6)), the month runs from the day it arrives (Article 12A(3)(b)).",
            fields=(DateField("received_on", "Date the information arrived"),),
        ),
        Action(
            slug="identity-verified",
            title="Record that the requester's identity is verified",
            command="verify_identity",
            actor="recorded_by",
            recorded="Identity verified",
            fields=(DateField("verified_on", "Date the identity was verified"),),
        ),
        Action(
            slug="pause",
            title="Pause the clock",
            command="pause_clock",
            actor="recorded_by",
            recorded="Clock paused",
            lead="The clock stops while you wait for the person to clarify their request or to "
            "send what you need (UK GDPR Article 12A).",
            fields=(
                DateField("paused_on", "Date the question was asked"),
                TextField(
                    "reason",
                    "The question asked of the person",
                    "What you asked them to clarify or provide. It is sealed in the ledger for "
                    "this person.",
                ),
            ),
        ),
        Action(
            slug="resume",
            title="Resume the clock",
            command="resume_clock",
            actor="recorded_by",
            recorded="Clock resumed",
            fields=(DateField("resumed_on", "Date the person answered"),),
        ),
        Action(
            slug="extension",
            title="Record an extension of the deadline",
            command="extend_deadline",
            actor="recorded_by",
            recorded="Extension recorded",
            lead="Two further months, if the request is complex or numerous and the person is "
            "told, with the reasons, within the first month (UK GDPR Article 12(3)).",
            fields=(
                DateField("notified_on", "Date the person was sent the notice"),
                TextField("reason", "Why more time is needed", "As given in the notice."),
            ),
        ),
        Action(
            slug="fulfilment",
            title="Record that the request is fulfilled",
            command="fulfil_request",
            actor="recorded_by",
            recorded="Request fulfilled",
            fields=(DateField("fulfilled_on", "Date the response was sent"),),
        ),
        Action(
            slug="refusal",
            title="Record that the request is refused",
            command="refuse_request",
            actor="recorded_by",
            recorded="Request refused",
            lead="Tell the person why, and that they may complain to the ICO and seek a judicial "
            "remedy (UK GDPR Article 12(4)).",
            fields=(
                DateField("refused_on", "Date the refusal was sent"),
                TextField("reason", "Why the request is refused", "As given to the person."),
            ),
        ),
    )
}


def _may(viewer: Viewer) -> None:
    may_record(viewer, Page.REQUESTS)


def _receiving(request: Request) -> Target:
    base = base_path(request)
    return Target(
        caption="A new rights request",
        summary=(),
        fixed={},
        back=(f"{base}/rights-requests", "Back to rights requests"),
        options={"kind": [(t.id, t.label) for t in REQUEST_KINDS]},
        next_links=lambda made: (
            (f"{base}/rights-requests/{made}", "Record the next step for this request"),
        ),
    )


def _report(request: Request, key: str) -> RequestReport:
    report = request_report(console(request).http.service.reports("requests"), key)
    if report is None:
        raise ConsoleError(404, "Rights request not found", "No request has that id or reference.")
    return report


def _about(report: RequestReport) -> list[tuple[str, str]]:
    return [
        ("Right", term(report.kind)),
        ("Person", report.subject),
        ("Received", day(report.received_on)),
        ("Due", day(report.deadline.due) if report.deadline.due else "Clock stopped"),
        ("Status", report.status.capitalize()),
    ]


def _stepping(request: Request, report: RequestReport) -> Target:
    base = base_path(request)
    here = f"{base}/rights-requests/{report.request_id}"
    return Target(
        caption=f"Rights request {report.reference or report.request_id[:8]}",
        summary=_about(report),
        fixed={"id": report.request_id},
        back=(here, "Back to the request"),
        next_links=lambda _made: ((f"{base}/rights-requests", "See every rights request"),),
    )


def _step(slug: str) -> Action:
    action = STEPS.get(slug)
    if action is None:
        raise ConsoleError(404, "Page not found", "There is no such step for a rights request.")
    return action


@router.get("/new")
def receive_form(request: Request, viewer: Signed) -> Response:
    """The form to record a request received; ``?subject=`` fills in the person."""
    _may(viewer)
    given = request.query_params.get("subject", "")
    values = (
        {"subject-kind": ["subject-reference"], "subject": [given]}
        if SUBJECT_REF.fullmatch(given)
        else {}
    )
    return show_form(request, viewer, RECEIVE, _receiving(request), values)


@router.post("/new")
def receive(request: Request, viewer: Signed, posted: Form) -> Response:
    _may(viewer)
    return handle(request, viewer, RECEIVE, _receiving(request), posted)


@router.get("/new/recorded")
def received(request: Request, viewer: Signed) -> Response:
    _may(viewer)
    return show_recorded(request, viewer, RECEIVE, _receiving(request))


@router.get("/{rights_request}")
def steps(request: Request, rights_request: str, viewer: Signed) -> Response:
    """One request: its deadline, and the steps that may be recorded next."""
    _may(viewer)
    report = _report(request, rights_request)
    return render(
        request,
        "recording/request.html",
        viewer=viewer,
        report=report,
        about=_about(report),
        steps=[] if report.closed_on else _open_steps(report),
    )


def _open_steps(report: RequestReport) -> list[Action]:
    paused = report.status == "paused"
    return [
        a
        for a in STEPS.values()
        if not (paused and a.slug == "pause") and not (not paused and a.slug == "resume")
    ]


@router.get("/{rights_request}/{step}")
def step_form(request: Request, rights_request: str, step: str, viewer: Signed) -> Response:
    _may(viewer)
    action = _step(step)
    return show_form(request, viewer, action, _stepping(request, _report(request, rights_request)))


@router.post("/{rights_request}/{step}")
def record_step(
    request: Request, rights_request: str, step: str, viewer: Signed, posted: Form
) -> Response:
    _may(viewer)
    action = _step(step)
    target = _stepping(request, _report(request, rights_request))
    return handle(request, viewer, action, target, posted)


@router.get("/{rights_request}/{step}/recorded")
def step_recorded(request: Request, rights_request: str, step: str, viewer: Signed) -> Response:
    _may(viewer)
    action = _step(step)
    target = _stepping(request, _report(request, rights_request))
    return show_recorded(request, viewer, action, target)
