"""What a projection decides for one event: rows to insert or update, nothing else.

Projections are pure functions from an event to a list of these operations;
the store applies them, with the tracking position, in one transaction.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import NamedTuple

Value = str | int | None

# Named tuples, not frozen dataclasses: as immutable, and made about three times
# faster (a frozen dataclass sets each field through object.__setattr__). A
# rebuild makes one or two for every entry of the ledger.


class Insert(NamedTuple):
    table: str
    row: Mapping[str, Value]


class Update(NamedTuple):
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
