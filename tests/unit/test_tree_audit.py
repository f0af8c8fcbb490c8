"""The streaming audit of stored Merkle nodes: every node recomputed, page by page."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import merkle
from ledger.integrity.merkle import DictNodeStore
from ledger.integrity.tree_audit import RangeReader, TreeBroken, audit_tree


def digests(n: int) -> list[bytes]:
    return [hashlib.sha256(i.to_bytes(8, "big")).digest() for i in range(n)]


def stored_tree(values: Sequence[bytes]) -> DictNodeStore:
    """Nodes stored as the recorders store them: appended in batches of three."""
    store = DictNodeStore()
    leaves = [merkle.entry_leaf_hash(d) for d in values]
    for start in range(0, len(leaves), 3):
        store.append(leaves[start : start + 3])
    return store


def reader(store: DictNodeStore) -> RangeReader:
    def rows(level: int, first: int, last: int) -> list[tuple[int, bytes]]:
        found = store.nodes([(level, i) for i in range(first, last + 1)])
        return [(index, found[(level, index)]) for level, index in sorted(found)]

    return rows


@settings(max_examples=80)
@given(st.integers(min_value=0, max_value=70), st.integers(min_value=1, max_value=9))
def test_the_root_is_the_rfc_9162_root_whatever_the_page_size(size: int, page: int) -> None:
    """Page boundaries anywhere: every stored node checks out and the root is MTH."""
    values = digests(size)
    root = audit_tree(values, reader(stored_tree(values)), page=page)
    assert root == merkle.root([merkle.entry_leaf_hash(d) for d in values])


@settings(max_examples=80)
@given(st.integers(min_value=2, max_value=40), st.integers(min_value=1, max_value=7), st.data())
def test_an_altered_node_is_named(size: int, page: int, data: st.DataObject) -> None:
    """Any one stored node changed: the audit names its level and index."""
    values = digests(size)
    store = stored_tree(values)
    level, index = data.draw(st.sampled_from(sorted(store._nodes)))
    store.put([(level, index, bytes(32))])
    with pytest.raises(TreeBroken) as caught:
        audit_tree(values, reader(store), page=page)
    assert (caught.value.level, caught.value.index) == (level, index)
    assert "does not match" in str(caught.value)


def test_a_missing_node_is_named() -> None:
    """A node absent from storage is named as missing."""
    values = digests(8)
    store = stored_tree(values)
    del store._nodes[(1, 3)]
    with pytest.raises(TreeBroken, match=r"level 1, index 3\) over positions 6-7: missing"):
        audit_tree(values, reader(store), page=3)
