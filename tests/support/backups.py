"""Backing a store up and restoring it, as an operator would: a copy of the SQLite file
(SQLite's online backup), or a PostgreSQL database copied from a template."""

from __future__ import annotations

import secrets
import sqlite3
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import dataclass, field

import psycopg

from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from tests.conftest import ADMIN_URL


@dataclass
class Backups:
    """Take and restore whole-store copies of one location (every connection closed first)."""

    location: Location
    taken: list[str] = field(default_factory=list)

    def take(self) -> str:
        name = f"sl_test_backup_{secrets.token_hex(4)}"
        if isinstance(self.location, SQLiteLocation):
            copy = self.location.path.with_name(name + ".sqlite3")
            with (
                closing(sqlite3.connect(self.location.path)) as source,
                closing(sqlite3.connect(copy)) as target,
            ):
                source.backup(target)
        else:
            _admin(f'CREATE DATABASE "{name}" TEMPLATE "{self._pg().dbname}"')
        self.taken.append(name)
        return name

    def restore(self, name: str) -> None:
        if isinstance(self.location, SQLiteLocation):
            copy = self.location.path.with_name(name + ".sqlite3")
            with (
                closing(sqlite3.connect(copy)) as source,
                closing(sqlite3.connect(self.location.path)) as target,
            ):
                source.backup(target)
            return
        dbname = self._pg().dbname
        _admin(f'DROP DATABASE "{dbname}" WITH (FORCE)')
        _admin(f'CREATE DATABASE "{dbname}" TEMPLATE "{name}"')

    def drop_all(self) -> None:
        if isinstance(self.location, PostgresLocation):
            for name in self.taken:
                _admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def _pg(self) -> PostgresLocation:
        assert isinstance(self.location, PostgresLocation)
        return self.location


@contextmanager
def backups_of(location: Location) -> Iterator[Backups]:
    kept = Backups(location)
    try:
        yield kept
    finally:
        kept.drop_all()


def _admin(statement: str) -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(statement)
