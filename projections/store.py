"""Read-model storage: tables, tracking positions, and one transaction per batch.

The view rows a batch of events produces and the tracking positions that say
"these events are in" are written in the same transaction, so a crash can
never leave rows without their position (counted again after a restart) or a
position without its rows (lost). That is what "exactly once" means here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ledger.storage.chained import ChainQueries
from projections.base import Projection
from projections.ops import Insert, Op, Update
from projections.tables import TRACKING, Table

Statement = tuple[str, list[Sequence[Any]]]


@dataclass(frozen=True, slots=True)
class Tracked:
    version: int
    notification_id: int


class ReadModelStore:
    """The read models' tables, in the ledger's own database."""

    def __init__(self, sql: ChainQueries) -> None:
        self.sql = sql

    def missing_tables(self, projections: Iterable[Projection]) -> list[Table]:
        tables = [TRACKING, *(t for p in projections for t in p.tables)]
        return [t for t in tables if not self.sql.has_table(t.name)]

    def ensure_tables(self, projections: Iterable[Projection]) -> list[Table]:
        """Create the tables that do not exist yet; return them.

        Existing tables are left alone, so that a role without CREATE (the
        service's writer role) can start once the owner has run ``db init``.
        """
        missing = self.missing_tables(projections)
        statements = [s for table in missing for s in table.ddl(self.sql.dialect)]
        if statements:
            self.sql.write([(statement, [()]) for statement in statements])
        return missing

    def tracking(self) -> dict[str, Tracked]:
        rows = self.sql.fetch(f"SELECT name, version, notification_id FROM {TRACKING.name}")
        return {row["name"]: Tracked(row["version"], row["notification_id"]) for row in rows}

    def commit(self, ops: Sequence[Op], positions: dict[Projection, int]) -> None:
        """Apply ``ops`` and move each projection's position, in one transaction."""
        statements = _statements(ops)
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
        self.sql.write(statements)

    def reset(self, projection: Projection) -> None:
        """Empty a read model and put its position back to the start, in one transaction."""
        statements: list[Statement] = [(f"DELETE FROM {t.name}", [()]) for t in projection.tables]
        statements.append((f"DELETE FROM {TRACKING.name} WHERE name = {{p}}", [(projection.name,)]))
        self.sql.write(statements)


def _statements(ops: Sequence[Op]) -> list[Statement]:
    """SQL for the ops, in order; consecutive inserts into one table share a statement."""
    statements: list[Statement] = []
    last_insert: tuple[str, tuple[str, ...]] | None = None
    for op in ops:
        if isinstance(op, Insert):
            columns = tuple(op.row)
            if last_insert == (op.table, columns):
                statements[-1][1].append(tuple(op.row.values()))
                continue
            placeholders = ", ".join("{p}" for _ in columns)
            statements.append(
                (
                    f"INSERT INTO {op.table} ({', '.join(columns)}) VALUES ({placeholders})",
                    [tuple(op.row.values())],
                )
            )
            last_insert = (op.table, columns)
        else:
            statements.append(_update(op))
            last_insert = None
    return statements


def _update(op: Update) -> Statement:
    assignments = ", ".join(f"{column} = {{p}}" for column in op.values)
    conditions = " AND ".join(
        f"{column} IS NULL" if value is None else f"{column} = {{p}}"
        for column, value in op.where.items()
    )
    params = [*op.values.values(), *(v for v in op.where.values() if v is not None)]
    return (f"UPDATE {op.table} SET {assignments} WHERE {conditions}", [tuple(params)])
