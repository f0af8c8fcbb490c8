"""One recording form's journey: the question page, "check your answers", the record, and
the confirmation naming the ledger entry.

Every form posts to its own address with a ``stage``: ``check`` from the
question page (answers read, then decided by the domain without storing
anything, so a refusal shows on the form, not after confirming), ``change``
from the check page (the form again, filled in), and ``confirm`` (decided
again, against the ledger as it is then, and appended). Nothing is kept
between pages but the hidden inputs of the check page, so a form left open
in two tabs cannot mix answers. Bad input re-shows the form with a GOV.UK
error summary (422) and records nothing.

The command is the API's own (:mod:`api.service.commands`, the same names
and domain calls as ``POST /v1/...``), appended through the API's group
committer, and whoever recorded it is the signed-in principal, named
``principal:<id>`` as the console's recorded reads name it. After the append
the browser is sent to a confirmation page (post/redirect/get), so reloading
it records nothing twice.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl, urlencode
from uuid import UUID

from fastapi import Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import ConsoleError, Page, Viewer, require_group, require_page
from api.console.forms import CSRF_FIELD, FORM_TYPE, MAX_FIELDS, check_csrf
from api.console.lookup import IDENTIFIER_KINDS, IdentifierKind, LookupProblem, identifier_kind
from api.console.people import viewer_reading
from api.console.recording.fields import (
    Asking,
    Field,
    FieldProblem,
    Omitted,
    Options,
    Posted,
    first,
    values_of,
)
from api.console.render import render, secure
from api.console.state import console
from api.http.context import HttpState
from api.http.security import ROLE_MATRIX
from api.service.commands import decide
from ledger.application import AlreadyRecorded, Appended, Group
from ledger.domain.errors import DomainError, ValidationError

STAGES = ("check", "change", "confirm")
# What the API's recording endpoints accept, and so what these forms may do.
RECORD_GROUP = "record"


def attribution(viewer: Viewer) -> str:
    """Who recorded an entry from the console: the session's principal, by public id."""
    return f"principal:{viewer.principal.id}"


@dataclass(frozen=True, slots=True)
class Target:
    """What a form records against, and what it shows about it."""

    caption: str  # above the heading: "Rights request REF-7"
    summary: Sequence[tuple[str, str]]  # rows shown above the questions
    fixed: Mapping[str, Any]  # the command's arguments not asked: the id, the person...
    back: tuple[str, str]  # (address, text): where the person came from
    options: Mapping[str, Options] = field(default_factory=dict)
    # After recording: (address, text) links, given the recorded aggregate's id.
    next_links: Callable[[str], Sequence[tuple[str, str]]] = lambda _id: ()


@dataclass(frozen=True, slots=True)
class Action:
    """One recording form: its questions and the API command it records."""

    slug: str
    title: str  # the question page's heading
    command: str  # a name in api.service.commands.COMMANDS
    fields: tuple[Field, ...]
    recorded: str  # the confirmation's title: "Identity verified"
    actor: str | None = None  # the command's argument naming who recorded it
    lead: str = ""  # a paragraph under the heading (the law, in a line)
    # Checks across answers (field name -> message); the domain checks the rest.
    check: Callable[[Mapping[str, Any], Target], dict[str, str]] = lambda _a, _t: {}


@dataclass(frozen=True, slots=True)
class Problems:
    """Why a form is shown again: per question (field name -> message), and about the whole."""

    fields: Mapping[str, str] = field(default_factory=dict)
    general: Sequence[str] = ()


async def posted_form(request: Request) -> Posted:
    """A dependency: the posted form, every value of every name (checkbox lists repeat one)."""
    content_type = request.headers.get("content-type", "").split(";", 1)[0].strip().lower()
    if content_type != FORM_TYPE:
        raise ConsoleError(415, "This form could not be read", "Send the form from the page.")
    body = await request.body()
    try:
        pairs = parse_qsl(
            body.decode("utf-8"), keep_blank_values=True, max_num_fields=MAX_FIELDS * 2
        )
    except (UnicodeDecodeError, ValueError):
        raise ConsoleError(
            400, "This form could not be read", "Send the form from the page."
        ) from None
    posted: dict[str, list[str]] = {}
    for name, value in pairs:
        posted.setdefault(name, []).append(value)
    return posted


def may_record(viewer: Viewer, page: Page) -> None:
    """A 403 page unless the viewer may record over the API and open the page the form shows.

    The API's ``record`` group for the command, and the console page's group for
    what the form shows of the thing it changes (a request, a restriction).
    """
    require_group(viewer, RECORD_GROUP, "recording in the ledger")
    require_page(viewer, page)


def show_form(
    request: Request,
    viewer: Viewer,
    action: Action,
    target: Target,
    posted: Posted | None = None,
    problems: Problems | None = None,
) -> Response:
    """The question page; with ``problems``, again with the error summary (422)."""
    problems = problems or Problems()
    anchors = {f.name: f.anchor for f in action.fields}
    return render(
        request,
        "recording/form.html",
        viewer=viewer,
        status=422 if problems.fields or problems.general else 200,
        action=action,
        target=target,
        values=posted or {},
        errors=problems.fields,
        summary_errors=[(f"#{anchors.get(k, k)}", m) for k, m in problems.fields.items()],
        general=list(problems.general),
        subject_kinds=subject_kinds(viewer),
    )


def handle(
    request: Request, viewer: Viewer, action: Action, target: Target, posted: Posted
) -> Response:
    """The question page's and the check page's posts: re-ask, check, or record."""
    check_csrf(viewer, {CSRF_FIELD: first(posted, CSRF_FIELD)})
    stage = first(posted, "stage")
    stage = stage if stage in STAGES else "check"
    answers, errors = _answers(request, viewer, action, target, posted)
    if errors:
        return show_form(request, viewer, action, target, _kept(action, posted), Problems(errors))
    carried = values_of(action.fields, answers)
    if stage == "change":
        return show_form(request, viewer, action, target, _as_posted(carried))
    command = {
        "command": action.command,
        **target.fixed,
        **{k: v for k, v in answers.items() if not isinstance(v, Omitted)},
        **({action.actor: attribution(viewer)} if action.actor else {}),
    }
    http = console(request).http
    try:
        if stage == "check":
            decide(http.service.app, [command])  # nothing is stored: refusals show now
        else:
            appended = record(http, command)
    except DomainError as error:
        return show_form(
            request, viewer, action, target, _kept(action, posted), _refusal(action, error)
        )
    if stage == "check":
        return render(
            request,
            "recording/check.html",
            viewer=viewer,
            action=action,
            target=target,
            rows=[
                (f.answer_label, f.show(answers[f.name], target.options.get(f.name, ())))
                for f in action.fields
            ],
            carried=carried,
        )
    query = urlencode({"entry": appended.position, "id": str(appended.originator_id)})
    return secure(RedirectResponse(f"{request.url.path}/recorded?{query}", status_code=303))


def _answers(
    request: Request, viewer: Viewer, action: Action, target: Target, posted: Posted
) -> tuple[dict[str, Any], dict[str, str]]:
    """Each question's answer, or what is wrong with it; then the checks across answers."""
    asking = Asking(
        now=console(request).clock(),
        options=target.options,
        resolve=lambda kind, text: resolve_subject(request, viewer, kind, text),
    )
    answers: dict[str, Any] = {}
    errors: dict[str, str] = {}
    for question in action.fields:
        try:
            answers[question.name] = question.parse(posted, asking)
        except FieldProblem as problem:
            errors[question.name] = str(problem)
    return answers, errors or action.check(answers, target)


def show_recorded(request: Request, viewer: Viewer, action: Action, target: Target) -> Response:
    """The confirmation: the ledger entry now holding the record, and what to do next.

    The entry is read back from the chain, so the page shows only what the
    ledger holds: an address naming a position that is not an entry of the
    recorded thing is not found, whoever wrote it.
    """
    entry = request.query_params.get("entry", "")
    try:
        recorded = UUID(request.query_params.get("id", ""))
        position = int(entry) if entry.isascii() and entry.isdigit() else -1
    except ValueError:
        position = -1
    found = (
        console(request).http.service.app.chain.appended_between(position, 1)
        if position >= 0
        else []
    )
    if not found or found[0][2] != recorded:
        raise ConsoleError(404, "Page not found", "This confirmation names no such ledger entry.")
    link, topic, _originator, _version = found[0]
    return render(
        request,
        "recording/recorded.html",
        viewer=viewer,
        action=action,
        target=target,
        position=position,
        event=topic.rsplit(".", 1)[-1],
        chain_hash=link.chain_hash.hex(),
        recorded_id=str(recorded),
        links=target.next_links(str(recorded)),
    )


def record(http: HttpState, command: Mapping[str, Any]) -> Appended:
    """Decide and append one command, as the API does: through its group committer."""
    group = Group(tuple(decide(http.service.app, [command])))
    if http.committer is None:
        (appended,) = http.service.app.append_groups([group])
    else:
        appended = http.committer.append(group)
    return appended[0]


def subject_kinds(viewer: Viewer) -> list[IdentifierKind]:
    """The identifiers this viewer may find a person by (the directory's: subjects.resolve)."""
    resolves = viewer.principal.role in ROLE_MATRIX["subjects.resolve"]
    return [k for k in IDENTIFIER_KINDS if resolves or not k.directory]


def resolve_subject(request: Request, viewer: Viewer, kind: str, text: str) -> str:
    """A person by reference or, for the subjects.resolve group, by natural identifier."""
    found = identifier_kind(kind)
    if found is None:
        raise FieldProblem("Select how you will identify the person")
    if found.directory:
        require_group(viewer, "subjects.resolve", "finding a person by an identifier")
    try:
        return found.resolve(
            console(request).http.service, text, viewer_reading(viewer.principal, "rights request")
        )
    except LookupProblem as problem:
        raise FieldProblem(str(problem)) from None


def _refusal(action: Action, error: DomainError) -> Problems:
    """The domain's refusal, on the question it is about when there is one."""
    if isinstance(error, AlreadyRecorded) and any(f.name == "reference" for f in action.fields):
        # The id is derived from the reference: the same reference, the same entry.
        return Problems({"reference": "That reference is already in the ledger: use another"})
    if isinstance(error, ValidationError):
        labels = {f.name: f.label for f in action.fields}
        if error.field in labels:
            return Problems({error.field: f"{labels[error.field]} {error.reason}"})
        return Problems(general=[_sentence(f"{error.field.replace('_', ' ')} {error.reason}")])
    return Problems(general=[_sentence(str(error))])


def _kept(action: Action, posted: Posted) -> Posted:
    """What the form shows again: all but a natural identifier (only a reference is echoed)."""
    kept = dict(posted)
    for question in action.fields:
        if question.kind == "subject" and first(posted, f"{question.name}-kind") not in (
            "",
            "subject-reference",
        ):
            kept.pop(question.name, None)
    return kept


def _as_posted(pairs: Sequence[tuple[str, str]]) -> Posted:
    posted: dict[str, list[str]] = {}
    for name, value in pairs:
        posted.setdefault(name, []).append(value)
    return posted


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]
