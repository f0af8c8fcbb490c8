"""Shared fixtures: stores to run against, the real PostgreSQL server, a clock.

PostgreSQL tests run against the server named by ``LEDGER_TEST_POSTGRES_URL``
(default: the local server, user postgres). Each test gets a database of its
own, created and dropped around it, so runs never see each other's rows.
Without a server the tests are skipped, loudly; with ``CI=true`` they fail.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from ledger.storage.config import Location, PostgresLocation, SQLiteLocation, parse_database_url

ADMIN_URL = os.environ.get(
    "LEDGER_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/postgres"
)
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")


def _admin() -> psycopg.Connection[tuple[object, ...]]:
    return psycopg.connect(ADMIN_URL, autocommit=True, connect_timeout=5)


@pytest.fixture(scope="session", autouse=True)
def _private_data_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Keys a test run creates (directory key, KEK) go to a temporary data home, not ~/.local."""
    before = os.environ.get("XDG_DATA_HOME")
    os.environ["XDG_DATA_HOME"] = str(tmp_path_factory.mktemp("xdg-data"))
    yield
    if before is None:
        os.environ.pop("XDG_DATA_HOME", None)
    else:
        os.environ["XDG_DATA_HOME"] = before


@pytest.fixture(scope="session")
def postgres_available() -> None:
    try:
        _admin().close()
    except psycopg.OperationalError as error:
        message = f"PostgreSQL not reachable at LEDGER_TEST_POSTGRES_URL: {error}".strip()
        if IN_CI:
            pytest.fail(f"CI=true requires PostgreSQL tests to run. {message}", pytrace=False)
        pytest.skip(message)


def _database_location(name: str) -> PostgresLocation:
    base = parse_database_url(ADMIN_URL)
    assert isinstance(base, PostgresLocation)
    return PostgresLocation(
        host=base.host,
        port=base.port,
        dbname=name,
        user=base.user,
        password=base.password,
        schema="",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark every test that needs the server ``postgres``, before ``-m`` deselects any.

    (A marker added while a test runs comes too late: ``-m "not postgres"``
    would still run it.)
    """
    for item in items:
        if "pg_location" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.postgres)


@contextmanager
def empty_database() -> Iterator[PostgresLocation]:
    """A fresh, empty PostgreSQL database, dropped on the way out."""
    name = f"sl_test_{secrets.token_hex(6)}"
    with _admin() as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _database_location(name)
    finally:
        with _admin() as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture
def pg_location(
    postgres_available: None,  # noqa: ARG001 - for its check: a skip without a server, CI fails
) -> Iterator[PostgresLocation]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with empty_database() as location:
        yield location


@pytest.fixture
def sqlite_location(tmp_path: Path) -> SQLiteLocation:
    return SQLiteLocation(tmp_path / "ledger.sqlite3")


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def location(request: pytest.FixtureRequest, tmp_path: Path) -> Location:
    """Each test using this runs twice: on the embedded store and on real PostgreSQL."""
    if request.param == "sqlite":
        return SQLiteLocation(tmp_path / "ledger.sqlite3")
    loc: PostgresLocation = request.getfixturevalue("pg_location")
    return loc


@pytest.fixture
def now() -> datetime:
    return datetime(2026, 6, 1, 12, 0, tzinfo=UTC)


@pytest.fixture
def earlier(now: datetime) -> datetime:
    return now - timedelta(days=30)
