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
from collections.abc import Generator, Mapping, Sequence
from typing import Any
from uuid import UUID

from eventsourcing.persistence import (
    InterfaceError,
    Notification,
    OperationalError,
    ProgrammingError,
    StoredEvent,
)
from eventsourcing.postgres import PostgresApplicationRecorder, PostgresDatastore
from eventsourcing.utils import retry
from psycopg.rows import tuple_row
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
    VERIFY_PAGE,
    ChainQueries,
    RightEdge,
    auxiliary_tables_ddl,
    idempotency_rows,
    link_from_row,
    merkle_rows,
    read_nodes,
)
from ledger.storage.read_ahead import read_ahead


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
        ).format(schema=Identifier(schema), chain=Identifier(base + CHAIN_SUFFIX))
        self._insert_nodes = SQL(
            "INSERT INTO {schema}.{merkle} (level, idx, hash) "
            "SELECT * FROM unnest(%b::int2[], %b::int8[], %b::bytea[])"
        ).format(schema=Identifier(schema), merkle=Identifier(base + MERKLE_SUFFIX))
        self._insert_claims = SQL(
            "INSERT INTO {schema}.{table} (principal, key, request_hash, first_position, count, "
            "created_at) VALUES (%s, %s, %s, %s, %s, %s)"
        ).format(schema=Identifier(schema), table=Identifier(base + IDEMPOTENCY_SUFFIX))
        self._insert_links = SQL(
            "INSERT INTO {schema}.{chain} (position, notification_id, entry_digest, chain_hash) "
            "SELECT * FROM unnest(%b::int8[], %b::int8[], %b::bytea[], %b::bytea[])"
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
        keys = [(e.originator_id, e.originator_version) for e in stored_events]
        digests = dict(zip(keys, self.entry_digests(stored_events), strict=True))
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
            edge = self.right_edge.reader(head, _CursorNodes(curs, self.merkle_table))
            nodes = merkle_rows(links, edge)
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

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        if not keys:
            return {}
        # The keys as two arrays, one index probe each: one statement text
        # (prepared once) for every proof, about twice as fast as the OR form.
        rows = self.fetch(
            "SELECT m.level, m.idx, m.hash FROM unnest({p}::int2[], {p}::int8[]) "
            f"AS k(level, idx) JOIN {self.merkle_table} m "
            "ON m.level = k.level AND m.idx = k.idx",
            ([level for level, _ in keys], [index for _, index in keys]),
        )
        return {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in rows}

    def notifications_after(self, after: int, limit: int) -> Sequence[Notification]:
        # Binary tuples: about twice the library's rate (dict rows, hex-encoded state),
        # which a projection rebuild of a million entries feels.
        rows = self.fetch_tuples(
            "SELECT notification_id, originator_id, originator_version, topic, state "
            f"FROM {self.events_table} WHERE notification_id > {{p}} "
            "ORDER BY notification_id LIMIT {p}",
            (after, limit),
        )
        return [
            Notification(
                id=nid, originator_id=oid, originator_version=version, topic=topic, state=state
            )
            for nid, oid, version, topic, state in rows
        ]

    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        # Binary results: bytea arrives as bytes, with no hex text to decode.
        with (
            self.datastore.get_connection() as conn,
            conn.cursor(row_factory=tuple_row, binary=True) as c,
        ):
            c.execute(sql.replace("{p}", "%s").encode(), params, prepare=True)
            return c.fetchall()

    def iter_link_rows(
        self, *, upto: int, page: int = VERIFY_PAGE
    ) -> Generator[chain.LinkRow, None, None]:
        return self._stream(
            "SELECT position, notification_id, entry_digest, chain_hash "
            f"FROM {self.chain_table} WHERE position <= %s ORDER BY position",
            upto,
            page,
        )

    def iter_entry_rows(
        self, *, upto: int, page: int = VERIFY_PAGE
    ) -> Generator[chain.EntryRow, None, None]:
        # uuid_send: the originator id's 16 bytes in RFC 4122 order, as §2 frames it.
        return self._stream(
            "SELECT notification_id, uuid_send(originator_id), originator_version, topic, state "
            f"FROM {self.events_table} WHERE notification_id <= %s ORDER BY notification_id",
            upto,
            page,
        )

    def _stream(self, sql: str, upto: int, page: int) -> Generator[Any, None, None]:
        """One query read through a server-side cursor, ``page`` rows at a time.

        One scan in index order. Pages of ``ORDER BY ... LIMIT`` queries would
        each let the planner sort every remaining row when the table's
        statistics are stale (a fresh load or restore, before ANALYZE): a
        verification quadratic in the ledger's size. The next page is fetched
        while the caller hashes this one (read_ahead).
        """
        return read_ahead(self._pages(sql, upto, page))

    def _pages(self, sql: str, upto: int, page: int) -> Generator[list[Any], None, None]:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor(name="ledger_verify", row_factory=tuple_row, binary=True) as c,
        ):
            c.execute(sql.encode(), (upto,))
            while rows := c.fetchmany(page):
                yield rows

    def entry_rows(self, *, after: int, upto: int, limit: int) -> list[chain.EntryRow]:
        return list(
            self.fetch_tuples(
                "SELECT notification_id, uuid_send(originator_id), originator_version, topic, "
                f"state FROM {self.events_table} WHERE notification_id > {{p}} "
                "AND notification_id <= {p} ORDER BY notification_id LIMIT {p}",
                (after, upto, limit),
            )
        )

    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        with (
            self.datastore.get_connection() as conn,
            conn.transaction(),
            conn.cursor() as c,
        ):
            for sql, rows in statements:
                if sql.startswith("COPY "):
                    with c.copy(sql.encode()) as copy:
                        for row in rows:
                            copy.write_row(row)
                else:
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
