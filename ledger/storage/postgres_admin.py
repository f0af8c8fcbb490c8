"""PostgreSQL administration: reachability check and applying ``deploy/postgres/``.

The SQL lives in ``deploy/postgres/`` so that an operator can read (and a DBA
can review) exactly what `sharing-ledger db init` runs. A wheel carries a copy
at ``ledger/_deploy/postgres``; a source checkout reads the folder directly.
"""

from __future__ import annotations

from pathlib import Path

import psycopg
from psycopg import sql

from ledger.storage.config import PostgresLocation

# Order matters: the rules need the tables, the grants need the roles.
DEPLOY_FILES = ("append_only.sql", "roles.sql")
READ_MODEL_FILES = ("read_models.sql",)
SUBJECT_FILES = ("subjects.sql",)


class StoreUnavailable(Exception):
    """The database cannot be reached or used; the message says what to check."""


def deploy_dir() -> Path:
    package = Path(__file__).resolve().parent.parent
    for candidate in (package / "_deploy" / "postgres", package.parent / "deploy" / "postgres"):
        if (candidate / DEPLOY_FILES[0]).is_file():
            return candidate
    msg = "deploy/postgres SQL files not found; reinstall sharing-ledger"
    raise StoreUnavailable(msg)


def connect(
    location: PostgresLocation, *, timeout: int = 5
) -> psycopg.Connection[tuple[object, ...]]:
    """Open one connection, turning libpq's failures into a one-line explanation."""
    try:
        return psycopg.connect(location.conninfo(), connect_timeout=timeout, autocommit=True)
    except psycopg.OperationalError as error:
        reason = _first_line(str(error))
        msg = f"cannot connect to {location.describe()}: {reason}"
        raise StoreUnavailable(msg) from None


def check_reachable(location: PostgresLocation) -> None:
    connect(location).close()


def apply_deploy_sql(
    location: PostgresLocation, files: tuple[str, ...] = DEPLOY_FILES
) -> list[str]:
    """Apply deploy/postgres files (by default the append-only rules and roles) in the schema."""
    directory = deploy_dir()
    applied = []
    with connect(location) as conn, conn.transaction():
        if location.schema:
            conn.execute(
                sql.SQL("SET LOCAL search_path TO {}").format(sql.Identifier(location.schema))
            )
        for name in files:
            conn.execute((directory / name).read_bytes())
            applied.append(name)
    return applied


def _first_line(message: str) -> str:
    # libpq's messages run over several lines and may quote the connection
    # string's host; they never include the password.
    lines = [line.strip() for line in message.splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"
