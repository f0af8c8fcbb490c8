"""The RFC 9162 Merkle tree: hashing, perfect-subtree storage, proofs and their verification.

Published vectors come from github.com/transparency-dev/merkle (the Go
successor of the certificate-transparency reference code), over the RFC 6962
test leaves "", 00, 10, 2021, 3031, 40414243, 5051525354555657,
606162636465666768696a6b6c6d6e6f:

* ``rfc6962/rfc6962_test.go`` @78493b07: leaf, node and empty hashes;
* ``testonly/constants.go`` @582a6ad1: every perfect-subtree hash and every
  root for sizes 0..8;
* ``proof/verify_test.go`` @02194e9a: inclusion and consistency proofs.
"""

from __future__ import annotations

import hashlib
import math
from collections.abc import Callable, Mapping, Sequence
from functools import cache

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.integrity import merkle
from ledger.integrity.merkle import (
    DictNodeStore,
    IndexOutOfRangeError,
    MissingNodeError,
    NodeKey,
    ProofError,
    ProofShapeError,
    RootMismatchError,
)

h = bytes.fromhex

# testonly/constants.go LeafInputs()
LEAF_INPUTS = [
    h(""),
    h("00"),
    h("10"),
    h("2021"),
    h("3031"),
    h("40414243"),
    h("5051525354555657"),
    h("606162636465666768696a6b6c6d6e6f"),
]
LEAF_HASHES = [merkle.leaf_hash(data) for data in LEAF_INPUTS]

# testonly/constants.go RootHashes(), indexed by tree size 0..8
ROOTS = [
    h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"),
    h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
    h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
    h("aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77"),
    h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
    h("4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4"),
    h("76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef"),
    h("ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c"),
    h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328"),
]

# testonly/constants.go NodeHashes(): [level][index] for every perfect subtree of 8 leaves
NODE_HASHES = [
    [
        h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
        h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
        h("0298d122906dcfc10892cb53a73992fc5b9f493ea4c9badb27b791b4127a7fe7"),
        h("07506a85fd9dd2f120eb694f86011e5bb4662e5c415a62917033d4a9624487e7"),
        h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        h("4271a26be0d8a84f0bd54c8c302e7cb3a3b5d1fa6780a40bcce2873477dab658"),
        h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
        h("46f6ffadd3d06a09ff3c5860d2755c8b9819db7df44251788c7d8e3180de8eb1"),
    ],
    [
        h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"),
        h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
        h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
        h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
    ],
    [
        h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
    ],
    [h("5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328")],
]

# proof/verify_test.go inclusionProofs, with its 1-based leaf numbers made 0-based indexes
INCLUSION_VECTORS = [
    (
        0,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        5,
        8,
        [
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (2, 3, [h("fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125")]),
    (
        1,
        5,
        [
            h("6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (0, 1, []),
]

# proof/verify_test.go consistencyProofs
CONSISTENCY_VECTORS = [
    (1, 1, []),
    (
        1,
        8,
        [
            h("96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7"),
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"),
        ],
    ),
    (
        6,
        8,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
    (
        2,
        5,
        [
            h("5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e"),
            h("bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"),
        ],
    ),
    (
        6,
        7,
        [
            h("0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a"),
            h("b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f"),
            h("d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"),
        ],
    ),
]


# -- Helpers --------------------------------------------------------------------


class CountingReader:
    """Wraps a reader and counts batched calls and keys asked for."""

    def __init__(self, inner: merkle.NodeReader) -> None:
        self.inner = inner
        self.calls = 0
        self.keys = 0

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        self.calls += 1
        self.keys += len(keys)
        return self.inner.nodes(keys)


class AnyNodeReader:
    """Answers every key with a dummy hash, to count reads for huge trees without building one."""

    def __init__(self) -> None:
        self.calls = 0
        self.keys = 0

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        self.calls += 1
        self.keys += len(keys)
        return dict.fromkeys(keys, bytes(32))


def synthetic_leaves(n: int) -> list[bytes]:
    return [merkle.leaf_hash(i.to_bytes(8, "big")) for i in range(n)]


def store_of(leaves: Sequence[bytes], batches: Sequence[int] = ()) -> DictNodeStore:
    """A store built by appending ``leaves`` in batches of the given sizes (then the rest)."""
    store = DictNodeStore()
    for size in batches:
        store.append(leaves[store.size : store.size + size])
    store.append(leaves[store.size :])
    return store


class Reference:
    """RFC 9162 §2.1.1, §2.1.3.1 and §2.1.4.1 as written: recursion over leaf ranges."""

    def __init__(self, leaves: Sequence[bytes]) -> None:
        self.leaves = tuple(leaves)
        self.mth = cache(self._mth)

    @staticmethod
    def k(n: int) -> int:
        """The largest power of two smaller than n."""
        k = 1
        while k * 2 < n:
            k *= 2
        return k

    def _mth(self, start: int, end: int) -> bytes:
        n = end - start
        if n == 0:
            return hashlib.sha256(b"").digest()
        if n == 1:
            return self.leaves[start]
        k = self.k(n)
        return merkle.node_hash(self.mth(start, start + k), self.mth(start + k, end))

    def path(self, m: int, start: int, end: int) -> list[bytes]:
        n = end - start
        if n == 1:
            return []
        k = self.k(n)
        if m < k:
            return [*self.path(m, start, start + k), self.mth(start + k, end)]
        return [*self.path(m - k, start + k, end), self.mth(start, start + k)]

    def subproof(self, m: int, start: int, end: int, *, b: bool) -> list[bytes]:
        n = end - start
        if m == n:
            return [] if b else [self.mth(start, end)]
        k = self.k(n)
        if m <= k:
            return [*self.subproof(m, start, start + k, b=b), self.mth(start + k, end)]
        return [*self.subproof(m - k, start + k, end, b=False), self.mth(start, start + k)]

    def inclusion(self, index: int, size: int) -> list[bytes]:
        return self.path(index, 0, size)

    def consistency(self, old_size: int, new_size: int) -> list[bytes]:
        # The RFC defines PROOF(m, D_n) for 0 < m <= n; from nothing there is nothing to prove.
        return [] if old_size == 0 else self.subproof(old_size, 0, new_size, b=True)


def read_bound(size: int) -> int:
    return math.floor(2 * math.log2(size) + 2) if size > 1 else 2


# -- Hashing --------------------------------------------------------------------


def test_leaf_node_and_empty_hashes_match_the_published_vectors() -> None:
    """RFC 6962 §2.1 (= RFC 9162 §2.1.1): 0x00 leaf and 0x01 node prefixes, SHA-256 of nothing."""
    # rfc6962/rfc6962_test.go TestRFC6962Hasher
    assert (
        h("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855") == merkle.EMPTY_ROOT
    )
    assert merkle.leaf_hash(b"") == h(
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )
    assert merkle.leaf_hash(b"L123456") == h(
        "395aa064aa4c29f7010acfe3f25db9485bbd4b91897b6ad7ad547639252b4d56"
    )
    assert merkle.node_hash(b"N123", b"N456") == h(
        "aa217fe888e47007fa15edab33c2b492a722cb106c64667fc2b044444de66bbb"
    )


def test_an_entry_leaf_is_the_leaf_hash_of_its_32_byte_entry_digest() -> None:
    """The ledger's leaf data is the entry digest; anything else is refused."""
    digest = h("ad7d2d732ff218db295e8226bbffbddbfc315bf293019be291f1bfcfba4eab70")
    assert merkle.entry_leaf_hash(digest) == hashlib.sha256(b"\x00" + digest).digest()
    with pytest.raises(ValueError, match="32 bytes"):
        merkle.entry_leaf_hash(digest[:31])


def test_mth_matches_the_published_root_of_every_prefix() -> None:
    """§2.1.1: root() over the first n test leaves equals the published root for n = 0..8."""
    for size, expected in enumerate(ROOTS):
        assert merkle.root(LEAF_HASHES[:size]) == expected, size


# -- Storage --------------------------------------------------------------------


@pytest.mark.parametrize("batches", [(), (1, 1, 1, 1, 1, 1, 1), (3,), (1, 2, 4), (5, 2)])
def test_the_store_holds_exactly_the_published_perfect_subtree_hashes(
    batches: tuple[int, ...],
) -> None:
    """Every completed perfect subtree is stored once, however the leaves were batched."""
    store = store_of(LEAF_HASHES, batches)
    expected = {
        (level, index): value
        for level, row in enumerate(NODE_HASHES)
        for index, value in enumerate(row)
    }
    assert store.nodes(list(expected)) == expected
    assert len(store) == len(expected)


def test_root_at_every_size_matches_the_published_roots() -> None:
    """root_at(n) folds stored nodes into the published MTH for every n = 0..8."""
    store = store_of(LEAF_HASHES)
    for size, expected in enumerate(ROOTS):
        assert merkle.root_at(size, store) == expected, size


def test_a_single_appended_leaf_completes_each_subtree_it_closes() -> None:
    """Appending leaf 7 stores the leaf and the level-1, -2 and -3 nodes it completes."""
    store = store_of(LEAF_HASHES[:7])
    completed = merkle.nodes_completed_by(7, LEAF_HASHES[7], store)
    assert completed == [
        (0, 7, NODE_HASHES[0][7]),
        (1, 3, NODE_HASHES[1][3]),
        (2, 1, NODE_HASHES[2][1]),
        (3, 0, NODE_HASHES[3][0]),
    ]


def test_appending_reads_only_the_left_siblings_before_the_batch_in_one_call() -> None:
    """nodes_for_appends reads once, and only nodes stored before the batch."""
    leaves = synthetic_leaves(64)
    store = store_of(leaves[:37])
    reader = CountingReader(store)
    merkle.nodes_for_appends(37, leaves[37:64], reader)
    assert reader.calls == 1
    assert reader.keys <= (37).bit_count()


def test_appending_to_an_empty_store_or_nothing_reads_nothing() -> None:
    """No stored node is needed to start a tree or to append no leaves."""
    reader = CountingReader(DictNodeStore())
    assert len(merkle.nodes_for_appends(0, synthetic_leaves(5), reader)) == 5 + 2 + 1
    assert merkle.nodes_for_appends(5, [], reader) == []
    assert reader.calls == 0


def test_appending_after_a_gap_names_the_missing_node() -> None:
    """A store that lacks the leaves before first_index cannot extend the tree."""
    with pytest.raises(MissingNodeError) as raised:
        merkle.nodes_for_appends(1, synthetic_leaves(1), DictNodeStore())
    assert raised.value.key == (0, 0)


def test_a_leaf_hash_of_the_wrong_size_is_refused() -> None:
    """Only 32-byte hashes are stored as leaves."""
    with pytest.raises(ValueError, match="32 bytes"):
        DictNodeStore().append([b"short"])


def test_proofs_beyond_the_stored_tree_name_the_missing_node() -> None:
    """Asking for a tree larger than the store raises MissingNodeError, not a wrong answer."""
    store = store_of(LEAF_HASHES)
    with pytest.raises(MissingNodeError):
        merkle.root_at(9, store)
    with pytest.raises(MissingNodeError):
        merkle.inclusion_proof(0, 9, store)
    with pytest.raises(MissingNodeError):
        merkle.consistency_proof(3, 9, store)


# -- Proofs from the store against published vectors -----------------------------


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS)
def test_inclusion_proofs_match_and_verify_against_published_vectors(
    index: int, size: int, proof: list[bytes]
) -> None:
    """§2.1.3: the store's audit path equals the published one and verifies against the root."""
    store = store_of(LEAF_HASHES)
    assert merkle.inclusion_proof(index, size, store) == proof
    merkle.verify_inclusion(LEAF_HASHES[index], index, size, proof, ROOTS[size])


@pytest.mark.parametrize(("old_size", "new_size", "proof"), CONSISTENCY_VECTORS)
def test_consistency_proofs_match_and_verify_against_published_vectors(
    old_size: int, new_size: int, proof: list[bytes]
) -> None:
    """§2.1.4: the store's consistency proof equals the published one and verifies."""
    store = store_of(LEAF_HASHES)
    assert merkle.consistency_proof(old_size, new_size, store) == proof
    merkle.verify_consistency(old_size, new_size, ROOTS[old_size], ROOTS[new_size], proof)


def test_proof_requests_outside_the_tree_are_refused() -> None:
    """No inclusion proof for a leaf past the end; no consistency proof backwards."""
    store = store_of(LEAF_HASHES)
    with pytest.raises(ValueError, match="not in a tree"):
        merkle.inclusion_proof(8, 8, store)
    with pytest.raises(ValueError, match="no consistency proof"):
        merkle.consistency_proof(5, 4, store)
    with pytest.raises(ValueError, match="negative"):
        merkle.root_at(-1, store)


def test_trivial_consistency_proofs_are_empty_and_read_nothing() -> None:
    """From size 0, or between equal sizes, there is nothing to prove."""
    reader = CountingReader(store_of(LEAF_HASHES))
    assert merkle.consistency_proof(0, 8, reader) == []
    assert merkle.consistency_proof(8, 8, reader) == []
    assert reader.calls == 0


SOME_HASH = h("abacaba000000000000000000000000000000000000000000060061e00123456")


@pytest.mark.parametrize(("index", "size", "proof"), INCLUSION_VECTORS[:4])
def test_the_published_inclusion_probes_all_fail(index: int, size: int, proof: list[bytes]) -> None:
    """Every corruption verify_test.go applies to a published inclusion proof is rejected."""
    root, leaf = ROOTS[size], LEAF_HASHES[index]
    probes = [
        (index - 1, size, proof, root),
        (index + 1, size, proof, root),
        (index ^ 2, size, proof, root),
        (index, size * 2, proof, root),
        (index, size // 2, proof, root),
        (index, size, proof, ROOTS[0]),
        (index, size, proof, SOME_HASH),
        (index, size, [*proof, root], root),
        (index, size, [root, *proof], root),
        (index, size, proof[:-1], root),
        (index, size, [proof[0], SOME_HASH, *proof[1:]], root),
    ]
    for i in range(len(proof)):
        flipped = [*proof[:i], bytes([proof[i][0] ^ 8]) + proof[i][1:], *proof[i + 1 :]]
        probes.append((index, size, flipped, root))
    for bad_index, bad_size, bad_proof, bad_root in probes:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(leaf, bad_index, bad_size, bad_proof, bad_root)


@pytest.mark.parametrize(("old_size", "new_size", "proof"), CONSISTENCY_VECTORS[1:])
def test_the_published_consistency_probes_all_fail(
    old_size: int, new_size: int, proof: list[bytes]
) -> None:
    """Every corruption verify_test.go applies to a published consistency proof is rejected."""
    old_root, new_root = ROOTS[old_size], ROOTS[new_size]
    probes = [
        (old_size - 1, new_size, old_root, new_root, proof),
        (old_size + 1, new_size, old_root, new_root, proof),
        (old_size ^ 2, new_size, old_root, new_root, proof),
        (old_size, new_size * 2, old_root, new_root, proof),
        (old_size, new_size // 2, old_root, new_root, proof),
        (old_size, new_size, new_root, old_root, proof),
        (old_size, new_size, old_root, new_root, []),
        (old_size, new_size, old_root, new_root, [*proof, old_root]),
        (old_size, new_size, old_root, new_root, [*proof, new_root]),
        (old_size, new_size, old_root, new_root, [old_root, *proof]),
        (old_size, new_size, old_root, new_root, [new_root, *proof]),
        (old_size, new_size, old_root, new_root, [proof[0], *proof]),
        (old_size, new_size, old_root, new_root, proof[:-1]),
    ]
    for i in range(len(proof)):
        flipped = [*proof[:i], bytes([proof[i][0] ^ 16]) + proof[i][1:], *proof[i + 1 :]]
        probes.append((old_size, new_size, old_root, new_root, flipped))
    for bad_old, bad_new, bad_old_root, bad_new_root, bad_proof in probes:
        with pytest.raises(ProofError):
            merkle.verify_consistency(bad_old, bad_new, bad_old_root, bad_new_root, bad_proof)


# -- Verification edge cases --------------------------------------------------------


def test_inclusion_verification_rejects_an_index_outside_the_tree() -> None:
    """§2.1.3.2 step 1: leaf_index >= tree_size fails."""
    for index, size in [(0, 0), (1, 1), (8, 8), (-1, 8)]:
        with pytest.raises(IndexOutOfRangeError):
            merkle.verify_inclusion(LEAF_HASHES[0], index, size, [], ROOTS[1])


def test_single_leaf_tree_inclusion_needs_the_leaf_to_be_the_root() -> None:
    """A one-leaf tree's root is its leaf hash, and the proof is empty."""
    merkle.verify_inclusion(LEAF_HASHES[0], 0, 1, [], LEAF_HASHES[0])
    with pytest.raises(RootMismatchError):
        merkle.verify_inclusion(LEAF_HASHES[1], 0, 1, [], LEAF_HASHES[0])


def test_verification_rejects_values_that_are_not_32_byte_hashes() -> None:
    """Leaf, root and proof elements must each be 32 bytes."""
    proof = INCLUSION_VECTORS[0][2]
    with pytest.raises(ProofShapeError, match="32 bytes"):
        merkle.verify_inclusion(b"WrongLeaf", 0, 8, proof, ROOTS[8])
    with pytest.raises(ProofShapeError, match="32 bytes"):
        merkle.verify_inclusion(LEAF_HASHES[0], 0, 8, [*proof[:2], b""], ROOTS[8])
    with pytest.raises(ProofShapeError, match="32 bytes"):
        merkle.verify_consistency(1, 8, b"WrongRoot", ROOTS[8], proof)


def test_trivial_consistency_verification_follows_the_sizes() -> None:
    """Equal sizes need equal roots, size 0 the empty root, and both an empty proof."""
    merkle.verify_consistency(0, 0, ROOTS[0], ROOTS[0], [])
    merkle.verify_consistency(0, 8, ROOTS[0], ROOTS[8], [])
    merkle.verify_consistency(8, 8, ROOTS[8], ROOTS[8], [])
    with pytest.raises(RootMismatchError):
        merkle.verify_consistency(8, 8, ROOTS[7], ROOTS[8], [])
    with pytest.raises(RootMismatchError):
        merkle.verify_consistency(0, 8, ROOTS[1], ROOTS[8], [])
    with pytest.raises(ProofShapeError, match="too long"):
        merkle.verify_consistency(8, 8, ROOTS[8], ROOTS[8], [ROOTS[0]])
    with pytest.raises(IndexOutOfRangeError):
        merkle.verify_consistency(2, 1, ROOTS[2], ROOTS[1], [])
    with pytest.raises(ProofShapeError, match="empty"):
        merkle.verify_consistency(1, 2, ROOTS[1], ROOTS[2], [])


def test_swapped_or_wrong_roots_fail_consistency_verification() -> None:
    """§2.1.4.2 step 7: both recomputed roots must match the ones given."""
    _old, _new, proof = CONSISTENCY_VECTORS[2]
    with pytest.raises(RootMismatchError, match="old root"):
        merkle.verify_consistency(6, 8, ROOTS[8], ROOTS[6], proof)
    with pytest.raises(RootMismatchError, match="new root"):
        merkle.verify_consistency(6, 8, ROOTS[6], ROOTS[7], proof)


# -- Properties -----------------------------------------------------------------------


@st.composite
def trees(draw: st.DrawFn, max_size: int = 300) -> tuple[list[bytes], DictNodeStore]:
    """Leaves of a random tree size, stored through random append batches."""
    size = draw(st.integers(1, max_size))
    batches = draw(st.lists(st.integers(1, 40), max_size=10))
    leaves = synthetic_leaves(size)
    return leaves, store_of(leaves, batches)


@settings(max_examples=50, deadline=None)
@given(trees())
def test_store_roots_and_proofs_equal_the_reference_and_verify(
    tree: tuple[list[bytes], DictNodeStore],
) -> None:
    """For every size, index and old size: root, inclusion and consistency equal §2.1 and verify."""
    leaves, store = tree
    size = len(leaves)
    reference = Reference(leaves)
    new_root = reference.mth(0, size)
    for index in range(size):
        proof = merkle.inclusion_proof(index, size, store)
        assert proof == reference.inclusion(index, size)
        merkle.verify_inclusion(leaves[index], index, size, proof, new_root)
    for old_size in range(size + 1):
        old_root = merkle.root_at(old_size, store)
        assert old_root == reference.mth(0, old_size)
        proof = merkle.consistency_proof(old_size, size, store)
        assert proof == reference.consistency(old_size, size)
        merkle.verify_consistency(old_size, size, old_root, new_root, proof)


def mutations(proof: list[bytes], position: int) -> list[list[bytes]]:
    """The proof with one hash changed, one element dropped, one element added."""
    changed = list(proof)
    changed[position] = bytes([changed[position][0] ^ 0x10]) + changed[position][1:]
    dropped = proof[:position] + proof[position + 1 :]
    added = [*proof[:position], hashlib.sha256(b"extra").digest(), *proof[position:]]
    return [changed, dropped, added]


@settings(max_examples=60, deadline=None)
@given(trees(), st.data())
def test_any_altered_inclusion_proof_fails(
    tree: tuple[list[bytes], DictNodeStore], data: st.DataObject
) -> None:
    """One hash changed, dropped or added, or a neighbour's index: verification fails."""
    leaves, store = tree
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1))
    proof = merkle.inclusion_proof(index, size, store)
    root = merkle.root_at(size, store)
    position = data.draw(st.integers(0, max(len(proof) - 1, 0)))
    altered = mutations(proof, position) if proof else [[root]]
    for bad in altered:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(leaves[index], index, size, bad, root)
    # A neighbour's index swaps the order of the first hash. (A wrong *size* is not
    # always detectable: the signed checkpoint, not the proof, fixes the size.)
    if index ^ 1 < size:
        with pytest.raises(ProofError):
            merkle.verify_inclusion(leaves[index], index ^ 1, size, proof, root)


@settings(max_examples=60, deadline=None)
@given(trees(), st.data())
def test_any_altered_consistency_proof_fails(
    tree: tuple[list[bytes], DictNodeStore], data: st.DataObject
) -> None:
    """One hash changed, dropped or added: verification fails."""
    leaves, store = tree
    new_size = len(leaves)
    if new_size < 2:
        return
    old_size = data.draw(st.integers(1, new_size - 1))
    proof = merkle.consistency_proof(old_size, new_size, store)
    old_root, new_root = merkle.root_at(old_size, store), merkle.root_at(new_size, store)
    position = data.draw(st.integers(0, len(proof) - 1))
    for bad in mutations(proof, position):
        with pytest.raises(ProofError):
            merkle.verify_consistency(old_size, new_size, old_root, new_root, bad)


@settings(max_examples=30, deadline=None)
@given(trees(max_size=300), st.data())
def test_each_proof_is_one_batched_read_of_logarithmically_many_nodes(
    tree: tuple[list[bytes], DictNodeStore], data: st.DataObject
) -> None:
    """root_at, inclusion_proof and consistency_proof each call reader.nodes at most once."""
    leaves, store = tree
    size = len(leaves)
    index = data.draw(st.integers(0, size - 1))
    old_size = data.draw(st.integers(0, size))
    computations: list[Callable[[merkle.NodeReader], object]] = [
        lambda r: merkle.root_at(size, r),
        lambda r: merkle.inclusion_proof(index, size, r),
        lambda r: merkle.consistency_proof(old_size, size, r),
    ]
    for compute in computations:
        reader = CountingReader(store)
        compute(reader)
        assert reader.calls <= 1
        assert reader.keys <= read_bound(size)


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 2**63), st.data())
def test_reads_stay_logarithmic_for_huge_trees(size: int, data: st.DataObject) -> None:
    """Even at 2**63 leaves a proof reads at most 2*log2(n)+2 nodes in one call."""
    index = data.draw(st.integers(0, size - 1))
    old_size = data.draw(st.integers(1, size - 1))
    computations: list[Callable[[merkle.NodeReader], object]] = [
        lambda r: merkle.inclusion_proof(index, size, r),
        lambda r: merkle.consistency_proof(old_size, size, r),
    ]
    for compute in computations:
        reader = AnyNodeReader()
        compute(reader)
        assert reader.calls == 1
        assert reader.keys <= read_bound(size)


@pytest.mark.parametrize("size", [2**20 - 1, 2**20, 2**20 + 1, 2**40 - 1])
def test_worst_case_reads_at_the_edges_of_powers_of_two(size: int) -> None:
    """The first and last leaves and the smallest old sizes stay within the read bound."""
    for index in (0, 1, size // 2, size - 2, size - 1):
        reader = AnyNodeReader()
        merkle.inclusion_proof(index, size, reader)
        assert reader.keys <= read_bound(size), index
    for old_size in (1, 2, 3, size // 2 + 1, size - 1):
        reader = AnyNodeReader()
        merkle.consistency_proof(old_size, size, reader)
        assert reader.keys <= read_bound(size), old_size
