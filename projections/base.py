"""A read model: a name, a version, its tables, and a pure function from events to row changes."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from projections.ops import Op
from projections.tables import Table

Projector = Callable[[object, int], Sequence[Op]]
Handler = Callable[[Any, int], Sequence[Op]]


@dataclass(frozen=True, slots=True)
class ReadModel:
    """``project(event, notification_id)`` must depend on nothing but its arguments.

    Bump ``version`` whenever ``project`` changes what it writes: the runner
    then rebuilds the read model from the first entry.
    """

    name: str
    version: int
    tables: tuple[Table, ...]
    project: Projector


def by_type(*handlers: tuple[type, Handler]) -> Projector:
    """A projector from ``(event class, handler)`` pairs: the first class the event is one of.

    The choice is made once per concrete event type and remembered, so an
    event no handler wants (most events, for most read models) costs one
    dictionary lookup, and a replay of a million entries does not walk an
    ``isinstance`` chain a million times per read model.
    """
    chosen: dict[type, Handler | None] = {}

    def project(event: object, notification_id: int) -> Sequence[Op]:
        kind = type(event)
        try:
            handler = chosen[kind]
        except KeyError:
            handler = next((h for cls, h in handlers if isinstance(event, cls)), None)
            chosen[kind] = handler
        return () if handler is None else handler(event, notification_id)

    return project


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
