"""Rendering reports for people (tables) and machines (JSON, CSV, tab-separated).

At a terminal a listing is a table, every cell folded onto more lines rather
than cut short (a hash or an id is of no use with an ellipsis in it). Anywhere
else (a pipe, a file) it is tab-separated text, never cut to a width: a header
line, then one line per row, on standard output; the title and the summary
lines go to standard error, so ``cut``, ``awk`` and ``sort`` see data only.
``--format json`` gives the same rows as JSON.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable, Sequence
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from rich.console import Console

from api.jsonable import jsonable

if TYPE_CHECKING:
    from api.service.report_columns import Column

# A report's shared columns (api.service.report_columns), or a (title, value) pair.
Columns = Sequence["Column | tuple[str, Callable[[Any], object]]"]

out = Console(soft_wrap=True, highlight=False)
# Titles and summaries beside tab-separated rows (standard error).
notes = Console(stderr=True, soft_wrap=True, highlight=False)


def print_json(value: object) -> None:
    """``value`` as indented JSON on standard output, never wrapped or coloured."""
    sys.stdout.write(json.dumps(jsonable(value), indent=2) + "\n")


def on_terminal() -> bool:
    """Whether standard output is a person's terminal (else: a pipe or a file)."""
    return sys.stdout.isatty()


def cell(value: str) -> str:
    """A tab-separated cell: its own tabs and line breaks become spaces."""
    return " ".join(value.replace("\t", " ").splitlines()) if value else ""


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    title: str | None = None,
    summary: Sequence[str] = (),
    show_header: bool = True,
) -> None:
    """Rows of text as a table at a terminal, else tab-separated; nothing is ever cut."""
    if not on_terminal():
        for line in [title] if title else []:
            notes.print(line, markup=False)
        if show_header:
            sys.stdout.write("\t".join(headers) + "\n")
        for row in rows:
            sys.stdout.write("\t".join(cell(value) for value in row) + "\n")
        sys.stdout.flush()
        for line in summary:
            notes.print(line, markup=False)
        return
    from rich.table import Table

    shown = Table(title=title, title_justify="left", show_header=show_header, box=None)
    if show_header:
        shown = Table(title=title, title_justify="left")
    for header in headers:
        shown.add_column(header, overflow="fold")
    for row in rows:
        shown.add_row(*row)
    out.print(shown)
    for line in summary:
        out.print(line, markup=False)


def text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple | list | frozenset):
        return " ".join(sorted(str(v) for v in value))
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def emit(
    fmt: str,
    report: object,
    rows: Sequence[object],
    columns: Columns,
    *,
    title: str,
    summary: Sequence[str] = (),
) -> None:
    """Print ``report`` as JSON, ``rows`` as CSV, or a titled table with summary lines."""
    from api.service.report_columns import Column, write_csv

    if fmt == "json":
        print_json(report)
        return
    titled = [c if isinstance(c, Column) else Column(c[0], c[0], c[1]) for c in columns]
    if fmt == "csv":
        write_csv(sys.stdout, rows, titled, text, header="title")
        return
    table(
        [column.title for column in titled],
        ([text(column.value(row)) for column in titled] for row in rows),
        title=title,
        summary=summary,
    )
