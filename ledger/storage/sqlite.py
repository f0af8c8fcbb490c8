"""The SQLite recorder that chains every entry inside its insert transaction.

SQLite serialises writers itself (one RESERVED lock per database file) and the
library's connection pool serialises writers within a process. The insert
statement comes first in the transaction, so the write lock is taken before
the chain head is read: no other writer can slip in between.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal
from uuid import UUID

from eventsourcing.persistence import IntegrityError, StoredEvent
from eventsourcing.sqlite import SQLiteApplicationRecorder, SQLiteCursor, SQLiteDatastore

from ledger.integrity import chain
from ledger.storage.chain_rows import LINK_COLUMNS, entry_digests, link_from_row
from ledger.storage.idempotency import CLAIM_COLUMNS, claim_rows
from ledger.storage.merkle_nodes import CursorNodes, RightEdge, nodes_completed
from ledger.storage.paging import RangeScan, keyset_pages
from ledger.storage.schema import SCHEMA_VERSION, LedgerTables, auxiliary_tables_ddl
from ledger.storage.sessions import Session, sqlite_session

EVENTS_TABLE = "ledger_events"


class ChainedSQLiteRecorder(SQLiteApplicationRecorder):
    """Application recorder whose every insert also extends the hash chain.

    It is also the store's :class:`~ledger.storage.gateway.Gateway`.
    """

    dialect: Literal["sqlite"] = "sqlite"

    def __init__(self, datastore: SQLiteDatastore, events_table_name: str = EVENTS_TABLE) -> None:
        # The SQLite factory does not pass a table name; use the same one as on
        # PostgreSQL so that documentation and tools can name a single table.
        self.tables = LedgerTables.named_after(events_table_name, notification_id="rowid")
        self.right_edge = RightEdge()
        self._pending = threading.local()
        super().__init__(datastore, events_table_name)

    def construct_create_table_statements(self) -> list[str]:
        statements = super().construct_create_table_statements()
        tables = self.tables
        statements += [
            (
                f"CREATE TABLE IF NOT EXISTS {tables.chain} ("
                "position INTEGER PRIMARY KEY CHECK (position >= 0), "
                "notification_id INTEGER NOT NULL UNIQUE, "
                "entry_digest BLOB NOT NULL CHECK (length(entry_digest) = 32), "
                "chain_hash BLOB NOT NULL CHECK (length(chain_hash) = 32))"
            ),
            (
                f"CREATE TABLE IF NOT EXISTS {tables.merkle} ("
                "level INTEGER NOT NULL CHECK (level >= 0 AND level < 64), "
                "idx INTEGER NOT NULL CHECK (idx >= 0), "
                "hash BLOB NOT NULL CHECK (length(hash) = 32), "
                "PRIMARY KEY (level, idx)) WITHOUT ROWID"
            ),
            *auxiliary_tables_ddl(tables, "sqlite"),
            f"CREATE TABLE IF NOT EXISTS {tables.meta} (key TEXT PRIMARY KEY, value TEXT)",
            (
                f"INSERT OR IGNORE INTO {tables.meta} (key, value) VALUES "
                f"('schema_version', '{SCHEMA_VERSION}'), "
                f"('chain_format', '{chain.FORMAT_VERSION}')"
            ),
        ]
        # The same append-only rule as on PostgreSQL: it stops mistakes, not the
        # owner of the file. The chain is what catches the rest.
        for table in tables.append_only():
            for action in ("UPDATE", "DELETE"):
                statements.append(
                    f"CREATE TRIGGER IF NOT EXISTS {table}_no_{action.lower()} "
                    f"BEFORE {action} ON {table} BEGIN "
                    f"SELECT RAISE(ABORT, '{table} is append-only: {action} refused'); END"
                )
        # An event is only ever appended after the newest one (§5 of chain-format.md).
        # A plain INSERT naming a lower rowid (0 or below, or in a gap) would put an
        # event where the notification log and the chain never look, while the
        # write model loads it: refused. One probe of the rowid b-tree per row.
        statements.append(
            f"CREATE TRIGGER IF NOT EXISTS {tables.events}_newest_only "
            f"AFTER INSERT ON {tables.events} "
            f"WHEN NEW.rowid < (SELECT max(rowid) FROM {tables.events}) BEGIN "
            f"SELECT RAISE(ABORT, '{tables.events} is append-only: an INSERT below the "
            "newest row refused'); END"
        )
        return statements

    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        digests = entry_digests(stored_events)
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
            c, stored_events, entry_digests(stored_events), kwargs.get("idempotency")
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
            f"SELECT rowid, originator_id, originator_version FROM {self.tables.events} "
            "ORDER BY rowid DESC LIMIT ?",
            (len(stored_events),),
        )
        rowids = {(r[1], r[2]): r[0] for r in c.fetchall()}
        keys = [(_id_hex(e.originator_id), e.originator_version) for e in stored_events]
        if len(rowids) != len(keys) or not all(key in rowids for key in keys):
            msg = "the inserted events are not the newest rows; nothing was stored"
            raise IntegrityError(msg)
        ids = [rowids[key] for key in keys]
        c.execute(f"SELECT {LINK_COLUMNS} FROM {self.tables.chain} ORDER BY position DESC LIMIT 1")
        row = c.fetchone()
        head = None if row is None else link_from_row(row)
        links = chain.link_digests(head, sorted(zip(ids, digests, strict=True)))
        c.executemany(
            f"INSERT INTO {self.tables.chain} ({LINK_COLUMNS}) VALUES (?, ?, ?, ?)",
            [(k.position, k.notification_id, k.entry_digest, k.chain_hash) for k in links],
        )
        edge = self.right_edge.reader(head, CursorNodes(_cursor_runner(c), self.tables.merkle))
        nodes = nodes_completed(links, edge)
        self._pending.value = (edge, links, nodes)
        c.executemany(
            f"INSERT INTO {self.tables.merkle} (level, idx, hash) VALUES (?, ?, ?)", nodes
        )
        # In this transaction: a retry's claim collides on the primary key.
        c.executemany(
            f"INSERT INTO {self.tables.idempotency} ({CLAIM_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?)",
            claim_rows(claims, links),
        )
        return ids

    # -- Gateway ---------------------------------------------------------------------
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        with self.datastore.transaction(commit=False) as c:
            c.execute(sql.replace("{p}", "?"), tuple(params))
            rows: Sequence[Mapping[str, Any]] = c.fetchall()
            return rows

    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        with self.datastore.transaction(commit=False) as c:
            c.sqlite_cursor.row_factory = None  # plain tuples, not sqlite3.Row
            c.execute(sql.replace("{p}", "?"), tuple(params))
            rows: Sequence[tuple[Any, ...]] = c.fetchall()
            return rows

    def scan(
        self, scan: RangeScan, upto: int, page: int
    ) -> Generator[Sequence[tuple[Any, ...]], None, None]:
        # Keyset pages read in this thread: a thread reading ahead only competes
        # with the caller for the GIL here (slower: bench/verify.py, docs/performance.md).
        return keyset_pages(self.fetch_tuples, scan, upto, page)

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

    def settle(self, tables: Sequence[str]) -> None:
        """Nothing to do on SQLite (see Gateway.settle)."""

    def session(self) -> AbstractContextManager[Session]:
        return sqlite_session(self.datastore)

    def has_table(self, table: str) -> bool:
        rows = self.fetch(
            "SELECT count(*) AS n FROM sqlite_master WHERE type = 'table' AND name = {p}", (table,)
        )
        return bool(rows[0]["n"])

    def stored_id(self, originator_id: UUID) -> Any:
        return originator_id.hex

    def as_uuid(self, value: Any) -> UUID:
        return value if isinstance(value, UUID) else UUID(value)


def _id_hex(value: UUID | str) -> str:
    """An originator id as the library stores it on SQLite."""
    return value.hex if isinstance(value, UUID) else value


def _cursor_runner(
    cursor: SQLiteCursor,
) -> Callable[[str, Sequence[Any]], Sequence[Mapping[str, Any]]]:
    """Runs a ``{p}`` statement on the insert transaction's own cursor."""

    def run(sql: str, params: Sequence[Any]) -> Sequence[Mapping[str, Any]]:
        cursor.execute(sql.replace("{p}", "?"), tuple(params))
        rows: Sequence[Mapping[str, Any]] = cursor.fetchall()
        return rows

    return run
