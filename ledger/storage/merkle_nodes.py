"""The Merkle tree's stored nodes: read for proofs and audits, written with each insert.

Each insert stores the nodes its new leaves complete (docs/chain-format.md),
in the same transaction as the entries, so a proof or a checkpoint's root
costs a few index probes however large the ledger grows.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ledger.integrity import merkle
from ledger.integrity.chain import GENESIS_HASH, ChainLink
from ledger.integrity.merkle import NodeKey

if TYPE_CHECKING:
    from ledger.storage.gateway import Gateway

Node = tuple[int, int, bytes]  # (level, index, hash)


class MerkleNodes:
    """Stored nodes by (level, index): a :class:`merkle.NodeReader` over the database."""

    def __init__(self, database: Gateway) -> None:
        self.database = database

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        if not keys or self.database.dialect == "sqlite":
            return read_nodes(self.database.fetch, self.database.tables.merkle, keys)
        # The keys as two arrays, one index probe each: one statement text
        # (prepared once) for every proof, faster than the OR form (bench/proofs.py).
        rows = self.database.fetch(
            "SELECT m.level, m.idx, m.hash FROM unnest({p}::int2[], {p}::int8[]) "
            f"AS k(level, idx) JOIN {self.database.tables.merkle} m "
            "ON m.level = k.level AND m.idx = k.idx",
            ([level for level, _ in keys], [index for _, index in keys]),
        )
        return {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in rows}

    def node_rows(self, level: int, first: int, last: int) -> list[tuple[int, bytes]]:
        """(index, hash) of one level's stored nodes, ``first <= index <= last``, in order."""
        return list(
            self.database.fetch_tuples(
                f"SELECT idx, hash FROM {self.database.tables.merkle} "
                "WHERE level = {p} AND idx >= {p} AND idx <= {p} ORDER BY idx",
                (level, first, last),
            )
        )

    def roots_at(self, sizes: Sequence[int], *, batch: int = 200) -> dict[int, bytes]:
        """The root of the tree of each size, from its stored peaks (shared ones read once).

        Reads at most ``batch`` nodes per query (SQLite parses each as one more
        ``OR`` term). Raises :class:`merkle.MissingNodeError` if a peak is not stored.
        """
        wanted = {size: merkle.peaks(size) for size in sizes}
        keys = sorted({key for peaks in wanted.values() for key in peaks})
        found: dict[NodeKey, bytes] = {}
        for start in range(0, len(keys), batch):
            found.update(self.nodes(keys[start : start + batch]))
        for key in keys:
            if key not in found:
                raise merkle.MissingNodeError(key)
        return {
            size: merkle.root_from_peaks([found[key] for key in peaks])
            for size, peaks in wanted.items()
        }

    def first_beyond(self, size: int) -> NodeKey | None:
        """The first stored node that is not part of the tree of ``size`` leaves, if any.

        The tree of ``n`` leaves holds exactly the nodes ``(level, index)`` with
        ``index < n >> level`` (docs/checkpoints.md §2.3): one index probe per
        level finds any other.
        """
        table = self.database.tables.merkle
        odd = self.database.fetch(
            f"SELECT level, idx FROM {table} WHERE level < 0 OR level >= {{p}} "
            "ORDER BY level, idx LIMIT 1",
            (merkle.MAX_LEVELS,),
        )
        if odd:
            return int(odd[0]["level"]), int(odd[0]["idx"])
        for level in range(merkle.MAX_LEVELS):
            rows = self.database.fetch(
                f"SELECT idx FROM {table} WHERE level = {{p}} AND (idx < 0 OR idx >= {{p}}) "
                "ORDER BY idx LIMIT 1",
                (level, size >> level),
            )
            if rows:
                return level, int(rows[0]["idx"])
        return None


def read_nodes(
    run: Callable[[str, Sequence[Any]], Sequence[Mapping[str, Any]]],
    table: str,
    keys: Sequence[NodeKey],
) -> dict[NodeKey, bytes]:
    """One query for a batch of Merkle nodes (a proof needs at most ~2 log2 n of them)."""
    if not keys:
        return {}
    condition = " OR ".join("(level = {p} AND idx = {p})" for _ in keys)
    rows = run(
        f"SELECT level, idx, hash FROM {table} WHERE {condition}",
        [value for key in keys for value in key],
    )
    return {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in rows}


def nodes_completed(links: Sequence[ChainLink], reader: merkle.NodeReader) -> list[Node]:
    """The Merkle nodes that appending ``links`` completes (leaf = entry digest)."""
    if not links:
        return []
    return merkle.nodes_for_appends(
        links[0].position, [merkle.entry_leaf_hash(k.entry_digest) for k in links], reader
    )


class RightEdge:
    """The Merkle tree's peaks after this process's last committed insert.

    An append needs the tree's current peaks (the left siblings its new
    leaves complete). Reading them costs a round trip inside the insert
    transaction, under the write lock; in the usual case this process made
    the previous insert too and already knows them. The cache is only used
    when it describes exactly the head just read under the lock (same size,
    same chain hash), so another writer's inserts simply make it miss.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: tuple[int, bytes, dict[NodeKey, bytes]] | None = None
        self._thread = threading.local()

    def reader(self, head: ChainLink | None, storage: merkle.NodeReader) -> merkle.NodeReader:
        """A reader holding every peak of the tree ending at ``head`` (one read on a miss)."""
        size = 0 if head is None else head.position + 1
        head_hash = GENESIS_HASH if head is None else head.chain_hash
        with self._lock:
            known = self._known
        if known is not None and known[0] == size and known[1] == head_hash:
            peaks = known[2]
        else:
            peaks = dict(storage.nodes(merkle.peaks(size)))
        return _Peaks(size, head_hash, peaks)

    def committed(
        self, reader: merkle.NodeReader, links: Sequence[ChainLink], nodes: Sequence[Node]
    ) -> None:
        """Remember the peaks after a committed insert, and its links for the caller."""
        if not isinstance(reader, _Peaks) or not links:
            return
        size = links[-1].position + 1
        everything = reader.peaks | {(level, index): value for level, index, value in nodes}
        peaks = {key: everything[key] for key in merkle.peaks(size) if key in everything}
        with self._lock:
            self._known = (size, links[-1].chain_hash, peaks)
        self._thread.links = list(links)

    def take_links(self) -> list[ChainLink] | None:
        """The links of this thread's last committed insert (once), or None."""
        links: list[ChainLink] | None = getattr(self._thread, "links", None)
        self._thread.links = None
        return links


class _Peaks:
    def __init__(self, size: int, head_hash: bytes, peaks: dict[NodeKey, bytes]) -> None:
        self.size = size
        self.head_hash = head_hash
        self.peaks = peaks

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return {key: self.peaks[key] for key in keys if key in self.peaks}


class CursorNodes:
    """Reads Merkle nodes inside the insert transaction (it holds the write lock).

    ``run`` executes one statement on the transaction's own cursor; each
    recorder supplies it in its own placeholder style.
    """

    def __init__(
        self, run: Callable[[str, Sequence[Any]], Sequence[Mapping[str, Any]]], table: str
    ) -> None:
        self._run = run
        self._table = table

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return read_nodes(self._run, self._table, keys)
