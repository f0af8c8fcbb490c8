"""C2SP witness cosignatures (c2sp.org/tlog-cosignature), Ed25519 "cosignature/v1".

Pure: no I/O, no clock (the cosignature's time is passed in; key generation
draws on the OS's randomness through ``cryptography``). Sections cited below
are those of ``tlog-cosignature.md`` (github.com/C2SP/C2SP @01194db1):

* "Format": a cosignature is one more signed-note signature line on the
  checkpoint, ``— <witness name> base64(key ID || timestamped_signature)``,
  where ``timestamped_signature = u64 timestamp (big-endian) || 64-byte
  Ed25519 signature`` and the timestamp is POSIX seconds, at most 2^63 - 1.
* "Format": key ID = ``SHA-256(name || 0x0A || 0x04 || public key)[:4]``.
  Type 0x04 (signed-note "Signature types") keeps a witness's key ID apart
  from the same key used for plain note signatures (type 0x01).
* "Ed25519 signed message": ``cosignature/v1\\ntime <timestamp>\\n`` followed
  by the whole checkpoint body, so a cosignature can never pass for the
  log's own signature and vice versa.

A witness (a partner agency) cosigns a checkpoint only after checking that
it extends the last one it cosigned (:func:`witness_checkpoint`); a
cosignature then says "as of this time, this is the largest consistent tree
I have seen for this log". Keys are written as signed-note verifier keys
with type byte 0x04: ``<name>+<key id>+<base64(0x04 || public key)>``.

Notes, signature lines and keys are read by the one signed-note parser in
:mod:`ledger.integrity.notes`; this module adds only what tlog-cosignature
specifies (the type byte, the timestamped signature and its message).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

from ledger.integrity.checkpoints import (
    Checkpoint,
    OriginMismatchError,
    parse_checkpoint,
    verify_checkpoint,
)
from ledger.integrity.encoding import encode_base64
from ledger.integrity.forks import ForkError, check_extends
from ledger.integrity.notes import (
    MAX_SIGNATURES,
    SIGNATURE_PREFIX,
    SIGNATURE_SIZE,
    MalformedNoteError,
    NamedKey,
    NoteError,
    PublicKey,
    Verifier,
    format_signer_key,
    format_verifier_key,
    known_keys,
    parse_signature_line,
    parse_signer_key,
    parse_verifier_key,
    signatures_by_known_keys,
    split_note,
)

#: signed-note "Signature types": 0x04, timestamped Ed25519 witness cosignatures.
ALGORITHM_COSIGNATURE_V1 = 0x04
#: "Ed25519 signed message": the header line, for domain separation.
COSIGNATURE_HEADER = "cosignature/v1\n"
#: "Format": the timestamp MUST NOT exceed 2^63 - 1.
MAX_TIMESTAMP = 2**63 - 1
_TIMESTAMP_SIZE = 8


class CosignatureError(NoteError):
    """A cosignature could not be made, added or verified."""


class InvalidCosignatureError(CosignatureError):
    """A signature line from a known witness key does not verify."""

    def __init__(self, witness: str, detail: str = "cosignature does not verify") -> None:
        self.witness = witness
        super().__init__(f"witness {witness}: {detail}")


class InconsistentCheckpointError(CosignatureError):
    """A witness was asked to cosign a checkpoint that does not extend the last one it cosigned."""


# -- Keys ---------------------------------------------------------------------


def _check_timestamp(timestamp: int) -> None:
    if not 0 <= timestamp <= MAX_TIMESTAMP:
        raise CosignatureError(f"a cosignature time is 0 to 2^63 - 1 seconds, not {timestamp}")


def cosigned_message(checkpoint_body: str, timestamp: int) -> bytes:
    """The signed message ("Ed25519 signed message"): header, time line, checkpoint body."""
    _check_timestamp(timestamp)
    return f"{COSIGNATURE_HEADER}time {timestamp}\n{checkpoint_body}".encode()


class WitnessKey(PublicKey):
    """A witness's named Ed25519 public key, as log clients are configured with it."""

    __slots__ = ()
    #: The key ID ("Format"): SHA-256(name || 0x0A || 0x04 || public key)[:4], big-endian.
    ALGORITHM = ALGORITHM_COSIGNATURE_V1
    KIND = "witness"

    def verify(self, checkpoint_body: str, timestamp: int, signature: bytes) -> bool:
        """True if ``signature`` is this witness's cosignature of the body at ``timestamp``."""
        if not 0 <= timestamp <= MAX_TIMESTAMP:
            return False
        return self.verify_ed25519(cosigned_message(checkpoint_body, timestamp), signature)


def format_witness_key(key: WitnessKey) -> str:
    """``<name>+<key id>+<base64(0x04 || public key)>``: a signed-note verifier key of type 4."""
    return format_verifier_key(key)


def parse_witness_key(text: str) -> WitnessKey:
    """Read a witness key; the key id must match the name and key it claims to hash.

    Its key data must have type 0x04: a type 0x01 key is a log's note key,
    and using it as a witness key would make the key ID (and the statement)
    ambiguous, so it is refused.
    """
    return parse_verifier_key(text, WitnessKey)


class WitnessSigner(NamedKey[WitnessKey]):
    """A witness's named Ed25519 private key (key ids computed with type 0x04)."""

    __slots__ = ()
    PUBLIC = WitnessKey

    def witness_key(self) -> WitnessKey:
        """The public half, to register with the log and hand to its clients."""
        return self.verifier()


def generate_witness_signer(name: str) -> WitnessSigner:
    """A new witness with a fresh random Ed25519 key."""
    return WitnessSigner.generate(name)


def format_witness_signer_key(signer: WitnessSigner) -> str:
    """``PRIVATE+KEY+<name>+<key id>+<base64(0x04 || seed)>``: secret, store it as one."""
    return format_signer_key(signer)


def parse_witness_signer_key(text: str) -> WitnessSigner:
    """Read a witness's secret key; its key id must match the public key derived from it."""
    return parse_signer_key(text, WitnessSigner)


# -- Cosigning ----------------------------------------------------------------


def cosign(checkpoint_body: str, witness_signer: WitnessSigner, timestamp: int) -> str:
    """One cosignature line (no final newline) over a checkpoint body, at ``timestamp``.

    The body must be a well-formed checkpoint: a witness never signs text it
    cannot read as a tree head ("Format": a cosignature is applied to a
    checkpoint).
    """
    parse_checkpoint(checkpoint_body)
    message = cosigned_message(checkpoint_body, timestamp)
    # "Format": key ID || timestamped_signature, the timestamp big-endian.
    payload = (
        witness_signer.witness_key().key_id.to_bytes(4, "big")
        + timestamp.to_bytes(_TIMESTAMP_SIZE, "big")
        + witness_signer.sign(message)
    )
    return f"{SIGNATURE_PREFIX}{witness_signer.name} {encode_base64(payload)}"


def witness_checkpoint(
    note: str,
    *,
    log_key: Verifier,
    witness_signer: WitnessSigner,
    timestamp: int,
    last_cosigned: Checkpoint | None,
    consistency_proof: Sequence[bytes],
) -> str:
    """Check a signed checkpoint the way a witness must, then cosign it.

    The log's signature must verify, and the checkpoint must extend
    ``last_cosigned`` (None for the first one this witness sees): same
    origin, a size no smaller, and an RFC 9162 consistency proof between the
    two. Only then is it cosigned: a cosignature states that this is the
    largest consistent tree the witness has seen ("Ed25519 signed message").
    Returns the cosignature line; the caller records the checkpoint as its
    new ``last_cosigned``.
    """
    checkpoint = verify_checkpoint(note, log_key)
    if last_cosigned is not None:
        if last_cosigned.origin != checkpoint.origin:
            raise OriginMismatchError(
                f"last cosigned {last_cosigned.origin!r}, now asked for {checkpoint.origin!r}"
            )
        try:
            check_extends(
                last_cosigned,
                checkpoint.size,
                checkpoint.root_hash,
                consistency_proof,
                held_as="the last checkpoint cosigned",
                tree_as="the checkpoint offered",
            )
        except ForkError as fork:
            raise InconsistentCheckpointError(str(fork)) from fork
    body, _ = split_note(note)
    return cosign(body, witness_signer, timestamp)


# -- Reading cosignatures -----------------------------------------------------


class Cosignature(NamedTuple):
    """A verified cosignature: which witness, and the time (POSIX seconds) it states."""

    witness: str
    timestamp: int


def _check_cosignature(text: str, key: WitnessKey, payload: bytes) -> Cosignature:
    """Verify one timestamped_signature ("Format") from a known witness over ``text``."""
    if len(payload) != _TIMESTAMP_SIZE + SIGNATURE_SIZE:
        raise InvalidCosignatureError(key.name, "not a timestamped Ed25519 cosignature")
    timestamp = int.from_bytes(payload[:_TIMESTAMP_SIZE], "big")
    if not key.verify(text, timestamp, payload[_TIMESTAMP_SIZE:]):
        raise InvalidCosignatureError(key.name)
    return Cosignature(key.name, timestamp)


def verify_cosignature(checkpoint_body: str, line: str, key: WitnessKey) -> Cosignature:
    """Verify one posted cosignature line (no final newline) by ``key`` over a checkpoint body.

    For accepting a partner's cosignature before adding it to the note.
    Raises :class:`InvalidCosignatureError` if it is not ``key``'s valid cosignature.
    """
    name, claimed_id, payload = parse_signature_line(line)
    if (name, claimed_id) != (key.name, key.key_id):
        raise InvalidCosignatureError(key.name, f"the line is from {name}+{claimed_id:08x}")
    return _check_cosignature(checkpoint_body, key, payload)


def add_cosignatures(note: str, lines: Iterable[str]) -> str:
    """The signed note with cosignature lines (each without its newline) appended.

    A line already in the note is not added twice. Lines are checked for
    form only; verify each with :func:`verify_cosignature` before adding it.
    """
    _, existing = split_note(note)
    added = []
    for line in lines:
        if "\n" in line:
            raise MalformedNoteError("a cosignature line is one line, without its newline")
        parse_signature_line(line)
        if line not in existing and line not in added:
            added.append(line)
    if len(existing) + len(added) > MAX_SIGNATURES:
        raise MalformedNoteError(f"more than {MAX_SIGNATURES} signatures")
    return note + "".join(f"{line}\n" for line in added)


def verify_cosignatures(
    note: str, witness_keys: Iterable[WitnessKey], *, not_after: int | None = None
) -> list[Cosignature]:
    """The valid cosignatures in a signed checkpoint note by the given witnesses, in note order.

    Per signed-note "Signatures", lines whose (name, key id) match no
    witness key are ignored (the log's own signature among them); every
    line from a known witness key is verified, and one that fails raises
    :class:`InvalidCosignatureError` naming the witness. ``not_after``
    (POSIX seconds) rejects cosignatures timestamped later ("Format":
    verifiers MAY reject timestamps in the future). This does not check the
    log's signature: that is :func:`checkpoints.verify_checkpoint`'s job.
    """
    text, lines = split_note(note)
    known = known_keys(witness_keys)
    found: list[Cosignature] = []
    for key, payload in signatures_by_known_keys(lines, known, "witness keys"):
        cosignature = _check_cosignature(text, key, payload)
        if not_after is not None and cosignature.timestamp > not_after:
            raise InvalidCosignatureError(
                key.name, f"cosignature time {cosignature.timestamp} is after {not_after}"
            )
        found.append(cosignature)
    return found
