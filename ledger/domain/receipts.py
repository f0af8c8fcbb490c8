"""Share receipts: the document a partner agency signs to acknowledge a share, and its checks.

Pure: no I/O, no clock, no storage. A receipt is a small JSON object whose
field names follow ISO/IEC TS 27560:2023 (consent record information
structure) as the W3C DPV community group's implementation guide names them,
where a 27560 field fits; ``docs/receipts.md`` has the table and the sources.

1. The document is validated strictly (:func:`parse_receipt`): every field
   present, of one exact form, nothing unknown. A valid document therefore has
   exactly one serialisation: :meth:`ShareReceipt.document` rebuilds it.
2. Its canonical bytes are the RFC 8785 JSON Canonicalization Scheme (JCS)
   serialisation of that document (:func:`canonical_bytes`).
3. The signed message is ``SIGNATURE_CONTEXT || canonical bytes``: the
   domain-separation prefix keeps a receipt signature from ever being valid
   as any other statement made with the same key (a checkpoint cosignature,
   a signed note), and names the receipt format's version.
4. The signature is Ed25519 (RFC 8032) over that message, by a key the
   partner has registered with the ledger; a key is named by its key id
   (:func:`key_id`).

Errors never echo the rejected value: a document may carry anything.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, TypeVar

import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from ledger.domain import lawful, values
from ledger.domain.data_categories import DATA_CATEGORIES
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.processing_terms import PURPOSES
from ledger.integrity.encoding import decode_base64, encode_base64

#: The ``schema_version`` every document of this format carries (27560 "schema version").
SCHEMA_VERSION = "sharing-ledger:share-receipt:v1"
#: Prefixed to the canonical bytes before signing (domain separation, step 3).
SIGNATURE_CONTEXT = b"sharing-ledger:receipt:v1\x00"
#: Ed25519 (RFC 8032 §5.1.5, §5.1.6): 32-byte public keys, 64-byte signatures.
PUBLIC_KEY_SIZE = 32
SIGNATURE_SIZE = 64
#: A key id is the first 8 bytes of SHA-256 over the raw public key, as 16 hex digits.
KEY_ID_BYTES = 8
#: RFC 8785 §3.2.2.3: numbers are IEEE 754 doubles, so integers stay within ±(2^53 - 1).
MAX_SAFE_INTEGER = 2**53 - 1
HASH_SIZE = 32

DOCUMENT_FIELDS = (
    "schema_version",
    "receipt_id",
    "pii_controller",
    "recipient",
    "received_at",
    "pii_types",
    "purpose",
    "lawful_basis",
    "checkpoint",
)
RECEIPT_ID_FIELDS = ("position", "chain_hash")
CHECKPOINT_FIELDS = ("origin", "tree_size", "root_hash")
OPTIONAL_FIELDS = frozenset({"checkpoint"})

_HEX_HASH = re.compile(r"[0-9a-f]{64}")
_KEY_ID = re.compile(r"[0-9a-f]{16}")
# Whole seconds, UTC, "Z": one spelling per instant, so the event can rebuild the document.
# ASCII digits only ("\d" would take any script's digits, a second spelling of one time).
_RECEIVED_AT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z")
_TIME_FORMAT = "%Y-%m-%dT%H:%M:%SZ"
_MAX_ORIGIN = 255

T = TypeVar("T")


class ReceiptError(DomainError):
    """A share receipt was refused; nothing was recorded."""


class MalformedReceiptError(ReceiptError, ValidationError):
    """The document breaks the receipt format; ``field`` names where (``checkpoint.tree_size``)."""


class UnknownKeyError(ReceiptError):
    """The partner has no current registered key, or not the one named."""


class BadSignatureError(ReceiptError):
    """The signature does not verify over this document with the partner's key(s)."""


def partner_key_id(public_key: bytes) -> str:
    """The id of an Ed25519 public key: hex of the first 8 bytes of SHA-256(raw key)."""
    return hashlib.sha256(public_key).digest()[:KEY_ID_BYTES].hex()


#: Domain separation for a key rotation's proofs of possession (docs/receipts.md §2).
ROTATION_CONTEXT = b"sharing-ledger:key-rotation:v1\x00"


def rotation_message(organisation: str, new_public_key: bytes) -> bytes:
    """What both keys sign to rotate: the prefix, the partner's slug, 0x00, the new raw key."""
    return ROTATION_CONTEXT + organisation.encode("utf-8") + b"\x00" + new_public_key


def verify_key_signature(field: str, public_key: bytes, signature: object, message: bytes) -> None:
    """RFC 8032 §5.1.7: ``signature`` is ``public_key``'s over ``message``, or BadSignatureError."""
    if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
        raise BadSignatureError(f"{field}: an Ed25519 signature is {SIGNATURE_SIZE} bytes")
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        raise BadSignatureError(f"{field}: does not verify over the rotation message") from None


def require_key_id(field: str, value: object) -> str:
    if not isinstance(value, str) or _KEY_ID.fullmatch(value) is None:
        raise ValidationError(field, "must be a key id: 16 lowercase hex digits")
    return value


def public_key_bytes(field: str, value: object) -> bytes:
    """A raw 32-byte Ed25519 public key, given as bytes or as standard base64 text."""
    raw: object = value
    if isinstance(value, str):
        try:
            raw = base64.b64decode(value.encode("ascii"), validate=True)
        except (binascii.Error, UnicodeEncodeError):
            raise ValidationError(field, "must be base64 of a raw Ed25519 public key") from None
    if not isinstance(raw, bytes) or len(raw) != PUBLIC_KEY_SIZE:
        raise ValidationError(
            field, f"must be a raw Ed25519 public key of {PUBLIC_KEY_SIZE} bytes (or its base64)"
        )
    return raw


@dataclass(frozen=True, slots=True)
class ReceiptCheckpoint:
    """The checkpoint (C2SP tlog-checkpoint body) the partner checked the share against."""

    origin: str
    tree_size: int
    root_hash: bytes


@dataclass(frozen=True, slots=True)
class ShareReceipt:
    """A validated receipt document. Build one with :func:`receipt_document` or
    :func:`parse_receipt`; both check every field."""

    position: int
    chain_hash: str
    pii_controller: str
    recipient: str
    received_at: datetime
    pii_types: tuple[str, ...]
    purpose: str
    lawful_basis: str
    checkpoint: ReceiptCheckpoint | None = None

    def document(self) -> dict[str, Any]:
        """The receipt as a JSON object (the only serialisation :func:`parse_receipt` accepts)."""
        document: dict[str, Any] = {
            "schema_version": SCHEMA_VERSION,
            "receipt_id": {"position": self.position, "chain_hash": self.chain_hash},
            "pii_controller": self.pii_controller,
            "recipient": self.recipient,
            "received_at": self.received_at.astimezone(UTC).strftime(_TIME_FORMAT),
            "pii_types": list(self.pii_types),
            "purpose": self.purpose,
            "lawful_basis": self.lawful_basis,
        }
        if self.checkpoint is not None:
            document["checkpoint"] = {
                "origin": self.checkpoint.origin,
                "tree_size": self.checkpoint.tree_size,
                "root_hash": encode_base64(self.checkpoint.root_hash),
            }
        return document


def receipt_document(  # noqa: PLR0913 - one parameter per field of the document
    *,
    position: int,
    chain_hash: str,
    pii_controller: str,
    recipient: str,
    received_at: datetime,
    pii_types: Iterable[str],
    purpose: str,
    lawful_basis: str,
    checkpoint: ReceiptCheckpoint | None = None,
) -> dict[str, Any]:
    """The receipt document for a share, ready for :func:`canonical_bytes` and signing.

    ``received_at`` is given to the second in UTC; ``pii_types`` are sorted.
    Raises :class:`MalformedReceiptError` naming the first field that is wrong.
    """
    when = _checked("received_at", values.aware, received_at)
    document: dict[str, Any] = {
        "schema_version": SCHEMA_VERSION,
        "receipt_id": {"position": position, "chain_hash": chain_hash},
        "pii_controller": pii_controller,
        "recipient": recipient,
        "received_at": when.astimezone(UTC).strftime(_TIME_FORMAT),
        "pii_types": sorted(pii_types),
        "purpose": purpose,
        "lawful_basis": lawful_basis,
    }
    if checkpoint is not None:
        document["checkpoint"] = {
            "origin": checkpoint.origin,
            "tree_size": checkpoint.tree_size,
            "root_hash": encode_base64(checkpoint.root_hash),
        }
    return parse_receipt(document).document()


def parse_receipt(document: object) -> ShareReceipt:
    """Validate a receipt document; raise :class:`MalformedReceiptError` naming the field.

    Fields are checked in document order, so the first wrong one is reported.
    """
    fields = _object("document", document, DOCUMENT_FIELDS, OPTIONAL_FIELDS)
    if fields["schema_version"] != SCHEMA_VERSION:
        raise MalformedReceiptError("schema_version", f"must be {SCHEMA_VERSION!r}")
    receipt_id = _object("receipt_id", fields["receipt_id"], RECEIPT_ID_FIELDS)
    position = _integer("receipt_id.position", receipt_id["position"], minimum=0)
    chain_hash = receipt_id["chain_hash"]
    if not isinstance(chain_hash, str) or _HEX_HASH.fullmatch(chain_hash) is None:
        raise MalformedReceiptError(
            "receipt_id.chain_hash", "must be the entry's chain hash: 64 lowercase hex digits"
        )
    pii_controller = _checked("pii_controller", values.organisation, fields["pii_controller"])
    recipient = _checked("recipient", values.organisation, fields["recipient"])
    received_at = _received_at(fields["received_at"])
    if not isinstance(fields["pii_types"], list | tuple):
        raise MalformedReceiptError("pii_types", "must be a JSON array of data category terms")
    pii_types = _checked("pii_types", DATA_CATEGORIES.require_all, fields["pii_types"])
    if list(pii_types) != sorted(pii_types):
        raise MalformedReceiptError("pii_types", "must be sorted (by code point)")
    purpose = _checked("purpose", PURPOSES.require, fields["purpose"])
    lawful_basis = _checked("lawful_basis", lawful.lawful_basis, fields["lawful_basis"])
    checkpoint = _checkpoint(fields["checkpoint"], position) if "checkpoint" in fields else None
    return ShareReceipt(
        position=position,
        chain_hash=chain_hash,
        pii_controller=pii_controller,
        recipient=recipient,
        received_at=received_at,
        pii_types=pii_types,
        purpose=purpose,
        lawful_basis=lawful_basis,
        checkpoint=checkpoint,
    )


def canonical_bytes(document: object) -> bytes:
    """RFC 8785 (JCS) bytes of a valid receipt document: the same for any key order or spacing."""
    return rfc8785.dumps(parse_receipt(document).document())


def signed_message(document: object) -> bytes:
    """What the Ed25519 signature covers: the domain-separation prefix, then the JCS bytes."""
    return SIGNATURE_CONTEXT + canonical_bytes(document)


def sign_receipt(document: object, private_key: Ed25519PrivateKey) -> bytes:
    """The 64-byte Ed25519 signature of a receipt (for partners' tooling and tests)."""
    return private_key.sign(signed_message(document))


def verify_receipt(
    document: object,
    signature: bytes,
    public_keys: Mapping[str, bytes],
    *,
    key_id: str | None = None,
) -> str:
    """Check a receipt's signature against the signer's current keys; return the key id used.

    ``public_keys`` maps key id to raw public key (the partner's current keys:
    several during a rotation). With ``key_id`` only that key is tried.
    Raises :class:`MalformedReceiptError`, :class:`UnknownKeyError` or
    :class:`BadSignatureError`; returns only if the signature verifies.
    """
    # 1. The document is well formed (and so has one canonical form).
    message = signed_message(document)
    # 2. The signature has the shape of an Ed25519 signature (RFC 8032 §5.1.7 step 1).
    if not isinstance(signature, bytes) or len(signature) != SIGNATURE_SIZE:
        raise BadSignatureError(f"an Ed25519 signature is {SIGNATURE_SIZE} bytes")
    # 3. The candidate keys: the named one, or every current one.
    if key_id is not None:
        if key_id not in public_keys:
            raise UnknownKeyError(f"key {key_id} is not a current registered key of the signer")
        candidates = [key_id]
    else:
        candidates = sorted(public_keys)
    if not candidates:
        raise UnknownKeyError("the signer has no current registered public key")
    # 4. Ed25519 verification (RFC 8032 §5.1.7) with each candidate.
    for candidate in candidates:
        try:
            Ed25519PublicKey.from_public_bytes(public_keys[candidate]).verify(signature, message)
        except (InvalidSignature, ValueError):
            continue
        return candidate
    which = f"key {key_id}" if key_id is not None else "any current registered key"
    raise BadSignatureError(f"the signature does not verify over this document with {which}")


# -- Field checks ----------------------------------------------------------------


def _checked(field: str, check: Callable[[str, object], T], value: object) -> T:
    """Run a domain validator; report its refusal as a malformed receipt field."""
    try:
        return check(field, value)
    except ValidationError as error:
        raise MalformedReceiptError(error.field, error.reason, error.allowed) from None


def _object(
    field: str,
    value: object,
    names: tuple[str, ...],
    optional: frozenset[str] = frozenset(),
) -> Mapping[str, object]:
    if not isinstance(value, Mapping):
        raise MalformedReceiptError(field, "must be a JSON object")
    prefix = "" if field == "document" else f"{field}."
    for name in value:
        if name not in names:
            shown = name[:64] if isinstance(name, str) else "?"
            raise MalformedReceiptError(f"{prefix}{shown}", "unknown field", names)
    for name in names:
        if name not in value and name not in optional:
            raise MalformedReceiptError(f"{prefix}{name}", "is required")
    return value


def _integer(field: str, value: object, *, minimum: int) -> int:
    # bool is an int in Python, never in JSON; a float (1.0) has another JCS form.
    if not isinstance(value, int) or isinstance(value, bool):
        raise MalformedReceiptError(field, "must be an integer")
    if not minimum <= value <= MAX_SAFE_INTEGER:
        raise MalformedReceiptError(field, f"must be from {minimum} to 2^53 - 1")
    return value


def _received_at(value: object) -> datetime:
    form = "a UTC time to the second, e.g. 2026-03-02T10:15:00Z"
    if not isinstance(value, str) or _RECEIVED_AT.fullmatch(value) is None:
        raise MalformedReceiptError("received_at", f"must be {form}")
    try:
        when = datetime.strptime(value, _TIME_FORMAT).replace(tzinfo=UTC)
    except ValueError:
        raise MalformedReceiptError("received_at", f"must be {form}") from None
    return _checked("received_at", values.aware, when)


def _checkpoint(value: object, position: int) -> ReceiptCheckpoint:
    fields = _object("checkpoint", value, CHECKPOINT_FIELDS)
    origin = fields["origin"]
    # tlog-checkpoint: the origin is one non-empty line without control characters.
    if not isinstance(origin, str) or not origin or len(origin) > _MAX_ORIGIN:
        raise MalformedReceiptError(
            "checkpoint.origin", "must be the checkpoint's origin line (1-255 characters)"
        )
    _checked("checkpoint.origin", values.single_line, origin)
    tree_size = _integer("checkpoint.tree_size", fields["tree_size"], minimum=1)
    if tree_size <= position:
        raise MalformedReceiptError(
            "checkpoint.tree_size", "must include the receipted entry (exceed its position)"
        )
    root_text = fields["root_hash"]
    root_hash = b""
    if isinstance(root_text, str):
        try:
            root_hash = decode_base64(root_text)
        except ValueError:
            root_hash = b""
    if len(root_hash) != HASH_SIZE:
        raise MalformedReceiptError(
            "checkpoint.root_hash", "must be standard base64 of the 32-byte root hash"
        )
    return ReceiptCheckpoint(origin=origin, tree_size=tree_size, root_hash=root_hash)
