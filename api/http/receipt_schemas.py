"""Typed schemas of the signed documents the API exchanges: share receipts and checkpoints.

They document; they do not re-validate. A receipt document is checked by the
domain (ledger.domain.receipts.parse_receipt: every field, one exact form)
and must reach it as sent, since its signature covers its canonical bytes: a
model that coerced ``"5"`` to ``5`` would change what was signed. The
patterns below are the domain's own (docs/receipts.md).
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PlainValidator

from api.http.vocabulary_schema import term_enum
from ledger.domain import receipts

HEX_HASH = "^[0-9a-f]{64}$"
RECEIVED_AT = "^[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z$"
_STRICT = ConfigDict(extra="forbid")

DataCategory = term_enum("DataCategory")
Purpose = term_enum("Purpose")
LawfulBasis = term_enum("LawfulBasis")


class ReceiptId(BaseModel):
    """Which ledger entry the receipt acknowledges (ISO/IEC TS 27560 record id)."""

    model_config = _STRICT
    position: int = Field(ge=0, le=receipts.MAX_SAFE_INTEGER, description="Chain position")
    chain_hash: str = Field(pattern=HEX_HASH, description="Chain hash at that position, hex")


class ReceiptCheckpoint(BaseModel):
    """The signed checkpoint the partner checked the share's inclusion against (optional)."""

    model_config = _STRICT
    origin: str = Field(min_length=1, max_length=255, description="The log's origin line")
    tree_size: int = Field(ge=1, le=receipts.MAX_SAFE_INTEGER)
    root_hash: str = Field(pattern=HEX_HASH, description="Merkle root at tree_size, hex")


class ReceiptDocument(BaseModel):
    """A share receipt: what the partner signs (RFC 8785 canonical bytes, Ed25519)."""

    model_config = _STRICT
    schema_version: Literal["sharing-ledger:share-receipt:v1"]
    receipt_id: ReceiptId
    pii_controller: str = Field(description="The council organisation that shared")
    recipient: str = Field(description="The partner organisation that received")
    received_at: str = Field(pattern=RECEIVED_AT, description="UTC, whole seconds, Z")
    pii_types: list[DataCategory] = Field(min_length=1, description="Sorted")  # type: ignore[valid-type] # an enum built from the vocabulary
    purpose: Purpose  # type: ignore[valid-type] # an enum built from the vocabulary
    lawful_basis: LawfulBasis  # type: ignore[valid-type] # an enum built from the vocabulary
    checkpoint: ReceiptCheckpoint | None = None


def _object(value: Any) -> dict[str, Any]:
    # Passed on as sent (see the module's docstring); only its being an object is checked.
    if not isinstance(value, dict):
        msg = "must be a JSON object (the receipt document)"
        raise ValueError(msg)  # noqa: TRY004 - pydantic turns ValueError into its 422
    return value


# A request field holding a receipt document: documented as ReceiptDocument, passed on as sent.
AsSentReceipt = Annotated[
    dict[str, Any], PlainValidator(_object, json_schema_input_type=ReceiptDocument)
]


class CosignatureRecorded(BaseModel):
    """A witness's cosignature of the latest checkpoint, recorded."""

    tree_size: int = Field(description="The size of the checkpoint cosigned")
    witness: str = Field(description="The witness's name, as in its cosignature line")


class CheckpointSummary(BaseModel):
    """The latest signed checkpoint, in brief (the note itself: GET /v1/ledger/checkpoint)."""

    size: int
    issued_at: str = Field(description="When it was signed, ISO 8601")


# GET /v1/ledger/checkpoint: a C2SP tlog-checkpoint signed note, as text.
CHECKPOINT_NOTE_SCHEMA: dict[str, Any] = {
    "type": "string",
    "description": (
        "A C2SP tlog-checkpoint signed note: the origin line, the tree size, the base64 "
        "Merkle root (RFC 9162), optional extension lines, a blank line, then one "
        "signature line per signer (the log's, then each witness's cosignature)."
    ),
    "pattern": "^[^\\n]+\\n[0-9]+\\n[A-Za-z0-9+/]{43}=\\n",
}
