"""The append-only rules and roles of deploy/postgres, on the real server."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from api.service import log_signing
from api.service.composition import open_ledger
from ledger.storage.config import PostgresLocation, SQLiteLocation
from ledger.storage.schema import SchemaMismatch
from tests.conftest import ADMIN_URL
from tests.support.factories import access
from tests.support.signing import log_signer

pytestmark = pytest.mark.postgres


@pytest.fixture
def writer(pg_location: PostgresLocation) -> Iterator[PostgresLocation]:
    """A login role that is a member of sharing_ledger_writer, and nothing more."""
    open_ledger(pg_location, initialise=True).close()
    name = f"sl_test_writer_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN IN ROLE sharing_ledger_writer')
    try:
        yield replace(pg_location, user=name, password="")
    finally:
        with psycopg.connect(pg_location.conninfo(), autocommit=True) as conn:
            conn.execute(f'DROP OWNED BY "{name}"')
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_first_start_as_owner_creates_schema_and_rules(
    pg_location: PostgresLocation, now: datetime
) -> None:
    """Opening an empty database as its owner initialises it, append-only rules included."""
    open_ledger(pg_location).append(access(now))
    with (
        psycopg.connect(pg_location.conninfo(), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
    ):
        conn.execute("DELETE FROM ledger_events")


def test_db_init_is_idempotent(pg_location: PostgresLocation, now: datetime) -> None:
    """Running db init twice changes nothing and keeps existing entries."""
    app = open_ledger(pg_location, initialise=True)
    app.append(access(now))
    app.close()
    again = open_ledger(pg_location, initialise=True)
    assert again.verify_chain().size == 1


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_events SET topic = 'x'",
        "DELETE FROM ledger_events",
        "TRUNCATE ledger_events",
        "UPDATE ledger_chain SET chain_hash = chain_hash",
        "DELETE FROM ledger_chain",
        "TRUNCATE ledger_chain",
        "DELETE FROM ledger_merkle",
        "DELETE FROM ledger_checkpoints",
        "UPDATE ledger_log_keys SET name = 'x'",
        "TRUNCATE ledger_cosignatures",
    ],
)
def test_even_the_owner_cannot_change_history(
    pg_location: PostgresLocation, now: datetime, statement: str, tmp_path: Path
) -> None:
    """The triggers refuse UPDATE, DELETE and TRUNCATE with triggers enabled, superuser or not."""
    app = open_ledger(pg_location, initialise=True)
    app.append(access(now))
    log_signing.issue(app, log_signer(tmp_path), now)
    with (
        psycopg.connect(pg_location.conninfo(), autocommit=True) as conn,
        pytest.raises(psycopg.errors.InsufficientPrivilege, match="append-only"),
    ):
        conn.execute(statement)


def test_the_writer_role_can_append_and_verify(writer: PostgresLocation, now: datetime) -> None:
    """The service runs as a role with INSERT and SELECT only."""
    app = open_ledger(writer)
    app.append(access(now), access(now))
    assert app.verify_chain().size == 2


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE ledger_events SET topic = 'x'",
        "DELETE FROM ledger_events",
        "TRUNCATE ledger_chain",
        "UPDATE ledger_chain SET chain_hash = chain_hash",
        "DELETE FROM ledger_chain",
        "ALTER TABLE ledger_events DISABLE TRIGGER ALL",
        "DELETE FROM ledger_merkle",
        "UPDATE ledger_checkpoints SET note = ''",
    ],
)
def test_the_writer_role_is_refused_changes(
    writer: PostgresLocation, now: datetime, statement: str
) -> None:
    """UPDATE, DELETE, TRUNCATE and disabling triggers are refused by privilege, not by luck."""
    open_ledger(writer).append(access(now))
    with (
        psycopg.connect(writer.conninfo(), autocommit=True) as conn,
        pytest.raises(
            psycopg.errors.InsufficientPrivilege, match=r"permission denied|must be owner"
        ),
    ):
        conn.execute(statement)


def test_the_writer_role_cannot_create_the_schema(pg_location: PostgresLocation) -> None:
    """A fresh database opened by an unprivileged role says to run db init, not a traceback."""
    name = f"sl_test_nobody_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE ROLE "{name}" LOGIN')
    try:
        with pytest.raises(SchemaMismatch, match=r"run 'sharing-ledger db init'"):
            open_ledger(replace(pg_location, user=name, password=""))
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP ROLE IF EXISTS "{name}"')


def test_sqlite_refuses_updates_and_deletes(sqlite_location: SQLiteLocation, now: datetime) -> None:
    """The embedded store has the same append-only rule, as triggers."""
    open_ledger(sqlite_location).append(access(now))
    conn = sqlite3.connect(sqlite_location.path)
    for statement in ("UPDATE ledger_events SET topic = 'x'", "DELETE FROM ledger_chain"):
        with pytest.raises(sqlite3.IntegrityError, match="append-only"):
            conn.execute(statement)
