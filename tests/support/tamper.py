"""Tampering with stored rows the way an attacker with database access would.

On PostgreSQL the tampering runs as a superuser with triggers disabled for
the session (``session_replication_role = replica``), which is exactly what
the append-only rules cannot stop. On SQLite the owner of the file drops the
triggers first. Each function changes the store and nothing else.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from typing import Any, Protocol
from uuid import UUID

import psycopg

from ledger.integrity import chain, merkle
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation


class Cursor(Protocol):
    def execute(self, sql: str, params: Any = ...) -> Any: ...


@contextmanager
def superuser(location: Location) -> Iterator[tuple[Any, str]]:
    """A connection that can rewrite history, and the placeholder style it uses."""
    if isinstance(location, SQLiteLocation):
        conn = sqlite3.connect(location.path)
        for (name,) in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger'"
        ).fetchall():
            conn.execute(f'DROP TRIGGER "{name}"')
        try:
            yield conn, "?"
            conn.commit()
        finally:
            conn.close()
        return
    assert isinstance(location, PostgresLocation)
    with psycopg.connect(location.conninfo(), autocommit=False) as pg:
        pg.execute("SET session_replication_role = replica")
        yield pg, "%s"
        pg.commit()


def _nid(location: Location) -> str:
    return "rowid" if isinstance(location, SQLiteLocation) else "notification_id"


def _one(conn: Any, sql: str, params: tuple[Any, ...]) -> Any:
    row = conn.execute(sql, params).fetchone()
    assert row is not None, sql
    return row[0]


def notification_id_at(conn: Any, p: str, position: int) -> int:
    return int(
        _one(conn, f"SELECT notification_id FROM ledger_chain WHERE position = {p}", (position,))
    )


def flip_state_byte(location: Location, position: int, offset: int = 10) -> None:
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, position)
        state = bytearray(
            _one(conn, f"SELECT state FROM ledger_events WHERE {_nid(location)} = {p}", (nid,))
        )
        state[offset] ^= 0x01
        conn.execute(
            f"UPDATE ledger_events SET state = {p} WHERE {_nid(location)} = {p}",
            (bytes(state), nid),
        )


def delete_entry(location: Location, position: int, *, with_link: bool = False) -> None:
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, position)
        conn.execute(f"DELETE FROM ledger_events WHERE {_nid(location)} = {p}", (nid,))
        if with_link:
            conn.execute(f"DELETE FROM ledger_chain WHERE position = {p}", (position,))


def swap_entries(location: Location, first: int, second: int) -> None:
    """Swap two stored rows' places (their notification ids), leaving the chain as it was."""
    column = _nid(location)
    with superuser(location) as (conn, p):
        a = notification_id_at(conn, p, first)
        b = notification_id_at(conn, p, second)
        parked = 10**12
        conn.execute(f"UPDATE ledger_events SET {column} = {p} WHERE {column} = {p}", (parked, a))
        conn.execute(f"UPDATE ledger_events SET {column} = {p} WHERE {column} = {p}", (a, b))
        conn.execute(f"UPDATE ledger_events SET {column} = {p} WHERE {column} = {p}", (b, parked))


def alter_link(location: Location, position: int) -> None:
    with superuser(location) as (conn, p):
        stored = bytearray(
            _one(conn, f"SELECT chain_hash FROM ledger_chain WHERE position = {p}", (position,))
        )
        stored[0] ^= 0xFF
        conn.execute(
            f"UPDATE ledger_chain SET chain_hash = {p} WHERE position = {p}",
            (bytes(stored), position),
        )


def insert_unchained(location: Location) -> None:
    """Slip a forged entry in after the last one, without a chain row."""
    with superuser(location) as (conn, p):
        oid, topic, state = conn.execute(
            "SELECT originator_id, topic, state FROM ledger_events ORDER BY "
            f"{_nid(location)} DESC LIMIT 1"
        ).fetchone()
        conn.execute(
            "INSERT INTO ledger_events (originator_id, originator_version, topic, state) "
            f"VALUES ({p}, {p}, {p}, {p})",
            (oid, 99, topic, state),
        )


def rewrite_history(location: Location, position: int) -> None:
    """Change one entry and recompute every digest, link and Merkle node after it.

    What a superuser covering their tracks would do: the chain and the tree
    then verify on their own, and only a checkpoint held outside can tell.
    """
    flip_state_byte(location, position)
    column = _nid(location)
    with superuser(location) as (conn, p):
        rows = conn.execute(
            f"SELECT {column}, originator_id, originator_version, topic, state "
            f"FROM ledger_events ORDER BY {column}"
        ).fetchall()
        links = chain.link(
            None,
            (
                (nid, oid if isinstance(oid, UUID) else UUID(oid), v, t, bytes(s))
                for nid, oid, v, t, s in rows
            ),
        )
        nodes = merkle.nodes_for_appends(
            0, [merkle.entry_leaf_hash(k.entry_digest) for k in links], merkle.DictNodeStore()
        )
        conn.execute("DELETE FROM ledger_chain")
        conn.execute("DELETE FROM ledger_merkle")
        conn.cursor().executemany(
            f"INSERT INTO ledger_chain (position, notification_id, entry_digest, chain_hash) "
            f"VALUES ({p}, {p}, {p}, {p})",
            [(k.position, k.notification_id, k.entry_digest, k.chain_hash) for k in links],
        )
        conn.cursor().executemany(
            f"INSERT INTO ledger_merkle (level, idx, hash) VALUES ({p}, {p}, {p})",
            nodes,
        )


def truncate_tail(location: Location, keep: int, *, with_nodes: bool = True) -> None:
    """Delete every entry from position ``keep`` on (events, links and the nodes over them)."""
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, keep)
        conn.execute(f"DELETE FROM ledger_events WHERE {_nid(location)} >= {p}", (nid,))
        conn.execute(f"DELETE FROM ledger_chain WHERE position >= {p}", (keep,))
        if with_nodes:
            # Node (level, idx) covers positions up to (idx + 1) * 2**level - 1.
            for level in range(64):
                conn.execute(
                    f"DELETE FROM ledger_merkle WHERE level = {p} AND idx >= {p}",
                    (level, keep >> level),
                )


def alter_digest(location: Location, position: int) -> None:
    """Change the stored entry digest of one link, leaving the entry and its chain hash."""
    with superuser(location) as (conn, p):
        stored = bytearray(
            _one(conn, f"SELECT entry_digest FROM ledger_chain WHERE position = {p}", (position,))
        )
        stored[0] ^= 0xFF
        conn.execute(
            f"UPDATE ledger_chain SET entry_digest = {p} WHERE position = {p}",
            (bytes(stored), position),
        )


_FAR = 10**9  # rows are moved out of the way first, so keys never collide while renumbering


def delete_and_renumber(location: Location, position: int) -> None:
    """Delete one entry and its link, then close the gap: later links move one position down."""
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, position)
        conn.execute(f"DELETE FROM ledger_events WHERE {_nid(location)} = {p}", (nid,))
        conn.execute(f"DELETE FROM ledger_chain WHERE position = {p}", (position,))
        conn.execute(
            f"UPDATE ledger_chain SET position = position + {p} WHERE position > {p}",
            (_FAR, position),
        )
        conn.execute(
            f"UPDATE ledger_chain SET position = position - {p} WHERE position > {p}",
            (_FAR + 1, _FAR + position),
        )


def forge_insert(location: Location, position: int) -> None:
    """Insert a new entry at ``position``, correctly digested and linked to the one before.

    Every later event and link moves one id and one position on (their
    hashes untouched), as a superuser making room in the middle would.
    """
    column = _nid(location)
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, position)
        for shift, floor in ((_FAR, nid), (1 - _FAR, _FAR + nid)):
            conn.execute(
                f"UPDATE ledger_events SET {column} = {column} + {p} WHERE {column} >= {p}",
                (shift, floor),
            )
        for shift, floor in ((_FAR, position), (1 - _FAR, _FAR + position)):
            conn.execute(
                "UPDATE ledger_chain SET position = position + "
                f"{p}, notification_id = notification_id + {p} WHERE position >= {p}",
                (shift, shift, floor),
            )
        topic, state = conn.execute(
            f"SELECT topic, state FROM ledger_events WHERE {column} = {p}", (nid + 1,)
        ).fetchone()
        forged = UUID(int=0xF0F0)
        stored_id: Any = forged.hex if isinstance(location, SQLiteLocation) else forged
        conn.execute(
            f"INSERT INTO ledger_events ({column}, originator_id, originator_version, topic, "
            f"state) VALUES ({p}, {p}, 1, {p}, {p})",
            (nid, stored_id, topic, bytes(state)),
        )
        previous = (
            bytes(
                _one(
                    conn,
                    f"SELECT chain_hash FROM ledger_chain WHERE position = {p}",
                    (position - 1,),
                )
            )
            if position
            else chain.GENESIS_HASH
        )
        digest = chain.entry_digest(forged, 1, topic, bytes(state))
        conn.execute(
            "INSERT INTO ledger_chain (position, notification_id, entry_digest, chain_hash) "
            f"VALUES ({p}, {p}, {p}, {p})",
            (position, nid, digest, chain.link_hash(position, previous, digest)),
        )


def insert_event_below(
    location: Location, notification_id: int = -5, *, plain: bool = False
) -> None:
    """An INSERT of an event row with a low id (a copy of the newest, next version).

    ``plain``: with the triggers on, as any login with INSERT (or the SQLite
    file's owner, with a plain ``sqlite3``) would try it.
    """
    column = _nid(location)
    if not plain:
        with superuser(location) as (conn, p):
            _insert_copy(conn, p, column, notification_id)
        return
    if isinstance(location, SQLiteLocation):
        with closing(sqlite3.connect(location.path)) as conn:
            _insert_copy(conn, "?", column, notification_id)
            conn.commit()
        return
    assert isinstance(location, PostgresLocation)
    with psycopg.connect(location.conninfo()) as pg:
        _insert_copy(pg, "%s", column, notification_id)


def _insert_copy(conn: Any, p: str, column: str, notification_id: int) -> None:
    oid, version, topic, state = conn.execute(
        f"SELECT originator_id, originator_version, topic, state FROM ledger_events "
        f"ORDER BY {column} DESC LIMIT 1"
    ).fetchone()
    conn.execute(
        f"INSERT INTO ledger_events ({column}, originator_id, originator_version, topic, state) "
        f"VALUES ({p}, {p}, {p}, {p}, {p})",
        (notification_id, oid, version + 1, topic, state),
    )


def add_node(location: Location, level: int, index: int) -> None:
    """Store a Merkle node that no entry completes."""
    with superuser(location) as (conn, p):
        conn.execute(
            f"INSERT INTO ledger_merkle (level, idx, hash) VALUES ({p}, {p}, {p})",
            (level, index, bytes(32)),
        )
