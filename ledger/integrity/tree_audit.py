"""Checking the stored Merkle nodes against the chain's entry digests, in one streaming pass.

Proofs are served from stored nodes, so a node altered in the database would
make proofs that fail for their readers. ``audit_tree`` recomputes every node
from the entry digests, page by page, compares each with what is stored, and
keeps only the tree's current peaks in memory (``O(log n)``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from itertools import islice

from ledger.integrity import merkle
from ledger.integrity.chain import ChainLink
from ledger.integrity.merkle import NodeKey

# (level, first index, last index) -> stored hashes by index
RangeReader = Callable[[int, int, int], Mapping[int, bytes]]


class TreeBroken(Exception):
    """A stored Merkle node is missing or does not match the entries it covers."""

    def __init__(self, level: int, index: int, detail: str) -> None:
        self.level, self.index = level, index
        first, last = index << level, ((index + 1) << level) - 1
        super().__init__(
            f"Merkle node (level {level}, index {index}) over positions {first}-{last}: {detail}"
        )


class _Peaks:
    """A NodeReader over the nodes computed so far (the peaks left of the next leaf)."""

    def __init__(self) -> None:
        self.known: dict[NodeKey, bytes] = {}

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return {key: self.known[key] for key in keys if key in self.known}


def _pages(links: Iterable[ChainLink], size: int) -> Iterator[list[ChainLink]]:
    iterator = iter(links)
    while page := list(islice(iterator, size)):
        yield page


def audit_tree(links: Iterable[ChainLink], stored: RangeReader, *, page: int = 5000) -> bytes:
    """Recompute all nodes from ``links`` (in position order); return the root, or raise."""
    peaks = _Peaks()
    size = 0
    for batch in _pages(links, page):
        computed = merkle.nodes_for_appends(
            size, [merkle.entry_leaf_hash(k.entry_digest) for k in batch], peaks
        )
        _compare(computed, stored)
        size += len(batch)
        keep = set(merkle.peaks(size))
        peaks.known = {k: h for level, index, h in computed if (k := (level, index)) in keep} | {
            k: v for k, v in peaks.known.items() if k in keep
        }
    return merkle.root_at(size, peaks) if size else merkle.EMPTY_ROOT


def _compare(computed: Sequence[tuple[int, int, bytes]], stored: RangeReader) -> None:
    by_level: dict[int, list[tuple[int, bytes]]] = {}
    for level, index, value in computed:
        by_level.setdefault(level, []).append((index, value))
    for level, nodes in sorted(by_level.items()):
        found = stored(level, nodes[0][0], nodes[-1][0])
        for index, value in nodes:
            if index not in found:
                raise TreeBroken(level, index, "missing from storage")
            if found[index] != value:
                raise TreeBroken(level, index, "does not match the entries it covers")
