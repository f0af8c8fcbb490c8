"""The one way a long scan is read: pages of plain tuples, in key order, memory bounded.

Verification reads every link and every stored entry once. A scan is
described once (:class:`RangeScan`) and each store reads it its own way:
SQLite by keyset pages in the caller's thread (:func:`keyset_pages`; a thread
reading ahead only competes with the caller for the GIL there, measured at
half the rate), PostgreSQL through one server-side cursor read ahead in a
thread (``postgres.py``; pages of ``ORDER BY ... LIMIT`` queries would let a
planner with stale statistics sort the remaining rows on every page).
"""

from __future__ import annotations

from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

# Rows per page when verifying: memory stays bounded by one page, whatever the size.
VERIFY_PAGE = 20_000

FetchTuples = Callable[[str, Sequence[Any]], Sequence[tuple[Any, ...]]]


@dataclass(frozen=True, slots=True)
class RangeScan:
    """``SELECT <columns> FROM <table> WHERE <key> > <after> AND <key> <= upto ORDER BY <key>``.

    ``key`` is also the first column selected, so a page's last row says
    where the next page starts.
    """

    columns: str
    table: str
    key: str
    after: int

    def keyset_sql(self) -> str:
        return (
            f"SELECT {self.columns} FROM {self.table} "
            f"WHERE {self.key} > {{p}} AND {self.key} <= {{p}} ORDER BY {self.key} LIMIT {{p}}"
        )

    def stream_sql(self) -> str:
        return (
            f"SELECT {self.columns} FROM {self.table} "
            f"WHERE {self.key} > {{p}} AND {self.key} <= {{p}} ORDER BY {self.key}"
        )


def keyset_pages(
    fetch_tuples: FetchTuples, scan: RangeScan, upto: int, page: int
) -> Generator[Sequence[tuple[Any, ...]], None, None]:
    """Pages of ``scan`` by keyset: each page starts after the last key of the one before."""
    after = scan.after
    sql = scan.keyset_sql()
    while after < upto and (batch := fetch_tuples(sql, (after, upto, page))):
        yield batch
        after = batch[-1][0]


def rows(pages: Generator[Sequence[T], None, None]) -> Generator[T, None, None]:
    """The rows of a scan, one by one. Closing it closes the scan and frees its connection
    at once (a verification that fails part way leaves its scans part-read)."""
    try:
        for batch in pages:
            yield from batch
    finally:
        pages.close()
