"""C2SP tlog-checkpoints (c2sp.org/tlog-checkpoint): signed statements of the tree head.

Pure: no I/O, no clock. A checkpoint's body is the note text

    <origin>\\n
    <tree size, decimal, no leading zeros>\\n
    <base64 of the 32-byte RFC 9162 root hash>\\n
    [<extension line>\\n ...]

signed as a C2SP signed note (:mod:`ledger.integrity.notes`). Parsing is
strict: anything another implementation might read differently is refused.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ledger.integrity.encoding import decode_base64, encode_base64
from ledger.integrity.merkle import HASH_SIZE
from ledger.integrity.notes import Signer, Verifier, open_note, sign_note

#: Where this project's ledgers are named; a deployment passes its own.
DEFAULT_ORIGIN_PREFIX = "sharing-ledger.example"
#: Tree sizes are uint64 in RFC 9162 and in every tlog implementation.
MAX_TREE_SIZE = 2**64 - 1

_DECIMAL = re.compile(r"0|[1-9][0-9]{0,19}", re.ASCII)


class CheckpointError(Exception):
    """A checkpoint is not valid."""


class MalformedCheckpointError(CheckpointError, ValueError):
    """The checkpoint body breaks the tlog-checkpoint format."""


class OriginMismatchError(CheckpointError):
    """The checkpoint is signed, but names a different log than expected."""


def checkpoint_origin(ledger_name: str, prefix: str = DEFAULT_ORIGIN_PREFIX) -> str:
    """A schema-less URL naming one ledger, e.g. ``sharing-ledger.example/council``."""
    return f"{prefix}/{ledger_name}"


def _check_line(line: str, what: str) -> None:
    # tlog-checkpoint: lines are non-empty; signed-note: no control characters.
    if not line:
        raise MalformedCheckpointError(f"the {what} must not be empty")
    if any(ord(ch) < 0x20 for ch in line):
        raise MalformedCheckpointError(f"the {what} must be one line without control characters")


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A log's tree head: which log, how many leaves, and the Merkle root over them."""

    origin: str
    size: int
    root_hash: bytes
    extensions: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        _check_line(self.origin, "origin")
        if not 0 <= self.size <= MAX_TREE_SIZE:
            raise MalformedCheckpointError("the tree size must be a uint64")
        if len(self.root_hash) != HASH_SIZE:
            raise MalformedCheckpointError(f"the root hash must be {HASH_SIZE} bytes")
        for line in self.extensions:
            _check_line(line, "extension line")


def format_checkpoint(checkpoint: Checkpoint) -> str:
    """The checkpoint's note text, ending in a newline."""
    lines = [
        checkpoint.origin,
        str(checkpoint.size),
        encode_base64(checkpoint.root_hash),
        *checkpoint.extensions,
    ]
    return "".join(f"{line}\n" for line in lines)


def _parse_size(line: str) -> int:
    if not _DECIMAL.fullmatch(line):
        raise MalformedCheckpointError("the tree size must be decimal without leading zeros")
    size = int(line)
    if size > MAX_TREE_SIZE:
        raise MalformedCheckpointError("the tree size must be a uint64")
    return size


def _parse_root_hash(line: str) -> bytes:
    try:
        root_hash = decode_base64(line)
    except ValueError as error:
        raise MalformedCheckpointError(f"the root hash is {error}") from error
    if len(root_hash) != HASH_SIZE:
        raise MalformedCheckpointError(f"the root hash must be {HASH_SIZE} bytes")
    return root_hash


def parse_checkpoint(text: str) -> Checkpoint:
    """Read a checkpoint body; raise :class:`MalformedCheckpointError` if it is not exact."""
    if not text.endswith("\n"):
        raise MalformedCheckpointError("a checkpoint body ends with a newline")
    lines = text[:-1].split("\n")
    if len(lines) < 3:
        raise MalformedCheckpointError("a checkpoint has an origin, a size and a root hash")
    origin, size_line, root_line, *extensions = lines
    _check_line(origin, "origin")
    return Checkpoint(
        origin=origin,
        size=_parse_size(size_line),
        root_hash=_parse_root_hash(root_line),
        extensions=tuple(extensions),
    )


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> str:
    """The signed note for ``checkpoint``.

    The signer's key name must be the origin (tlog-checkpoint: it SHOULD
    match), so one ledger's key can never vouch for another ledger's head.
    """
    if signer.name != checkpoint.origin:
        raise OriginMismatchError(
            f"key {signer.name!r} cannot sign a checkpoint of {checkpoint.origin!r}"
        )
    return sign_note(format_checkpoint(checkpoint), [signer])


def verify_checkpoint(
    note: str | bytes, verifier: Verifier, origin: str | None = None
) -> Checkpoint:
    """Open a signed checkpoint with the log's key and return what it states.

    ``origin`` defaults to the key's name. Other signatures (witness
    cosignatures, rotated keys) are ignored, as the note spec requires.
    Raises a :class:`~ledger.integrity.notes.NoteError` if the log's
    signature is missing or bad, and a :class:`CheckpointError` if the body
    is malformed or names another log.
    """
    opened = open_note(note, [verifier])
    checkpoint = parse_checkpoint(opened.text)
    expected = verifier.name if origin is None else origin
    if checkpoint.origin != expected:
        raise OriginMismatchError(
            f"the checkpoint is for {checkpoint.origin!r}, expected {expected!r}"
        )
    return checkpoint
