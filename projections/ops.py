"""What a projection decides for one event: rows to insert or update, nothing else.

Projections are pure functions from an event to a list of these operations;
the store applies them, with the tracking position, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

Value = str | int | None


@dataclass(frozen=True, slots=True)
class Insert:
    table: str
    row: Mapping[str, Value]


@dataclass(frozen=True, slots=True)
class Update:
    """Set ``values`` on the rows matching every ``where`` column."""

    table: str
    where: Mapping[str, Value]
    values: Mapping[str, Value]


Op = Insert | Update


def insert(table: str, **row: Value) -> Insert:
    return insert_row(table, row)


def insert_row(table: str, row: dict[str, Value]) -> Insert:
    """:func:`insert` for a row already built as a dictionary (which it takes over)."""
    return Insert(table, MappingProxyType(row))


def update(table: str, where: Mapping[str, Value], **values: Value) -> Update:
    return Update(table, MappingProxyType(dict(where)), MappingProxyType(values))
