"""The SQLite recorder that chains every entry inside its insert transaction.

SQLite serialises writers itself (one RESERVED lock per database file) and the
library's connection pool serialises writers within a process. The insert
statement comes first in the transaction, so the write lock is taken before
the chain head is read: no other writer can slip in between.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import IntegrityError, Notification, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.integrity import chain
from ledger.integrity.merkle import NodeKey
from ledger.storage.chained import (
    CHAIN_SUFFIX,
    CHECKPOINTS_SUFFIX,
    COSIGNATURES_SUFFIX,
    IDEMPOTENCY_SUFFIX,
    KEYS_SUFFIX,
    MERKLE_SUFFIX,
    META_SUFFIX,
    SCHEMA_VERSION,
    ChainQueries,
    RightEdge,
    auxiliary_tables_ddl,
    idempotency_rows,
    link_from_row,
    merkle_rows,
    read_nodes,
)

EVENTS_TABLE = "ledger_events"


class ChainedSQLiteRecorder(SQLiteApplicationRecorder, ChainQueries):
    """Application recorder whose every insert also extends the hash chain."""

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = EVENTS_TABLE) -> None:
        # The SQLite factory does not pass a table name; use the same one as on
        # PostgreSQL so that documentation and tools can name a single table.
        base = events_table_name.removesuffix("_events")
        self.events_table = events_table_name
        self.chain_table = base + CHAIN_SUFFIX
        self.meta_table = base + META_SUFFIX
        self.merkle_table = base + MERKLE_SUFFIX
        self.checkpoints_table = base + CHECKPOINTS_SUFFIX
        self.keys_table = base + KEYS_SUFFIX
        self.cosignatures_table = base + COSIGNATURES_SUFFIX
        self.idempotency_table = base + IDEMPOTENCY_SUFFIX
        self.dialect = "sqlite"
        self.right_edge = RightEdge()
        self._pending = threading.local()
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        events = self.events_table_name
        statements += [
            (
                f"CREATE TABLE IF NOT EXISTS {self.chain_table} ("
                "position INTEGER PRIMARY KEY CHECK (position >= 0), "
                "notification_id INTEGER NOT NULL UNIQUE, "
                "entry_digest BLOB NOT NULL CHECK (length(entry_digest) = 32), "
                "chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32))"
            ),
            (
                f"CREATE TABLE IF NOT EXISTS {self.merkle_table} ("
                "level INTEGER NOT NULL CHECK (level >= 0 AND level < 64), "
                "idx INTEGER NOT NULL CHECK (idx >= 0), "
                "hash BLOB NOT NULL CHECK (length(hash) = 32), "
                "PRIMARY KEY (level, idx)) WITHOUT ROWID"
            ),
            *auxiliary_tables_ddl(self, "sqlite"),
            f"CREATE TABLE IF NOT EXISTS {self.meta_table} (key TEXT PRIMARY KEY, value TEXT)",
            (
                f"INSERT OR IGNORE INTO {self.meta_table} (key, value) VALUES "
                f"('schema_version', '{SCHEMA_VERSION}'), "
                f"('chain_format', '{chain.FORMAT_VERSION}')"
            ),
        ]
        # The same append-only rule as on PostgreSQL: it stops mistakes, not the
        # owner of the file. The chain is what catches the rest.
        for table in (
            events,
            self.chain_table,
            self.merkle_table,
            self.checkpoints_table,
            self.keys_table,
            self.cosignatures_table,
        ):
            for action in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} "
                    f"BEFORE {action} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
                )
        return statements

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        digests = self.entry_digests(stored_events)
        self._pending.value = None
        with self.datastore.transaction(commit=True) as c:
            ids = self._insert_chained(c, stored_events, digests, kwargs.get("idempotency"))
        # Committed: this process now knows the tree's new right edge.
        if self._pending.value is not None:
            self.right_edge.committed(*self._pending.value)
        return ids

    def create_table(self) -> None:
        # BEGIN IMMEDIATE takes the write lock up front. With the library's
        # deferred BEGIN, a no-op CREATE TABLE IF NOT EXISTS opens a read
        # snapshot and the INSERT that follows cannot upgrade it while another
        # process writes: SQLite answers "database is locked" at once instead
        # of waiting out the busy timeout. `write` takes that lock.
        self.write([(statement, [()]) for statement in self.create_table_statements])

    def _insert_events(
        self, c: SQLiteCursor, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        return self._insert_chained(
            c, stored_events, self.entry_digests(stored_events), kwargs.get("idempotency")
        )

    def _insert_chained(
        self,
        c: SQLiteCursor,
        stored_events: Sequence[StoredEvent],
        digests: Sequence[bytes],
        claims: object,
    ) -> list[int]:
        if not stored_events:
            return []
        # Insert first: that takes the database's write lock for this transaction.
        c.executemany(
            self.insert_events_statement,
            [
                (_id_hex(e.originator_id), e.originator_version, e.topic, e.state)
                for e in stored_events
            ],
        )
        # Under the lock nobody else inserts, so these events are the newest rows:
        # read back their rowids (SQLite numbers them after the largest, §5).
        c.execute(
            f"SELECT rowid, originator_id, originator_version FROM {self.events_table} "
            "ORDER BY rowid DESC LIMIT ?",
            (len(stored_events),),
        )
        rowids = {(r[1], r[2]): r[0] for r in c.fetchall()}
        keys = [(_id_hex(e.originator_id), e.originator_version) for e in stored_events]
        if len(rowids) != len(keys) or not all(key in rowids for key in keys):
            msg = "the inserted events are not the newest rows; nothing was stored"
            raise IntegrityError(msg)
        ids = [rowids[key] for key in keys]
        c.execute(
            f"SELECT position, notification_id, entry_digest, chain_hash FROM {self.chain_table} "
            "ORDER BY position DESC LIMIT 1"
        )
        row = c.fetchone()
        head = None if row is None else link_from_row(row)
        links = chain.link_digests(head, sorted(zip(ids, digests, strict=True)))
        c.executemany(
            f"INSERT INTO {self.chain_table} (position, notification_id, entry_digest, chain_hash) "
            "VALUES (?, ?, ?, ?)",
            [(k.position, k.notification_id, k.entry_digest, k.chain_hash) for k in links],
        )
        edge = self.right_edge.reader(head, _CursorNodes(c, self.merkle_table))
        nodes = merkle_rows(links, edge)
        self._pending.value = (edge, links, nodes)
        c.executemany(f"INSERT INTO {self.merkle_table} (level, idx, hash) VALUES (?, ?, ?)", nodes)
        # In this transaction: a retry's claim collides on the primary key.
        c.executemany(
            f"INSERT INTO {self.idempotency_table} (principal, key, request_hash, "
            "first_position, count, created_at) VALUES (?, ?, ?, ?, ?, ?)",
            idempotency_rows(claims, links),
        )
        return ids

    # -- ChainQueries ------------------------------------------------------------
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql.replace("{p}", "?"), tuple(params))
            rows: Sequence[Mapping[str, Any]] = c.fetchall()
            return rows

    def notifications_after(self, after: int, limit: int) -> Sequence[Notification]:
        # Plain tuples: the library's select builds an sqlite3.Row and a dict per row
        # first; a projection rebuild reads every entry this way.
        rows = self.fetch_tuples(
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE rowid > ? ORDER BY rowid LIMIT ?",
            (after, limit),
        )
        return [
            Notification(
                id=nid,
                originator_id=UUID(oid),
                originator_version=version,
                topic=topic,
                state=state,
            )
            for nid, oid, version, topic, state in rows
        ]

    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as c:
            c.sqlite_cursor.row_factory = None  # plain tuples, not sqlite3.Row
            c.execute(sql.replace("{p}", "?"), tuple(params))
            rows: Sequence[tuple[Any, ...]] = c.fetchall()
            return rows

    def entry_rows(self, *, after: int, upto: int, limit: int) -> list[chain.EntryRow]:
        rows = self.fetch_tuples(
            "SELECT rowid, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE rowid > ? AND rowid <= ? ORDER BY rowid LIMIT ?",
            (after, upto, limit),
        )
        return [
            (nid, _id_bytes(oid), version, topic, state) for nid, oid, version, topic, state in rows
        ]

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        # BEGIN IMMEDIATE: take the write lock before the first statement (see create_table).
        with self.datastore.get_connection(commit=True) as connection:
            cursor = connection.cursor()
            cursor.execute("BEGIN IMMEDIATE")
            try:
                for sql, rows in statements:
                    query = sql.replace("{p}", "?")
                    if len(rows) == 1:  # DDL cannot go through executemany
                        cursor.execute(query, tuple(rows[0]))
                    else:
                        cursor.executemany(query, rows)
            except BaseException:
                connection.rollback()
                raise
            connection.commit()

    def has_table(self, table: str) -> bool:
        rows = self.fetch(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = {p}", (table,)
        )
        return bool(rows[0]["n"])

    def _stored_id(self, originator_id: UUID) -> Any:
        return originator_id.hex

    def _uuid(self, value: Any) -> UUID:
        return _as_uuid(value)

    @property
    def _notification_id_column(self) -> str:
        return "rowid"


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _id_hex(value: UUID | str) -> str:
    """An originator id as the library stores it on SQLite."""
    return value.hex if isinstance(value, UUID) else value


def _id_bytes(value: str) -> bytes:
    """The 16 bytes of a stored originator id (32 hex digits; any form UUID() reads)."""
    try:
        raw = bytes.fromhex(value)
    except (TypeError, ValueError):
        raw = b""
    return raw if len(raw) == 16 else UUID(value).bytes


class _CursorNodes:
    """Reads Merkle nodes inside the insert transaction (it holds the write lock)."""

    def __init__(self, cursor: SQLiteCursor, table: str) -> None:
        self._cursor = cursor
        self._table = table

    def _run(self, sql: str, params: Sequence[Any]) -> Sequence[Mapping[str, Any]]:
        self._cursor.execute(sql.replace("{p}", "?"), tuple(params))
        rows: Sequence[Mapping[str, Any]] = self._cursor.fetchall()
        return rows

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return read_nodes(self._run, self._table, keys)
