"""Settings: one DSN or one data directory in, the store's location out."""

from __future__ import annotations

from pathlib import Path

import pytest

from ledger.storage.config import (
    ConfigurationError,
    PostgresLocation,
    SQLiteLocation,
    eventsourcing_env,
    location_from_env,
)


def test_no_settings_means_an_sqlite_file_under_the_xdg_data_home(tmp_path: Path) -> None:
    """With nothing configured the ledger is an SQLite file in a per-user data directory."""
    location = location_from_env({"XDG_DATA_HOME": str(tmp_path)})
    assert location == SQLiteLocation(tmp_path / "sharing-ledger" / "ledger.sqlite3")


def test_the_data_dir_setting_moves_the_sqlite_file(tmp_path: Path) -> None:
    """LEDGER_DATA_DIR chooses the directory."""
    location = location_from_env({"LEDGER_DATA_DIR": str(tmp_path / "x")})
    assert location == SQLiteLocation(tmp_path / "x" / "ledger.sqlite3")


def test_a_postgres_url_is_translated_for_the_library() -> None:
    """A postgresql:// URL becomes the library's host, port, database and user settings."""
    location = location_from_env(
        {"LEDGER_DATABASE_URL": "postgresql://app:s3cret@db.internal:6543/ledger"}
    )
    assert location == PostgresLocation(
        host="db.internal", port="6543", dbname="ledger", user="app", password="s3cret", schema=""
    )
    env = eventsourcing_env(location, create_table=False)
    assert env["PERSISTENCE_MODULE"] == "eventsourcing.postgres"
    assert env["POSTGRES_DBNAME"] == "ledger"
    assert env["POSTGRES_ENABLE_DB_FUNCTIONS"] == "n"
    assert env["APPLICATION_RECORDER_TOPIC"].endswith(":ChainedPostgresRecorder")


def test_the_description_never_shows_the_password() -> None:
    """Messages that describe the store leave the password out."""
    location = location_from_env({"LEDGER_DATABASE_URL": "postgresql://app:s3cret@db/ledger"})
    assert "s3cret" not in location.describe()


def test_the_schema_can_be_chosen_with_search_path() -> None:
    """options=-csearch_path=name selects the schema, as libpq users expect."""
    location = location_from_env(
        {"LEDGER_DATABASE_URL": "postgresql://app@db/ledger?options=-csearch_path%3Daudit"}
    )
    assert isinstance(location, PostgresLocation)
    assert location.schema == "audit"


@pytest.mark.parametrize(
    ("url", "says"),
    [
        ("mysql://root@localhost/ledger", "must start with postgresql://"),
        ("localhost:5432", "must start with postgresql://"),
        ("postgresql://app@db:notaport/ledger", "not a valid PostgreSQL URL|port"),
        ("postgresql://app@db/ledger?sslmode=require", "PGSSLMODE"),
        ("sqlite://", "needs a file path"),
    ],
)
def test_a_bad_url_is_a_one_line_configuration_error(url: str, says: str) -> None:
    """A malformed LEDGER_DATABASE_URL is refused with a message saying what to fix."""
    with pytest.raises(ConfigurationError, match=says) as caught:
        location_from_env({"LEDGER_DATABASE_URL": url})
    assert "\n" not in str(caught.value)


def test_a_bad_url_message_does_not_echo_the_password() -> None:
    """Even a refused URL does not leak its password into the error."""
    with pytest.raises(ConfigurationError) as caught:
        location_from_env({"LEDGER_DATABASE_URL": "postgresql://app:s3cret@db/l?sslmode=x"})
    assert "s3cret" not in str(caught.value)


def test_an_sqlite_url_names_an_absolute_path() -> None:
    """sqlite:///srv/ledger.sqlite3 is the file /srv/ledger.sqlite3."""
    assert location_from_env({"LEDGER_DATABASE_URL": "sqlite:///srv/l.sqlite3"}) == SQLiteLocation(
        Path("/srv/l.sqlite3")
    )
