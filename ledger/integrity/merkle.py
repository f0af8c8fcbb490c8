"""RFC 9162 Merkle tree over the ledger's entries, stored as perfect-subtree hashes.

Pure: no I/O, no clock. Storage is reached only through :class:`NodeReader`.
Numbered comments cite RFC 9162 ("Certificate Transparency Version 2.0"),
whose tree is the same as RFC 6962's. ``docs/checkpoints.md`` describes the
scheme for an independent verifier.

* The leaf for the entry at chain position ``p`` is its 32-byte
  ``entry_digest`` (``docs/chain-format.md`` §3); its leaf index is ``p``.
* Every *perfect* subtree's hash is stored once it is complete: node
  ``(level, index)`` covers leaves ``[index * 2**level, (index + 1) * 2**level)``.
  Level 0 holds the leaf hashes. Nothing is ever rewritten, so the scheme
  suits an append-only table.
* The hash of any other subtree the RFC's algorithms need (an *imperfect*
  one, at the right edge of a tree) is folded from at most ``log2(n)``
  perfect ones, so roots and proofs for any past tree size come from the
  same rows: each needs one batched read of ``O(log n)`` nodes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Mapping, Sequence
from typing import Protocol

HASH_SIZE = 32
LEAF_PREFIX = b"\x00"
NODE_PREFIX = b"\x01"
#: RFC 9162 §2.1.1: MTH({}) = HASH(), the hash of an empty string.
EMPTY_ROOT = hashlib.sha256(b"").digest()

#: Tree sizes are uint64, so a perfect subtree's level is below 64.
MAX_LEVELS = 64

NodeKey = tuple[int, int]
"""``(level, index)`` of a perfect subtree."""


# -- Hashing (RFC 9162 §2.1.1) ------------------------------------------------


def leaf_hash(data: bytes) -> bytes:
    """§2.1.1: MTH({d(0)}) = HASH(0x00 || d(0)); the prefix keeps leaves and nodes apart."""
    return hashlib.sha256(LEAF_PREFIX + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """§2.1.1: HASH(0x01 || MTH(left) || MTH(right))."""
    return hashlib.sha256(NODE_PREFIX + left + right).digest()


def entry_leaf_hash(entry_digest: bytes) -> bytes:
    """The leaf hash of one ledger entry: its 32-byte entry digest is the leaf data."""
    if len(entry_digest) != HASH_SIZE:
        raise ValueError(f"an entry digest is {HASH_SIZE} bytes, not {len(entry_digest)}")
    return leaf_hash(entry_digest)


def _split(n: int) -> int:
    """§2.1.1: k, the largest power of two smaller than n (n > 1)."""
    return 1 << ((n - 1).bit_length() - 1)


def root(leaf_hashes: Sequence[bytes]) -> bytes:
    """§2.1.1: MTH over leaf hashes, by the RFC's recursion (a reference for tests)."""
    n = len(leaf_hashes)
    if n == 0:
        return EMPTY_ROOT
    if n == 1:
        return leaf_hashes[0]
    k = _split(n)
    return node_hash(root(leaf_hashes[:k]), root(leaf_hashes[k:]))


# -- Node storage -------------------------------------------------------------


class NodeReader(Protocol):
    """Where stored perfect-subtree hashes are read from, many at a time."""

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Return the stored hash of each key that is stored; leave out the others."""
        ...


class MissingNodeError(LookupError):
    """A node the computation needs is not stored: the tree is smaller than asked."""

    def __init__(self, key: NodeKey) -> None:
        self.key = key
        level, index = key
        super().__init__(f"node (level {level}, index {index}) is not stored")


def _perfect_keys(start: int, end: int) -> list[NodeKey]:
    """The perfect subtrees that make up leaves [start, end), left to right.

    Only for the ranges the RFC's recursion produces, where ``start`` is a
    multiple of a power of two at least ``end - start``: one node per set
    bit of the length, largest first, each aligned on its own size.
    """
    keys = []
    length = end - start
    for level in range(length.bit_length() - 1, -1, -1):
        if length >> level & 1:
            keys.append((level, start >> level))
            start += 1 << level
    return keys


def peaks(size: int) -> list[NodeKey]:
    """The perfect subtrees that make up a tree of ``size`` leaves, left to right."""
    return _perfect_keys(0, size)


def _fold(hashes: Sequence[bytes]) -> bytes:
    """§2.1.1 applied to a range's perfect pieces: the largest piece is the left child."""
    result = hashes[-1]
    for left in reversed(hashes[:-1]):
        result = node_hash(left, result)
    return result


def root_from_peaks(peak_hashes: Sequence[bytes]) -> bytes:
    """§2.1.1: a tree's root from the hashes of its :func:`peaks`, left to right."""
    return _fold(peak_hashes) if peak_hashes else EMPTY_ROOT


def _read(reader: NodeReader, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
    """One batched read; every key must come back."""
    if not keys:
        return {}
    found = reader.nodes(keys)
    for key in keys:
        if key not in found:
            raise MissingNodeError(key)
    return found


def _range_hashes(reader: NodeReader, ranges: Sequence[tuple[int, int]]) -> list[bytes]:
    """MTH of each range, from a single read of all their perfect pieces."""
    pieces = [_perfect_keys(start, end) for start, end in ranges]
    found = _read(reader, [key for keys in pieces for key in keys])
    return [_fold([found[key] for key in keys]) for keys in pieces]


def _check_hash(value: bytes, what: str) -> None:
    if len(value) != HASH_SIZE:
        raise ValueError(f"{what} must be {HASH_SIZE} bytes, not {len(value)}")


def nodes_for_appends(
    first_index: int, leaf_hashes: Sequence[bytes], reader: NodeReader
) -> list[tuple[int, int, bytes]]:
    """The nodes to store when ``leaf_hashes`` are appended at ``first_index``.

    Returns ``(level, index, hash)`` for each leaf and for each perfect
    subtree the batch completes, in order. The only stored nodes needed are
    the left siblings that end at or before ``first_index`` and whose parent
    the batch completes (the tree's "peaks" before the batch); they are read
    in one call. Siblings made inside the batch are kept locally, and each
    is dropped once used (a left sibling is needed exactly once), so memory
    stays ``O(log n)`` beyond the returned list.
    """
    for value in leaf_hashes:
        _check_hash(value, "a leaf hash")
    end = first_index + len(leaf_hashes)
    # A peak (level, i) before the batch is a left child (its index is even);
    # its parent covers [i * 2**level, (i + 2) * 2**level).
    needed = [
        (level, index)
        for level, index in _perfect_keys(0, first_index)
        if (index + 2) << level <= end
    ]
    waiting: dict[NodeKey, bytes] = dict(_read(reader, needed))
    completed: list[tuple[int, int, bytes]] = []
    for offset, value in enumerate(leaf_hashes):
        level, index, current = 0, first_index + offset, value
        completed.append((level, index, current))
        while index & 1:
            current = node_hash(waiting.pop((level, index - 1)), current)
            level, index = level + 1, index >> 1
            completed.append((level, index, current))
        waiting[(level, index)] = current
    return completed


def nodes_completed_by(
    leaf_index: int, leaf_hash: bytes, reader: NodeReader
) -> list[tuple[int, int, bytes]]:
    """The nodes to store when one leaf is appended: the leaf, then each subtree it completes."""
    return nodes_for_appends(leaf_index, [leaf_hash], reader)


def root_at(size: int, reader: NodeReader) -> bytes:
    """§2.1.1: MTH of the first ``size`` leaves, folded from at most log2(size) stored nodes."""
    if size < 0:
        raise ValueError("a tree size cannot be negative")
    if size == 0:
        return EMPTY_ROOT
    return _range_hashes(reader, [(0, size)])[0]


# -- Proofs (RFC 9162 §2.1.3.1, §2.1.4.1) -------------------------------------


def _inclusion_ranges(index: int, size: int) -> list[tuple[int, int]]:
    """§2.1.3.1 PATH(m, D_n), as the leaf ranges whose MTHs make up the path.

    PATH(m, D_n) = PATH(m, D[0:k]) : MTH(D[k:n])      if m < k
                 = PATH(m - k, D[k:n]) : MTH(D[0:k])  if m >= k
    Walked from the root down, so the list is reversed at the end: the RFC
    puts the sibling nearest the leaf first.
    """
    ranges = []
    start, end = 0, size
    while end - start > 1:
        k = _split(end - start)
        if index < start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
    ranges.reverse()
    return ranges


def _consistency_ranges(old_size: int, new_size: int) -> list[tuple[int, int]]:
    """§2.1.4.1 PROOF(m, D_n) = SUBPROOF(m, D_n, true), as leaf ranges.

    SUBPROOF(m, D[m], true)  = {}
    SUBPROOF(m, D[m], false) = {MTH(D[m])}
    SUBPROOF(m, D_n, b) = SUBPROOF(m, D[0:k], b) : MTH(D[k:n])        if m <= k
                        = SUBPROOF(m - k, D[k:n], false) : MTH(D[0:k])  if m > k
    Requires 0 < old_size < new_size.
    """
    ranges = []
    start, end, whole_old_tree = 0, new_size, True
    while old_size != end:
        k = _split(end - start)
        if old_size <= start + k:
            ranges.append((start + k, end))
            end = start + k
        else:
            ranges.append((start, start + k))
            start += k
            whole_old_tree = False
    if not whole_old_tree:
        ranges.append((start, end))
    ranges.reverse()
    return ranges


def inclusion_proof(index: int, size: int, reader: NodeReader) -> list[bytes]:
    """§2.1.3.1: the audit path of leaf ``index`` in the tree of ``size`` leaves.

    One batched read of at most ``2 * log2(size)`` stored nodes.
    """
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is not in a tree of size {size}")
    return _range_hashes(reader, _inclusion_ranges(index, size))


def consistency_proof(old_size: int, new_size: int, reader: NodeReader) -> list[bytes]:
    """§2.1.4.1: the proof that the tree of ``new_size`` leaves extends that of ``old_size``.

    Empty when there is nothing to prove (``old_size`` 0 or equal sizes).
    One batched read of ``O(log new_size)`` stored nodes.
    """
    if not 0 <= old_size <= new_size:
        raise ValueError(f"no consistency proof from size {old_size} to size {new_size}")
    if old_size in (0, new_size):
        return []
    return _range_hashes(reader, _consistency_ranges(old_size, new_size))


# -- Verification (RFC 9162 §2.1.3.2, §2.1.4.2) -------------------------------


class ProofError(Exception):
    """A Merkle proof did not verify."""


class IndexOutOfRangeError(ProofError):
    """The leaf index or tree sizes cannot describe a proof."""


class ProofShapeError(ProofError):
    """The proof has the wrong number of hashes, or a value that is not a hash."""


class RootMismatchError(ProofError):
    """The proof is well formed but leads to a different root."""


def _check_hashes(values: Iterable[bytes]) -> None:
    for value in values:
        if len(value) != HASH_SIZE:
            raise ProofShapeError(f"a hash must be {HASH_SIZE} bytes, not {len(value)}")


def verify_inclusion(
    leaf_hash: bytes, index: int, size: int, proof: Sequence[bytes], root_hash: bytes
) -> None:
    """§2.1.3.2: check that ``leaf_hash`` is leaf ``index`` of the tree ``(size, root_hash)``.

    Returns None on success; raises a :class:`ProofError` subclass otherwise.
    """
    _check_hashes([leaf_hash, root_hash, *proof])
    # 1. If leaf_index >= tree_size, fail.
    if not 0 <= index < size:
        raise IndexOutOfRangeError(f"leaf index {index} is not in a tree of size {size}")
    # 2. Set fn to leaf_index and sn to tree_size - 1.
    fn, sn = index, size - 1
    # 3. Set r to hash.
    r = leaf_hash
    # 4. For each value p in the inclusion_path array:
    for p in proof:
        # a. If sn is 0, stop and fail.
        if sn == 0:
            raise ProofShapeError("proof too long")
        # b. If LSB(fn) is set, or fn equals sn: r = HASH(0x01 || p || r), and if
        #    LSB(fn) is not set, right-shift fn and sn until LSB(fn) is set or fn is 0.
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            while not (fn & 1 or fn == 0):
                fn, sn = fn >> 1, sn >> 1
        # Otherwise r = HASH(0x01 || r || p).
        else:
            r = node_hash(r, p)
        # c. Right-shift both fn and sn once.
        fn, sn = fn >> 1, sn >> 1
    # 5. Compare sn to 0 and r to the root hash.
    if sn != 0:
        raise ProofShapeError("proof too short")
    if r != root_hash:
        raise RootMismatchError("the inclusion proof leads to a different root")


def verify_consistency(
    old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    """§2.1.4.2: check that the tree ``(new_size, new_root)`` extends ``(old_size, old_root)``.

    The RFC's algorithm covers 0 < old_size < new_size. Outside it there is
    nothing to prove, so the proof must be empty: equal sizes need equal
    roots, and size 0 needs the empty tree's root (MTH({}), §2.1.1).
    Returns None on success; raises a :class:`ProofError` subclass otherwise.
    """
    _check_hashes([old_root, new_root, *proof])
    if not 0 <= old_size <= new_size:
        raise IndexOutOfRangeError(f"size {new_size} cannot extend size {old_size}")
    if old_size in (0, new_size):
        _verify_trivial_consistency(old_size, old_root, new_root, proof)
        return
    # 1. If consistency_path is empty, fail.
    if not proof:
        raise ProofShapeError("proof is empty")
    # 2. If first is an exact power of 2, prepend first_hash to consistency_path.
    path = [old_root, *proof] if old_size & (old_size - 1) == 0 else list(proof)
    fr, sr = _walk_consistency_path(old_size, new_size, path)
    # 7. Check fr equals first_hash and sr equals second_hash (sn was checked).
    if fr != old_root:
        raise RootMismatchError("the consistency proof does not lead to the old root")
    if sr != new_root:
        raise RootMismatchError("the consistency proof does not lead to the new root")


def _walk_consistency_path(
    old_size: int, new_size: int, path: Sequence[bytes]
) -> tuple[bytes, bytes]:
    """§2.1.4.2 steps 3 to 6 and the final check of sn: (fr, sr) for step 7."""
    # 3. Set fn to first - 1 and sn to second - 1.
    fn, sn = old_size - 1, new_size - 1
    # 4. If LSB(fn) is set, right-shift fn and sn equally until it is not.
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    # 5. Set both fr and sr to the first value in consistency_path.
    fr = sr = path[0]
    # 6. For each subsequent value c in consistency_path:
    for c in path[1:]:
        # a. If sn is 0, stop and fail.
        if sn == 0:
            raise ProofShapeError("proof too long")
        # b. If LSB(fn) is set, or fn equals sn: fr = HASH(0x01 || c || fr),
        #    sr = HASH(0x01 || c || sr), and if LSB(fn) is not set, right-shift fn
        #    and sn equally until LSB(fn) is set or fn is 0.
        if fn & 1 or fn == sn:
            fr, sr = node_hash(c, fr), node_hash(c, sr)
            while not (fn & 1 or fn == 0):
                fn, sn = fn >> 1, sn >> 1
        # Otherwise sr = HASH(0x01 || sr || c).
        else:
            sr = node_hash(sr, c)
        # c. Right-shift both fn and sn once.
        fn, sn = fn >> 1, sn >> 1
    # 7. (first part) sn must be 0.
    if sn != 0:
        raise ProofShapeError("proof too short")
    return fr, sr


def _verify_trivial_consistency(
    old_size: int, old_root: bytes, new_root: bytes, proof: Sequence[bytes]
) -> None:
    if proof:
        raise ProofShapeError("proof too long: there is nothing to prove")
    if old_size == 0:
        if old_root != EMPTY_ROOT:
            raise RootMismatchError("the root of an empty tree is SHA-256 of nothing")
    elif old_root != new_root:
        raise RootMismatchError("two trees of the same size have different roots")


# -- In memory ----------------------------------------------------------------


class DictNodeStore:
    """Perfect-subtree hashes held in a dict: for tests and for measuring."""

    def __init__(self) -> None:
        self._nodes: dict[NodeKey, bytes] = {}
        self.size = 0

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Return the stored hash of each key that is stored."""
        stored = self._nodes
        return {key: stored[key] for key in keys if key in stored}

    def put(self, nodes: Iterable[tuple[int, int, bytes]]) -> None:
        """Store nodes as :func:`nodes_for_appends` returns them."""
        for level, index, value in nodes:
            self._nodes[(level, index)] = value

    def append(self, leaf_hashes: Sequence[bytes]) -> None:
        """Append leaves after the current ones, storing every subtree they complete."""
        self.put(nodes_for_appends(self.size, leaf_hashes, self))
        self.size += len(leaf_hashes)

    def __len__(self) -> int:
        return len(self._nodes)
