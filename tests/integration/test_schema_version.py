"""A store whose schema is newer than this code: every entry point refuses, in one line, exit 3."""

from __future__ import annotations

import sqlite3
import subprocess
import sys

import psycopg
import pytest

from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from ledger.storage.schema import SCHEMA_VERSION
from tests.integration.test_cli import one_line, run, store_env
from tests.integration.test_http_e2e import _environ, free_port

NEWER = SCHEMA_VERSION + 1
REFUSAL = (
    f"sharing-ledger: error: the ledger database has schema version {NEWER}, this program "
    f"understands version {SCHEMA_VERSION}; upgrade sharing-ledger before using this database"
)


def bump_schema_version(location: Location, version: int = NEWER) -> None:
    """What a newer release's migration would leave behind, written as a superuser would."""
    statement = f"UPDATE ledger_meta SET value = '{version}' WHERE key = 'schema_version'"
    if isinstance(location, SQLiteLocation):
        with sqlite3.connect(location.path) as db:
            db.execute(statement)
        return
    assert isinstance(location, PostgresLocation)
    with psycopg.connect(location.conninfo(), autocommit=True) as conn:
        conn.execute(statement)


def stored_version(location: Location) -> str:
    query = "SELECT value FROM ledger_meta WHERE key = 'schema_version'"
    if isinstance(location, SQLiteLocation):
        with sqlite3.connect(location.path) as db:
            return str(db.execute(query).fetchone()[0])
    assert isinstance(location, PostgresLocation)
    with psycopg.connect(location.conninfo()) as conn:
        row = conn.execute(query).fetchone()
        assert row is not None
        return str(row[0])


def migrated(location: Location) -> Location:
    """A ledger initialised by this code, then marked as migrated to the next schema."""
    initialised = run("db", "init", env=store_env(location))
    assert initialised.returncode == 0, initialised.stderr
    bump_schema_version(location)
    return location


@pytest.fixture
def newer_store(location: Location) -> Location:
    """On each store: SQLite and real PostgreSQL."""
    return migrated(location)


@pytest.fixture
def newer_sqlite(sqlite_location: SQLiteLocation) -> Location:
    """The long-running entry points refuse before they open anything store-specific."""
    return migrated(sqlite_location)


def test_status_refuses_a_newer_schema_in_one_line(newer_store: Location) -> None:
    """`status` exits 3 with one line saying which versions and to upgrade; no traceback."""
    result = run("status", env=store_env(newer_store))
    assert result.returncode == 3
    assert one_line(result) == REFUSAL
    assert "Traceback" not in result.stderr
    assert stored_version(newer_store) == str(NEWER)


def test_serve_refuses_to_start_on_a_newer_schema(newer_sqlite: Location) -> None:
    """The API never starts listening: exit 3 with the same line."""
    process = subprocess.run(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(free_port())],
        env={**_environ(), **store_env(newer_sqlite)},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert process.returncode == 3
    assert one_line(process) == REFUSAL


def test_the_projection_worker_refuses_a_newer_schema(newer_sqlite: Location) -> None:
    """`projections run` exits 3 too, before touching any read model."""
    result = run("projections", "run", env=store_env(newer_sqlite))
    assert result.returncode == 3
    assert one_line(result) == REFUSAL


def test_an_older_schema_asks_for_a_migration_not_an_upgrade(sqlite_location: Location) -> None:
    """A database behind the code is to be migrated: the line says so, not 'upgrade'."""
    initialised = run("db", "init", env=store_env(sqlite_location))
    assert initialised.returncode == 0, initialised.stderr
    bump_schema_version(sqlite_location, SCHEMA_VERSION - 1)
    result = run("status", env=store_env(sqlite_location))
    assert result.returncode == 3
    assert one_line(result).endswith("migrate the database first (docs/operations.md, Upgrades)")
