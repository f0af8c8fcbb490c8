"""Rendering reports for people (tables) and machines (JSON, CSV)."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from typing import Any

from rich.console import Console
from rich.table import Table

from api.jsonable import jsonable

Column = tuple[str, Callable[[Any], object]]

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
    columns: Sequence[Column],
    *,
    title: str,
    summary: Sequence[str] = (),
) -> None:
    """Print ``report`` as JSON, ``rows`` as CSV, or a titled table with summary lines."""
    if fmt == "json":
        sys.stdout.write(json.dumps(jsonable(report), indent=2) + "\n")
        return
    if fmt == "csv":
        writer = csv.writer(sys.stdout)
        writer.writerow([name for name, _ in columns])
        for row in rows:
            writer.writerow([text(getter(row)) for _, getter in columns])
        return
    table = Table(*(name for name, _ in columns), title=title, title_justify="left")
    for row in rows:
        table.add_row(*(text(getter(row)) for _, getter in columns))
    out.print(table)
    for line in summary:
        out.print(line)
