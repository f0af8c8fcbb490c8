"""Cursor pagination and CSV for list replies.

A cursor is opaque to clients: the base64 of the offset of the next item in
the report's stable order. Reports are computed from read models that only
grow, so an offset into "newest first" can shift when new entries arrive;
each page says which tree size it was read at (``as_of``) so a client can
tell, and CSV carries the same rows as JSON.
"""

from __future__ import annotations

import base64
import binascii
import io
from collections.abc import Sequence
from typing import TypeVar

from fastapi import Request, status
from fastapi.responses import Response

from api.http.problems import ProblemError
from api.service.report_columns import Column, write_csv

T = TypeVar("T")


def decode_cursor(cursor: str | None) -> int:
    if cursor is None:
        return 0
    try:
        offset = int(base64.urlsafe_b64decode(cursor.encode() + b"==").decode())
    except (ValueError, binascii.Error, UnicodeDecodeError):
        offset = -1
    if offset < 0:
        raise ProblemError(
            status.HTTP_400_BAD_REQUEST,
            "Bad cursor",
            "cursor: not one this API issued",
            type_suffix="bad-cursor",
        )
    return offset


def encode_cursor(offset: int) -> str:
    return base64.urlsafe_b64encode(str(offset).encode()).decode().rstrip("=")


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
