"""The evidence bundle format: what a bundle holds, and reading one back (its shape only).

Pure: no I/O. A bundle is one JSON document, format
``sharing-ledger-evidence/v1`` (``docs/evidence.md``): the signed checkpoint
note exactly as issued (with any witness cosignatures), the verifier keys, and
for each entry its stored bytes, its entry digest, its decoded event and its
RFC 9162 inclusion proof against the checkpoint's tree. :func:`parse_bundle`
checks the shape and nothing more; :mod:`ledger.integrity.evidence` writes and
verifies bundles. Every failure raises :class:`EvidenceError` naming the
place: ``format``, ``bundle``, ``origin``, ``scope``, ``created_at``,
``keys``, ``entry <i>`` (its shape).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from uuid import UUID

from ledger.integrity.chain import StoredEntry
from ledger.integrity.encoding import decode_base64

FORMAT = "sharing-ledger-evidence/v1"
_MAX_U64 = 2**64 - 1
_HEX_HASH = re.compile(r"[0-9a-f]{64}", re.ASCII)
_TOP_FIELDS = frozenset(
    {"format", "origin", "scope", "created_at", "checkpoint", "keys", "entries"}
)
_ENTRY_FIELDS = frozenset(
    {
        "position",
        "originator_id",
        "originator_version",
        "topic",
        "state",
        "entry_digest",
        "event",
        "inclusion_proof",
    }
)


class EvidenceError(Exception):
    """A bundle does not verify; ``place`` says where, the message says what."""

    def __init__(self, place: str, detail: str) -> None:
        self.place = place
        self.detail = detail
        super().__init__(f"{place}: {detail}")


class ScopeKind(StrEnum):
    """What an investigation asked about: one subject, one restriction, or one partner."""

    SUBJECT = "subject"
    RESTRICTION = "restriction"
    PARTNER = "partner"


@dataclass(frozen=True, slots=True)
class Scope:
    """The question the bundle answers, as the exporter states it (not proved)."""

    kind: ScopeKind
    value: str


@dataclass(frozen=True, slots=True)
class ProvenEntry:
    """What the storage side hands over for one entry: where it is, its bytes, its proof."""

    position: int
    entry: StoredEntry
    inclusion_proof: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class EvidenceEntry:
    """One entry as a bundle carries it, without the database's notification id."""

    position: int
    originator_id: UUID
    originator_version: int
    topic: str
    state: bytes
    entry_digest: bytes
    event: object
    inclusion_proof: tuple[bytes, ...]


@dataclass(frozen=True, slots=True)
class EvidenceBundle:
    """A bundle read back, its shape checked, its content not yet verified."""

    origin: str
    scope: Scope
    created_at: str
    checkpoint_note: str
    log_key: str
    witness_keys: tuple[str, ...]
    entries: tuple[EvidenceEntry, ...]


# -- Reading the shape --------------------------------------------------------


def _fields(value: object, place: str, expected: frozenset[str]) -> Mapping[str, object]:
    """A JSON object with exactly the expected field names."""
    if not isinstance(value, dict):
        raise EvidenceError(place, "not a JSON object")
    missing = sorted(expected - value.keys())
    if missing:
        raise EvidenceError(place, f"missing field {missing[0]}")
    unexpected = sorted(value.keys() - expected)
    if unexpected:
        raise EvidenceError(place, f"unexpected field {unexpected[0]}")
    return value


def _string(value: object, place: str, what: str) -> str:
    if not isinstance(value, str):
        raise EvidenceError(place, f"{what} is not a string")
    return value


def _u64(value: object, place: str, what: str) -> int:
    # bool is an int in Python, but true is not a number in JSON.
    if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value <= _MAX_U64:
        raise EvidenceError(place, f"{what} is not an integer from 0 to 2^64 - 1")
    return value


def _hash(value: object, place: str, what: str) -> bytes:
    if not isinstance(value, str) or not _HEX_HASH.fullmatch(value):
        raise EvidenceError(place, f"{what} is not 64 lowercase hex digits")
    return bytes.fromhex(value)


def _uuid(value: object, place: str) -> UUID:
    text = _string(value, place, "originator_id")
    try:
        parsed = UUID(text)
    except ValueError:
        parsed = None
    # One spelling only: lowercase, hyphenated, no braces or urn: prefix.
    if parsed is None or str(parsed) != text:
        raise EvidenceError(place, "originator_id is not a UUID in its canonical form")
    return parsed


def _base64(value: object, place: str, what: str) -> bytes:
    text = _string(value, place, what)
    try:
        return decode_base64(text)
    except ValueError as error:
        raise EvidenceError(place, f"{what} is {error}") from error


def _topic(value: object, place: str) -> str:
    topic = _string(value, place, "topic")
    try:
        topic.encode("utf-8")
    except UnicodeEncodeError as error:
        raise EvidenceError(place, "topic is not valid UTF-8") from error
    return topic


def _list(value: object, place: str, what: str) -> list[object]:
    if not isinstance(value, list):
        raise EvidenceError(place, f"{what} is not a list")
    return value


def _parse_entry(index: int, value: object) -> EvidenceEntry:
    place = f"entry {index}"
    fields = _fields(value, place, _ENTRY_FIELDS)
    proof = _list(fields["inclusion_proof"], place, "inclusion_proof")
    return EvidenceEntry(
        position=_u64(fields["position"], place, "position"),
        originator_id=_uuid(fields["originator_id"], place),
        originator_version=_u64(fields["originator_version"], place, "originator_version"),
        topic=_topic(fields["topic"], place),
        state=_base64(fields["state"], place, "state"),
        entry_digest=_hash(fields["entry_digest"], place, "entry_digest"),
        event=fields["event"],
        inclusion_proof=tuple(_hash(item, place, "an inclusion proof hash") for item in proof),
    )


def _parse_scope(value: object) -> Scope:
    fields = _fields(value, "scope", frozenset({"kind", "value"}))
    kind = _string(fields["kind"], "scope", "kind")
    if kind not in {member.value for member in ScopeKind}:
        raise EvidenceError("scope", "kind is not subject, restriction or partner")
    scope_value = _string(fields["value"], "scope", "value")
    if not scope_value:
        raise EvidenceError("scope", "value is empty")
    return Scope(ScopeKind(kind), scope_value)


def _parse_created_at(value: object) -> str:
    text = _string(value, "created_at", "the creation time")
    try:
        moment = datetime.fromisoformat(text)
    except ValueError as error:
        raise EvidenceError("created_at", "not an ISO 8601 date and time") from error
    if moment.utcoffset() is None:
        raise EvidenceError("created_at", "has no UTC offset")
    return text


def _parse_keys(value: object) -> tuple[str, tuple[str, ...]]:
    fields = _fields(value, "keys", frozenset({"log", "witnesses"}))
    log_key = _string(fields["log"], "keys", "the log key")
    witnesses = _list(fields["witnesses"], "keys", "witnesses")
    return log_key, tuple(_string(item, "keys", "a witness key") for item in witnesses)


def _parse_document(text: str) -> Mapping[str, object]:
    try:
        document: object = json.loads(text)
    except ValueError as error:
        raise EvidenceError("bundle", f"not JSON ({error})") from error
    if not isinstance(document, dict):
        raise EvidenceError("bundle", "not a JSON object")
    # The format comes first: a later format may be shaped differently.
    if document.get("format") != FORMAT:
        raise EvidenceError("format", f"expected {FORMAT}, found {document.get('format')!r}")
    return _fields(document, "bundle", _TOP_FIELDS)


def parse_bundle(text: str) -> EvidenceBundle:
    """Read a bundle and check its shape (every field, type and encoding); verify nothing yet."""
    document = _parse_document(text)
    origin = _string(document["origin"], "origin", "the origin")
    if not origin:
        raise EvidenceError("origin", "is empty")
    scope = _parse_scope(document["scope"])
    created_at = _parse_created_at(document["created_at"])
    note = _string(document["checkpoint"], "checkpoint", "the checkpoint note")
    log_key, witness_keys = _parse_keys(document["keys"])
    entries = _list(document["entries"], "bundle", "entries")
    return EvidenceBundle(
        origin=origin,
        scope=scope,
        created_at=created_at,
        checkpoint_note=note,
        log_key=log_key,
        witness_keys=witness_keys,
        entries=tuple(_parse_entry(index, value) for index, value in enumerate(entries)),
    )
