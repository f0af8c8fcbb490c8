"""Checking the stored Merkle nodes against the chain's entry digests, in one streaming pass.

Proofs are served from stored nodes, so a node altered in the database would
make proofs that fail for their readers. ``audit_tree`` recomputes every node
from the entry digests, page by page, compares each with what is stored, and
keeps only the tree's current peaks in memory (``O(log n)``).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from itertools import islice

from ledger.integrity import merkle
from ledger.integrity.merkle import NodeKey

# (level, first index, last index) -> stored (index, hash) rows of that level, by index
RangeReader = Callable[[int, int, int], Sequence[tuple[int, bytes]]]


class TreeBroken(Exception):
    """A stored Merkle node is missing or does not match the entries it covers."""

    def __init__(self, level: int, index: int, detail: str) -> None:
        self.level, self.index, self.detail = level, index, detail
        covers = ""
        if 0 <= level < merkle.MAX_LEVELS:
            first, last = index << level, ((index + 1) << level) - 1
            covers = f" over positions {first}-{last}"
        super().__init__(f"Merkle node (level {level}, index {index}){covers}: {detail}")


class _Peaks:
    """A NodeReader over the tree's peaks: the last unpaired node of each level."""

    def __init__(self, waiting: Mapping[int, tuple[int, bytes]]) -> None:
        self.known = {(level, index): value for level, (index, value) in waiting.items()}

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return {key: self.known[key] for key in keys if key in self.known}


def audit_tree(
    digests: Iterable[bytes],
    stored: RangeReader,
    *,
    page: int = 20_000,
    each_page: Callable[[int], None] = lambda _n: None,
) -> bytes:
    """Recompute all nodes from entry digests (in position order); return the root, or raise.

    Page by page: each page's leaves, then each level's nodes they complete,
    compared level by level with one read of that level's stored range. Only
    the last unpaired node of each level is carried to the next page, so
    memory is one page plus ``O(log n)``.
    """
    sha256 = hashlib.sha256
    leaf, node = merkle.LEAF_PREFIX, merkle.NODE_PREFIX
    waiting: dict[int, tuple[int, bytes]] = {}  # level -> (index, hash) of a left child
    size = 0
    iterator = iter(digests)
    while batch := list(islice(iterator, page)):
        for value in batch:
            if len(value) != merkle.HASH_SIZE:
                msg = f"an entry digest is {merkle.HASH_SIZE} bytes, not {len(value)}"
                raise ValueError(msg)
        # RFC 9162 §2.1.1: leaf = HASH(0x00 || entry digest).
        level, first = 0, size
        hashes = [sha256(leaf + value).digest() for value in batch]
        while hashes:
            _compare(level, first, hashes, stored)
            # The nodes of the next level up that this run completes: HASH(0x01 || l || r).
            if first & 1:
                _, left = waiting.pop(level)
                run, start = [left, *hashes], first - 1
            else:
                run, start = hashes, first
            if len(run) & 1:
                waiting[level] = (start + len(run) - 1, run[-1])
            hashes = [
                sha256(node + run[i] + run[i + 1]).digest() for i in range(0, len(run) - 1, 2)
            ]
            level, first = level + 1, start >> 1
        size += len(batch)
        each_page(size)
    return merkle.root_at(size, _Peaks(waiting)) if size else merkle.EMPTY_ROOT


def _compare(level: int, first: int, computed: Sequence[bytes], stored: RangeReader) -> None:
    rows = stored(level, first, first + len(computed) - 1)
    # (level, index) is the table's key, so as many rows as the range is long is all of them.
    if len(rows) == len(computed) and [value for _, value in rows] == computed:
        return
    found = dict(rows)
    for index, value in enumerate(computed, start=first):
        if index not in found:
            raise TreeBroken(level, index, "missing from storage")
        if found[index] != value:
            raise TreeBroken(level, index, "does not match the entries it covers")
