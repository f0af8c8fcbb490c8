"""Read-model tables, declared once and created the same way on SQLite and PostgreSQL.

Columns are deliberately plain: TEXT for identifiers, terms and times (UTC ISO
8601, which sorts as time does), INTEGER for counts, positions and flags. The
same SQL then reads both stores, and a report's figures cannot differ between
them because of a type conversion.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "integer"]
# PostgreSQL cuts a longer identifier to 63 bytes (NAMEDATALEN - 1), and an index found
# under a cut name would never match the one declared, so it would be made at every start.
MAX_NAME = 63


@dataclass(frozen=True, slots=True)
class Table:
    """A read-model table.

    ``insert_only``: a projection only ever inserts rows here, never updates
    them (tests/integration/test_projection_runner.py holds every projection
    to it). On SQLite such a table has no PRIMARY KEY clause: its key is the
    unique index ``<table>_key``, which a rebuild drops with the table's other
    indexes and builds again after the last row, sorting once instead of
    writing index pages all over the file at every commit (the gain is
    measured in docs/performance.md). Uniqueness is still enforced when the
    index is built: a duplicate stalls the read model on the entry that made
    it (the replay is run again with the key in place, to find it), and is
    logged at the next start, which goes on without the key.
    """

    name: str
    columns: tuple[tuple[str, ColumnType], ...]
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = field(default=())
    insert_only: bool = False

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def keyed_late(self, dialect: Literal["sqlite", "postgres"]) -> bool:
        """Whether this table's key is an index a rebuild builds after loading (see above)."""
        return self.insert_only and dialect == "sqlite"

    def ddl(self, dialect: Literal["sqlite", "postgres"]) -> list[str]:
        """The table and its indexes, as a new, empty read model has them."""
        return [self.table_ddl(dialect), *self.index_ddls(dialect)]

    def table_ddl(self, dialect: Literal["sqlite", "postgres"]) -> str:
        types = {"text": "TEXT", "integer": "INTEGER" if dialect == "sqlite" else "BIGINT"}
        columns = ", ".join(f"{name} {types[kind]}" for name, kind in self.columns)
        if self.keyed_late(dialect):
            return f"CREATE TABLE IF NOT EXISTS {self.name} ({columns})"
        key = ", ".join(self.primary_key)
        return f"CREATE TABLE IF NOT EXISTS {self.name} ({columns}, PRIMARY KEY ({key}))"

    def index_ddls(self, dialect: Literal["sqlite", "postgres"]) -> list[str]:
        """Every index the table declares; for a table keyed late, its key first."""
        key = [self.key_ddl()] if self.keyed_late(dialect) else []
        return key + [self.index_ddl(index) for index in self.indexes]

    @property
    def key_name(self) -> str:
        return f"{self.name}_key"

    def key_ddl(self) -> str:
        key = ", ".join(self.primary_key)
        return f"CREATE UNIQUE INDEX IF NOT EXISTS {self.key_name} ON {self.name} ({key})"

    def index_name(self, columns: tuple[str, ...]) -> str:
        """``<table>_<columns>_idx``; a long one by its first column and a digest of all."""
        name = f"{self.name}_{'_'.join(columns)}_idx"
        if len(name) <= MAX_NAME:
            return name
        digest = hashlib.sha256(",".join(columns).encode()).hexdigest()[:10]
        return f"{self.name}_{columns[0]}_{digest}_idx"

    def index_ddl(self, columns: tuple[str, ...]) -> str:
        name = self.index_name(columns)
        return f"CREATE INDEX IF NOT EXISTS {name} ON {self.name} ({', '.join(columns)})"


TRACKING = Table(
    "rm_tracking",
    (("name", "text"), ("version", "integer"), ("notification_id", "integer")),
    ("name",),
)

# Read models that stopped on an entry they could not apply (projections/faults.py): one
# row per read model that ever stalled. ``stalled`` is 1 until a rebuild clears it;
# ``failures`` counts every stall, for the Prometheus counter.
FAULTS = Table(
    "rm_faults",
    (
        ("name", "text"),
        ("stalled", "integer"),
        ("failures", "integer"),
        ("notification_id", "integer"),  # the entry it could not apply
        ("position", "integer"),  # that entry's chain position
        ("kind", "text"),  # the exception's class name
        ("detail", "text"),  # code location, event type, constraint: never a value
        ("stalled_at", "text"),  # UTC, ISO 8601
    ),
    ("name",),
)

# The projection worker's heartbeat: one row, written every second by whichever process
# keeps the read models current, with the database's own clock (milliseconds since the
# epoch), so that the API's host and the worker's need not agree on the time.
HEARTBEAT = Table(
    "rm_heartbeat",
    (
        ("name", "text"),
        ("worker", "text"),  # host:pid
        ("beat_ms", "integer"),
        ("notification_id", "integer"),  # the lowest position of its running read models
    ),
    ("name",),
)
