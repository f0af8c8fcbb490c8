"""Subject access responses in the console: withhold an entry, issue the response, download it.

For an access request (Art 15) the DPO sees the person's entries, withholds
any under a DPA 2018 exemption (with a reason and a review date), then
issues the response: details, check your answers, confirmation (GOV.UK's
pattern). Each form carries the session's CSRF token and needs the role the
API's recording endpoints need (``record``), on top of the requests page's.
Opening an issued response records nothing: the letter was recorded when
issued, and its files are the same bytes each time (docs/subject-access.md).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Request
from fastapi.responses import RedirectResponse, Response

from api.console.access import ConsoleError, Page, Viewer, require_group, require_page, signed_in
from api.console.forms import check_csrf, form_fields
from api.console.letters import LetterRenderer, file_name
from api.console.people import viewer_reading
from api.console.render import base_path, render, secure
from api.console.state import console
from api.http.security import ROLE_MATRIX
from api.service import access_response
from api.service.access_response import Copy, Document
from api.service.composition import Service
from api.service.recorded_reads import who_saw_recorded
from ledger.application import NotFound
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.exemptions import EXEMPTIONS
from ledger.domain.rights_requests import RightsRequest
from projections.reports.access_responses import issued_responses, withheld_entries

router = APIRouter(prefix="/console", include_in_schema=False)
READING = "answering a subject access request"
MAX_ADDRESS = 500
# Letters are stand-alone documents: their own inline style, no script, nothing fetched.
LETTER_POLICY = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'"


def _renderer(request: Request) -> LetterRenderer:
    state = request.app.state
    renderer = getattr(state, "letter_renderer", None)
    if not isinstance(renderer, LetterRenderer):
        renderer = state.letter_renderer = LetterRenderer()
    return renderer


def _writer(viewer: Viewer) -> None:
    require_page(viewer, Page.REQUESTS)
    require_group(viewer, "record", "recording a subject access response")


def _request(service: Service, request_id: str) -> RightsRequest:
    try:
        return access_response.access_request(service, request_id)
    except (ValidationError, NotFound):
        raise ConsoleError(
            404, "Page not found", "There is no access request with that id."
        ) from None


def _path(request: Request, request_id: str, suffix: str = "") -> str:
    return f"{base_path(request)}/rights-requests/{request_id}/response{suffix}"


def _page(  # noqa: PLR0913 - the page, its state and the one form that may be open on it
    request: Request,
    viewer: Viewer,
    rights_request: RightsRequest,
    *,
    status: int = 200,
    withholding: str | None = None,
    errors: Mapping[str, str] | None = None,
    values: Mapping[str, str] | None = None,
    notice: str | None = None,
) -> Response:
    service = console(request).http.service
    report = who_saw_recorded(
        service, rights_request.subject, viewer_reading(viewer.principal, READING)
    )
    context = service.reports(access_response.REPORT)
    request_id = str(rights_request.id)
    withheld = {w.entry_id: w for w in withheld_entries(context, request_id)}
    today = service.clock().date()
    return render(
        request,
        "access_response.html",
        viewer=viewer,
        status=status,
        rights_request=rights_request,
        request_id=request_id,
        entries=[e for e in report.entries if e.kind in access_response.SHOWN_KINDS],
        withheld=withheld,
        review_due={k for k, w in withheld.items() if w.review_due(today)},
        issued=issued_responses(context, request_id),
        exemptions=list(EXEMPTIONS),
        withholding=withholding,
        errors=errors or {},
        values=values or {},
        notice=notice,
        may_write=viewer.principal.role in ROLE_MATRIX["record"],
    )


@router.get("/rights-requests/{request_id}/response")
def response_page(
    request: Request, request_id: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """The access request's response: the person's entries, withheld ones, issued letters."""
    require_page(viewer, Page.REQUESTS)
    rights_request = _request(console(request).http.service, request_id)
    notice = {"withheld": "The entry is withheld.", "lifted": "The withholding is lifted."}.get(
        request.query_params.get("done", "")
    )
    return _page(
        request,
        viewer,
        rights_request,
        withholding=request.query_params.get("withhold"),
        notice=notice,
    )


@router.post("/rights-requests/{request_id}/response/withhold")
def withhold(
    request: Request,
    request_id: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Withhold one entry under an exemption, with a reason and a review date (recorded)."""
    _writer(viewer)
    check_csrf(viewer, fields)
    service = console(request).http.service
    rights_request = _request(service, request_id)
    entry = fields.get("entry_id", "")
    errors: dict[str, str] = {}
    if fields.get("exemption") not in EXEMPTIONS:
        errors["exemption"] = "Select the exemption that applies"
    if not fields.get("reason", "").strip():
        errors["reason"] = "Enter why the exemption applies to this entry"
    review = None
    try:
        review = date.fromisoformat(fields.get("review_date", "").strip())
    except ValueError:
        errors["review_date"] = "Enter the review date as a real date, like 2026-09-30"
    if not errors and review is not None:
        try:
            access_response.withhold(
                service,
                request_id,
                entry_id=entry,
                exemption=fields["exemption"],
                reason=fields["reason"],
                review_date=review,
                decided_by=f"principal:{viewer.principal.id}",
            )
        except ValidationError as error:
            errors[_form_field(error.field)] = _sentence(error)
        except DomainError as error:
            errors["exemption"] = str(error).capitalize()
    if errors:
        kept = {k: fields.get(k, "") for k in ("exemption", "reason", "review_date")}
        return _page(
            request,
            viewer,
            rights_request,
            status=422,
            withholding=entry,
            errors=errors,
            values=kept,
        )
    return secure(RedirectResponse(_path(request, request_id, "?done=withheld"), status_code=303))


@router.post("/rights-requests/{request_id}/response/lift")
def lift(
    request: Request,
    request_id: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Lift a withholding: the exemption no longer applies (recorded)."""
    _writer(viewer)
    check_csrf(viewer, fields)
    service = console(request).http.service
    _request(service, request_id)
    try:
        access_response.lift(
            service,
            request_id,
            entry_id=fields.get("entry_id", ""),
            reason=fields.get("reason", "").strip() or "The exemption no longer applies",
            lifted_by=f"principal:{viewer.principal.id}",
        )
    except DomainError as error:
        raise ConsoleError(422, "The withholding could not be lifted", str(error)) from None
    return secure(RedirectResponse(_path(request, request_id, "?done=lifted"), status_code=303))


def _issue_form(
    request: Request,
    viewer: Viewer,
    rights_request: RightsRequest,
    values: Mapping[str, str],
    errors: Mapping[str, str],
    status: int = 200,
) -> Response:
    service = console(request).http.service
    return render(
        request,
        "access_response_issue.html",
        viewer=viewer,
        status=status,
        rights_request=rights_request,
        request_id=str(rights_request.id),
        values=values,
        errors=errors,
        dpo_reachable=service.letterhead.dpo_reachable,
    )


@router.get("/rights-requests/{request_id}/response/issue")
def issue_form(
    request: Request, request_id: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """Who the letter goes to: the name (from the subject directory) and the postal address."""
    _writer(viewer)
    service = console(request).http.service
    rights_request = _request(service, request_id)
    name = access_response.directory_name(service, rights_request) or ""
    return _issue_form(request, viewer, rights_request, {"name": name, "address": ""}, {})


def _addressee(fields: Mapping[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    values = {"name": fields.get("name", "").strip(), "address": fields.get("address", "").strip()}
    errors = {}
    if not values["name"]:
        errors["name"] = "Enter the person's name"
    if not values["address"]:
        errors["address"] = "Enter the postal address the letter goes to"
    elif len(values["address"]) > MAX_ADDRESS:
        errors["address"] = f"The address must be {MAX_ADDRESS} characters or fewer"
    return values, errors


@router.post("/rights-requests/{request_id}/response/issue")
def check_answers(
    request: Request,
    request_id: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Check your answers: what the letter will cover, before anything is recorded."""
    _writer(viewer)
    check_csrf(viewer, fields)
    service = console(request).http.service
    rights_request = _request(service, request_id)
    values, errors = _addressee(fields)
    if errors:
        return _issue_form(request, viewer, rights_request, values, errors, status=422)
    now = access_response.draft(service, rights_request)
    return render(
        request,
        "access_response_check.html",
        viewer=viewer,
        rights_request=rights_request,
        request_id=request_id,
        values=values,
        draft=now,
        withheld=withheld_entries(service.reports(access_response.REPORT), request_id),
        dpo_reachable=service.letterhead.dpo_reachable,
    )


@router.post("/rights-requests/{request_id}/response/issue/confirm")
def issue(
    request: Request,
    request_id: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Issue: freeze the response at the ledger's size, record its digests; then confirm."""
    _writer(viewer)
    check_csrf(viewer, fields)
    service = console(request).http.service
    rights_request = _request(service, request_id)
    values, errors = _addressee(fields)
    if errors:
        return _issue_form(request, viewer, rights_request, values, errors, status=422)
    try:
        issued = access_response.issue(
            service,
            request_id,
            addressee=f"{values['name']}\n{values['address']}",
            issued_by=f"principal:{viewer.principal.id}",
            renderer=_renderer(request),
        )
    except DomainError as error:
        raise ConsoleError(422, "The response could not be issued", str(error)) from None
    number = issued.document.content.number
    return secure(RedirectResponse(_path(request, request_id, f"/{number}"), status_code=303))


@router.get("/rights-requests/{request_id}/response/{number}")
def issued_page(
    request: Request, request_id: str, number: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """One issued response: its digests, what it covers, the files to download."""
    require_page(viewer, Page.REQUESTS)
    service = console(request).http.service
    rights_request = _request(service, request_id)
    responses = issued_responses(service.reports(access_response.REPORT), request_id)
    index = _number(number)
    if index > len(responses):
        raise _no_such_response()
    return render(
        request,
        "access_response_issued.html",
        viewer=viewer,
        rights_request=rights_request,
        request_id=request_id,
        response=responses[index - 1],
    )


@router.get("/rights-requests/{request_id}/response/{number}/{copy}.{suffix}")
def download(
    request: Request,
    request_id: str,
    number: str,
    copy: str,
    suffix: str,
    viewer: Annotated[Viewer, Depends(signed_in)],
) -> Response:
    """An issued response's file: the person's copy (as issued) or the DPO's; HTML or PDF.

    Nothing is recorded: the letter is the one recorded when it was issued.
    """
    require_page(viewer, Page.REQUESTS)
    if copy not in ("person", "dpo") or suffix not in ("html", "pdf"):
        raise ConsoleError(404, "Page not found", "No such file.")
    chosen: Copy = "person" if copy == "person" else "dpo"
    service = console(request).http.service
    _request(service, request_id)
    try:
        document = access_response.reopen(
            service, request_id, _number(number), chosen, _renderer(request)
        )
    except ValidationError:
        raise _no_such_response() from None
    # ?view=1: shown in the browser (to read on screen or print) rather than saved.
    shown = request.query_params.get("view") == "1"
    return _file(document, "pdf" if suffix == "pdf" else "html", dpo=chosen == "dpo", view=shown)


def _file(document: Document, suffix: Literal["html", "pdf"], *, dpo: bool, view: bool) -> Response:
    name = file_name(document.content, suffix)
    body, media = (
        (document.pdf, "application/pdf")
        if suffix == "pdf"
        else (document.html, "text/html; charset=utf-8")
    )
    response = Response(body, media_type=media)
    response.headers["Content-Disposition"] = (
        f'{"inline" if view else "attachment"}; filename="{"dpo-copy-" if dpo else ""}{name}"'
    )
    response.headers["Content-Security-Policy"] = LETTER_POLICY
    return secure(response)


def _number(text: str) -> int:
    """A response's number from the path (1 for the first); a 404 unless it is one."""
    if not text.isdigit() or not text.isascii() or int(text) < 1:
        raise _no_such_response()
    return int(text)


def _no_such_response() -> ConsoleError:
    return ConsoleError(404, "Page not found", "This request has no response with that number.")


def _form_field(field: str) -> str:
    return field if field in ("exemption", "reason", "review_date") else "exemption"


def _sentence(error: ValidationError) -> str:
    text = str(error)
    return text[:1].upper() + text[1:]
