"""Console verification runs in the ledger's database: the table ``console_verifications``.

Not evidence: a run's progress and outcome, kept where every server process
(``serve --workers N``) can read it, so that the page polling a run started by
one process finds it whichever process answers. The run's fields are one JSON
document (no personal data: positions, hashes, counts, a failure's words);
``updated_at`` (UTC ISO 8601) says whether a "running" row is still moving.
"""

from __future__ import annotations

from typing import Any

from ledger.storage.gateway import Gateway

TABLE = "console_verifications"
DDL = (
    f"CREATE TABLE IF NOT EXISTS {TABLE} ("
    "id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TEXT NOT NULL, run TEXT NOT NULL)"
)


class VerificationRows:
    """Save and read verification runs through the ledger's queries."""

    def __init__(self, sql: Gateway) -> None:
        self.sql = sql

    def ensure_table(self) -> bool:
        """Create the table if it does not exist yet; return whether it was created."""
        if self.sql.has_table(TABLE):
            return False
        self.sql.write([(DDL, [()])])
        return True

    def save(self, run_id: str, state: str, updated_at: str, run: str) -> None:
        upsert = (
            f"INSERT INTO {TABLE} (id, state, updated_at, run) VALUES ({{p}}, {{p}}, {{p}}, {{p}}) "
            "ON CONFLICT (id) DO UPDATE SET state = excluded.state, "
            "updated_at = excluded.updated_at, run = excluded.run"
        )
        self.sql.write([(upsert, [(run_id, state, updated_at, run)])])

    def get(self, run_id: str) -> str | None:
        rows = self.sql.fetch(f"SELECT run FROM {TABLE} WHERE id = {{p}}", (run_id,))
        return str(rows[0]["run"]) if rows else None

    def running(self, updated_since: str) -> str | None:
        """A run still moving (saved since ``updated_since``), if any."""
        query = (
            f"SELECT run FROM {TABLE} WHERE state = 'running' AND updated_at >= {{p}} "
            "ORDER BY updated_at DESC LIMIT 1"
        )
        rows: Any = self.sql.fetch(query, (updated_since,))
        return str(rows[0]["run"]) if rows else None


__all__ = ["DDL", "TABLE", "VerificationRows"]
