"""What every report needs: the store to read, the time it is asked, and row helpers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from ledger.storage.gateway import Gateway
from projections.base import split_terms, utc

_READ_MODEL_TABLE = re.compile(r"\brm_\w+")


class UndeclaredRead(Exception):
    """A report read a table of a read model projections/reports/reads.py does not give it."""


@dataclass(frozen=True, slots=True)
class Rules:
    """The legal choices a DPO may change (``docs/legal-rules.md``), one setting each."""

    # Art 19 sets no time limit of its own: by default a recipient must be told
    # within the Art 12(3) period of the request, in which the action is taken.
    art19_notice_months: int = 1


@dataclass(frozen=True, slots=True)
class Mark:
    """Where a page of a list ended: its last row's stored time and chain id, the list's order.

    A keyset, not an offset: rows recorded after a page was read are newer
    than the mark (or, if backdated, fall where they belong), so the next page
    starts exactly after the last row the reader saw, and costs a page however
    far into the list it is.
    """

    occurred_at: str  # as stored (projections.base.utc)
    notification_id: int

    def condition(self, alias: str) -> tuple[str, list[Any]]:
        """SQL for "after this mark" in newest-first order, on ``alias``'s columns."""
        after = (
            f"({alias}.occurred_at < {{p}} OR "
            f"({alias}.occurred_at = {{p}} AND {alias}.notification_id < {{p}}))"
        )
        return after, [self.occurred_at, self.occurred_at, self.notification_id]

    @classmethod
    def of(cls, row: Mapping[str, Any]) -> Mark:
        return cls(str(row["occurred_at"]), int(row["notification_id"]))


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a newest-first list: at most ``limit`` rows after ``after``."""

    limit: int
    after: Mark | None = None


def newest_first(alias: str, page: Page | None) -> tuple[list[str], list[Any], str]:
    """Conditions, their parameters and the ORDER BY clause of a newest-first list on
    ``alias``'s columns: the whole list (``page`` None), or one page of it.

    The chain id orders rows of one moment as the chain does (ids rise with
    positions). A page reads one row more than it holds: whether there is a
    next page, without counting.
    """
    order = f"ORDER BY {alias}.occurred_at DESC, {alias}.notification_id DESC"
    if page is None:
        return [], [], order
    limited = f"{order} LIMIT {int(page.limit) + 1}"
    if page.after is None:
        return [], [], limited
    condition, params = page.after.condition(alias)
    return [condition], params, limited


def cut(page: Page | None, rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], Mark | None]:
    """The rows to show, and the mark the next page starts after (None: no next page)."""
    if page is None or len(rows) <= page.limit:
        return rows, None
    rows = rows[: page.limit]
    return rows, Mark.of(rows[-1])


@dataclass(frozen=True, slots=True)
class ReportContext:
    """The read side of one store, and the moment a report is asked (reports judge 'now').

    ``tables``: the read-model tables the report may read (those of the read
    models ``projections/reports/reads.py`` maps it to, checked current or
    waited for); None reads any.
    """

    sql: Gateway
    now: datetime
    receipt_overdue_days: int = 5
    rules: Rules = field(default_factory=Rules)  # the legal choices a DPO may change
    tables: frozenset[str] | None = None

    def rows(self, query: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        if self.tables is not None:
            undeclared = set(_READ_MODEL_TABLE.findall(query)) - self.tables
            if undeclared:
                msg = (
                    f"a report read {', '.join(sorted(undeclared))}, of a read model it does "
                    "not declare in projections/reports/reads.py"
                )
                raise UndeclaredRead(msg)
        return [dict(row) for row in self.sql.fetch(query, params)]

    @property
    def now_text(self) -> str:
        return utc(self.now)

    @property
    def chain_table(self) -> str:
        return self.sql.tables.chain

    def position_of(self, alias: str) -> str:
        """A column: the chain position of the entry behind read-model row ``alias``.

        A correlated lookup by the chain's unique notification id, one index
        probe per row returned, rather than a join the planner may turn into a
        scan of the whole chain when its estimate of the rows is off (as it is
        on PostgreSQL right after a rebuild, before statistics catch up).
        """
        return (
            f"(SELECT c.position FROM {self.chain_table} c "
            f"WHERE c.notification_id = {alias}.notification_id)"
        )


def term_set(stored: str | None) -> frozenset[str]:
    return frozenset(split_terms(stored or ""))


def parse_time(stored: str | None) -> datetime | None:
    return None if stored is None else datetime.fromisoformat(stored)


def require_time(stored: str) -> datetime:
    return datetime.fromisoformat(stored)


def only_where(column: str, value: str | None) -> tuple[str, list[Any]]:
    """A WHERE clause (with its parameter) keeping the rows whose ``column`` is ``value``;
    no clause when ``value`` is None (every row). One person's or one partner's list is
    then read through the column's index, not filtered after reading all of them."""
    return (f" WHERE {column} = {{p}}", [value]) if value is not None else ("", [])


def pick(row: Mapping[str, Any], *names: str) -> dict[str, Any]:
    return {name: row[name] for name in names}
