"""Read-model tables, declared once and created the same way on SQLite and PostgreSQL.

Columns are deliberately plain: TEXT for identifiers, terms and times (UTC ISO
8601, which sorts as time does), INTEGER for counts, positions and flags. The
same SQL then reads both stores, and a report's figures cannot differ between
them because of a type conversion.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

ColumnType = Literal["text", "integer"]


@dataclass(frozen=True, slots=True)
class Table:
    name: str
    columns: tuple[tuple[str, ColumnType], ...]
    primary_key: tuple[str, ...]
    indexes: tuple[tuple[str, ...], ...] = field(default=())

    @property
    def column_names(self) -> tuple[str, ...]:
        return tuple(name for name, _ in self.columns)

    def ddl(self, dialect: Literal["sqlite", "postgres"]) -> list[str]:
        types = {"text": "TEXT", "integer": "INTEGER" if dialect == "sqlite" else "BIGINT"}
        columns = ", ".join(f"{name} {types[kind]}" for name, kind in self.columns)
        key = ", ".join(self.primary_key)
        statements = [f"CREATE TABLE IF NOT EXISTS {self.name} ({columns}, PRIMARY KEY ({key}))"]
        return statements + [self.index_ddl(index) for index in self.indexes]

    def index_name(self, columns: tuple[str, ...]) -> str:
        return f"{self.name}_{'_'.join(columns)}_idx"

    def index_ddl(self, columns: tuple[str, ...]) -> str:
        name = self.index_name(columns)
        return f"CREATE INDEX IF NOT EXISTS {name} ON {self.name} ({', '.join(columns)})"


TRACKING = Table(
    "rm_tracking",
    (("name", "text"), ("version", "integer"), ("notification_id", "integer")),
    ("name",),
)
