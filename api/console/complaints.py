"""Complaints in the console: the list, one complaint, and the forms that log each step.

Every form follows the GOV.UK pattern: the question page (an error summary
above it when an answer is wrong), then "check your answers", then a
confirmation page. The answers travel in the POST bodies (hidden fields on
the check page), never in an address; nothing is recorded until the
check page is confirmed, and a refused command leaves the ledger unchanged.

Authorisation is the API's: logging a complaint or a step is the ``record``
group's (``POST /v1/complaints...``), the list and a complaint's page the
``reports.requests`` group's (``GET /v1/complaints``). Opening a complaint
shows what the person said, so the view is recorded in the ledger.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import ConsoleError, Page, Viewer, require_group, require_page, signed_in
from api.console.forms import check_csrf, form_fields
from api.console.people import viewer_reading
from api.console.render import base_path, render, secure, term
from api.console.state import console
from api.http.security import ROLE_MATRIX
from api.service.commands import decide, execute
from api.service.complaint_reads import REASON, find_complaint, opened
from api.service.recorded_reads import record_read
from ledger.application import NotFound
from ledger.domain.deadlines import uk_date
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.procedure_terms import (
    COMPLAINANTS,
    COMPLAINT_ISSUES,
    COMPLAINT_OUTCOMES,
    ICO_DECISIONS,
)
from ledger.domain.vocabulary import Vocabulary
from projections.reports.complaints import ICO, ComplaintReport, complaint_reports

router = APIRouter(prefix="/console", include_in_schema=False)
Kind = Literal["text", "date", "textarea", "radios", "checkboxes"]
ISSUE = "issue-"  # a checkbox per issue: the form parser keeps one value per name
SHOW = {
    "all": "All complaints",
    "open": "Not yet closed",
    "acknowledgement overdue": "Acknowledgement overdue",
    "with the ICO": "With the ICO",
}


@dataclass(frozen=True, slots=True)
class Field:
    name: str  # the command's field
    label: str
    kind: Kind = "text"
    hint: str = ""
    vocabulary: Vocabulary | None = None
    optional: bool = False
    missing: str = ""  # the error for no answer, where "Enter the <label>" reads badly

    def options(self) -> list[tuple[str, str, str]]:
        """(input name, value, label) for each radio or checkbox."""
        terms = () if self.vocabulary is None else tuple(self.vocabulary)
        if self.kind == "checkboxes":
            return [(ISSUE + t.id.partition(":")[2], t.id, t.label) for t in terms]
        return [(self.name, t.id, t.label) for t in terms]


@dataclass(frozen=True, slots=True)
class Step:
    """One form: its questions, the command it records, and what the pages say."""

    slug: str  # the address's last part ("new" for the complaint itself)
    command: str
    title: str
    done: str  # the confirmation panel's title
    fields: tuple[Field, ...]
    recorder: str = "recorded_by"  # the command's field naming who recorded it
    when: str = "received_on"  # the date field a new form starts with today in


def _date(name: str, label: str) -> Field:
    return Field(name, label, "date", "For example, 2026-07-01")


LOG = Step(
    "new",
    "receive_complaint",
    "Log a complaint",
    "Complaint logged",
    (
        Field("subject", "Subject reference of the person", hint="sr_ then 26 letters and digits"),
        Field(
            "complainant",
            "Who made the complaint?",
            "radios",
            vocabulary=COMPLAINANTS,
            missing="Select who made the complaint",
        ),
        Field(
            "ico_case_reference",
            "ICO case reference",
            hint="Only for a complaint from the ICO, for example IC-123456-A1B2",
            optional=True,
        ),
        _date("received_on", "Date received"),
        Field(
            "issues",
            "What is the complaint about?",
            "checkboxes",
            "Select all that apply.",
            COMPLAINT_ISSUES,
            missing="Select what the complaint is about",
        ),
        Field(
            "summary",
            "Summary of the complaint",
            "textarea",
            "Kept sealed for the person. Do not include NHS or National Insurance numbers.",
        ),
        Field("rights_request", "Rights request it is about", hint="Its id, if any", optional=True),
        Field("restriction", "Restriction it is about", hint="Its id, if any", optional=True),
        Field("reference", "Your reference", hint="For example, CMP-2026-014", optional=True),
    ),
)
STEPS: dict[str, Step] = {
    step.slug: step
    for step in (
        Step(
            "acknowledgement",
            "acknowledge_complaint",
            "Record the acknowledgement",
            "Acknowledgement recorded",
            (_date("acknowledged_on", "Date the complainant was told it was received"),),
            when="acknowledged_on",
        ),
        Step(
            "findings",
            "record_complaint_findings",
            "Record the findings",
            "Findings recorded",
            (
                _date("recorded_on", "Date of the findings"),
                Field("findings", "Findings", "textarea", "What your enquiries found."),
            ),
            when="recorded_on",
        ),
        Step(
            "outcome",
            "close_complaint",
            "Record the outcome",
            "Outcome recorded",
            (
                _date("closed_on", "Date the complainant was told the outcome"),
                Field(
                    "outcome",
                    "Outcome",
                    "radios",
                    vocabulary=COMPLAINT_OUTCOMES,
                    missing="Select the outcome",
                ),
                Field(
                    "remedial_action",
                    "Remedial action",
                    "textarea",
                    "What the council will put right. Needed if the complaint is upheld.",
                    optional=True,
                ),
            ),
            recorder="decided_by",
            when="closed_on",
        ),
        Step(
            "ico-decision",
            "record_ico_decision",
            "Record the ICO's decision",
            "ICO decision recorded",
            (
                _date("decided_on", "Date of the ICO's decision"),
                Field(
                    "decision",
                    "The ICO's decision",
                    "radios",
                    vocabulary=ICO_DECISIONS,
                    missing="Select the ICO's decision",
                ),
            ),
            when="decided_on",
        ),
    )
}


@dataclass
class Answers:
    """What was typed, the command it makes, and what is wrong with it."""

    values: dict[str, str]
    command: dict[str, Any]
    errors: dict[str, str] = field(default_factory=dict)


def _answers(step: Step, fields: Mapping[str, str], viewer: Viewer) -> Answers:
    """The form's answers as a command, with the console's own checks (empty answers)."""
    values: dict[str, str] = {}
    command: dict[str, Any] = {"command": step.command}
    errors: dict[str, str] = {}
    for question in step.fields:
        if question.kind == "checkboxes":
            chosen = [v for name, v, _ in question.options() if fields.get(name)]
            values |= {name: "yes" for name, _, _ in question.options() if fields.get(name)}
            if not chosen:
                errors[question.name] = question.missing
            command[question.name] = chosen
            continue
        value = fields.get(question.name, "").strip()
        values[question.name] = value
        if value:
            command[question.name] = value
        elif not question.optional:
            errors[question.name] = (
                question.missing or f"Enter the {question.label[0].lower()}{question.label[1:]}"
            )
    command[step.recorder] = f"principal:{viewer.principal.id}"
    return Answers(values, command, errors)


def _refusal(step: Step, error: DomainError) -> dict[str, str]:
    """The domain's reason, under the question it is about (or the first, for a step's order)."""
    names = [q.name for q in step.fields]
    if isinstance(error, ValidationError) and error.field in names:
        question = next(q for q in step.fields if q.name == error.field)
        return {error.field: f"{question.label}: {error.reason}"}
    # A step out of order (InvalidTransition), or a bad id in the address: said above the form.
    reason = f"{error.field}: {error.reason}" if isinstance(error, ValidationError) else str(error)
    return {names[0]: reason[:1].upper() + reason[1:]}


def _shown(step: Step, answers: Answers) -> list[tuple[str, str]]:
    """Each question and its answer, as the check page lists them."""
    rows = []
    for question in step.fields:
        if question.kind == "checkboxes":
            answer = ", ".join(
                label for _n, v, label in question.options() if v in answers.command[question.name]
            )
        elif question.kind == "radios":
            answer = term(answers.values[question.name])
        else:
            answer = answers.values[question.name]
        if answer or not question.optional:
            rows.append((question.label, answer))
    return rows


def _page(
    request: Request,
    viewer: Viewer,
    step: Step,
    answers: Answers | None,
    *,
    complaint: str | None,
    status: int = 200,
) -> Response:
    today = uk_date(console(request).clock()).isoformat()  # the council's day
    values = answers.values if answers is not None else {step.when: today}
    return render(
        request,
        "complaint_form.html",
        viewer=viewer,
        status=status,
        step=step,
        complaint=complaint,
        values=values,
        errors=answers.errors if answers is not None else {},
    )


def _submit(
    request: Request,
    viewer: Viewer,
    step: Step,
    fields: Mapping[str, str],
    complaint: str | None,
) -> Response:
    """Check the answers, show them back, or record them once confirmed."""
    check_csrf(viewer, fields)
    answers = _answers(step, fields, viewer)
    if fields.get("action") == "change":
        return _page(
            request, viewer, step, Answers(answers.values, answers.command), complaint=complaint
        )
    if complaint is not None:
        answers.command["id"] = complaint
    app = console(request).http.service.app
    if not answers.errors:
        try:
            if fields.get("action") == "confirm":
                appended = execute(app, [answers.command])
                target = f"{base_path(request)}/complaints/{appended[0].originator_id}/recorded"
                query = urlencode({"step": step.slug, "position": appended[0].position})
                return secure(RedirectResponse(f"{target}?{query}", status_code=303))
            decide(app, [answers.command])  # every check the domain makes; nothing is stored
        except DomainError as error:
            answers.errors = _refusal(step, error)
    if answers.errors:
        return _page(request, viewer, step, answers, complaint=complaint, status=422)
    return render(
        request,
        "complaint_check.html",
        viewer=viewer,
        step=step,
        complaint=complaint,
        rows=_shown(step, answers),
        values=answers.values,
    )


def _step(slug: str) -> Step:
    step = STEPS.get(slug)
    if step is None:
        raise ConsoleError(404, "Page not found", "There is no such step of a complaint.")
    return step


@router.get("/complaints")
def complaints(
    request: Request, viewer: Annotated[Viewer, Depends(signed_in)], show: str = "all"
) -> Response:
    """Every complaint: overdue acknowledgements first, then open, with the ICO, closed."""
    require_page(viewer, Page.COMPLAINTS)
    reports = complaint_reports(console(request).http.service.reports("complaints"))
    show = show if show in SHOW else "all"
    shown = [
        r for r in reports if show in ("all", r.status) or (show == "open" and r.status != "closed")
    ]
    return render(
        request,
        "complaints.html",
        viewer=viewer,
        reports=shown,
        overdue=sum(1 for r in reports if r.status == "acknowledgement overdue"),
        open_count=sum(1 for r in reports if r.status != "closed"),
        with_ico=sum(1 for r in reports if r.status == "with the ICO"),
        total=len(reports),
        show=show,
        show_options=SHOW,
        may_log=viewer.principal.role in ROLE_MATRIX["record"],
        may_person=viewer.may(Page.PEOPLE),
    )


@router.get("/complaints/new")
def new_complaint(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    require_group(viewer, "record", "logging a complaint")
    return _page(request, viewer, LOG, None, complaint=None)


@router.post("/complaints/new")
def log_complaint(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    require_group(viewer, "record", "logging a complaint")
    return _submit(request, viewer, LOG, fields, None)


@router.get("/complaints/{complaint}/recorded")
def recorded(
    request: Request,
    complaint: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    step: str = "new",
    position: str = "",
) -> Response:
    """The confirmation page: what was recorded, and where in the ledger."""
    require_group(viewer, "record", "recording a complaint")
    chosen = LOG if step == "new" else _step(step)
    # A chain position, as the redirect wrote it (at most 18 digits: a 64-bit count).
    shown = position.isascii() and position.isdecimal() and len(position) <= 18
    entry = int(position) if shown else None
    return render(
        request,
        "complaint_recorded.html",
        viewer=viewer,
        step=chosen,
        complaint=complaint,
        position=entry,
        may_view=viewer.may(Page.COMPLAINT),
    )


@router.get("/complaints/{complaint}")
def complaint_page(
    request: Request, complaint: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """One complaint, its text opened (the view is recorded) and its entries in the ledger."""
    require_page(viewer, Page.COMPLAINT)
    service = console(request).http.service
    try:
        report = find_complaint(service, complaint)
    except NotFound:
        raise ConsoleError(
            404, "Complaint not found", "No complaint has that id or reference."
        ) from None
    record_read(service, report.subject, (), viewer_reading(viewer.principal, REASON))
    return render(
        request,
        "complaint.html",
        viewer=viewer,
        report=opened(service, report),
        steps=_next_steps(report),
        may_record=viewer.principal.role in ROLE_MATRIX["record"],
        may_person=viewer.may(Page.PEOPLE),
    )


def _next_steps(report: ComplaintReport) -> list[Step]:
    """The step that comes next (the domain refuses any other)."""
    if report.acknowledged_on is None:
        return [STEPS["acknowledgement"]]
    if report.findings_on is None:
        return [STEPS["findings"]]
    if report.closed_on is None:
        return [STEPS["outcome"]]
    if report.complainant == ICO and report.ico_decided_on is None:
        return [STEPS["ico-decision"]]
    return []


@router.get("/complaints/{complaint}/{slug}")
def step_form(
    request: Request, complaint: str, slug: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    require_group(viewer, "record", "recording a complaint's steps")
    return _page(request, viewer, _step(slug), None, complaint=complaint)


@router.post("/complaints/{complaint}/{slug}")
def record_step(
    request: Request,
    complaint: str,
    slug: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    require_group(viewer, "record", "recording a complaint's steps")
    return _submit(request, viewer, _step(slug), fields, complaint)
