"""The one place that wires the ledger to its store.

Every entry point (command line, HTTP API, tests, benchmarks) opens the ledger
through :func:`open_ledger`, so settings are read once, at the edge, and
nothing is created at import time.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path

import psycopg
from eventsourcing.persistence import PersistenceError

from ledger.application import LedgerApplication
from ledger.storage import postgres_admin, schema
from ledger.storage.config import (
    Location,
    PostgresLocation,
    SQLiteLocation,
    default_data_dir,
    eventsourcing_env,
)
from ledger.storage.schema import SchemaMismatch
from ledger.storage.subjects import SubjectStore
from ledger.subjects import Subjects, load_keyring


def open_ledger(
    location: Location,
    *,
    initialise: bool = False,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> LedgerApplication:
    """Open the ledger at ``location``.

    The embedded SQLite store creates its file and tables on first use. On
    PostgreSQL the schema is created by ``initialise=True`` (``sharing-ledger
    db init``, run as the schema's owner), or on first start when the
    connecting role may create tables (otherwise :class:`SchemaMismatch` says to run
    ``db init``); after that the service may run as a
    role that can only INSERT and SELECT.
    """
    if isinstance(location, SQLiteLocation):
        location.path.parent.mkdir(parents=True, exist_ok=True)
        app = LedgerApplication(eventsourcing_env(location, create_table=True), clock=clock)
    else:
        postgres_admin.check_reachable(location)
        app = LedgerApplication(eventsourcing_env(location, create_table=initialise), clock=clock)
        if initialise:
            postgres_admin.apply_deploy_sql(location)
        elif schema.schema_version(app.database) is None:
            # First start on an empty database: create the schema if this role may.
            app.close()
            return _first_start(location, clock)
    schema.check_schema(app.database)
    _attach_subjects(app, location, initialise=initialise)
    return app


def _attach_subjects(app: LedgerApplication, location: Location, *, initialise: bool) -> None:
    """Give the ledger its subject directory and seal free text from now on."""
    store = SubjectStore(app.database)
    created = store.ensure_tables()
    if (created or initialise) and isinstance(location, PostgresLocation):
        postgres_admin.apply_deploy_sql(location, postgres_admin.SUBJECT_FILES)
    subjects = Subjects(store, load_keyring(os.environ, key_dir(location)))
    app.subjects = subjects
    app.seal = subjects.seal_event


def key_dir(location: Location) -> Path:
    """Where keys go when none is configured: beside the SQLite file, or the data directory."""
    if isinstance(location, SQLiteLocation):
        return location.path.parent / "keys"
    return Path(os.environ.get("LEDGER_DATA_DIR") or default_data_dir(os.environ)) / "keys"


def _first_start(location: PostgresLocation, clock: Callable[[], datetime]) -> LedgerApplication:
    try:
        return open_ledger(location, initialise=True, clock=clock)
    except (PersistenceError, psycopg.errors.InsufficientPrivilege):
        msg = (
            f"{location.describe()} holds no ledger schema and this role cannot create it; "
            "run 'sharing-ledger db init' as the schema's owner"
        )
        raise SchemaMismatch(msg) from None


def initialise(location: Location) -> LedgerApplication:
    """Create the schema (and on PostgreSQL the append-only rules and roles)."""
    return open_ledger(location, initialise=True)


__all__ = ["PostgresLocation", "initialise", "open_ledger"]
