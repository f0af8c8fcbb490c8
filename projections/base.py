"""A projection: a name, a version, its tables, and a pure function from events to row changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime

from projections.ops import Op
from projections.tables import Table

Projector = Callable[[object, int], Sequence[Op]]


@dataclass(frozen=True, slots=True)
class Projection:
    """``project(event, notification_id)`` must depend on nothing but its arguments.

    Bump ``version`` whenever ``project`` changes what it writes: the runner
    then rebuilds the read model from the first entry.
    """

    name: str
    version: int
    tables: tuple[Table, ...]
    project: Projector


def utc(moment: datetime) -> str:
    """A sortable UTC text form of a time: the same on both stores."""
    return moment.astimezone(UTC).isoformat(timespec="microseconds")


def day(value: date | None) -> str | None:
    return None if value is None else value.isoformat()


def terms(values: Sequence[str]) -> str:
    """Terms as ' a b c ': a category filter is then LIKE '% term %' on both stores."""
    return " " + " ".join(values) + " "


def split_terms(stored: str) -> tuple[str, ...]:
    return tuple(stored.split())
