"""The gateway to the ledger's database: the SQL primitives every store here builds on.

Both chained recorders (``sqlite.py``, ``postgres.py``) implement :class:`Gateway`;
they differ only in how they run a query (placeholder style, connections,
binary rows) and how they page through a long scan. Everything about *which*
rows to read lives once, in the module of its concern:

==================  =========================================================
``chain_rows``      the chain's links and stored entries, and the notification log
``merkle_nodes``    the Merkle tree's stored nodes, and its right edge while appending
``checkpoint_rows`` checkpoints issued, the log's keys, witnesses' cosignatures
``idempotency``     Idempotency-Keys, claimed in the same transaction as their entries
``schema``          table names, DDL, the schema version, standby state
``paging``          the one way a long scan is read: pages of plain tuples
``sessions``        one snapshot with scratch tables, never committed (read-model checks)
==================  =========================================================

The read models, principals and the subject directory live in the same
database and reach it through this protocol alone.
"""

from __future__ import annotations

from collections.abc import Generator, Mapping, Sequence
from contextlib import AbstractContextManager
from typing import Any, Literal, Protocol
from uuid import UUID

from ledger.storage.paging import RangeScan
from ledger.storage.schema import LedgerTables
from ledger.storage.sessions import Session

Dialect = Literal["sqlite", "postgres"]
# (SQL, one parameter row per execution): what `write` runs in one transaction.
Statement = tuple[str, Sequence[Sequence[Any]]]


class Gateway(Protocol):
    """SQL primitives over one database, with ``{p}`` as the placeholder on both stores."""

    dialect: Dialect
    tables: LedgerTables

    def fetch(self, sql: str, params: Sequence[Any] = ()) -> Sequence[Mapping[str, Any]]:
        """Run one read-only query; return its rows as mappings."""
        ...

    def fetch_tuples(self, sql: str, params: Sequence[Any] = ()) -> Sequence[tuple[Any, ...]]:
        """Like :meth:`fetch`, with rows as plain tuples (binary columns as bytes)."""
        ...

    def write(self, statements: Sequence[Statement]) -> None:
        """Run each statement once per parameter row, all in one transaction.

        For tables other than the ledger's own (read models, principals, the
        directory): the ledger's tables are only ever written by the
        recorder's insert. On PostgreSQL a statement ``COPY <table>
        (<columns>) FROM STDIN`` copies its rows in.
        """
        ...

    def settle(self, tables: Sequence[str]) -> None:
        """After ``tables`` were emptied and written afresh in bulk (a rebuild).

        PostgreSQL: ``VACUUM (ANALYZE)`` each, outside any transaction. The
        statistics let the planner see millions of rows, not the emptied
        table; the visibility map lets an index-only scan answer from a
        covering index without visiting the table: until it is set (by this,
        or by autovacuum minutes later) a partner's page read every row's
        heap page too (52.9 ms p99 against 17.1 ms p50 once vacuumed, at 1M).
        Both need the table's owner; for another role PostgreSQL skips the
        table with a warning. SQLite: nothing to do (its planner keeps no
        statistics it is not asked for, and it has no visibility map).
        """
        ...

    def has_table(self, table: str) -> bool:
        """Whether the (possibly schema-qualified) table exists."""
        ...

    def session(self) -> AbstractContextManager[Session]:
        """One connection, one snapshot, scratch tables; rolled back at its end (sessions.py)."""
        ...

    def scan(
        self, scan: RangeScan, upto: int, page: int
    ) -> Generator[Sequence[tuple[Any, ...]], None, None]:
        """The rows of ``scan`` with keys up to ``upto``, in key order, ``page`` rows at a time."""
        ...

    def stored_id(self, originator_id: UUID) -> Any:
        """An originator id as this store keeps it (a uuid, or its hex on SQLite)."""
        ...

    def as_uuid(self, value: Any) -> UUID:
        """A stored originator id as a UUID."""
        ...
