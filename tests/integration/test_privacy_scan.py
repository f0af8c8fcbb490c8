"""No natural identifier or name anywhere: a demo ledger built with known synthetic
identities, then every byte of the SQLite file, a PostgreSQL dump and the captured logs
searched for each of them (issue: "prove it")."""

from __future__ import annotations

import shutil
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from api.demo import DemoPlan
from api.demo.identities import Identity, identities
from ledger.storage.config import PostgresLocation
from tests.integration.test_cli import run, store_env

ENTRIES = 1500


def needles(people: list[Identity]) -> set[bytes]:
    """Every identifier and name, as the ledger could have stored them."""
    found: set[bytes] = set()
    for person in people:
        found.add(person.display_name.encode())
        found.add(person.display_name.split()[-1].encode())  # the surname alone
        for identifier in person.identifiers:
            found.add(identifier.value.encode())
            if identifier.kind.value == "nhs":
                v = identifier.value
                found.add(f"{v[:3]} {v[3:6]} {v[6:]}".encode())
    return found


def build(env: dict[str, str]) -> tuple[list[Identity], str]:
    """The demo, a lookup by NHS number and a disposal, with JSON logs at DEBUG; their logs."""
    env = env | {"LEDGER_LOG_FORMAT": "json", "LEDGER_LOG_LEVEL": "DEBUG"}
    people = identities(DemoPlan(entries=ENTRIES, until=datetime.now(UTC).date()))
    logs = []
    for args in (
        ("demo", "--entries", str(ENTRIES)),
        ("report", "who-saw", "--nhs", people[0].identifiers[0].value),
        ("report", "who-saw", "--nhs", "943 476 5919"),  # unknown: the error must not echo it
        ("retention", "dispose", "--authoriser", "dpo-0001"),
    ):
        result = run(*args, env=env)
        logs.append(result.stderr + _without_lookup_hints(result.stdout))
    return people, "\n".join(logs)


def _without_lookup_hints(stdout: str) -> str:
    """The demo's output, less the lines that show how to find a person by NHS number: those
    print one synthetic number on purpose (the README's quick start), never to a log."""
    return "\n".join(line for line in stdout.splitlines() if "--nhs" not in line)


def scan(blob: bytes, people: list[Identity]) -> list[str]:
    return sorted(n.decode() for n in needles(people) if n in blob)


def test_the_sqlite_file_and_logs_hold_no_identifier(tmp_path: Path) -> None:
    """Every NHS, NI, pupil and case number and every name: none in the database or the logs."""
    data = tmp_path / "data"
    people, logs = build({"LEDGER_DATA_DIR": str(data)})
    blob = b"".join(p.read_bytes() for p in data.glob("ledger.sqlite3*"))
    assert len(blob) > 100_000
    assert scan(blob, people) == []
    assert scan(logs.encode(), people) == []
    assert "9434765919" not in logs.replace(" ", "")


@pytest.mark.postgres
def test_a_postgres_dump_holds_no_identifier(pg_location: PostgresLocation, tmp_path: Path) -> None:
    """The same on PostgreSQL: a full pg_dump of the database names nobody."""
    dump_tool = shutil.which("pg_dump") or "/usr/lib/postgresql/15/bin/pg_dump"
    people, logs = build(store_env(pg_location) | {"LEDGER_DATA_DIR": str(tmp_path / "keys")})
    dump = subprocess.run(
        [dump_tool, "--no-owner", pg_location.conninfo()],
        capture_output=True,
        check=True,
        timeout=120,
    ).stdout
    assert b"ledger_events" in dump
    assert scan(dump, people) == []
    assert scan(logs.encode(), people) == []
