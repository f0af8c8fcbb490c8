"""The chain's rows: links and the stored entries they cover, and the notification log.

Reads only. The ledger's tables are written by the recorders' insert alone,
inside the transaction that holds the write lock (``sqlite.py``,
``postgres.py``).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Generator, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from uuid import UUID

from eventsourcing.persistence import Notification

from ledger.integrity.chain import ChainLink, EntryRow, LinkRow, StoredEntry, entry_digest
from ledger.storage.paging import VERIFY_PAGE, RangeScan, rows

if TYPE_CHECKING:
    from ledger.storage.gateway import Gateway

LINK_COLUMNS = "position, notification_id, entry_digest, chain_hash"


class ChainRows:
    """Queries over the events and chain tables."""

    def __init__(self, database: Gateway) -> None:
        self.database = database
        tables = database.tables
        self._nid = tables.notification_id
        self._link_scan = RangeScan(LINK_COLUMNS, tables.chain, "position", after=-1)
        # uuid_send: the originator id's 16 bytes in RFC 4122 order, as §2 frames it;
        # SQLite keeps the hex, turned into bytes page by page (entry_rows).
        originator = (
            "uuid_send(originator_id)" if database.dialect == "postgres" else "originator_id"
        )
        self._entry_scan = RangeScan(
            f"{self._nid}, {originator}, originator_version, topic, state",
            tables.events,
            self._nid,
            after=0,
        )

    def head(self) -> ChainLink | None:
        """The last link of the chain, or None for an empty ledger."""
        rows = self.database.fetch(
            f"SELECT {LINK_COLUMNS} FROM {self.database.tables.chain} "
            "ORDER BY position DESC LIMIT 1"
        )
        return link_from_row(rows[0]) if rows else None

    def snapshot(self) -> tuple[ChainLink | None, int]:
        """The chain head and the highest stored notification id, read together.

        Verification bounds itself by this snapshot, so entries committed while
        it runs are neither missed nor mistaken for insertions.
        """
        tables = self.database.tables
        (row,) = self.database.fetch(snapshot_sql(tables.chain, tables.events, self._nid))
        head = None if row["position"] is None else link_from_row(row)
        return head, int(row["max_notification_id"] or 0)

    def bounds(self) -> ChainBounds:
        """The chain head and the stored rows' extremes, read together (one statement).

        What verification starts from: it scans from the lowest stored id and
        position, so that no stored row lies outside what it reads.
        """
        tables = self.database.tables
        (row,) = self.database.fetch(
            snapshot_sql(tables.chain, tables.events, self._nid, extremes=True)
        )
        head = None if row["position"] is None else link_from_row(row)
        return ChainBounds(
            head=head,
            max_notification_id=int(row["max_notification_id"] or 0),
            min_notification_id=_optional_int(row["min_notification_id"]),
            min_position=_optional_int(row["min_position"]),
        )

    def size(self) -> int:
        """How many entries the chain holds."""
        head, _ = self.snapshot()
        return 0 if head is None else head.position + 1

    def link_at(self, position: int) -> ChainLink:
        """The link at ``position``; LookupError if the chain has none there."""
        rows = self.database.fetch(
            f"SELECT {LINK_COLUMNS} FROM {self.database.tables.chain} WHERE position = {{p}}",
            (position,),
        )
        if not rows:
            msg = f"the chain has no link at position {position}"
            raise LookupError(msg)
        return link_from_row(rows[0])

    def entries_of(self, originator_ids: Sequence[UUID]) -> list[tuple[ChainLink, StoredEntry]]:
        """Every entry of the given aggregates, with its link, in chain order."""
        tables = self.database.tables
        found: list[tuple[ChainLink, StoredEntry]] = []
        ids = sorted(set(originator_ids))
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            rows = self.database.fetch(
                "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, "
                "e.originator_id, e.originator_version, e.topic, e.state "
                f"FROM {tables.events} e JOIN {tables.chain} c "
                f"ON c.notification_id = e.{self._nid} "
                f"WHERE e.originator_id IN ({', '.join('{p}' for _ in chunk)})",
                [self.database.stored_id(i) for i in chunk],
            )
            found += [
                (
                    link_from_row(row),
                    StoredEntry(
                        notification_id=int(row["notification_id"]),
                        originator_id=self.database.as_uuid(row["originator_id"]),
                        originator_version=int(row["originator_version"]),
                        topic=row["topic"],
                        state=bytes(row["state"]),
                    ),
                )
                for row in rows
            ]
        return sorted(found, key=lambda pair: pair[0].position)

    def appended_between(self, first: int, count: int) -> list[tuple[ChainLink, str, UUID, int]]:
        """Links of positions [first, first + count) with each entry's topic, id and version."""
        tables = self.database.tables
        rows = self.database.fetch(
            "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, e.topic, "
            "e.originator_id, e.originator_version "
            f"FROM {tables.chain} c JOIN {tables.events} e "
            f"ON e.{self._nid} = c.notification_id "
            "WHERE c.position >= {p} AND c.position < {p} ORDER BY c.position",
            (first, first + count),
        )
        return [
            (
                link_from_row(row),
                str(row["topic"]),
                self.database.as_uuid(row["originator_id"]),
                int(row["originator_version"]),
            )
            for row in rows
        ]

    def links_for(self, notification_ids: Sequence[int]) -> list[ChainLink]:
        """The links of the given entries (by notification id), in chain order."""
        if not notification_ids:
            return []
        low, high = min(notification_ids), max(notification_ids)
        wanted = set(notification_ids)
        rows = self.database.fetch(
            f"SELECT {LINK_COLUMNS} FROM {self.database.tables.chain} "
            "WHERE notification_id >= {p} AND notification_id <= {p} ORDER BY position",
            (low, high),
        )
        return [link_from_row(row) for row in rows if row["notification_id"] in wanted]

    def position_at_or_before(self, notification_id: int) -> int:
        """The chain position of the last entry with an id <= ``notification_id`` (-1: none)."""
        rows = self.database.fetch(
            f"SELECT position FROM {self.database.tables.chain} WHERE notification_id <= {{p}} "
            "ORDER BY notification_id DESC LIMIT 1",
            (notification_id,),
        )
        return int(rows[0]["position"]) if rows else -1

    def hashes_before(self, position: int, count: int) -> list[bytes]:
        """The stored chain hashes of the ``count`` positions before ``position``, oldest first."""
        rows = self.database.fetch(
            f"SELECT chain_hash FROM {self.database.tables.chain} "
            "WHERE position >= {p} AND position < {p} ORDER BY position",
            (position - count, position),
        )
        return [bytes(row["chain_hash"]) for row in rows]

    def position_of_digest(self, digest: bytes) -> int | None:
        """Where an entry digest is chained (a full scan: used only to explain a failure)."""
        rows = self.database.fetch(
            f"SELECT position FROM {self.database.tables.chain} WHERE entry_digest = {{p}} "
            "ORDER BY position LIMIT 1",
            (digest,),
        )
        return int(rows[0]["position"]) if rows else None

    def notifications_after(self, after: int, limit: int) -> list[Notification]:
        """At most ``limit`` stored events after notification id ``after``, in order.

        What the projection runner reads: the rows as plain (binary) tuples,
        faster than the library's ``select_notifications`` (dicts, hex-encoded
        state), which a rebuild of a million entries feels (bench/rebuild.py).
        """
        rows = self.database.fetch_tuples(
            f"SELECT {self._nid}, originator_id, originator_version, topic, state "
            f"FROM {self.database.tables.events} WHERE {self._nid} > {{p}} "
            f"ORDER BY {self._nid} LIMIT {{p}}",
            (after, limit),
        )
        as_uuid = self.database.as_uuid
        return [
            Notification(
                id=nid,
                originator_id=as_uuid(oid),
                originator_version=version,
                topic=topic,
                state=state,
            )
            for nid, oid, version, topic, state in rows
        ]

    # -- Whole-ledger scans, page by page (what verification reads) -------------------
    def link_rows(
        self, *, upto: int, after: int = -1, page: int = VERIFY_PAGE
    ) -> Generator[LinkRow, None, None]:
        """Every chain row after position ``after`` up to ``upto``, in order, page by page."""
        scan = dataclasses.replace(self._link_scan, after=after)
        return rows(self.database.scan(scan, upto, page))

    def entry_rows(
        self, *, upto: int, after: int = 0, page: int = VERIFY_PAGE
    ) -> Generator[EntryRow, None, None]:
        """Every stored event with a notification id in (``after``, ``upto``], in order, as §2
        frames them."""
        scan = dataclasses.replace(self._entry_scan, after=after)
        pages = self.database.scan(scan, upto, page)
        return rows(_with_id_bytes(pages) if self.database.dialect == "sqlite" else pages)


@dataclass(frozen=True, slots=True)
class ChainBounds:
    """The chain head and the extremes of the stored rows, from one consistent snapshot."""

    head: ChainLink | None
    max_notification_id: int  # 0 when no event is stored
    min_notification_id: int | None  # None when no event is stored
    min_position: int | None  # None when no link is stored


def entry_digests(stored_events: Sequence[Any]) -> list[bytes]:
    """§3 digest of each stored event, in order: computed before the write lock.

    Each depends on its entry's stored bytes alone, so the recorders take
    them outside the insert's critical section.
    """
    return [
        entry_digest(_as_uuid(e.originator_id), e.originator_version, e.topic, e.state)
        for e in stored_events
    ]


def link_from_row(row: Mapping[str, Any]) -> ChainLink:
    return ChainLink(
        position=int(row["position"]),
        notification_id=int(row["notification_id"]),
        entry_digest=bytes(row["entry_digest"]),
        chain_hash=bytes(row["chain_hash"]),
    )


def snapshot_sql(
    chain_table: str, events_table: str, notification_id_column: str, *, extremes: bool = False
) -> str:
    """One statement (so one consistent snapshot): the chain head and the highest entry id.

    With ``extremes``, also the lowest stored entry id and the lowest chain position
    (each one probe of its index).
    """
    lowest = (
        f"(SELECT min({notification_id_column}) FROM {events_table}) AS min_notification_id, "
        f"(SELECT min(position) FROM {chain_table}) AS min_position, "
        if extremes
        else ""
    )
    return (
        "SELECT c.position, c.notification_id, c.entry_digest, c.chain_hash, "
        f"{lowest}"
        f"(SELECT max({notification_id_column}) FROM {events_table}) AS max_notification_id "
        "FROM (SELECT 1 AS one) AS o LEFT JOIN ("
        f"SELECT {LINK_COLUMNS} FROM {chain_table} "
        "ORDER BY position DESC LIMIT 1) AS c ON 1 = 1"
    )


def _with_id_bytes(
    pages: Generator[Sequence[tuple[Any, ...]], None, None],
) -> Generator[Sequence[tuple[Any, ...]], None, None]:
    try:
        for page in pages:
            yield [(nid, _id_bytes(oid), v, topic, state) for nid, oid, v, topic, state in page]
    finally:
        pages.close()


def _optional_int(value: Any) -> int | None:
    return None if value is None else int(value)


def _as_uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _id_bytes(value: str) -> bytes:
    """The 16 bytes of a stored originator id (32 hex digits; any form UUID() reads)."""
    try:
        raw = bytes.fromhex(value)
    except (TypeError, ValueError):
        raw = b""
    return raw if len(raw) == 16 else UUID(value).bytes
