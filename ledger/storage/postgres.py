"""The PostgreSQL recorder that chains every entry inside its insert transaction.

Selected with ``APPLICATION_RECORDER_TOPIC``. One insert transaction:

1. take the ledger's write lock (a transaction-scoped advisory lock, so the
   writer role needs no UPDATE privilege to take a table lock; every writer
   goes through this recorder, so inserts are serialised and commit order
   equals notification-id order, as the library's table lock would give);
2. read the chain head;
3. insert the stored events, returning their notification ids;
4. link them in notification-id order and insert the chain rows;
5. commit. Any error before the commit rolls back events and links together.

Statements are pipelined, so steps 1-3 cost one round trip.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    InterfaceError,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.sql import SQL, Identifier

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


class ChainedPostgresRecorder(PostgresApplicationRecorder, ChainQueries):
    """Application recorder whose every insert also extends the hash chain."""

    def __init__(
        self, datastore: PostgresDatastore, *, events_table_name: str = "stored_events"
    ) -> None:
        if datastore.enable_db_functions:
            msg = "POSTGRES_ENABLE_DB_FUNCTIONS bypasses the chain; it must be off"
            raise ProgrammingError(msg)
        super().__init__(datastore, events_table_name=events_table_name)
        self.dialect = "postgres"
        self.right_edge = RightEdge()
        base = events_table_name.removesuffix("_events")
        schema = datastore.schema
        self.events_table = f'"{schema}"."{events_table_name}"'
        self.chain_table = f'"{schema}"."{base}{CHAIN_SUFFIX}"'
        self.meta_table = f'"{schema}"."{base}{META_SUFFIX}"'
        self.merkle_table = f'"{schema}"."{base}{MERKLE_SUFFIX}"'
        self.checkpoints_table = f'"{schema}"."{base}{CHECKPOINTS_SUFFIX}"'
        self.keys_table = f'"{schema}"."{base}{KEYS_SUFFIX}"'
        self.cosignatures_table = f'"{schema}"."{base}{COSIGNATURES_SUFFIX}"'
        self.idempotency_table = f'"{schema}"."{base}{IDEMPOTENCY_SUFFIX}"'
        self.sql_create_statements += [
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{chain} ("
                "position bigint PRIMARY KEY CHECK (position >= 0), "
                "notification_id bigint NOT NULL UNIQUE, "
                "entry_digest bytea NOT NULL CHECK (length(entry_digest) = 32), "
                "chain_hash bytea NOT NULL CHECK (length(chain_hash) = 32))"
            ).format(schema=Identifier(schema), chain=Identifier(base + CHAIN_SUFFIX)),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{merkle} ("
                "level smallint NOT NULL CHECK (level >= 0 AND level < 64), "
                "idx bigint NOT NULL CHECK (idx >= 0), "
                "hash bytea NOT NULL CHECK (length(hash) = 32), "
                "PRIMARY KEY (level, idx))"
            ).format(schema=Identifier(schema), merkle=Identifier(base + MERKLE_SUFFIX)),
            SQL(
                "CREATE TABLE IF NOT EXISTS {schema}.{meta} (key text PRIMARY KEY, value text)"
            ).format(schema=Identifier(schema), meta=Identifier(base + META_SUFFIX)),
            SQL(
                "INSERT INTO {schema}.{meta} (key, value) VALUES "
                "('schema_version', {version}), ('chain_format', {format}) "
                "ON CONFLICT (key) DO NOTHING"
            ).format(
                schema=Identifier(schema),
                meta=Identifier(base + META_SUFFIX),
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
        self._insert_returning = SQL(
            "INSERT INTO {schema}.{table} (originator_id, originator_version, topic, state) "
            "SELECT originator_id, originator_version, topic, state "
            "FROM unnest(%s::{schema}.{stored_event_type}[]) "
            "RETURNING notification_id, originator_id, originator_version"
        ).format(
            schema=Identifier(schema),
            table=Identifier(events_table_name),
            stored_event_type=Identifier(self.stored_event_type_name),
        )
        self._select_head = SQL(
            "SELECT position, notification_id, entry_digest, chain_hash FROM {schema}.{chain} "
            "ORDER BY position DESC LIMIT 1"
        ).format(schema=Identifier(schema), chain=Identifier(base + CHAIN_SUFFIX))
        self._insert_nodes = SQL(
            "INSERT INTO {schema}.{merkle} (level, idx, hash) VALUES (%s, %s, %s)"
        ).format(schema=Identifier(schema), merkle=Identifier(base + MERKLE_SUFFIX))
        self._insert_claims = SQL(
            "INSERT INTO {schema}.{table} (principal, key, request_hash, first_position, count, "
            "created_at) VALUES (%s, %s, %s, %s, %s, %s)"
        ).format(schema=Identifier(schema), table=Identifier(base + IDEMPOTENCY_SUFFIX))
        self._insert_links = SQL(
            "INSERT INTO {schema}.{chain} (position, notification_id, entry_digest, chain_hash) "
            "VALUES (%s, %s, %s, %s)"
        ).format(schema=Identifier(schema), chain=Identifier(base + CHAIN_SUFFIX))

    def create_table(self) -> None:
        super().create_table()
        self.write([(statement, [()]) for statement in auxiliary_tables_ddl(self, "postgres")])

    @retry((InterfaceError, OperationalError), max_attempts=10, wait=0.2)
    def insert_events(
        self, stored_events: Sequence[StoredEvent], **kwargs: Any
    ) -> Sequence[int] | None:
        if not stored_events:
            return []
        pg_events = [
            self.construct_pg_stored_event(e.originator_id, e.originator_version, e.topic, e.state)
            for e in stored_events
        ]
        by_key = {(e.originator_id, e.originator_version): e for e in stored_events}
        edge: Any = None
        links: list[chain.ChainLink] = []
        nodes: list[tuple[int, int, bytes]] = []
        with (
            self.datastore.get_connection() as conn,
            conn.pipeline(),
            conn.transaction(),
            conn.cursor() as curs,
        ):
            self._lock_table(curs)
            self._notify_channel(curs)
            curs.execute(self._select_head, prepare=True)
            head_row = curs.fetchone()
            head = None if head_row is None else link_from_row(head_row)
            curs.execute(self._insert_returning, (pg_events,))
            inserted = sorted(curs.fetchall(), key=lambda r: r["notification_id"])
            ids = {
                (r["originator_id"], r["originator_version"]): r["notification_id"]
                for r in inserted
            }
            links = chain.link(
                head,
                (
                    (
                        r["notification_id"],
                        r["originator_id"],
                        r["originator_version"],
                        by_key[(r["originator_id"], r["originator_version"])].topic,
                        by_key[(r["originator_id"], r["originator_version"])].state,
                    )
                    for r in inserted
                ),
            )
            # Still under the lock: the Merkle nodes these entries complete. Read
            # the peaks they need before queueing the inserts: in pipeline mode a
            # fetch after a queued executemany would see that INSERT's result.
            edge = self.right_edge.reader(head, _CursorNodes(curs, self.merkle_table))
            nodes = merkle_rows(links, edge)
            curs.executemany(
                self._insert_links,
                [(k.position, k.notification_id, k.entry_digest, k.chain_hash) for k in links],
            )
            curs.executemany(self._insert_nodes, nodes)
            # In this transaction: a retry's claim collides on the primary key.
            claims = idempotency_rows(kwargs.get("idempotency"), links)
            if claims:
                curs.executemany(self._insert_claims, claims)
        # Committed: this process now knows the tree's new right edge.
        self.right_edge.committed(edge, links, nodes)
        return [ids[(e.originator_id, e.originator_version)] for e in stored_events]

    # -- ChainQueries ------------------------------------------------------------
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        with self.datastore.get_connection() as conn, conn.cursor() as c:
            c.execute(sql.replace("{p}", "%s").encode(), params, prepare=True)
            return c.fetchall()

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as c,
        ):
            for sql, rows in statements:
                c.executemany(sql.replace("{p}", "%s").encode(), rows)

    def has_table(self, table: str) -> bool:
        rows = self.fetch("SELECT to_regclass({p}) IS NOT NULL AS present", (table,))
        return bool(rows[0]["present"])

    def _stored_id(self, originator_id: UUID) -> Any:
        return originator_id

    def _uuid(self, value: Any) -> UUID:
        return value if isinstance(value, UUID) else UUID(str(value))

    @property
    def _notification_id_column(self) -> str:
        return "notification_id"


class _CursorNodes:
    """Reads Merkle nodes through the insert transaction's own cursor."""

    def __init__(self, cursor: Any, table: str) -> None:
        self._cursor = cursor
        self._table = table

    def _run(self, sql: str, params: Sequence[Any]) -> Sequence[Mapping[str, Any]]:
        self._cursor.execute(sql.replace("{p}", "%s").encode(), params)
        rows: Sequence[Mapping[str, Any]] = self._cursor.fetchall()
        return rows

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return read_nodes(self._run, self._table, keys)
