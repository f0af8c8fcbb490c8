"""Rendering reports for people (tables) and machines (JSON, CSV)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from api.jsonable import jsonable
from api.service.report_columns import Column, write_csv

# A report's shared columns (api.service.report_columns), or a (title, value) pair.
Columns = Sequence[Column | tuple[str, Callable[[Any], object]]]

out = Console(soft_wrap=True, highlight=False)


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
    if fmt == "json":
        sys.stdout.write(json.dumps(jsonable(report), indent=2) + "\n")
        return
    titled = [c if isinstance(c, Column) else Column(c[0], c[0], c[1]) for c in columns]
    if fmt == "csv":
        write_csv(sys.stdout, rows, titled, text, header="title")
        return
    table = Table(*(column.title for column in titled), title=title, title_justify="left")
    for row in rows:
        table.add_row(*(text(column.value(row)) for column in titled))
    out.print(table)
    for line in summary:
        out.print(line)
