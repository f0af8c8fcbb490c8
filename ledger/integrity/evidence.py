"""Evidence bundles for an ICO investigation: written, and verified, entry by entry.

Pure: no I/O, no clock (the creation time is passed in). The format and its
reading are :mod:`ledger.integrity.bundle_format`, the signed manifest
:mod:`ledger.integrity.manifest`, the rule of what a bundle holds
:mod:`ledger.integrity.bundle_scope`.

:func:`verify_bundle` checks everything offline with the service's own
modules (:mod:`chain`, :mod:`merkle`, :mod:`notes`, :mod:`checkpoints`,
:mod:`cosignatures`, :mod:`manifest`, :mod:`bundle_scope`).
``offline_verify.py`` is an independent implementation of the same checks,
in the same order, for investigators; the tests hold the two to the same
verdicts. Every failure raises :class:`EvidenceError` naming the place:
``format``, ``bundle``, ``origin``, ``scope``, ``created_at``, ``keys``,
``checkpoint``, ``witness <name>``, ``manifest``, ``entry <i>`` (its shape)
or ``entry <i> (position <p>)`` (its content, or its place in the bundle).
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from ledger.integrity import chain, merkle
from ledger.integrity.bundle_format import (
    FORMAT,
    FORMAT_V1,
    EvidenceBundle,
    EvidenceEntry,
    EvidenceError,
    ProvenEntry,
    Scope,
    ScopeKind,
    parse_bundle,
)
from ledger.integrity.bundle_scope import check_complete
from ledger.integrity.checkpoints import Checkpoint, CheckpointError, verify_checkpoint
from ledger.integrity.cosignatures import (
    Cosignature,
    InvalidCosignatureError,
    WitnessKey,
    parse_witness_key,
    verify_cosignatures,
)
from ledger.integrity.encoding import encode_base64
from ledger.integrity.manifest import Manifest, ManifestError, manifest_lines, sign_manifest
from ledger.integrity.notes import (
    AmbiguousKeyError,
    InvalidSignatureError,
    KeyFormatError,
    NoteError,
    Signer,
    UnverifiedNoteError,
    Verifier,
    format_verifier_key,
    open_note,
    parse_verifier_key,
)


@dataclass(frozen=True, slots=True)
class CheckedEntry:
    """An entry whose bytes, digest, decoded form and inclusion proof all verified."""

    position: int
    topic: str


@dataclass(frozen=True, slots=True)
class BundleReport:
    """What a verified bundle proves, and on whose keys.

    ``log_key_trusted`` is False when the log key was taken from the bundle
    itself: the bundle is then consistent, but nothing shows the key is the
    council's. ``witness_keys_trusted`` says the same of the witnesses.
    ``complete`` is True when the log key signed the bundle's manifest (v2):
    the bundle holds every entry its scope's rule selects in the tree; a v1
    bundle has no manifest, and proves its entries only.
    """

    format: str
    complete: bool
    origin: str
    scope: Scope
    created_at: str
    tree_size: int
    root_hash: str
    log_key_name: str
    log_key_trusted: bool
    witnesses: tuple[Cosignature, ...]
    witness_keys_trusted: bool
    entries: tuple[CheckedEntry, ...]


# -- Writing ------------------------------------------------------------------


def _canonical_json(value: object) -> str:
    """One spelling per JSON value, with types kept apart (1, 1.0 and true differ)."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


def _decode_state(state: bytes) -> object:
    """The event a stored state decodes to (UTF-8 JSON, chain-format.md §2)."""
    return json.loads(state.decode("utf-8"))


def _entry_document(index: int, proven: ProvenEntry) -> dict[str, object]:
    entry = proven.entry
    place = f"entry {index} (position {proven.position})"
    try:
        event = _decode_state(entry.state)
    except ValueError as error:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        raise EvidenceError(place, "state is not UTF-8 JSON") from error
    digest = chain.entry_digest(
        entry.originator_id, entry.originator_version, entry.topic, entry.state
    )
    return {
        "position": proven.position,
        "originator_id": str(entry.originator_id),
        "originator_version": entry.originator_version,
        "topic": entry.topic,
        "state": encode_base64(entry.state),
        "entry_digest": digest.hex(),
        "event": event,
        "inclusion_proof": [value.hex() for value in proven.inclusion_proof],
    }


def build_bundle(
    *,
    scope: Scope,
    created_at: str,
    checkpoint_note: str,
    signer: Signer,
    witness_keys: Sequence[str] = (),
    entries: Sequence[ProvenEntry],
) -> str:
    """The bundle's JSON text (sorted keys, 2-space indent), entries in position order.

    ``signer`` is the log's key: it signed the checkpoint, and it signs the
    manifest listing every position held (docs/evidence.md §1.2). Entry
    digests are recomputed from the stored bytes and events decoded from
    them. The result is verified before it is returned, so the service never
    exports a bundle that an investigator's verifier would reject (one that
    leaves out a version of an aggregate it holds, or holds an aggregate
    that does not concern the scope); raises :class:`EvidenceError` if it
    would not verify.
    """
    log_key = format_verifier_key(signer.verifier())
    checkpoint = _open_checkpoint(checkpoint_note, signer.verifier())
    ordered = sorted(entries, key=lambda p: p.position)
    manifest = Manifest(
        origin=checkpoint.origin,
        tree_size=checkpoint.size,
        root_hash=checkpoint.root_hash,
        scope=scope,
        created_at=created_at,
        positions=tuple(proven.position for proven in ordered),
    )
    try:
        manifest_note = sign_manifest(manifest, signer)
    except ManifestError as error:
        raise EvidenceError("manifest", str(error)) from error
    document = {
        "format": FORMAT,
        # The checkpoint's first line is its origin; verification checks they agree.
        "origin": checkpoint.origin,
        "scope": {"kind": ScopeKind(scope.kind).value, "value": scope.value},
        "created_at": created_at,
        "checkpoint": checkpoint_note,
        "keys": {"log": log_key, "witnesses": list(witness_keys)},
        "manifest": manifest_note,
        "entries": [_entry_document(index, proven) for index, proven in enumerate(ordered)],
    }
    text = json.dumps(document, sort_keys=True, indent=2) + "\n"
    verify_bundle(text)
    return text


# -- Verifying ----------------------------------------------------------------


def _bundle_keys(bundle: EvidenceBundle) -> tuple[Verifier, list[WitnessKey]]:
    try:
        log_key = parse_verifier_key(bundle.log_key)
    except KeyFormatError as error:
        raise EvidenceError("keys", f"log key: {error}") from error
    witnesses = []
    for index, text in enumerate(bundle.witness_keys):
        try:
            witnesses.append(parse_witness_key(text))
        except KeyFormatError as error:
            raise EvidenceError("keys", f"witness key {index}: {error}") from error
    return log_key, witnesses


def _check_log_key(log_key: Verifier, trusted: Verifier | None) -> None:
    if trusted is not None and trusted != log_key:
        raise EvidenceError(
            "keys",
            f"the bundle's log key {log_key.name}+{log_key.key_id:08x} is not the trusted "
            f"log key {trusted.name}+{trusted.key_id:08x}",
        )


def _open_checkpoint(note: str, log_key: Verifier) -> Checkpoint:
    """docs/checkpoints.md §4-5: the log's signature, then the checkpoint body and origin."""
    try:
        return verify_checkpoint(note, log_key)
    except InvalidSignatureError as error:
        raise EvidenceError("checkpoint", "signature does not verify with the log key") from error
    except UnverifiedNoteError as error:
        raise EvidenceError("checkpoint", "no signature by the log key") from error
    except (NoteError, CheckpointError) as error:
        raise EvidenceError("checkpoint", str(error)) from error


def _check_witnesses(
    note: str, keys: Sequence[WitnessKey], *, required: bool
) -> tuple[Cosignature, ...]:
    """Valid cosignatures by ``keys``; when the keys are trusted, each must have cosigned."""
    try:
        found = verify_cosignatures(note, keys)
    except InvalidCosignatureError as error:
        raise EvidenceError(f"witness {error.witness}", "cosignature does not verify") from error
    except AmbiguousKeyError as error:  # two witness keys behind one name and key id
        raise EvidenceError("keys", str(error)) from error
    except NoteError as error:
        raise EvidenceError("checkpoint", str(error)) from error
    cosigners = {cosignature.witness for cosignature in found}
    for key in keys if required else ():
        if key.name not in cosigners:
            raise EvidenceError(f"witness {key.name}", "has not cosigned the checkpoint")
    return tuple(found)


def _check_manifest(bundle: EvidenceBundle, log_key: Verifier, checkpoint: Checkpoint) -> list[str]:
    """docs/evidence.md §1.2: signed by the log key; [M4] its lines are the ones this bundle
    implies (the checkpoint's tree, the bundle's scope and time); return its listing lines."""
    try:
        lines = open_note(bundle.manifest_note or "", [log_key]).text[:-1].split("\n")
    except InvalidSignatureError as error:
        raise EvidenceError("manifest", "signature does not verify with the log key") from error
    except UnverifiedNoteError as error:
        raise EvidenceError("manifest", "no signature by the log key") from error
    except NoteError as error:
        raise EvidenceError("manifest", str(error)) from error
    expected = manifest_lines(
        Manifest(
            checkpoint.origin,
            checkpoint.size,
            checkpoint.root_hash,
            bundle.scope,
            bundle.created_at,
            positions=(),
        )
    )
    if lines[:4] != expected[:4]:
        raise EvidenceError("manifest", "is not a manifest of the checkpoint's tree")
    if lines[4:5] != expected[4:5]:
        raise EvidenceError("scope", "is not the scope the manifest states")
    if lines[5:6] != expected[5:6]:
        raise EvidenceError("created_at", "is not the time the manifest states")
    return lines[6:]


def _check_event(entry: EvidenceEntry, place: str) -> None:
    try:
        decoded = _decode_state(entry.state)
    except ValueError as error:
        raise EvidenceError(place, "state is not UTF-8 JSON") from error
    if _canonical_json(decoded) != _canonical_json(entry.event):
        raise EvidenceError(place, "event does not match the decoded state")


def _check_inclusion(entry: EvidenceEntry, place: str, checkpoint: Checkpoint) -> None:
    """docs/checkpoints.md §3.1: leaf = the entry digest, index = the position."""
    try:
        merkle.verify_inclusion(
            merkle.entry_leaf_hash(entry.entry_digest),
            entry.position,
            checkpoint.size,
            entry.inclusion_proof,
            checkpoint.root_hash,
        )
    except merkle.RootMismatchError as error:
        raise EvidenceError(
            place, "inclusion proof does not lead to the checkpoint root"
        ) from error
    except merkle.ProofError as error:
        raise EvidenceError(place, f"inclusion proof is malformed: {error}") from error


def _check_entry(
    index: int, entry: EvidenceEntry, checkpoint: Checkpoint, seen: set[int]
) -> CheckedEntry:
    place = f"entry {index} (position {entry.position})"
    if entry.position >= checkpoint.size:
        raise EvidenceError(place, f"position is not below the tree size {checkpoint.size}")
    if entry.position in seen:
        raise EvidenceError(place, "position appears more than once in the bundle")
    seen.add(entry.position)
    # chain-format.md §3: the digest is recomputed from the stored bytes.
    digest = chain.entry_digest(
        entry.originator_id, entry.originator_version, entry.topic, entry.state
    )
    if digest != entry.entry_digest:
        raise EvidenceError(place, "state does not match entry_digest")
    _check_event(entry, place)
    _check_inclusion(entry, place, checkpoint)
    return CheckedEntry(entry.position, entry.topic)


def _trusted_keys(
    trusted_log_key: str | None, trusted_witness_keys: Sequence[str]
) -> tuple[Verifier | None, list[WitnessKey]]:
    """The caller's own keys; a malformed one is the caller's error, a ``KeyFormatError``."""
    log_key = None if trusted_log_key is None else parse_verifier_key(trusted_log_key)
    return log_key, [parse_witness_key(text) for text in trusted_witness_keys]


def verify_bundle(
    text: str, *, trusted_log_key: str | None = None, trusted_witness_keys: Sequence[str] = ()
) -> BundleReport:
    """Check a whole bundle offline; return what it proves, or raise :class:`EvidenceError`.

    In order: the shape; the keys (the bundle's log key must be
    ``trusted_log_key`` if one is given); the checkpoint's signature by the
    log key; the bundle's origin; witness cosignatures (by the trusted
    witness keys, each of which must have cosigned, or else by the bundle's
    own); the manifest (v2: signed by the log key, for the checkpoint's
    tree, the bundle's scope and time); then each entry: position below the
    tree size and not repeated, digest from the stored bytes, event from the
    state, inclusion proof to the checkpoint's root; last (v2), completeness:
    the positions are the manifest's, each aggregate's versions run from 1
    with none left out, and every aggregate concerns the scope
    (:func:`~ledger.integrity.bundle_scope.check_complete`). Raises
    ``KeyFormatError`` if a trusted key is malformed.
    """
    trusted_log, trusted_witnesses = _trusted_keys(trusted_log_key, trusted_witness_keys)
    bundle = parse_bundle(text)
    log_key, bundle_witnesses = _bundle_keys(bundle)
    _check_log_key(log_key, trusted_log)
    checkpoint = _open_checkpoint(bundle.checkpoint_note, log_key)
    if bundle.origin != checkpoint.origin:
        raise EvidenceError(
            "origin", f"the bundle names {bundle.origin!r}, the checkpoint {checkpoint.origin!r}"
        )
    witnesses = _check_witnesses(
        bundle.checkpoint_note,
        trusted_witnesses or bundle_witnesses,
        required=bool(trusted_witnesses),
    )
    listing = None if bundle.format == FORMAT_V1 else _check_manifest(bundle, log_key, checkpoint)
    seen: set[int] = set()
    checked = tuple(
        _check_entry(index, entry, checkpoint, seen) for index, entry in enumerate(bundle.entries)
    )
    if listing is not None:
        check_complete(bundle.entries, bundle.scope, listing)
    return BundleReport(
        format=bundle.format,
        complete=listing is not None,
        origin=checkpoint.origin,
        scope=bundle.scope,
        created_at=bundle.created_at,
        tree_size=checkpoint.size,
        root_hash=checkpoint.root_hash.hex(),
        log_key_name=log_key.name,
        log_key_trusted=trusted_log is not None,
        witnesses=witnesses,
        witness_keys_trusted=bool(trusted_witnesses),
        entries=checked,
    )


__all__ = [
    "FORMAT",
    "FORMAT_V1",
    "BundleReport",
    "CheckedEntry",
    "EvidenceBundle",
    "EvidenceEntry",
    "EvidenceError",
    "ProvenEntry",
    "Scope",
    "ScopeKind",
    "build_bundle",
    "parse_bundle",
    "verify_bundle",
]
