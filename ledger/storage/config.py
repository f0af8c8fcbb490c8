"""Where the ledger lives: one setting in, the `eventsourcing` environment out.

People configure two things at most: ``LEDGER_DATA_DIR`` (where the embedded
SQLite file goes) and ``LEDGER_DATABASE_URL`` (a ``postgresql://`` URL, which
moves everything to PostgreSQL). This module turns them into the library's many
variables so nobody has to learn those. Messages never include a password.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import psycopg.conninfo

APP_NAME = "Ledger"  # eventsourcing derives the table name "ledger_events" from it
SQLITE_FILE = "ledger.sqlite3"


class ConfigurationError(Exception):
    """A setting is missing or malformed; the message says which and how to fix it."""


@dataclass(frozen=True, slots=True)
class SQLiteLocation:
    path: Path

    def describe(self) -> str:
        return f"SQLite file {self.path}"


@dataclass(frozen=True, slots=True)
class PostgresLocation:
    host: str
    port: str
    dbname: str
    user: str
    password: str
    schema: str

    def describe(self) -> str:
        # Never the password.
        return f"PostgreSQL database {self.dbname!r} on {self.host}:{self.port} as {self.user!r}"

    def conninfo(self) -> str:
        return psycopg.conninfo.make_conninfo(
            host=self.host,
            port=self.port,
            dbname=self.dbname,
            user=self.user,
            password=self.password or None,
        )


Location = SQLiteLocation | PostgresLocation


def default_data_dir(environ: Mapping[str, str]) -> Path:
    """``$XDG_DATA_HOME/sharing-ledger``, i.e. ``~/.local/share/sharing-ledger`` by default."""
    base = environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "sharing-ledger"


def location_from_env(environ: Mapping[str, str] | None = None) -> Location:
    """Read ``LEDGER_DATABASE_URL`` / ``LEDGER_DATA_DIR`` and say where the ledger is."""
    env = os.environ if environ is None else environ
    url = env.get("LEDGER_DATABASE_URL", "").strip()
    if url:
        return parse_database_url(url, env)
    data_dir = Path(env.get("LEDGER_DATA_DIR") or default_data_dir(env)).expanduser()
    return SQLiteLocation(data_dir / SQLITE_FILE)


def parse_database_url(url: str, environ: Mapping[str, str] | None = None) -> Location:
    env = os.environ if environ is None else environ
    scheme = urlsplit(url).scheme.lower() if "://" in url else ""
    if scheme == "sqlite":
        # sqlite:///srv/ledger/ledger.sqlite3 names an absolute path.
        path = urlsplit(url).path
        if not path or path.endswith("/"):
            msg = (
                "LEDGER_DATABASE_URL: a sqlite:// URL needs a file path, "
                "e.g. sqlite:///srv/ledger/ledger.sqlite3"
            )
            raise ConfigurationError(msg)
        return SQLiteLocation(Path(path))
    if scheme not in ("postgresql", "postgres"):
        msg = (
            "LEDGER_DATABASE_URL must start with postgresql:// (or sqlite:///); "
            f"got a {scheme + '://' if scheme else 'value without a scheme'}"
        )
        raise ConfigurationError(msg)
    try:
        params = psycopg.conninfo.conninfo_to_dict(url)
    except psycopg.ProgrammingError:
        msg = "LEDGER_DATABASE_URL is not a valid PostgreSQL URL (check its host, port and quoting)"
        raise ConfigurationError(msg) from None
    unsupported = sorted(set(params) - {"host", "port", "dbname", "user", "password", "options"})
    if unsupported:
        msg = (
            f"LEDGER_DATABASE_URL: parameter(s) {', '.join(unsupported)} are not supported in "
            "the URL; set them as libpq environment variables (e.g. PGSSLMODE) instead"
        )
        raise ConfigurationError(msg)
    port = str(params.get("port") or "5432")
    if not port.isdigit():
        msg = "LEDGER_DATABASE_URL: the port must be a number"
        raise ConfigurationError(msg)
    schema = _search_path_schema(str(params.get("options") or ""))
    return PostgresLocation(
        host=str(params.get("host") or env.get("PGHOST") or "/var/run/postgresql"),
        port=port,
        dbname=str(params.get("dbname") or env.get("PGDATABASE") or "postgres"),
        user=str(params.get("user") or env.get("PGUSER") or env.get("USER") or "postgres"),
        password=str(params.get("password") or env.get("PGPASSWORD") or ""),
        schema=schema,
    )


def _search_path_schema(options: str) -> str:
    # Allow "?options=-csearch_path%3Dmyschema" to choose the schema, as libpq users expect.
    for part in options.split():
        if part.startswith("-csearch_path="):
            return part.split("=", 1)[1].split(",")[0].strip()
    return ""


def eventsourcing_env(location: Location, *, create_table: bool) -> dict[str, str]:
    """The environment the `eventsourcing` Application needs for this location."""
    env = {"CREATE_TABLE": "y" if create_table else "n", "ORIGINATOR_ID_TYPE": "uuid"}
    if isinstance(location, SQLiteLocation):
        env |= {
            "PERSISTENCE_MODULE": "eventsourcing.sqlite",
            "SQLITE_DBNAME": str(location.path),
            "SQLITE_LOCK_TIMEOUT": "30",
            "APPLICATION_RECORDER_TOPIC": "ledger.storage.sqlite:ChainedSQLiteRecorder",
        }
    else:
        env |= {
            "PERSISTENCE_MODULE": "eventsourcing.postgres",
            "POSTGRES_DBNAME": location.dbname,
            "POSTGRES_HOST": location.host,
            "POSTGRES_PORT": location.port,
            "POSTGRES_USER": location.user,
            "POSTGRES_PASSWORD": location.password,
            "POSTGRES_SCHEMA": location.schema,
            "POSTGRES_CONNECT_TIMEOUT": "5",
            "POSTGRES_POOL_SIZE": "4",
            "POSTGRES_MAX_OVERFLOW": "12",
            "POSTGRES_LOCK_TIMEOUT": "30",
            # The db-function insert path skips the recorder hooks that chain entries.
            "POSTGRES_ENABLE_DB_FUNCTIONS": "n",
            "APPLICATION_RECORDER_TOPIC": "ledger.storage.postgres:ChainedPostgresRecorder",
        }
    return env
