"""Does a tree extend a checkpoint already held? The check before every signature and cosignature.

Pure: no I/O, no clock. A log that signs two checkpoints no consistency proof
connects has forked (docs/checkpoints.md §5, §7); so has a witness that
cosigns them. Both therefore keep the last checkpoint they signed and, before
signing again, require the new tree to extend it:

1. a tree smaller than the held checkpoint lost entries (rollback, truncation);
2. a tree of the same size must have the same root (RFC 9162 §2.1.4.2: for
   ``m = n`` there is nothing to prove and the roots must be equal);
3. a larger tree must come with a consistency proof from the held checkpoint
   that verifies (RFC 9162 §2.1.4.2), i.e. its first ``m`` leaves are the
   held tree's leaves, in the same order.

C2SP tlog-witness states the same rule for witnesses: a witness only advances,
and never cosigns a checkpoint that does not extend the one it last cosigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from enum import StrEnum

from ledger.integrity import merkle
from ledger.integrity.checkpoints import Checkpoint, CheckpointError


class Refusal(StrEnum):
    """Why a tree does not extend a held checkpoint (each is a metric label)."""

    SMALLER_TREE = "smaller_tree"
    DIFFERENT_ROOT = "different_root"
    INCONSISTENT = "inconsistent"


class ForkError(CheckpointError):
    """The tree offered for signing does not extend a checkpoint already held."""

    def __init__(self, reason: Refusal, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def describe(checkpoint: Checkpoint) -> str:
    """A checkpoint in words: its size and the first bytes of its root, for messages."""
    return f"{checkpoint.size:,} entries, root {checkpoint.root_hash.hex()[:16]}…"


def check_extends(
    held: Checkpoint,
    size: int,
    root: bytes,
    proof: Sequence[bytes],
    *,
    held_as: str,
    tree_as: str = "the ledger",
) -> None:
    """Raise :class:`ForkError` unless the tree ``(size, root)`` extends ``held``.

    ``proof`` is the RFC 9162 consistency proof from ``held.size`` to ``size``
    (empty when the sizes are equal or ``held.size`` is 0). ``held_as`` and
    ``tree_as`` name the two in the message: what contradicts what.
    """
    # 1. Fewer entries than were signed: the newest ones are gone.
    if size < held.size:
        raise ForkError(
            Refusal.SMALLER_TREE,
            f"{held_as} ({describe(held)}) covers more than {tree_as} holds "
            f"({size:,} entries): entries from position {size} on were lost "
            "(rollback or truncation)",
        )
    # 2. RFC 9162 §2.1.4.2, m = n: the same size must have the same root.
    if size == held.size:
        if root != held.root_hash:
            raise ForkError(
                Refusal.DIFFERENT_ROOT,
                f"{held_as} ({describe(held)}) has another root than {tree_as} for the same "
                f"number of entries (root {root.hex()[:16]}…): history was rewritten",
            )
        return
    # 3. RFC 9162 §2.1.4.2: the proof from m to n must verify against both roots.
    try:
        merkle.verify_consistency(held.size, size, held.root_hash, root, proof)
    except merkle.ProofError as error:
        raise ForkError(
            Refusal.INCONSISTENT,
            f"{tree_as} ({size:,} entries) does not extend {held_as} ({describe(held)}): "
            f"the consistency proof fails ({error})",
        ) from None
