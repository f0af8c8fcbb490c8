"""What both chained recorders share: the chain table's queries and row mapping.

The two recorders differ only in how they run a query (placeholder style,
connection handling) and in how they take the write lock; everything about
*which* rows to read lives here once.
"""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable, Generator, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Literal
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.integrity import merkle
from ledger.integrity.chain import (
    GENESIS_HASH,
    ChainLink,
    EntryRow,
    LinkRow,
    StoredEntry,
    entry_digest,
)
from ledger.integrity.merkle import NodeKey

SCHEMA_VERSION = 1
# Rows per page when verifying: memory stays bounded by one page, whatever the size.
VERIFY_PAGE = 20_000
CHAIN_SUFFIX = "_chain"
MERKLE_SUFFIX = "_merkle"
META_SUFFIX = "_meta"
CHECKPOINTS_SUFFIX = "_checkpoints"
IDEMPOTENCY_SUFFIX = "_idempotency"
KEYS_SUFFIX = "_log_keys"
COSIGNATURES_SUFFIX = "_cosignatures"


@dataclass(frozen=True, slots=True)
class IdempotencyClaim:
    """A caller's Idempotency-Key, stored in the same transaction as the entries it made.

    A retry finds it and gets the first reply; a crash before the commit
    loses both, so the retry appends afresh. Either way: at most once.
    """

    principal: str
    key: str
    request_hash: str
    created_at: str


@dataclass(frozen=True, slots=True)
class IdempotentRecord:
    request_hash: str
    first_position: int
    count: int


@dataclass(frozen=True, slots=True)
class Standby:
    """This store is a PostgreSQL hot standby: it replays the primary's log and refuses writes."""

    last_replayed_at: datetime | None  # the primary's commit time of the last replayed transaction


class SchemaMismatch(Exception):
    """The database holds a schema this version of the code does not understand."""


class ChainQueries(ABC):
    """Read-side queries over the events and chain tables."""

    events_table: str
    chain_table: str
    merkle_table: str
    meta_table: str
    right_edge: RightEdge
    checkpoints_table: str
    keys_table: str
    cosignatures_table: str
    idempotency_table: str

    dialect: Literal["sqlite", "postgres"]

    @abstractmethod
    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        """Run one read-only query with ``{p}`` placeholders; return its rows."""

    @abstractmethod
    def write(self, statements: Sequence[tuple[str, Sequence[Sequence[Any]]]]) -> None:
        """Run each statement once per parameter row, all in one transaction.

        For tables other than the ledger's own (read models): the ledger's
        tables are only ever written by ``insert_events``. On PostgreSQL a
        statement ``COPY <table> (<columns>) FROM STDIN`` copies its rows in.
        """

    @abstractmethod
    def _uuid(self, value: Any) -> UUID:
        """Convert a stored originator id to a UUID."""

    def chain_head(self) -> ChainLink | None:
        """The last link of the chain, or None for an empty ledger."""
        rows = self.fetch(
            f"SELECT position, notification_id, entry_digest, chain_hash FROM {self.chain_table} "
            "ORDER BY position DESC LIMIT 1"
        )
        return link_from_row(rows[0]) if rows else None

    def snapshot(self) -> tuple[ChainLink | None, int]:
        """The chain head and the highest stored notification id, read together.

        Verification bounds itself by this snapshot, so entries committed while
        it runs are neither missed nor mistaken for insertions.
        """
        rows = self.fetch(
            snapshot_sql(self.chain_table, self.events_table, self._notification_id_column)
        )
        row = rows[0]
        head = None if row["position"] is None else link_from_row(row)
        return head, int(row["max_notification_id"] or 0)

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        """Stored Merkle nodes by (level, index): a :class:`merkle.NodeReader`."""
        return read_nodes(self.fetch, self.merkle_table, keys)

    def entries_of(self, originator_ids: Sequence[UUID]) -> list[tuple[ChainLink, StoredEntry]]:
        """Every entry of the given aggregates, with its link, in chain order."""
        found: list[tuple[ChainLink, StoredEntry]] = []
        ids = sorted(set(originator_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.fetch(
                "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, "
                "e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM {self.events_table} e JOIN {self.chain_table} c "
                f"ON c.notification_id = e.{self._notification_id_column} "
                f"WHERE e.originator_id IN ({', '.join('{p}' for _ in chunk)})",
                [self._stored_id(i) for i in chunk],
            )
            found += [
                (
                    link_from_row(row),
                    StoredEntry(
                        notification_id=int(row["notification_id"]),
                        originator_id=self._uuid(row["originator_id"]),
                        originator_version=int(row["originator_version"]),
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    ),
                )
                for row in rows
            ]
        return sorted(found, key=lambda pair: pair[0].position)

    @abstractmethod
    def _stored_id(self, originator_id: UUID) -> Any:
        """An originator id as this store keeps it (a uuid, or its hex on SQLite)."""

    def idempotent_record(self, principal: str, key: str) -> IdempotentRecord | None:
        rows = self.fetch(
            f"SELECT request_hash, first_position, count FROM {self.idempotency_table} "
            "WHERE principal = {p} AND key = {p}",
            (principal, key),
        )
        if not rows:
            return None
        row = rows[0]
        return IdempotentRecord(
            str(row["request_hash"]), int(row["first_position"]), int(row["count"])
        )

    def appended_between(self, first: int, count: int) -> list[tuple[ChainLink, str, UUID, int]]:
        """Links of positions [first, first + count) with each entry's topic, id and version."""
        rows = self.fetch(
            "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, e.topic, "
            "e.originator_id, e.originator_version "
            f"FROM {self.chain_table} c JOIN {self.events_table} e "
            f"ON e.{self._notification_id_column} = c.notification_id "
            "WHERE c.position >= {p} AND c.position < {p} ORDER BY c.position",
            (first, first + count),
        )
        return [
            (
                link_from_row(row),
                str(row["topic"]),
                self._uuid(row["originator_id"]),
                int(row["originator_version"]),
            )
            for row in rows
        ]

    # -- Checkpoints ----------------------------------------------------------
    def store_checkpoint(
        self, size: int, root: bytes, verifier_key: str, key_name: str, note: str, issued_at: str
    ) -> None:
        """Keep a checkpoint (and register its key the first time); a repeat is a no-op."""
        self.write(
            [
                (
                    (
                        f"INSERT INTO {self.keys_table} (verifier_key, name, registered_at) "
                        "VALUES ({p}, {p}, {p}) ON CONFLICT (verifier_key) DO NOTHING"
                    ),
                    [(verifier_key, key_name, issued_at)],
                ),
                (
                    (
                        f"INSERT INTO {self.checkpoints_table} "
                        "(tree_size, root_hash, verifier_key, note, issued_at) "
                        "VALUES ({p}, {p}, {p}, {p}, {p}) "
                        "ON CONFLICT (tree_size, verifier_key) DO NOTHING"
                    ),
                    [(size, root, verifier_key, note, issued_at)],
                ),
            ]
        )

    def checkpoints(self, *, limit: int = 100) -> list[dict[str, Any]]:
        """Issued checkpoints, largest tree first."""
        rows = self.fetch(
            f"SELECT tree_size, verifier_key, note, issued_at FROM {self.checkpoints_table} "
            "ORDER BY tree_size DESC, issued_at DESC LIMIT {p}",
            (limit,),
        )
        return [dict(row) for row in rows]

    def store_cosignature(
        self,
        size: int,
        verifier_key: str,
        witness_key: str,
        line: str,
        cosigned_at: int,
        received_at: str,
    ) -> None:
        """Keep a witness's cosignature of a checkpoint; a repeat is a no-op."""
        self.write(
            [
                (
                    (
                        f"INSERT INTO {self.cosignatures_table} (tree_size, verifier_key, "
                        "witness_key, line, cosigned_at, received_at) "
                        "VALUES ({p}, {p}, {p}, {p}, {p}, {p}) "
                        "ON CONFLICT (tree_size, verifier_key, witness_key) DO NOTHING"
                    ),
                    [(size, verifier_key, witness_key, line, cosigned_at, received_at)],
                )
            ]
        )

    def cosignatures(self, size: int, verifier_key: str) -> list[dict[str, Any]]:
        rows = self.fetch(
            f"SELECT witness_key, line, cosigned_at FROM {self.cosignatures_table} "
            "WHERE tree_size = {p} AND verifier_key = {p} ORDER BY witness_key",
            (size, verifier_key),
        )
        return [dict(row) for row in rows]

    def log_keys(self) -> list[str]:
        """Every verifier key that has signed a checkpoint of this ledger, oldest first."""
        rows = self.fetch(
            f"SELECT verifier_key FROM {self.keys_table} ORDER BY registered_at, verifier_key"
        )
        return [str(row["verifier_key"]) for row in rows]

    def chain_links(self, *, from_position: int, to_position: int, limit: int) -> list[ChainLink]:
        """Links with ``from_position <= position <= to_position``, in order, at most ``limit``."""
        rows = self.fetch(
            f"SELECT position, notification_id, entry_digest, chain_hash FROM {self.chain_table} "
            "WHERE position >= {p} AND position <= {p} ORDER BY position LIMIT {p}",
            (from_position, to_position, limit),
        )
        return [link_from_row(row) for row in rows]

    def links_for(self, notification_ids: Sequence[int]) -> list[ChainLink]:
        """The links of the given entries (by notification id), in chain order."""
        if not notification_ids:
            return []
        low, high = min(notification_ids), max(notification_ids)
        wanted = set(notification_ids)
        rows = self.fetch(
            f"SELECT position, notification_id, entry_digest, chain_hash FROM {self.chain_table} "
            "WHERE notification_id >= {p} AND notification_id <= {p} ORDER BY position",
            (low, high),
        )
        return [link_from_row(row) for row in rows if row["notification_id"] in wanted]

    def stored_entries(self, *, after: int, upto: int, limit: int) -> list[StoredEntry]:
        """Stored events with ``after < notification id <= upto``, in order, at most ``limit``."""
        rows = self.fetch(
            f"SELECT {self._notification_id_column} AS notification_id, originator_id, "
            f"originator_version, topic, state FROM {self.events_table} "
            f"WHERE {self._notification_id_column} > {{p}} "
            f"AND {self._notification_id_column} <= {{p}} "
            f"ORDER BY {self._notification_id_column} LIMIT {{p}}",
            (after, upto, limit),
        )
        return [
            StoredEntry(
                notification_id=row["notification_id"],
                originator_id=self._uuid(row["originator_id"]),
                originator_version=row["originator_version"],
                topic=row["topic"],
                state=bytes(row["state"]),
            )
            for row in rows
        ]

    def position_at_or_before(self, notification_id: int) -> int:
        """The chain position of the last entry with an id <= ``notification_id`` (-1: none)."""
        rows = self.fetch(
            f"SELECT position FROM {self.chain_table} WHERE notification_id <= {{p}} "
            "ORDER BY notification_id DESC LIMIT 1",
            (notification_id,),
        )
        return int(rows[0]["position"]) if rows else -1

    def position_of_digest(self, digest: bytes) -> int | None:
        """Where an entry digest is chained (a full scan: used only to explain a failure)."""
        rows = self.fetch(
            f"SELECT position FROM {self.chain_table} WHERE entry_digest = {{p}} "
            "ORDER BY position LIMIT 1",
            (digest,),
        )
        return int(rows[0]["position"]) if rows else None

    @abstractmethod
    def has_table(self, table: str) -> bool:
        """Whether the (possibly schema-qualified) table exists."""

    def schema_version(self) -> int | None:
        """The schema version recorded in the meta table; None where there is no schema yet."""
        if not self.has_table(self.meta_table):
            return None
        rows = self.fetch(
            f"SELECT value FROM {self.meta_table} WHERE key = {{p}}", ("schema_version",)
        )
        return int(rows[0]["value"]) if rows else None

    def standby(self) -> Standby | None:
        """The standby's replay state, or None on a primary (and on SQLite, which has none)."""
        if self.dialect != "postgres":
            return None
        (row,) = self.fetch(
            "SELECT pg_is_in_recovery() AS standby, pg_last_xact_replay_timestamp() AS replayed"
        )
        return Standby(row["replayed"]) if row["standby"] else None

    def check_schema(self) -> None:
        """Refuse to work against a schema this code does not understand."""
        found = self.schema_version()
        if found != SCHEMA_VERSION:
            msg = (
                f"the ledger database has schema version {found}, this program understands "
                f"version {SCHEMA_VERSION}; "
                + (
                    "run 'sharing-ledger db init'"
                    if found is None
                    else "upgrade sharing-ledger before using this database"
                    if found > SCHEMA_VERSION
                    else "migrate the database first (docs/operations.md, Upgrades)"
                )
            )
            raise SchemaMismatch(msg)

    @property
    @abstractmethod
    def _notification_id_column(self) -> str:
        """The events table's notification id column (SQLite uses its rowid)."""

    def iter_links(self, *, upto: int, page: int = 5000) -> Iterator[ChainLink]:
        """All links up to position ``upto``, page by page."""
        position = 0
        while position <= upto:
            batch = self.chain_links(from_position=position, to_position=upto, limit=page)
            if not batch:
                return
            yield from batch
            position = batch[-1].position + 1

    def iter_entries(self, *, upto: int, page: int = 5000) -> Iterator[StoredEntry]:
        """All stored events up to notification id ``upto``, page by page."""
        after = 0
        while True:
            batch = self.stored_entries(after=after, upto=upto, limit=page)
            if not batch:
                return
            yield from batch
            after = batch[-1].notification_id

    def entry_digests(self, stored_events: Sequence[Any]) -> list[bytes]:
        """§3 digest of each stored event, in order: computed before the write lock.

        Each depends on its entry's stored bytes alone, so the recorders take
        them outside the insert's critical section.
        """
        return [
            entry_digest(self._uuid(e.originator_id), e.originator_version, e.topic, e.state)
            for e in stored_events
        ]

    @abstractmethod
    def notifications_after(self, after: int, limit: int) -> Sequence[Notification]:
        """At most ``limit`` stored events after notification id ``after``, in order.

        What the projection runner reads: the library's ``select_notifications``,
        or the same rows read faster.
        """

    # -- The verifier's pages: plain tuples, no object per row ------------------------
    @abstractmethod
    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        """Like :meth:`fetch`, with rows as plain tuples (binary columns as bytes)."""

    @abstractmethod
    def entry_rows(self, *, after: int, upto: int, limit: int) -> list[EntryRow]:
        """Stored events with ``after < notification id <= upto``, in order, as §2 frames them."""

    def link_rows(self, *, from_position: int, to_position: int, limit: int) -> list[LinkRow]:
        """Chain rows from ``from_position`` to ``to_position``, in order, at most ``limit``."""
        return list(
            self.fetch_tuples(
                "SELECT position, notification_id, entry_digest, chain_hash "
                f"FROM {self.chain_table} WHERE position >= {{p}} AND position <= {{p}} "
                "ORDER BY position LIMIT {p}",
                (from_position, to_position, limit),
            )
        )

    def node_rows(self, level: int, first: int, last: int) -> list[tuple[int, bytes]]:
        """(index, hash) of one level's stored nodes, ``first <= index <= last``, in order."""
        return list(
            self.fetch_tuples(
                f"SELECT idx, hash FROM {self.merkle_table} "
                "WHERE level = {p} AND idx >= {p} AND idx <= {p} ORDER BY idx",
                (level, first, last),
            )
        )

    def iter_link_rows(
        self, *, upto: int, page: int = VERIFY_PAGE
    ) -> Generator[LinkRow, None, None]:
        """All chain rows up to position ``upto``, page by page."""
        for batch in self._link_pages(upto, page):
            yield from batch

    def iter_entry_rows(
        self, *, upto: int, page: int = VERIFY_PAGE
    ) -> Generator[EntryRow, None, None]:
        """All stored events up to notification id ``upto``, page by page.

        Read in this thread: on SQLite a thread reading ahead only competes
        with this one for the GIL (measured: half the rate; PostgreSQL's
        recorder reads ahead, see read_ahead).
        """
        for batch in self._entry_pages(upto, page):
            yield from batch

    def _link_pages(self, upto: int, page: int) -> Generator[list[LinkRow], None, None]:
        position = 0
        while position <= upto:
            batch = self.link_rows(from_position=position, to_position=upto, limit=page)
            if not batch:
                return
            yield batch
            position = batch[-1][0] + 1

    def _entry_pages(self, upto: int, page: int) -> Generator[list[EntryRow], None, None]:
        after = 0
        while batch := self.entry_rows(after=after, upto=upto, limit=page):
            yield batch
            after = batch[-1][0]


def auxiliary_tables_ddl(
    queries: ChainQueries, dialect: Literal["sqlite", "postgres"]
) -> list[str]:
    """Checkpoints issued, the log's verifier keys, witnesses' cosignatures, idempotency keys.

    The first three are append-only like the entries (a checkpoint once
    issued is evidence someone may hold); idempotency keys are bookkeeping.
    """
    blob = "BLOB" if dialect == "sqlite" else "bytea"
    checkpoints = (
        f"CREATE TABLE IF NOT EXISTS {queries.checkpoints_table} ("
        f"tree_size BIGINT NOT NULL, root_hash {blob} NOT NULL, verifier_key TEXT NOT NULL, "
        "note TEXT NOT NULL, issued_at TEXT NOT NULL, PRIMARY KEY (tree_size, verifier_key))"
    )
    keys = (
        f"CREATE TABLE IF NOT EXISTS {queries.keys_table} ("
        "verifier_key TEXT PRIMARY KEY, name TEXT NOT NULL, registered_at TEXT NOT NULL)"
    )
    cosignatures = (
        f"CREATE TABLE IF NOT EXISTS {queries.cosignatures_table} ("
        "tree_size BIGINT NOT NULL, verifier_key TEXT NOT NULL, witness_key TEXT NOT NULL, "
        "line TEXT NOT NULL, cosigned_at BIGINT NOT NULL, received_at TEXT NOT NULL, "
        "PRIMARY KEY (tree_size, verifier_key, witness_key))"
    )
    idempotency = (
        f"CREATE TABLE IF NOT EXISTS {queries.idempotency_table} ("
        "principal TEXT NOT NULL, key TEXT NOT NULL, request_hash TEXT NOT NULL, "
        "first_position BIGINT NOT NULL, count BIGINT NOT NULL, created_at TEXT NOT NULL, "
        "PRIMARY KEY (principal, key))"
    )
    return [checkpoints, keys, cosignatures, idempotency]


def idempotency_rows(claims: object, links: Sequence[ChainLink]) -> list[tuple[Any, ...]]:
    """Rows for the claims of an insert: ``[(claim or None, entries it covers), ...]`` in order.

    The groups of a shared (group-committed) transaction are contiguous in
    the insert, so each claim covers the next ``count`` links.
    """
    rows: list[tuple[Any, ...]] = []
    if not isinstance(claims, list):
        return rows
    start = 0
    for claim, count in claims:
        if isinstance(claim, IdempotencyClaim) and count:
            first = links[start]
            rows.append(
                (
                    claim.principal,
                    claim.key,
                    claim.request_hash,
                    first.position,
                    count,
                    claim.created_at,
                )
            )
        start += count
    return rows


class RightEdge:
    """The Merkle tree's peaks after this process's last committed insert.

    An append needs the tree's current peaks (the left siblings its new
    leaves complete). Reading them costs a round trip inside the insert
    transaction, under the write lock; in the usual case this process made
    the previous insert too and already knows them. The cache is only used
    when it describes exactly the head just read under the lock (same size,
    same chain hash), so another writer's inserts simply make it miss.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._known: tuple[int, bytes, dict[NodeKey, bytes]] | None = None
        self._thread = threading.local()

    def reader(self, head: ChainLink | None, storage: merkle.NodeReader) -> merkle.NodeReader:
        """A reader holding every peak of the tree ending at ``head`` (one read on a miss)."""
        size = 0 if head is None else head.position + 1
        head_hash = GENESIS_HASH if head is None else head.chain_hash
        with self._lock:
            known = self._known
        if known is not None and known[0] == size and known[1] == head_hash:
            peaks = known[2]
        else:
            peaks = dict(storage.nodes(merkle.peaks(size)))
        return _Peaks(size, head_hash, peaks)

    def committed(
        self,
        reader: merkle.NodeReader,
        links: Sequence[ChainLink],
        nodes: Sequence[tuple[int, int, bytes]],
    ) -> None:
        """Remember the peaks after a committed insert, and its links for the caller."""
        if not isinstance(reader, _Peaks) or not links:
            return
        size = links[-1].position + 1
        everything = reader.peaks | {(level, index): value for level, index, value in nodes}
        peaks = {key: everything[key] for key in merkle.peaks(size) if key in everything}
        with self._lock:
            self._known = (size, links[-1].chain_hash, peaks)
        self._thread.links = list(links)

    def take_links(self) -> list[ChainLink] | None:
        """The links of this thread's last committed insert (once), or None."""
        links: list[ChainLink] | None = getattr(self._thread, "links", None)
        self._thread.links = None
        return links


class _Peaks:
    def __init__(self, size: int, head_hash: bytes, peaks: dict[NodeKey, bytes]) -> None:
        self.size = size
        self.head_hash = head_hash
        self.peaks = peaks

    def nodes(self, keys: Sequence[NodeKey]) -> Mapping[NodeKey, bytes]:
        return {key: self.peaks[key] for key in keys if key in self.peaks}


def read_nodes(
    run: Callable[[str, Sequence[Any]], Sequence[Mapping[str, Any]]],
    table: str,
    keys: Sequence[NodeKey],
) -> dict[NodeKey, bytes]:
    """One query for a batch of Merkle nodes (a proof needs at most ~2 log2 n of them)."""
    if not keys:
        return {}
    condition = " OR ".join("(level = {p} AND idx = {p})" for _ in keys)
    rows = run(
        f"SELECT level, idx, hash FROM {table} WHERE {condition}",
        [value for key in keys for value in key],
    )
    return {(int(r["level"]), int(r["idx"])): bytes(r["hash"]) for r in rows}


def merkle_rows(
    links: Sequence[ChainLink], reader: merkle.NodeReader
) -> list[tuple[int, int, bytes]]:
    """The Merkle nodes that appending ``links`` completes (leaf = entry digest)."""
    if not links:
        return []
    return merkle.nodes_for_appends(
        links[0].position, [merkle.entry_leaf_hash(k.entry_digest) for k in links], reader
    )


def link_from_row(row: Mapping[str, Any]) -> ChainLink:
    return ChainLink(
        position=int(row["position"]),
        notification_id=int(row["notification_id"]),
        entry_digest=bytes(row["entry_digest"]),
        chain_hash=bytes(row["chain_hash"]),
    )


def snapshot_sql(chain_table: str, events_table: str, notification_id_column: str) -> str:
    """One statement (so one consistent snapshot): the chain head and the highest entry id."""
    return (
        "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, "
        f"(SELECT max({notification_id_column}) FROM {events_table}) AS max_notification_id "
        "FROM (SELECT 1 AS one) AS o LEFT JOIN ("
        f"SELECT position, notification_id, entry_digest, chain_hash FROM {chain_table} "
        "ORDER BY position DESC LIMIT 1) AS c ON 1 = 1"
    )
