"""Recording an Art 18 restriction from the console, from the person's request to its lift.

Requested (from the person's page), applied (to the categories asked for, or
narrower ones, saying why), each processing while it stands justified under an
Art 18(2) exception, each earlier recipient notified (Art 19) or its notice
exempted, the person informed before the lift (Art 18(3)), lifted. Pages need
the API's ``record`` group and the restriction page's group (``reports.subject``):
the forms show the restriction, and some its processing (that view is recorded,
as the restriction page's is).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Request
from fastapi.responses import Response

from api.console.access import ConsoleError, Page, Viewer, require_subject, signed_in
from api.console.people import viewer_reading
from api.console.recording.choices import open_requests
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
from api.console.render import base_path, render, term, terms, when
from api.console.state import console
from api.service.recorded_reads import record_read
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.procedure_terms import CHANNELS, RESTRICTION_EXCEPTIONS, RESTRICTION_GROUNDS
from ledger.domain.values import SUBJECT_REF
from projections.reports.partner_disclosures import partner_names
from projections.reports.restriction_verdicts import RestrictionReport, restriction_report
from projections.reports.who_saw import ActivityEntry

router = APIRouter(prefix="/console", include_in_schema=False)
Signed = Annotated[Viewer, Depends(signed_in)]
Form = Annotated[Posted, Depends(posted_form)]
PAGE = Page.RESTRICTION


def _when(label: str) -> DateField:
    return DateField("occurred_at", label, moment=True)


def _explained(answers: Mapping[str, Any], target: Target) -> dict[str, str]:
    """Restricting less than the person asked for must say why (the verdict reads it)."""
    asked = [value for value, _label in target.options.get("asked", ())]
    chosen = answers.get("categories", ())
    narrower = any(not DATA_CATEGORIES.covered_by(a, chosen) for a in asked)
    if narrower and not isinstance(answers.get("explanation"), str):
        return {
            "explanation": "Explain why less is restricted than the person asked for",
        }
    return {}


REQUEST = Action(
    slug="new",
    title="Record a request to restrict processing",
    command="request_restriction",
    recorded="Restriction request recorded",
    actor="recorded_by",
    lead="UK GDPR Article 18(1): the person may have processing of their data restricted "
    "while accuracy or an objection is checked, or instead of erasure.",
    fields=(
        _when("Date and time the request was received"),
        ChoiceField("ground", "On which ground?", missing="Select the ground of the request"),
        ChoiceField(
            "categories",
            "Which data does the person want restricted?",
            "Select all that apply.",
            multiple=True,
            missing="Select the data the person wants restricted",
        ),
        ChoiceField(
            "rights_request",
            "The rights request it came with (optional)",
            optional=True,
        ),
        TextField(
            "reference",
            "Your reference (optional)",
            "For example RST-2026-004. Do not use the person's name or an identifier.",
            optional=True,
            long=False,
        ),
    ),
)

STEPS: dict[str, Action] = {
    a.slug: a
    for a in (
        Action(
            slug="application",
            title="Apply the restriction",
            command="apply_restriction",
            recorded="Restriction applied",
            actor="applied_by",
            fields=(
                _when("Date and time it was applied"),
                ChoiceField("ground", "On which ground?", missing="Select the ground"),
                ChoiceField(
                    "categories",
                    "Which data is restricted?",
                    "What the person asked for is ticked; untick any you do not restrict, or "
                    "choose narrower data instead.",
                    multiple=True,
                    missing="Select the data that is restricted",
                ),
                TextField(
                    "explanation",
                    "Why less is restricted than asked (if it is)",
                    "Needed when you restrict less than the person asked for.",
                    optional=True,
                ),
            ),
            check=_explained,
        ),
        Action(
            slug="justification",
            title="Justify a processing while the restriction stands",
            command="justify_processing",
            recorded="Processing justified",
            actor="actor",
            lead="UK GDPR Article 18(2): restricted data may be processed only with the person's "
            "consent, for legal claims, to protect another person's rights, or for important "
            "reasons of public interest; storage is always allowed.",
            fields=(
                _when("Date and time of this justification"),
                ChoiceField(
                    "processing",
                    "Which processing?",
                    missing="Select the processing you are justifying",
                ),
                ChoiceField("exception", "Under which exception?", missing="Select the exception"),
                TextField("justification", "Why the exception applies"),
            ),
        ),
        Action(
            slug="notice",
            title="Record a notice to an earlier recipient",
            command="notify_recipient_of_restriction",
            recorded="Recipient notified",
            actor="notified_by",
            lead="UK GDPR Article 19: tell each organisation the data was disclosed to.",
            fields=(
                _when("Date and time the notice was sent"),
                ChoiceField("recipient", "Which recipient?", missing="Select the recipient"),
                ChoiceField("channel", "How was it sent?", missing="Select how it was sent"),
            ),
        ),
        Action(
            slug="notice-exemption",
            title="Record that a recipient cannot be told",
            command="exempt_recipient_of_restriction",
            recorded="Notice exemption recorded",
            actor="recorded_by",
            lead="UK GDPR Article 19: unless telling them proves impossible or involves "
            "disproportionate effort.",
            fields=(
                _when("Date and time of this decision"),
                ChoiceField("recipient", "Which recipient?", missing="Select the recipient"),
                TextField("explanation", "Why they cannot be told"),
            ),
        ),
        Action(
            slug="subject-informed",
            title="Record that the person was told the restriction will be lifted",
            command="inform_subject_of_lift",
            recorded="Person informed",
            actor="informed_by",
            lead="UK GDPR Article 18(3): before the restriction is lifted.",
            fields=(
                _when("Date and time the person was told"),
                ChoiceField("channel", "How were they told?", missing="Select how they were told"),
            ),
        ),
        Action(
            slug="lift",
            title="Lift the restriction",
            command="lift_restriction",
            recorded="Restriction lifted",
            actor="lifted_by",
            fields=(
                _when("Date and time it was lifted"),
                TextField("reason", "Why it is lifted"),
            ),
        ),
    )
}

_GROUNDS = [(t.id, t.label) for t in RESTRICTION_GROUNDS]
_CHANNELS = [(t.id, t.label) for t in CHANNELS]


def _person(viewer: Viewer, subject: str) -> str:
    if SUBJECT_REF.fullmatch(subject) is None:
        raise ConsoleError(404, "Page not found", "That is not a subject reference.")
    may_record(viewer, PAGE)
    require_subject(viewer, subject)
    return subject


def _requesting(request: Request, subject: str) -> Target:
    base = base_path(request)
    return Target(
        caption=f"Person {subject}",
        summary=(),
        fixed={"subject": subject},
        back=(f"{base}/people/{subject}?reason=restriction", "Back to the person"),
        options={
            "ground": _GROUNDS,
            "categories": [(t.id, t.label) for t in DATA_CATEGORIES],
            "rights_request": open_requests(console(request).http.service, subject),
        },
        next_links=lambda made: (
            (f"{base}/restrictions/{made}", "See the restriction and its verdict"),
            (f"{base}/restrictions/{made}/application", "Apply the restriction"),
        ),
    )


def _report(request: Request, viewer: Viewer, key: str) -> RestrictionReport:
    may_record(viewer, PAGE)
    report = restriction_report(console(request).http.service.reports("restriction"), key)
    if report is None:
        raise ConsoleError(404, "Restriction not found", "No restriction has that id or reference.")
    require_subject(viewer, report.facts.subject)
    return report


def _stepping(request: Request, report: RestrictionReport) -> Target:
    base = base_path(request)
    # Organisations as registered, not by their identifiers (plain words).
    names = partner_names(console(request).http.service.reports("partner"))
    f = report.facts
    here = f"{base}/restrictions/{f.reference or f.restriction_id}"
    asked = sorted(f.requested_categories)
    return Target(
        caption=f"Restriction {f.reference or f.restriction_id}",
        summary=[
            ("Person", f.subject),
            ("Ground", term(f.ground)),
            ("Restricted data" if f.applied_at else "Data asked for", terms(sorted(f.categories))),
            ("Requested", when(f.requested_at)),
            ("Applied", when(f.applied_at) if f.applied_at else "Not yet"),
        ],
        fixed={"id": f.restriction_id},
        back=(here, "Back to the restriction"),
        options={
            "ground": _GROUNDS,
            "channel": _CHANNELS,
            "exception": [(t.id, t.label) for t in RESTRICTION_EXCEPTIONS],
            "asked": [(c, term(c)) for c in asked],
            # What was asked for, and anything narrower (DPV's hierarchy).
            "categories": [
                (t.id, t.label) for t in DATA_CATEGORIES if DATA_CATEGORIES.covered_by(t.id, asked)
            ],
            "processing": [
                (p.entry.entry_id, _processing_label(p.entry, names))
                for p in report.processing
                if p.exception is None
            ],
            "recipient": [
                (n.organisation, names.get(n.organisation, n.organisation))
                for n in report.recipients
                if n.notified_at is None and n.exempted_at is None
            ],
        },
        next_links=lambda _made: ((here, "See the restriction and its verdict"),),
    )


def _processing_label(entry: ActivityEntry, names: Mapping[str, str]) -> str:
    def named(organisation: str | None) -> str:
        return names.get(organisation or "", organisation or "")

    what = "access" if entry.kind == "access" else f"disclosure to {named(entry.recipient)}"
    return (
        f"{when(entry.occurred_at)}: {what} by {entry.actor} ({named(entry.organisation)}), "
        f"{terms(entry.categories)}"
    )


def _step(slug: str) -> Action:
    action = STEPS.get(slug)
    if action is None:
        raise ConsoleError(404, "Page not found", "There is no such step for a restriction.")
    return action


def _prefilled(action: Action, report: RestrictionReport) -> Posted:
    if action.slug != "application":
        return {}
    return {"ground": [report.facts.ground], "categories": sorted(report.facts.categories)}


def _seen(request: Request, viewer: Viewer, action: Action, report: RestrictionReport) -> None:
    """A form listing the person's processing is a view of it: recorded, as the page's is."""
    if action.slug == "justification":
        record_read(
            console(request).http.service,
            report.facts.subject,
            set(report.facts.categories),
            viewer_reading(viewer.principal, "restriction compliance review"),
        )


@router.get("/people/{subject}/restrictions/new")
def request_form(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_form(request, viewer, REQUEST, _requesting(request, subject))


@router.post("/people/{subject}/restrictions/new")
def request_restriction(request: Request, subject: str, viewer: Signed, posted: Form) -> Response:
    subject = _person(viewer, subject)
    return handle(request, viewer, REQUEST, _requesting(request, subject), posted)


@router.get("/people/{subject}/restrictions/new/recorded")
def requested(request: Request, subject: str, viewer: Signed) -> Response:
    subject = _person(viewer, subject)
    return show_recorded(request, viewer, REQUEST, _requesting(request, subject))


@router.get("/restrictions/{restriction}/steps")
def steps(request: Request, restriction: str, viewer: Signed) -> Response:
    """The steps that may be recorded next for one restriction."""
    report = _report(request, viewer, restriction)
    f = report.facts
    if f.lifted_at is not None:
        offered: list[Action] = []
    elif f.applied_at is None:
        offered = [STEPS["application"]]
    else:
        offered = [a for a in STEPS.values() if a.slug != "application"]
    return render(
        request,
        "recording/restriction.html",
        viewer=viewer,
        target=_stepping(request, report),
        key=f.reference or f.restriction_id,
        steps=offered,
        lifted=f.lifted_at,
    )


@router.get("/restrictions/{restriction}/{step}")
def step_form(request: Request, restriction: str, step: str, viewer: Signed) -> Response:
    report = _report(request, viewer, restriction)
    action = _step(step)
    _seen(request, viewer, action, report)
    target = _stepping(request, report)
    return show_form(request, viewer, action, target, _prefilled(action, report))


@router.post("/restrictions/{restriction}/{step}")
def record_step(
    request: Request, restriction: str, step: str, viewer: Signed, posted: Form
) -> Response:
    report = _report(request, viewer, restriction)
    action = _step(step)
    _seen(request, viewer, action, report)  # the form or check page shows the processing again
    return handle(request, viewer, action, _stepping(request, report), posted)


@router.get("/restrictions/{restriction}/{step}/recorded")
def step_recorded(request: Request, restriction: str, step: str, viewer: Signed) -> Response:
    report = _report(request, viewer, restriction)
    return show_recorded(request, viewer, _step(step), _stepping(request, report))
