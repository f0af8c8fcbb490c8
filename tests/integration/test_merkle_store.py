"""Merkle nodes stored by the recorders, in the insert transaction, on both stores."""

from __future__ import annotations

import random
import sqlite3
from contextlib import closing
from datetime import datetime

import psycopg
import pytest

from api.service.composition import open_ledger
from ledger.integrity import merkle
from ledger.integrity.chain import ChainLink
from ledger.integrity.tree_audit import TreeBroken
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from tests.support import tamper
from tests.support.factories import access, subject
from tests.support.tamper import superuser


def test_stored_nodes_give_the_rfc_9162_root_for_every_size(
    location: Location, now: datetime
) -> None:
    """After batches of random sizes, root_at(n) equals MTH over the entry digests for every n."""
    app = open_ledger(location)
    sizes = random.Random(4).choices(range(1, 9), k=12)
    for i, batch in enumerate(sizes):
        app.append(*(access(now, subject=subject(i * 10 + j)) for j in range(batch)))
    links = [ChainLink(*row) for row in app.chain.link_rows(upto=sum(sizes) - 1)]
    leaves = [merkle.entry_leaf_hash(link.entry_digest) for link in links]
    for n in range(1, len(leaves) + 1):
        assert merkle.root_at(n, app.tree) == merkle.root(leaves[:n])
    assert app.verify_tree(len(leaves)) == merkle.root(leaves)


def test_proofs_from_storage_verify(location: Location, now: datetime) -> None:
    """Inclusion and consistency proofs read from the store verify against stored roots."""
    app = open_ledger(location)
    app.append(*(access(now, subject=subject(i)) for i in range(13)))
    links = [ChainLink(*row) for row in app.chain.link_rows(upto=12)]
    root13 = merkle.root_at(13, app.tree)
    for link in links:
        proof = merkle.inclusion_proof(link.position, 13, app.tree)
        merkle.verify_inclusion(
            merkle.entry_leaf_hash(link.entry_digest), link.position, 13, proof, root13
        )
    old = merkle.root_at(5, app.tree)
    merkle.verify_consistency(5, 13, old, root13, merkle.consistency_proof(5, 13, app.tree))


def test_an_altered_node_is_named_by_the_audit(location: Location, now: datetime) -> None:
    """A superuser changing one stored node: the tree audit names its level and index."""
    app = open_ledger(location)
    app.append(*(access(now, subject=subject(i)) for i in range(8)))
    with superuser(location) as (conn, p):
        conn.execute(
            f"UPDATE ledger_merkle SET hash = {p} WHERE level = 1 AND idx = 2", (bytes(32),)
        )
    with pytest.raises(TreeBroken, match=r"level 1, index 2\) over positions 4-5"):
        app.verify_tree(8)


@pytest.mark.parametrize(("level", "index"), [(0, 8), (3, 1), (2, 5)])
def test_a_node_beyond_the_tree_is_named(
    location: Location, now: datetime, level: int, index: int
) -> None:
    """A stored node no entry completes (past the last leaf): named, level and index."""
    app = open_ledger(location)
    app.append(*(access(now, subject=subject(i)) for i in range(8)))
    tamper.add_node(location, level, index)
    with pytest.raises(TreeBroken, match=rf"level {level}, index {index}\).*beyond the tree of 8"):
        app.verify_tree(8)


def test_nodes_appended_during_the_audit_are_not_beyond_the_tree(
    location: Location, now: datetime
) -> None:
    """Entries appended after the verified size: their nodes belong to the tree that grew."""
    app = open_ledger(location)
    app.append(*(access(now, subject=subject(i)) for i in range(8)))
    size = app.verify_chain().size
    app.append(*(access(now, subject=subject(10 + i)) for i in range(5)))
    app.verify_tree(size)


def test_the_node_table_is_append_only(location: Location, now: datetime) -> None:
    """Like the entries, stored nodes cannot be deleted while the triggers are on."""
    open_ledger(location).append(access(now))
    if isinstance(location, SQLiteLocation):
        with (
            closing(sqlite3.connect(location.path)) as lite,
            pytest.raises(sqlite3.IntegrityError, match="append-only"),
        ):
            lite.execute("DELETE FROM ledger_merkle")
        return
    assert isinstance(location, PostgresLocation)
    with (
        psycopg.connect(location.conninfo(), autocommit=True) as pg,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
    ):
        pg.execute("DELETE FROM ledger_merkle")
