"""Console sign-in sessions in the ledger's database: the table ``console_sessions``.

Sessions are not evidence (not entries, not hashed into the chain): they are
kept in the database only so that every server process (``serve --workers N``)
knows every session, whichever process a browser's request reaches. A row holds
the SHA-256 of the session id (never the id), the principal's public id, the
session's CSRF token, its times (UTC ISO 8601, which sorts as time does) and
the people it found by an identifier, masked (JSON). Rows are deleted when the
session ends or expires.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ledger.storage.gateway import Gateway

TABLE = "console_sessions"
COLUMNS = ("digest", "principal_id", "csrf_token", "created_at", "last_seen", "found")
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "digest TEXT PRIMARY KEY, principal_id TEXT NOT NULL, csrf_token TEXT NOT NULL, "
    "created_at TEXT NOT NULL, last_seen TEXT NOT NULL, found TEXT NOT NULL)"
)


class SessionRows:
    """Insert, read, update and delete session rows through the ledger's queries."""

    def __init__(self, sql: Gateway) -> None:
        self.sql = sql

    def ensure_table(self) -> bool:
        """Create the table if it does not exist yet; return whether it was created."""
        if self.sql.has_table(TABLE):
            return False
        self.sql.write([(DDL, [()])])
        return True

    def insert(self, row: tuple[str, str, str, str, str, str]) -> None:
        placeholders = ", ".join("{p}" for _ in COLUMNS)
        insert = f"INSERT INTO {TABLE} ({', '.join(COLUMNS)}) VALUES ({placeholders})"
        self.sql.write([(insert, [row])])

    def get(self, digest: str) -> Mapping[str, Any] | None:
        select = f"SELECT {', '.join(COLUMNS)} FROM {TABLE} WHERE digest = {{p}}"
        rows = self.sql.fetch(select, (digest,))
        return rows[0] if rows else None

    def touch(self, digest: str, last_seen: str) -> None:
        update = f"UPDATE {TABLE} SET last_seen = {{p}} WHERE digest = {{p}}"
        self.sql.write([(update, [(last_seen, digest)])])

    def set_found(self, digest: str, found: str) -> None:
        update = f"UPDATE {TABLE} SET found = {{p}} WHERE digest = {{p}}"
        self.sql.write([(update, [(found, digest)])])

    def delete(self, digest: str) -> None:
        self.sql.write([(f"DELETE FROM {TABLE} WHERE digest = {{p}}", [(digest,)])])

    def purge(self, idle_before: str, created_before: str) -> None:
        """Delete sessions last used before ``idle_before`` or created before ``created_before``."""
        purge = f"DELETE FROM {TABLE} WHERE last_seen <= {{p}} OR created_at <= {{p}}"
        self.sql.write([(purge, [(idle_before, created_before)])])

    def count(self) -> int:
        (row,) = self.sql.fetch_tuples(f"SELECT count(*) FROM {TABLE}")
        return int(row[0])


__all__ = ["COLUMNS", "DDL", "TABLE", "SessionRows"]
