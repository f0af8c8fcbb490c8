"""Checking the stored ledger against checkpoints: one held outside (``verify --against``),
and every one the ledger has stored (every ``verify``).

Both trust the stored Merkle nodes to describe the stored entries, so the
caller verifies the chain and audits the tree first (``verify_chain``,
``verify_tree``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from api.service.log_signing import tree_size
from ledger.application import LedgerApplication
from ledger.integrity import merkle
from ledger.integrity.checkpoints import (
    Checkpoint,
    CheckpointError,
    OriginMismatchError,
    verify_checkpoint,
)
from ledger.integrity.notes import KeyFormatError, NoteError, Verifier, parse_verifier_key

#: Stored checkpoints read per query by :func:`check_stored`.
STORED_PAGE = 500


class CheckpointContradiction(Exception):
    """The stored ledger contradicts a checkpoint that was issued for it."""


@dataclass(frozen=True, slots=True)
class Consistent:
    """The ledger extends the checkpoint: its first ``old_size`` entries are unchanged."""

    old_size: int
    new_size: int
    new_root: bytes
    proof: tuple[bytes, ...]


def open_checkpoint(note: str, verifiers: Sequence[Verifier]) -> Checkpoint:
    """Verify a checkpoint note with whichever of ``verifiers`` signed it."""
    last: Exception | None = None
    for verifier in verifiers:
        try:
            return verify_checkpoint(note, verifier)
        except (NoteError, CheckpointError, ValueError) as error:
            last = error
    if isinstance(last, OriginMismatchError):
        msg = f"the checkpoint names another log ({last})"
    else:
        msg = "the checkpoint is not signed by any known log key" + (f" ({last})" if last else "")
    raise CheckpointContradiction(msg)


def check_against(app: LedgerApplication, checkpoint: Checkpoint) -> Consistent:
    """Is the stored ledger an extension of ``checkpoint``? Raise if it is not."""
    size = tree_size(app)
    if checkpoint.size > size:
        raise CheckpointContradiction(_rollback(checkpoint.size, size))
    old_root = merkle.root_at(checkpoint.size, app.tree) if checkpoint.size else merkle.EMPTY_ROOT
    if old_root != checkpoint.root_hash:
        raise CheckpointContradiction(_rewritten(checkpoint.size))
    new_root = merkle.root_at(size, app.tree) if size else merkle.EMPTY_ROOT
    proof = merkle.consistency_proof(checkpoint.size, size, app.tree) if checkpoint.size else []
    if checkpoint.size:
        try:
            merkle.verify_consistency(checkpoint.size, size, old_root, new_root, proof)
        except merkle.ProofError as error:
            msg = (
                f"the ledger does not extend the checkpoint: the consistency proof fails ({error})"
            )
            raise CheckpointContradiction(msg) from None
    return Consistent(checkpoint.size, size, new_root, tuple(proof))


def check_stored(app: LedgerApplication, *, page: int = STORED_PAGE) -> int:
    """Check the ledger against every checkpoint it has stored; return how many there are.

    Each must verify with its registered key, state the size and root its row
    does, and be consistent with the current tree: its size no larger, and the
    root of the ledger's first ``size`` entries its root (with both in hand,
    RFC 9162 §2.1.4's proof adds nothing: the tree was audited). Smallest
    first, so the first contradiction named is the earliest. A checkpoint
    signed while this runs is checked against the tree read after it.
    """
    registered = set(app.checkpoints.log_keys())
    verifiers: dict[str, Verifier] = {}
    checked = 0
    after: tuple[int, str] | None = None
    while rows := app.checkpoints.ascending(after, limit=page):
        after = (int(rows[-1]["tree_size"]), str(rows[-1]["verifier_key"]))
        held = [(row, _stored_checkpoint(row, registered, verifiers)) for row in rows]
        # Read after the rows: every checkpoint among them was signed over a tree this size or less.
        size = tree_size(app)
        try:
            roots = app.tree.roots_at(sorted({c.size for _, c in held if 0 < c.size <= size}))
        except merkle.MissingNodeError as missing:
            msg = f"the Merkle tree cannot give the roots of the stored checkpoints: {missing}"
            raise CheckpointContradiction(msg) from None
        for row, checkpoint in held:
            where = _named(row)
            if checkpoint.size > size:
                raise CheckpointContradiction(f"{where}: {_rollback(checkpoint.size, size)}")
            root = roots.get(checkpoint.size, merkle.EMPTY_ROOT)
            if root != checkpoint.root_hash:
                raise CheckpointContradiction(f"{where}: {_rewritten(checkpoint.size)}")
        checked += len(rows)
    return checked


def _stored_checkpoint(
    row: Mapping[str, Any], registered: set[str], verifiers: dict[str, Verifier]
) -> Checkpoint:
    """What a stored row's note states, verified with the row's registered key."""
    key = str(row["verifier_key"])
    where = _named(row)
    if key not in registered:
        msg = f"{where}: its key is not registered as one of this ledger's log keys"
        raise CheckpointContradiction(msg)
    try:
        verifier = verifiers.get(key) or verifiers.setdefault(key, parse_verifier_key(key))
        checkpoint = verify_checkpoint(str(row["note"]), verifier)
    except (NoteError, CheckpointError, KeyFormatError, ValueError) as error:
        msg = f"{where}: its note does not verify with its key ({error})"
        raise CheckpointContradiction(msg) from None
    if checkpoint.size != int(row["tree_size"]) or checkpoint.root_hash != bytes(row["root_hash"]):
        msg = f"{where}: its row states another size or root than its signed note"
        raise CheckpointContradiction(msg)
    return checkpoint


def _named(row: Mapping[str, Any]) -> str:
    key = str(row["verifier_key"]).rsplit("+", 1)[0]
    return (
        f"the stored checkpoint of {int(row['tree_size']):,} entries "
        f"(issued {row['issued_at']}, key {key})"
    )


def _rollback(held: int, size: int) -> str:
    return (
        f"rollback or truncation: the checkpoint covers {held:,} entries, "
        f"the ledger holds {size:,}; entries from position {size} on are missing"
    )


def _rewritten(held: int) -> str:
    return (
        f"history rewritten: the ledger's first {held:,} entries do not hash to the "
        "checkpoint's root"
    )
