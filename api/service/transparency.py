"""What the ledger publishes to anyone, without a key: signed tree heads and hashes.

Everything here is hashes, signatures and tree sizes: no entry, no person, no
partner. So monitors and witnesses can follow the log without an account
(docs/checkpoints.md §9), the way they follow any C2SP tlog.

Every answer describes a tree the log has signed: the *published* size is the
latest checkpoint's, not the ledger's current size, so nothing public runs
ahead of a signature.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from api.service import log_signing
from ledger.application import LedgerApplication
from ledger.integrity import merkle, tiles
from ledger.integrity.encoding import encode_base64


class NotPublished(LookupError):
    """What was asked for is beyond the latest signed checkpoint (or none is signed yet)."""


@dataclass(frozen=True, slots=True)
class ConsistencyProof:
    old_size: int
    new_size: int
    old_root: bytes
    new_root: bytes
    proof: list[bytes]


def published_size(app: LedgerApplication) -> int:
    """The size of the latest signed checkpoint's tree; 0 before the first."""
    latest = log_signing.latest(app)
    return 0 if latest is None else latest.checkpoint.size


def checkpoint_note(app: LedgerApplication) -> str:
    """The latest signed checkpoint with every kept witness cosignature."""
    latest = log_signing.latest(app)
    if latest is None:
        msg = "no checkpoint has been issued yet"
        raise NotPublished(msg)
    note, _witnesses = log_signing.witnessed_note(app, latest)
    return note


def tile(app: LedgerApplication, wanted: tiles.Tile) -> bytes:
    """The bytes of one hash tile of the published tree."""
    size = published_size(app)
    if not tiles.available(wanted, size):
        msg = f"the tile is not part of the published tree of {size} entries"
        raise NotPublished(msg)
    rows = app.tree.node_rows(wanted.merkle_level, wanted.first, wanted.last)
    if [index for index, _ in rows] != list(range(wanted.first, wanted.last + 1)):
        # The published tree has these nodes, so the table lost rows: verify finds it too.
        raise merkle.MissingNodeError((wanted.merkle_level, wanted.first))
    return tiles.tile_bytes([value for _, value in rows])


def consistency(app: LedgerApplication, old_size: int, new_size: int | None) -> ConsistencyProof:
    """RFC 9162 §2.1.4.1 proof that the published tree of ``new_size`` extends ``old_size``.

    ``new_size`` defaults to the published size; neither may exceed it.
    Raises :class:`NotPublished` or ``ValueError`` (sizes out of order).
    """
    size = published_size(app)
    new = size if new_size is None else new_size
    if new > size:
        msg = f"new: the published tree holds {size} entries"
        raise NotPublished(msg)
    if not 0 <= old_size <= new:
        msg = "old: must not exceed new"
        raise ValueError(msg)
    return ConsistencyProof(
        old_size,
        new,
        merkle.root_at(old_size, app.tree),
        merkle.root_at(new, app.tree),
        merkle.consistency_proof(old_size, new, app.tree),
    )


def history(
    app: LedgerApplication, after: tuple[int, str] | None, limit: int
) -> list[dict[str, Any]]:
    """Issued checkpoints, smallest tree first, after ``(tree size, verifier key)``: one page.

    Each with its signed note (verifiable with ``keys``), not the cosignatures.
    """
    rows = app.checkpoints.ascending(after, limit=limit)
    return [
        {
            "tree_size": int(row["tree_size"]),
            "root_hash": encode_base64(bytes(row["root_hash"])),
            "verifier_key": str(row["verifier_key"]),
            "issued_at": str(row["issued_at"]),
            "note": str(row["note"]),
        }
        for row in rows
    ]


def log_keys(app: LedgerApplication) -> list[str]:
    """Every verifier key that has signed this ledger's checkpoints, oldest first."""
    return app.checkpoints.log_keys()
