"""Integrity: ledger size, head, the latest checkpoint and its witnesses, verification with
progress, and evidence bundles to download."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from typing import Annotated

from fastapi import APIRouter, Depends, Request
from fastapi.responses import JSONResponse, RedirectResponse, Response

from api.console.access import (
    ConsoleError,
    Page,
    Viewer,
    require_page,
    require_subject,
    signed_in,
)
from api.console.forms import check_csrf, form_fields
from api.console.people import viewer_reading
from api.console.render import base_path, render, secure
from api.console.state import console
from api.service import log_signing
from api.service.composition import Service
from api.service.evidence_export import NoSigningKey, NothingInScope, export_bundle
from api.service.recorded_reads import record_read
from api.service.scope_selection import resolve
from ledger.domain.values import SUBJECT_REF
from ledger.integrity.evidence import EvidenceError, ScopeKind
from ledger.storage import schema
from ledger.storage.config import ConfigurationError
from projections.reports.who_saw import who_saw

router = APIRouter(prefix="/console", include_in_schema=False)
EVIDENCE_KINDS = {"subject": ScopeKind.SUBJECT, "restriction": ScopeKind.RESTRICTION}
_FILENAME_UNSAFE = re.compile(r"[^A-Za-z0-9_.-]")


class ExportProblem(Exception):
    """No bundle can be made; the message says why and what to do."""


def _integrity_page(
    request: Request,
    viewer: Viewer,
    *,
    status: int = 200,
    errors: dict[str, str] | None = None,
    values: Mapping[str, str] | None = None,
) -> Response:
    service = console(request).http.service
    app = service.app
    head, _ = app.chain.snapshot()
    latest = log_signing.latest(app)
    note, witnesses = (None, []) if latest is None else log_signing.witnessed_note(app, latest)
    return render(
        request,
        "integrity.html",
        viewer=viewer,
        status=status,
        size=0 if head is None else head.position + 1,
        head_hash=None if head is None else head.chain_hash.hex(),
        schema_version=schema.schema_version(app.database),
        projections=service.runner.status(),
        latest=latest,
        note=note,
        witnesses=[w.split("+", 1)[0] for w in witnesses],
        witness_keys=witnesses,
        may_verify=viewer.may(Page.VERIFY),
        may_export=viewer.may(Page.EVIDENCE),
        errors=errors or {},
        values=values or {},
    )


@router.get("/integrity")
def integrity(request: Request, viewer: Annotated[Viewer, Depends(signed_in)]) -> Response:
    require_page(viewer, Page.INTEGRITY)
    return _integrity_page(request, viewer)


@router.post("/integrity/verifications")
def start_verification(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Start a verification in the background (or join the running one) and show it."""
    require_page(viewer, Page.VERIFY)
    check_csrf(viewer, fields)
    run = console(request).verifications.start(viewer.principal.id)
    target = f"{base_path(request)}/integrity/verifications/{run.id}"
    return secure(RedirectResponse(target, status_code=303))


@router.get("/integrity/verifications/{run_id}")
def verification(
    request: Request, run_id: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    require_page(viewer, Page.VERIFY)
    run = console(request).verifications.get(run_id)
    if run is None:
        raise ConsoleError(
            404,
            "Verification not found",
            "This verification is not known: the server may have restarted. Start another.",
        )
    return render(request, "verification.html", viewer=viewer, run=run)


@router.get("/integrity/verifications/{run_id}/progress")
def verification_progress(
    request: Request, run_id: str, viewer: Annotated[Viewer, Depends(signed_in)]
) -> Response:
    """The run's progress as JSON, for the page's script to poll."""
    require_page(viewer, Page.VERIFY)
    run = console(request).verifications.get(run_id)
    if run is None:
        raise ConsoleError(404, "Verification not found", "Start another verification.")
    return secure(JSONResponse(run.as_json()))


def _bundle(service: Service, kind: ScopeKind, value: str) -> str:
    """The bundle's text, as ``sharing-ledger evidence export`` makes it."""
    try:
        signer = log_signing.load_log_signer(os.environ)
    except ConfigurationError as error:
        # Names settings and files only, never a key.
        msg = f"This server's signing key cannot be used: {error}. Ask the operator."
        raise ExportProblem(msg) from None
    try:
        return export_bundle(service, kind, value, signer).text
    except NothingInScope:
        msg = f"The ledger holds nothing for this {kind.value}"
        raise ExportProblem(msg) from None
    except NoSigningKey:
        msg = (
            "This server has no signing key, and a bundle's list of entries must be signed "
            "with it: ask the operator to set LEDGER_SIGNING_KEY_FILE"
        )
        raise ExportProblem(msg) from None
    except (log_signing.SigningRefused, ConfigurationError) as refused:
        msg = f"No checkpoint could be signed to cover these entries: {refused}"
        raise ExportProblem(msg) from None


@router.post("/integrity/evidence")
def evidence(
    request: Request,
    viewer: Annotated[Viewer, Depends(signed_in)],
    fields: Annotated[Mapping[str, str], Depends(form_fields)],
) -> Response:
    """Download an evidence bundle for one person or one restriction; the export is recorded."""
    require_page(viewer, Page.EVIDENCE)
    check_csrf(viewer, fields)
    service = console(request).http.service
    kind_text = fields.get("kind", "subject")
    value = fields.get("value", "").strip()
    values = {"kind": kind_text, "value": value}
    kind = EVIDENCE_KINDS.get(kind_text)
    if kind is None:
        return _integrity_page(
            request, viewer, status=422, errors={"kind": "Select what the bundle is about"}
        )
    if kind is ScopeKind.SUBJECT:
        value = value.lower()
        if SUBJECT_REF.fullmatch(value) is None:
            message = "Enter a subject reference: sr_ then 26 letters a to z and digits 2 to 7"
            return _integrity_page(
                request, viewer, status=422, errors={"value": message}, values=values
            )
        subject: str | None = value
    else:
        # Found in the ledger, as the bundle will be: a read model is not asked who it is about.
        try:
            subject = resolve(service.app, kind, value).subject if value else None
        except NothingInScope:
            subject = None
    if subject is None:
        message = "Enter the id or reference of a restriction, for example RST-2026-0002"
        return _integrity_page(
            request, viewer, status=422, errors={"value": message}, values=values
        )
    require_subject(viewer, subject)
    # Either bundle holds the person's whole record (docs/evidence.md §3).
    categories = {
        c for e in who_saw(service.reports("who-saw"), subject).entries for c in e.categories
    }
    try:
        text = _bundle(service, kind, value)
    except (ExportProblem, EvidenceError) as problem:
        return _integrity_page(
            request, viewer, status=422, errors={"value": str(problem)}, values=values
        )
    # Recorded after the bundle is built, so the bundle's checkpoint covers what it holds.
    record_read(
        service, subject, categories, viewer_reading(viewer.principal, "evidence bundle export")
    )
    filename = _FILENAME_UNSAFE.sub("-", f"evidence-{kind.value}-{value}.json")
    return secure(
        Response(
            text,
            media_type="application/json",
            headers={"Content-Disposition": f'attachment; filename="{filename}"'},
        )
    )
