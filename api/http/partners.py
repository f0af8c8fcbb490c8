"""Partner endpoints: keys, signed share receipts, Art 19 acknowledgements, cosignatures."""

from __future__ import annotations

import base64
import binascii
from datetime import datetime
from typing import Annotated, Any
from uuid import UUID

from fastapi import APIRouter, Depends, Request, status
from pydantic import BaseModel, Field

from api.http.context import claim_for, state
from api.http.problems import ProblemError
from api.http.receipt_schemas import AsSentReceipt, CosignatureRecorded, ReceiptDocument
from api.http.schemas import Appends, Entry
from api.http.security import ROLE_MATRIX, require, require_own_organisation
from api.service import log_signing, principal_admin, receipt_filing
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from ledger.integrity.cosignatures import WitnessKey, format_witness_key
from ledger.integrity.notes import NoteError
from ledger.principals import Principal

router = APIRouter(prefix="/v1", tags=["partners"])

Partner = Annotated[Principal, Depends(require(*ROLE_MATRIX["receipts"]))]


def _bytes(field: str, text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        raise ProblemError(
            status.HTTP_422_UNPROCESSABLE_CONTENT,
            "Not base64",
            f"{field}: must be standard base64",
            type_suffix="invalid-field",
        ) from None


def _organisation(principal: Principal) -> str:
    if principal.organisation is None:  # the store refuses partner keys without one
        raise ProblemError(
            status.HTTP_403_FORBIDDEN, "Forbidden", "no organisation", type_suffix="forbidden"
        )
    return principal.organisation


class PartnerKey(BaseModel):
    public_key: str = Field(description="Raw 32-byte Ed25519 public key, base64")


@router.post(
    "/partners/{organisation}/keys",
    status_code=status.HTTP_201_CREATED,
    summary="Register a partner's public key (for receipts and cosignatures)",
)
def register_key(
    request: Request,
    organisation: str,
    body: PartnerKey,
    _principal: Annotated[Principal, Depends(require(*ROLE_MATRIX["admin"]))],
) -> Appends:
    service = state(request).service
    appended = receipt_filing.register_partner_key(
        service.app, organisation, _bytes("public_key", body.public_key), service.clock()
    )
    return Appends(entries=[Entry.of(a) for a in appended])


class KeyRotation(BaseModel):
    public_key: str = Field(description="The new raw 32-byte Ed25519 public key, base64")
    retire_key_id: str = Field(description="The key id of the current key it replaces")
    old_key_signature: str = Field(
        description="The replaced key's Ed25519 signature of the rotation message, base64"
    )
    new_key_signature: str = Field(
        description="The new key's Ed25519 signature of the rotation message, base64"
    )


@router.post(
    "/partners/{organisation}/keys/rotation",
    status_code=status.HTTP_201_CREATED,
    summary="A partner replaces one of its receipt keys with a new one (both keys sign)",
)
def rotate_key(
    request: Request, organisation: str, body: KeyRotation, principal: Partner
) -> Appends:
    """Recorded as `PartnerKeyRotated`, naming your principal; docs/receipts.md §2."""
    require_own_organisation(principal, organisation)
    service = state(request).service
    appended = receipt_filing.rotate_partner_key(
        service.app,
        _organisation(principal),
        public_key=_bytes("public_key", body.public_key),
        retire_key_id=body.retire_key_id,
        old_key_signature=_bytes("old_key_signature", body.old_key_signature),
        new_key_signature=_bytes("new_key_signature", body.new_key_signature),
        now=service.clock(),
        rotated_by=f"principal:{principal.id}",
    )
    return Appends(entries=[Entry.of(a) for a in appended])


class ApiKeyRotation(BaseModel):
    reason: str = Field(min_length=1, max_length=200, description="Why, for the ledger")


@router.post(
    "/partners/{organisation}/api-key/rotation",
    status_code=status.HTTP_201_CREATED,
    summary="A partner replaces its own API key: a new one now, this one revoked",
)
def rotate_api_key(
    request: Request, organisation: str, body: ApiKeyRotation, principal: Partner
) -> dict[str, Any]:
    """The reply holds the new key, once; the key that called stops working. Both recorded."""
    require_own_organisation(principal, organisation)
    made = principal_admin.rotate_own_key(state(request).service, principal, reason=body.reason)
    return {"principal": made.principal.id, "api_key": made.api_key}


@router.get(
    "/shares/{share_id}/receipt-draft",
    summary="The receipt document to sign",
    response_model=None,
    responses={200: {"model": ReceiptDocument}},
)
def receipt_draft(
    request: Request, share_id: UUID, principal: Partner, received_at: datetime | None = None
) -> dict[str, Any]:
    """Check it against what you received, sign its canonical bytes (docs/receipts.md), post it."""
    service = state(request).service
    return receipt_filing.draft_receipt(
        service.app,
        share_id=share_id,
        acting_organisation=_organisation(principal),
        received_at=received_at or service.clock(),
    )


class Receipt(BaseModel):
    document: AsSentReceipt
    signature: str = Field(description="Ed25519 signature, base64 (docs/receipts.md)")
    key_id: str | None = Field(default=None, description="Which of your keys signed it")


@router.post(
    "/shares/{share_id}/receipt",
    status_code=status.HTTP_201_CREATED,
    summary="Post a signed receipt for a share addressed to you",
)
def post_receipt(request: Request, share_id: UUID, body: Receipt, principal: Partner) -> Appends:
    """Verified before it is recorded; a bad signature, someone else's share or a second
    receipt is refused with nothing recorded."""
    raw = body.model_dump_json().encode()
    key = request.headers.get("Idempotency-Key")
    appended = receipt_filing.submit_receipt(
        state(request).service.app,
        share_id=share_id,
        acting_organisation=_organisation(principal),
        document=body.document,
        signature=_bytes("signature", body.signature),
        key_id=body.key_id,
        idempotency=claim_for(request, principal, key, raw),
    )
    return Appends(entries=[Entry.of(a) for a in appended])


class Acknowledgement(BaseModel):
    occurred_at: datetime


def _acknowledge(
    request: Request,
    kind: type[Restriction | Rectification],
    change: UUID,
    body: Acknowledgement,
    principal: Principal,
) -> Appends:
    organisation = _organisation(principal)
    appended = state(request).service.app.change(
        kind,
        change,
        lambda aggregate: aggregate.acknowledge_notice(
            occurred_at=body.occurred_at, recipient=organisation
        ),
    )
    return Appends(entries=[Entry.of(a) for a in appended])


@router.post(
    "/restrictions/{change_id}/notices/acknowledgement",
    status_code=status.HTTP_201_CREATED,
    summary="Acknowledge an Art 19 notice of a restriction sent to you",
)
def acknowledge_restriction(
    request: Request,
    change_id: UUID,
    body: Acknowledgement,
    principal: Partner,
) -> Appends:
    return _acknowledge(request, Restriction, change_id, body, principal)


@router.post(
    "/rectifications/{change_id}/notices/acknowledgement",
    status_code=status.HTTP_201_CREATED,
    summary="Acknowledge an Art 19 notice of a rectification sent to you",
)
def acknowledge_rectification(
    request: Request,
    change_id: UUID,
    body: Acknowledgement,
    principal: Partner,
) -> Appends:
    return _acknowledge(request, Rectification, change_id, body, principal)


class Cosignature(BaseModel):
    line: str = Field(min_length=1, max_length=500, description="One tlog-cosignature line")


@router.post(
    "/ledger/checkpoint/cosignatures",
    status_code=status.HTTP_201_CREATED,
    summary="Cosign the latest checkpoint as a witness (C2SP tlog-cosignature)",
    response_model=None,
    responses={201: {"model": CosignatureRecorded}},
)
def cosign(request: Request, body: Cosignature, principal: Partner) -> dict[str, Any]:
    """Checked against your registered keys; the checkpoint then shows you as a witness."""
    service = state(request).service
    organisation = _organisation(principal)
    latest = log_signing.latest(service.app)
    if latest is None:
        raise ProblemError(
            status.HTTP_409_CONFLICT,
            "No checkpoint",
            "none issued yet",
            type_suffix="no-checkpoint",
        )
    keys = [k for k in receipt_filing.partner_keys(service.app, organisation) if k.current]
    for key in keys:
        witness = format_witness_key(WitnessKey(organisation, key.public_key))
        try:
            cosignature = log_signing.record_cosignature(
                service.app, latest, witness, body.line, service.clock()
            )
        except (ValueError, NoteError):
            continue  # not this key: try the partner's next one
        return {"tree_size": latest.checkpoint.size, "witness": cosignature.witness}
    raise ProblemError(
        status.HTTP_422_UNPROCESSABLE_CONTENT,
        "Cosignature does not verify",
        "line: not a valid cosignature of the latest checkpoint by any of your keys",
        type_suffix="bad-signature",
    )
