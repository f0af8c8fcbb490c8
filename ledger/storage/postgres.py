"""The PostgreSQL recorder that chains every entry inside its insert transaction.

Selected with ``APPLICATION_RECORDER_TOPIC``. One insert transaction:

1. take the ledger's write lock (a transaction-scoped advisory lock, so the
   writer role needs no UPDATE privilege to take a table lock; every writer
   goes through this recorder, so inserts are serialised and commit order
   equals notification-id order, as the library's table lock would give);
2. read the chain head;
3. insert the stored events, returning their notification ids;
4. link them in notification-id order and insert the chain rows, the
   Merkle nodes they complete and any idempotency claims;
5. commit. Any error before the commit rolls back everything together.

Statements are pipelined: steps 1-3 are one round trip, 4-5 another. Each
entry's digest covers only its own stored bytes (docs/chain-format.md §3), so
the digests are computed before the lock is taken; under the lock only the
links (one SHA-256 each) and the Merkle nodes are. Rows travel as a few
arrays per statement (``unnest``, binary), not one statement per row.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Generator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal
from uuid import UUID

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
from psycopg.sql import SQL, Identifier

from ledger.integrity import chain
from ledger.storage.chain_rows import entry_digests, link_from_row
from ledger.storage.idempotency import CLAIM_COLUMNS, claim_rows
from ledger.storage.merkle_nodes import CursorNodes, RightEdge, nodes_completed
from ledger.storage.paging import RangeScan
from ledger.storage.read_ahead import read_ahead
from ledger.storage.schema import SCHEMA_VERSION, LedgerTables, auxiliary_tables_ddl
from ledger.storage.sessions import Session, postgres_session, write_postgres


class ChainedPostgresRecorder(PostgresApplicationRecorder):
    """Application recorder whose every insert also extends the hash chain.

    It is also the store's :class:`~ledger.storage.gateway.Gateway`.
    """

    dialect: Literal["postgres"] = "postgres"

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        if datastore.enable_db_functions:
            msg = "POSTGRES_ENABLE_DB_FUNCTIONS bypasses the chain; it must be off"
            raise ProgrammingError(msg)
        super().__init__(datastore, events_table_name=events_table_name)
        self.right_edge = RightEdge()
        base = events_table_name.removesuffix("_events")
        schema = datastore.schema
        self.tables = LedgerTables.named_after(
            events_table_name, "notification_id", lambda name: f'"{schema}"."{name}"'
        )
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{chain} ("
                "position bigint PRIMARY KEY CHECK (position >= 0), "
                "notification_id bigint NOT NULL UNIQUE, "
                "entry_digest bytea NOT NULL CHECK (length(entry_digest) = 32), "
                "chain_hash bytea NOT NULL CHECK (length(chain_hash) = 32))"
            ).format(schema=Identifier(schema), chain=Identifier(base + "_chain")),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{merkle} ("
                "level smallint NOT NULL CHECK (level >= 0 AND level < 64), "
                "idx bigint NOT NULL CHECK (idx >= 0), "
                "hash bytea NOT NULL CHECK (length(hash) = 32), "
                "PRIMARY KEY (level, idx))"
            ).format(schema=Identifier(schema), merkle=Identifier(base + "_merkle")),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{meta} (key text PRIMARY KEY, value text)"
            ).format(schema=Identifier(schema), meta=Identifier(base + "_meta")),
            SQL(
                "INSERT INTO {schema}.{meta} (key, value) VALUES "
                "('schema_version', {version}), ('chain_format', {format}) "
                "ON CONFLICT (key) DO NOTHING"
            ).format(
                schema=Identifier(schema),
                meta=Identifier(base + "_meta"),
                version=str(SCHEMA_VERSION),
                format=str(chain.FORMAT_VERSION),
            ),
        ]
        # A stable 63-bit key per events table, for pg_advisory_xact_lock.
        key = (
            int.from_bytes(
                hashlib.sha256(f"sharing-ledger:{schema}.{events_table_name}".encode()).digest()[
                    :8
                ],
                "big",
            )
            >> 1
        )
        self.lock_table_statements = [
            SQL("SET LOCAL lock_timeout = '{0}s'").format(self.datastore.lock_timeout),
            SQL("SELECT pg_advisory_xact_lock({0})").format(key),
        ]
        # Every statement of the insert transaction takes whole columns as arrays
        # (binary, prepared once): its cost does not grow with a Python loop per row.
        self._insert_returning = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT * FROM unnest(%b::uuid[], %b::int8[], %b::text[], %b::bytea[]) "
            "RETURNING notification_id, originator_id, originator_version"
        ).format(schema=Identifier(schema), table=Identifier(events_table_name))
        self._select_head = SQL(
            "SELECT position, notification_id, entry_digest, chain_hash FROM {schema}.{chain} "
            "ORDER BY position DESC LIMIT 1"
        ).format(schema=Identifier(schema), chain=Identifier(base + "_chain"))
        self._insert_nodes = SQL(
            "INSERT INTO {schema}.{merkle} (level, idx, hash) "
            "SELECT * FROM unnest(%b::int2[], %b::int8[], %b::bytea[])"
        ).format(schema=Identifier(schema), merkle=Identifier(base + "_merkle"))
        self._insert_claims = SQL(
            "INSERT INTO {schema}.{table} (" + CLAIM_COLUMNS + ") VALUES (%s, %s, %s, %s, %s, %s)"
        ).format(schema=Identifier(schema), table=Identifier(base + "_idempotency"))
        self._insert_links = SQL(
            "INSERT INTO {schema}.{chain} (position, notification_id, entry_digest, chain_hash) "
            "SELECT * FROM unnest(%b::int8[], %b::int8[], %b::bytea[], %b::bytea[])"
        ).format(schema=Identifier(schema), chain=Identifier(base + "_chain"))

    def create_table(self) -> None:
        super().create_table()
        ddl = auxiliary_tables_ddl(self.tables, "postgres")
        self.write([(statement, [()]) for statement in ddl])

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        keys = [(e.originator_id, e.originator_version) for e in stored_events]
        digests = dict(zip(keys, entry_digests(stored_events), strict=True))
        columns = (
            [e.originator_id for e in stored_events],
            [e.originator_version for e in stored_events],
            [e.topic for e in stored_events],
            [e.state for e in stored_events],
        )
        edge: Any = None
        links: list[chain.ChainLink] = []
        nodes: list[tuple[int, int, bytes]] = []
        with (
            self.datastore.get_connection() as conn,
            conn.pipeline(),
            conn.transaction(),
            conn.cursor() as curs,
            conn.cursor() as inserting,
        ):
            # One round trip: the lock, the head and the events, in this order.
            self._lock_table(curs)
            self._notify_channel(curs)
            curs.execute(self._select_head, prepare=True)
            inserting.execute(self._insert_returning, columns, prepare=True)
            head_row = curs.fetchone()
            head = None if head_row is None else link_from_row(head_row)
            inserted = sorted(
                (r["notification_id"], r["originator_id"], r["originator_version"])
                for r in inserting.fetchall()
            )
            # §5: positions follow notification ids.
            ids = {(oid, version): nid for nid, oid, version in inserted}
            links = chain.link_digests(head, [(nid, digests[(o, v)]) for nid, o, v in inserted])
            # Still under the lock: the Merkle nodes these entries complete. Read
            # the peaks they need (a cache miss) before queueing the inserts: in
            # pipeline mode a fetch after a queued INSERT would see its result.
            edge = self.right_edge.reader(
                head, CursorNodes(_cursor_runner(curs), self.tables.merkle)
            )
            nodes = nodes_completed(links, edge)
            # The second round trip: links, nodes, claims and the commit.
            curs.execute(
                self._insert_links,
                (
                    [k.position for k in links],
                    [k.notification_id for k in links],
                    [k.entry_digest for k in links],
                    [k.chain_hash for k in links],
                ),
                prepare=True,
            )
            curs.execute(
                self._insert_nodes,
                ([n[0] for n in nodes], [n[1] for n in nodes], [n[2] for n in nodes]),
                prepare=True,
            )
            # In this transaction: a retry's claim collides on the primary key.
            claims = claim_rows(kwargs.get("idempotency"), links)
            if claims:
                curs.executemany(self._insert_claims, claims)
        # Committed: this process now knows the tree's new right edge.
        self.right_edge.committed(edge, links, nodes)
        return [ids[(e.originator_id, e.originator_version)] for e in stored_events]

    # -- Gateway ---------------------------------------------------------------------
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as c:
            c.execute(sql.replace("{p}", "%s").encode(), params, prepare=True)
            return c.fetchall()

    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        # Binary results: bytea arrives as bytes, with no hex text to decode.
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as c,
        ):
            c.execute(sql.replace("{p}", "%s").encode(), params, prepare=True)
            return c.fetchall()

    def scan(
        self, scan: RangeScan, upto: int, page: int
    ) -> Generator[Sequence[tuple[Any, ...]], None, None]:
        """One query read through a server-side cursor, ``page`` rows at a time.

        One scan in index order. Pages of ``ORDER BY ... LIMIT`` queries would
        each let the planner sort every remaining row when the table's
        statistics are stale (a fresh load or restore, before ANALYZE): a
        verification quadratic in the ledger's size. The next page is fetched
        while the caller hashes this one (read_ahead).
        """
        return read_ahead(
            self._pages(scan.stream_sql().replace("{p}", "%s"), scan.after, upto, page)
        )

    def _pages(
        self, sql: str, after: int, upto: int, page: int
    ) -> Generator[list[tuple[Any, ...]], None, None]:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor(name="ledger_scan", row_factory=tuple_row, binary=True) as c,
        ):
            c.execute(sql.encode(), (after, upto))
            while rows := c.fetchmany(page):
                yield rows

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as c,
        ):
            write_postgres(c, statements)

    def settle(self, tables: Sequence[str]) -> None:
        # The pool's connections are in autocommit mode (eventsourcing's
        # after_connect), and VACUUM cannot run inside a transaction block.
        with self.datastore.get_connection() as conn:
            for table in tables:
                conn.execute(f"VACUUM (ANALYZE) {table}".encode())

    def session(self) -> AbstractContextManager[Session]:
        return postgres_session(self.datastore)

    def has_table(self, table: str) -> bool:
        rows = self.fetch("SELECT to_regclass({p}) IS NOT NULL AS present", (table,))
        return bool(rows[0]["present"])

    def stored_id(self, originator_id: UUID) -> Any:
        return originator_id

    def as_uuid(self, value: Any) -> UUID:
        return value if isinstance(value, UUID) else UUID(str(value))


def _cursor_runner(cursor: Any) -> Callable[[str, Sequence[Any]], Sequence[Mapping[str, Any]]]:
    """Runs a ``{p}`` statement on the insert transaction's own cursor."""

    def run(sql: str, params: Sequence[Any]) -> Sequence[Mapping[str, Any]]:
        cursor.execute(sql.replace("{p}", "%s").encode(), params)
        rows: Sequence[Mapping[str, Any]] = cursor.fetchall()
        return rows

    return run
