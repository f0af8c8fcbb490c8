"""Cursor pagination and CSV for list replies.

A cursor is opaque to clients. Most lists are computed whole and paged here:
their cursor is the base64 of the offset of the next item in the report's
stable order, and since read models only grow an offset into "newest first"
can shift when new entries arrive. One person's history (who saw) and a
partner's disclosures are paged in the database instead, and their cursor is
the base64 of the last row's place in the order (:class:`Mark`), which new
entries cannot shift. CSV carries every row, unpaged.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Sequence
from datetime import datetime
from typing import TypeVar

from fastapi import Request, status
from fastapi.responses import Response

from api.http.problems import ProblemError
from api.service.report_columns import Column, write_csv
from projections.base import utc
from projections.reports.common import Mark

T = TypeVar("T")


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        offset = int(_unwrap(cursor))
    except ValueError:
        offset = -1
    if offset < 0:
        raise _bad_cursor()
    return offset


def decode_mark(cursor: str | None) -> Mark | None:
    """The place a keyset-paged list's previous page ended (None: the first page)."""
    if cursor is None:
        return None
    try:
        occurred_at, notification_id = _unwrap(cursor).split("|")
        mark = Mark(occurred_at, int(notification_id))
        # The time as stored (projections.base.utc): anything else was not issued here.
        issued = utc(datetime.fromisoformat(occurred_at)) == occurred_at
    except ValueError:
        raise _bad_cursor() from None
    if not issued or mark.notification_id < 1:
        raise _bad_cursor()
    return mark


def encode_mark(mark: Mark | None) -> str | None:
    if mark is None:
        return None
    return _wrap(f"{mark.occurred_at}|{mark.notification_id}")


def _unwrap(cursor: str) -> str:
    try:
        return base64.urlsafe_b64decode(cursor.encode() + b"==").decode()
    except (ValueError, binascii.Error, UnicodeDecodeError):
        raise _bad_cursor() from None


def _wrap(text: str) -> str:
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _bad_cursor() -> ProblemError:
    return ProblemError(
        status.HTTP_400_BAD_REQUEST,
        "Bad cursor",
        "cursor: not one this API issued",
        type_suffix="bad-cursor",
    )


def encode_cursor(offset: int) -> str:
    return _wrap(str(offset))


def page(items: Sequence[T], cursor: str | None, limit: int) -> tuple[list[T], str | None]:
    start = decode_cursor(cursor)
    chunk = list(items[start : start + limit])
    after = start + len(chunk)
    return chunk, (encode_cursor(after) if after < len(items) else None)


def wants_csv(request: Request, fmt: str | None) -> bool:
    if fmt is not None:
        return fmt == "csv"
    return "text/csv" in request.headers.get("accept", "")


def csv_response(rows: Sequence[object], columns: Sequence[Column], filename: str) -> Response:
    buffer = io.StringIO()
    write_csv(buffer, rows, columns, _cell)
    return Response(
        buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, tuple | list | frozenset | set):
        return " ".join(sorted(str(v) for v in value))
    if hasattr(value, "isoformat"):
        return str(value.isoformat())
    return str(value)
