"""Whether a tree extends a held checkpoint (RFC 9162 §2.1.4.2), as signer and witness check it."""

from __future__ import annotations

import hashlib

import pytest

from ledger.integrity import merkle
from ledger.integrity.checkpoints import Checkpoint
from ledger.integrity.forks import ForkError, Refusal, check_extends

ORIGIN = "example.test/log"


def tree(n: int, salt: int = 0) -> merkle.DictNodeStore:
    store = merkle.DictNodeStore()
    store.append(
        [merkle.entry_leaf_hash(hashlib.sha256(f"{salt}:{i}".encode()).digest()) for i in range(n)]
    )
    return store


def held(n: int, salt: int = 0) -> Checkpoint:
    return Checkpoint(ORIGIN, n, merkle.root_at(n, tree(n, salt)) if n else merkle.EMPTY_ROOT)


def refusal(old: Checkpoint, size: int, root: bytes, proof: list[bytes]) -> Refusal:
    with pytest.raises(ForkError) as caught:
        check_extends(old, size, root, proof, held_as="the held one")
    return caught.value.reason


@pytest.mark.parametrize(("old", "new"), [(0, 5), (1, 2), (4, 9), (5, 5), (6, 7)])
def test_a_tree_that_grew_from_the_held_one_extends_it(old: int, new: int) -> None:
    """With the stored consistency proof, every growth (and no growth) passes."""
    store = tree(new)
    proof = merkle.consistency_proof(old, new, store)
    check_extends(held(old), new, merkle.root_at(new, store), proof, held_as="the held one")


def test_a_smaller_tree_is_refused_as_such() -> None:
    """9 entries held, 5 offered: smaller tree, whatever the roots."""
    assert refusal(held(9), 5, merkle.root_at(5, tree(5)), []) is Refusal.SMALLER_TREE


def test_the_same_size_with_another_root_is_refused_as_such() -> None:
    """RFC 9162 §2.1.4.2 for m = n: another root is a rewrite."""
    other = merkle.root_at(7, tree(7, salt=1))
    assert refusal(held(7), 7, other, []) is Refusal.DIFFERENT_ROOT


def test_a_larger_tree_that_forked_is_refused_as_inconsistent() -> None:
    """A 9-entry tree whose first 5 leaves differ: the proof cannot connect them."""
    forked = tree(9, salt=1)
    proof = merkle.consistency_proof(5, 9, forked)
    assert refusal(held(5), 9, merkle.root_at(9, forked), proof) is Refusal.INCONSISTENT


def test_the_message_names_what_contradicts_what() -> None:
    """The held checkpoint's name, size and root prefix, and the tree's size, are in it."""
    with pytest.raises(ForkError) as caught:
        check_extends(held(9), 5, bytes(32), [], held_as="the signer's last", tree_as="the tree")
    message = str(caught.value)
    assert message.startswith(f"the signer's last (9 entries, root {held(9).root_hash.hex()[:16]}")
    assert "covers more than the tree holds (5 entries)" in message
