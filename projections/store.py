"""Read-model storage: tables, tracking positions, and one transaction per batch.

The view rows a batch of events produces and the tracking positions that say
"these events are in" are written in the same transaction, so a crash can
never leave rows without their position (counted again after a restart) or a
position without its rows (lost). That is what "exactly once" means here.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import structlog

from ledger.storage.gateway import Dialect, Gateway
from projections.base import ReadModel
from projections.faults import ROW_ERRORS, Fault, Stall
from projections.ops import Insert, Op, Update, Value
from projections.tables import FAULTS, HEARTBEAT, TRACKING, Table

Statement = tuple[str, list[Sequence[Any]]]


# The database's clock, in milliseconds since the epoch (heartbeats are timed by it alone).
NOW_MS = {
    "sqlite": "CAST((julianday('now') - 2440587.5) * 86400000.0 AS INTEGER)",
    "postgres": "CAST(extract(epoch FROM clock_timestamp()) * 1000 AS BIGINT)",
}
HEARTBEAT_NAME = "projections"
_RECORD_STALL = (
    f"INSERT INTO {FAULTS.name} "
    "(name, stalled, failures, notification_id, position, kind, detail, stalled_at) "
    "VALUES ({p}, 1, 1, {p}, {p}, {p}, {p}, {p}) ON CONFLICT (name) DO UPDATE SET stalled = 1, "
    f"failures = {FAULTS.name}.failures + 1, notification_id = excluded.notification_id, "
    "position = excluded.position, kind = excluded.kind, detail = excluded.detail, "
    "stalled_at = excluded.stalled_at"
)
_BEAT = (
    f"INSERT INTO {HEARTBEAT.name} (name, worker, beat_ms, notification_id) "
    "VALUES ({{p}}, {{p}}, {now}, {{p}}) ON CONFLICT (name) DO UPDATE SET "
    "worker = excluded.worker, beat_ms = excluded.beat_ms, "
    "notification_id = excluded.notification_id"
)


@dataclass(frozen=True, slots=True)
class Tracked:
    version: int
    notification_id: int
    stall: Stall | None = None  # set while the read model is stalled


@dataclass(frozen=True, slots=True)
class Beat:
    """The projection worker's last heartbeat, as the database's clock saw it."""

    worker: str
    notification_id: int
    age: float  # seconds since it was written


class ReadModelStore:
    """The read models' tables, in the ledger's own database."""

    def __init__(self, sql: Gateway) -> None:
        self.sql = sql

    def missing_tables(self, projections: Iterable[ReadModel]) -> list[Table]:
        tables = [TRACKING, FAULTS, HEARTBEAT, *(t for p in projections for t in p.tables)]
        return [t for t in tables if not self.sql.has_table(t.name)]

    def ensure_tables(self, projections: Iterable[ReadModel]) -> list[Table]:
        """Create the tables that do not exist yet; return them.

        Existing tables are left alone, so that a role without CREATE (the
        service's writer role) can start once the owner has run ``db init``.
        """
        projections = list(projections)
        missing = self.missing_tables(projections)
        statements = [s for table in missing for s in table.ddl(self.sql.dialect)]
        kept = [t for p in projections for t in p.tables if t not in missing]
        statements += self._index_changes(kept)
        if statements:
            self.sql.write([(statement, [()]) for statement in statements])
        for table in self._keys_missing(kept):
            self._build_key(table)
        return missing

    def _keys_missing(self, tables: Sequence[Table]) -> list[Table]:
        """Tables keyed late that have no key: a replay stopped before its end built it.

        (A table made before keys came late has SQLite's own autoindex instead.)
        """
        late = [t for t in tables if t.keyed_late(self.sql.dialect)]
        if not late:
            return []
        marks = ", ".join("{p}" for _ in late)
        rows = self.sql.fetch(
            f"SELECT tbl_name AS tab FROM sqlite_master WHERE type = 'index' AND tbl_name IN "
            f"({marks}) AND (name = tbl_name || '_key' OR name LIKE 'sqlite_autoindex_%')",
            [t.name for t in late],
        )
        keyed = {row["tab"] for row in rows}
        return [t for t in late if t.name not in keyed]

    def _build_key(self, table: Table) -> None:
        """Build a missing key; if the rows break it, log that and start without it.

        Rows that break a key mean a projection wrote one row twice: a bug in
        the read model, not in the ledger. The service still starts (reports
        read the table without its key, slowly); a rebuild stalls the read
        model on the entry whose rows repeat the key (``projections/faults.py``)
        until the projection is fixed.
        """
        try:
            self.sql.write([(table.key_ddl(), [()])])
        except sqlite3.IntegrityError:
            structlog.get_logger().error(
                "projections.key_refused",
                table=table.name,
                reason="a row repeats the table's key: fix the projection, then rebuild",
            )

    def _index_changes(self, tables: Sequence[Table]) -> list[str]:
        """DDL that brings existing tables' indexes to what the code declares.

        Indexes are named ``<table>_<columns>_idx``; one the code no longer
        declares is dropped (it would only slow down writes), one it newly
        declares is created. Nothing to do (the usual case) runs no DDL, so a
        role without the right to change the schema starts as before.
        """
        if not tables:
            return []
        names = [t.name for t in tables]
        marks = ", ".join("{p}" for _ in names)
        query = (
            f"SELECT tbl_name AS tab, name FROM sqlite_master WHERE type = 'index' "
            f"AND tbl_name IN ({marks})"
            if self.sql.dialect == "sqlite"
            else "SELECT tablename AS tab, indexname AS name FROM pg_indexes "
            f"WHERE schemaname = current_schema() AND tablename IN ({marks})"
        )
        present: dict[str, set[str]] = {}
        for row in self.sql.fetch(query, names):
            present.setdefault(row["tab"], set()).add(row["name"])
        changes = []
        for table in tables:
            # Ours only: not a primary key's index (rm_x_pkey, sqlite_autoindex_rm_x_1).
            found = {
                n
                for n in present.get(table.name, ())
                if n.startswith(f"{table.name}_") and n.endswith("_idx")
            }
            declared = {table.index_name(columns): columns for columns in table.indexes}
            changes += [self._drop_index(name) for name in sorted(found - set(declared))]
            changes += [table.index_ddl(c) for name, c in declared.items() if name not in found]
        return changes

    def _drop_index(self, name: str) -> str:
        if self.sql.dialect == "sqlite":
            return f"DROP INDEX IF EXISTS {name}"
        # Inside DO: psycopg forgets its prepared statements when it sees a DROP
        # complete, and on a pooled connection the next prepared read then fails.
        return f"DO $$ BEGIN DROP INDEX IF EXISTS {name}; END $$"

    def tracking(self) -> dict[str, Tracked]:
        """Each read model's version and position, and its stall if it is stalled."""
        rows = self.sql.fetch(
            f"SELECT t.name, t.version, t.notification_id, f.notification_id AS failed_id, "
            f"f.position, f.kind, f.detail, f.stalled_at, f.failures FROM {TRACKING.name} t "
            f"LEFT JOIN {FAULTS.name} f ON f.name = t.name AND f.stalled = 1"
        )
        return {
            row["name"]: Tracked(
                row["version"],
                row["notification_id"],
                None
                if row["failed_id"] is None
                else Stall(
                    row["name"],
                    row["failed_id"],
                    row["position"],
                    row["kind"],
                    row["detail"],
                    row["stalled_at"],
                    row["failures"],
                ),
            )
            for row in rows
        }

    def failures(self) -> dict[str, int]:
        """How many times each read model has stalled, ever (for the Prometheus counter)."""
        rows = self.sql.fetch(f"SELECT name, failures FROM {FAULTS.name}")
        return {row["name"]: int(row["failures"]) for row in rows}

    def commit(
        self,
        ops: Sequence[Op],
        positions: Mapping[ReadModel, int],
        faults: Mapping[ReadModel, Fault] | None = None,
        at: str = "",
    ) -> None:
        """Apply ``ops`` and move each projection's position, in one transaction.

        A read model in ``faults`` is recorded as stalled on that entry (at
        time ``at``), in the same transaction as the rows it made before it.
        """
        statements = self.statements(ops)
        statements.append(
            (
                (
                    f"INSERT INTO {TRACKING.name} (name, version, notification_id) "
                    "VALUES ({p}, {p}, {p}) ON CONFLICT (name) DO UPDATE SET "
                    "version = excluded.version, notification_id = excluded.notification_id"
                ),
                [(p.name, p.version, nid) for p, nid in positions.items()],
            )
        )
        if faults:
            statements.append(
                (
                    _RECORD_STALL,
                    [
                        (p.name, f.notification_id, f.position, f.kind, f.detail, at)
                        for p, f in faults.items()
                    ],
                )
            )
        self.sql.write(statements)

    # -- The worker's heartbeat ---------------------------------------------------------------
    def beat(self, worker: str, notification_id: int) -> None:
        """Say that a projector is alive, at the database's time."""
        now = NOW_MS[self.sql.dialect]
        self.sql.write(
            [
                (
                    _BEAT.format(now=now),
                    [(HEARTBEAT_NAME, worker, notification_id)],
                )
            ]
        )

    def heartbeat(self) -> Beat | None:
        """The last heartbeat, with its age by the database's clock; None if there never was one."""
        rows = self.sql.fetch(
            f"SELECT worker, notification_id, {NOW_MS[self.sql.dialect]} - beat_ms AS age_ms "
            f"FROM {HEARTBEAT.name} WHERE name = {{p}}",
            [HEARTBEAT_NAME],
        )
        if not rows:
            return None
        row = rows[0]
        return Beat(row["worker"], int(row["notification_id"]), max(0, int(row["age_ms"])) / 1000)

    def reset(self, projection: ReadModel, *, keyed: bool = False) -> None:
        """Empty a read model and put its position back to the start, in one transaction.

        A table keyed late (SQLite, ``Table.insert_only``) is made again with
        no index at all, not even its key: :meth:`finish` builds them once the
        replay is done. Made again, not emptied, so a table from before keys
        came late (a PRIMARY KEY clause, which SQLite cannot drop) takes the
        current shape too. ``keyed``: with its key and indexes at once, so that
        the replay's commits meet them (to find the entry whose rows break a key).
        A stalled read model is no longer stalled.
        """
        dialect = self.sql.dialect
        late = [t for t in projection.tables if t.keyed_late(dialect)]
        names = [t.name for t in projection.tables if t not in late]
        statements: list[Statement] = [
            (sql, [()])
            for t in late
            for sql in (
                f"DROP TABLE {t.name}",
                t.table_ddl(dialect),
                *(t.index_ddls(dialect) if keyed else ()),
            )
        ]
        statements += (
            # PostgreSQL: TRUNCATE leaves no dead rows behind for VACUUM to clear
            # (a million-row DELETE leaves a million), where the role may use it.
            [(f"TRUNCATE {', '.join(names)}", [()])]
            if self._may_truncate(names)
            else [(f"DELETE FROM {name}", [()]) for name in names]
        )
        statements.append((f"DELETE FROM {TRACKING.name} WHERE name = {{p}}", [(projection.name,)]))
        # Emptied and replayed from the start: no longer stalled (its failures still count).
        statements.append(
            (f"UPDATE {FAULTS.name} SET stalled = 0 WHERE name = {{p}}", [(projection.name,)])
        )
        self.sql.write(statements)

    def _may_truncate(self, tables: Sequence[str]) -> bool:
        if self.sql.dialect != "postgres" or not tables:
            return False
        marks = " AND ".join("has_table_privilege({p}, 'TRUNCATE')" for _ in tables)
        return bool(self.sql.fetch(f"SELECT {marks} AS allowed", tables)[0]["allowed"])

    def finish(self, projections: Iterable[ReadModel]) -> list[ReadModel]:
        """After replaying read models from the start: their indexes, then planner statistics.

        SQLite: the key and indexes :meth:`reset` left out of tables keyed
        late, each built in one pass over the rows. A read model whose rows
        repeat a key is returned, its tables left without it: replayed again
        with the key in place, the commit that breaks it names the entry.

        Then the store settles the rewritten tables (``Gateway.settle``; on
        PostgreSQL VACUUM (ANALYZE)): without fresh statistics the planner
        guesses from the emptied tables and may choose plans (and JIT
        compilation) fit for millions of rows for a report that reads ten,
        and without the visibility map the covering indexes cannot answer
        alone. For a role that does not own the tables PostgreSQL skips
        them with a warning and autovacuum catches up later.
        """
        dialect = self.sql.dialect
        projections = list(projections)
        refused = []
        for projection in projections:
            late = [
                sql
                for t in projection.tables
                if t.keyed_late(dialect)
                for sql in t.index_ddls(dialect)
            ]
            try:
                if late:
                    self.sql.write([(sql, [()]) for sql in late])
            except ROW_ERRORS:
                refused.append(projection)
        self.sql.settle([t.name for p in projections for t in p.tables])
        return refused

    def statements(self, ops: Sequence[Op]) -> list[Statement]:
        return to_statements(ops, self.sql.dialect)


def to_statements(
    ops: Sequence[Op], dialect: Dialect, names: Mapping[str, str] | None = None
) -> list[Statement]:
    """SQL with the effect of applying ``ops`` in order, in as few statements as that allows.

    Inserts are gathered per table (and column list) and written together;
    an update first writes the inserts gathered for its own table, so it
    sees every row inserted before it. Tables do not refer to each other,
    so only the order within one table matters. Consecutive identical
    updates share a statement. ``names``: where each table is written
    instead (the scratch tables a check replays into), by the ops' names.
    """
    rename = names or {}
    statements: list[Statement] = []
    gathered: dict[str, dict[tuple[str, ...], list[Sequence[Value]]]] = {}
    last_update: str | None = None
    for op in ops:
        if isinstance(op, Insert):
            by_columns = gathered.setdefault(op.table, {})
            by_columns.setdefault(tuple(op.row), []).append(tuple(op.row.values()))
            continue
        for columns, rows in gathered.pop(op.table, {}).items():
            statements.append(_insert(dialect, rename.get(op.table, op.table), columns, rows))
            last_update = None
        sql, (params,) = _update(op, rename.get(op.table, op.table))
        if sql == last_update:
            statements[-1][1].append(params)
        else:
            statements.append((sql, [params]))
            last_update = sql
    for table, by_columns in gathered.items():
        target = rename.get(table, table)
        statements += [_insert(dialect, target, c, rows) for c, rows in by_columns.items()]
    return statements


def _insert(
    dialect: Dialect, table: str, columns: tuple[str, ...], rows: list[Sequence[Value]]
) -> Statement:
    names = ", ".join(columns)
    if dialect == "postgres" and len(rows) > 1:
        # PostgreSQL: the batch's rows copied in (COPY ... FROM STDIN), psycopg
        # formatting each row in C: faster than every INSERT form measured
        # (docs/performance.md, the rebuild's notes).
        return (f"COPY {table} ({names}) FROM STDIN", rows)
    placeholders = ", ".join("{p}" for _ in columns)
    return (f"INSERT INTO {table} ({names}) VALUES ({placeholders})", rows)


def _update(op: Update, table: str) -> Statement:
    assignments = ", ".join(f"{column} = {{p}}" for column in op.values)
    conditions = " AND ".join(
        f"{column} IS NULL" if value is None else f"{column} = {{p}}"
        for column, value in op.where.items()
    )
    params = [*op.values.values(), *(v for v in op.where.values() if v is not None)]
    return (f"UPDATE {table} SET {assignments} WHERE {conditions}", [tuple(params)])
