"""Backups as an operator takes them: pg_dump, pg_restore into a fresh database, then
`sharing-ledger verify --against` the last published checkpoint, on the real server."""

from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import subprocess
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import psycopg
import pytest

from api.service import log_signing
from api.service.composition import open_ledger
from ledger.integrity.notes import Signer, format_verifier_key, generate_signer
from ledger.storage.config import PostgresLocation
from tests.conftest import ADMIN_URL, IN_CI
from tests.integration.test_cli import one_line, run, store_env
from tests.support.factories import access, subject
from tests.support.signing import log_signer

pytestmark = pytest.mark.postgres

SIGNER = generate_signer("westshire.example/sharing-ledger")
VERIFIER = format_verifier_key(SIGNER.verifier())


def pg_tool(name: str) -> str:
    """A PostgreSQL client program: PG_BIN's, else the newest Debian one, else PATH's."""
    candidates = [Path(os.environ["PG_BIN"]) / name] if os.environ.get("PG_BIN") else []
    candidates += sorted(Path("/usr/lib/postgresql").glob(f"*/bin/{name}"), reverse=True)
    found = next((str(c) for c in candidates if c.is_file()), None) or shutil.which(name)
    if found is None:
        message = f"{name} not found (install the PostgreSQL client, or set PG_BIN)"
        if IN_CI:
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return found


def tool(name: str, *args: str) -> None:
    result = subprocess.run(
        [pg_tool(name), *args], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, f"{name}: {result.stderr}"


@pytest.fixture
def restore_target(pg_location: PostgresLocation) -> Iterator[PostgresLocation]:
    """A second, empty database on the same server to restore into, dropped afterwards."""
    name = f"sl_test_restore_{secrets.token_hex(4)}"
    with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield dataclasses.replace(pg_location, dbname=name)
    finally:
        with psycopg.connect(ADMIN_URL, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def grow(location: PostgresLocation, now: datetime, start: int, count: int) -> None:
    app = open_ledger(location, initialise=start == 0)
    try:
        app.append(*(access(now, subject=subject(start + i)) for i in range(count)))
    finally:
        app.close()


def publish(location: PostgresLocation, signer: Signer, now: datetime, path: Path) -> Path:
    """Sign a checkpoint and keep its note outside the database, as a partner would."""
    app = open_ledger(location)
    try:
        issued = log_signing.issue(app, log_signer(path.parent, signer), now)
        path.write_text(issued.note, encoding="utf-8")
    finally:
        app.close()
    return path


def dump(location: PostgresLocation, path: Path) -> Path:
    tool("pg_dump", "--format=custom", f"--file={path}", f"--dbname={location.conninfo()}")
    return path


def restore(path: Path, target: PostgresLocation) -> None:
    tool(
        "pg_restore",
        "--exit-on-error",
        "--single-transaction",
        f"--dbname={target.conninfo()}",
        str(path),
    )


def test_a_restored_backup_verifies_against_the_published_checkpoint(
    pg_location: PostgresLocation,
    restore_target: PostgresLocation,
    now: datetime,
    tmp_path: Path,
) -> None:
    """pg_dump after a checkpoint, pg_restore elsewhere: verify --against it passes."""
    grow(pg_location, now, 0, 12)
    checkpoint = publish(pg_location, SIGNER, now, tmp_path / "checkpoint.txt")
    restore(dump(pg_location, tmp_path / "ledger.dump"), restore_target)

    result = run(
        "verify", "--against", str(checkpoint), "--key", VERIFIER, env=store_env(restore_target)
    )
    assert result.returncode == 0, result.stderr
    assert "OK: 12 entries verified" in result.stdout
    assert "the 12 entries it covers are unchanged" in result.stdout


def test_a_backup_older_than_the_last_checkpoint_is_a_rollback(
    pg_location: PostgresLocation,
    restore_target: PostgresLocation,
    now: datetime,
    tmp_path: Path,
) -> None:
    """Backup at 10 entries, checkpoint at 15, the old backup restored: exit 1, rollback."""
    grow(pg_location, now, 0, 5)
    publish(pg_location, SIGNER, now, tmp_path / "first.txt")  # the key is registered early
    grow(pg_location, now, 5, 5)
    backup = dump(pg_location, tmp_path / "ledger-at-10.dump")
    grow(pg_location, now, 10, 5)
    latest = publish(pg_location, SIGNER, now, tmp_path / "latest.txt")
    restore(backup, restore_target)

    result = run("verify", "--against", str(latest), env=store_env(restore_target))
    assert result.returncode == 1
    assert "OK: 10 entries verified" in result.stdout  # the chain itself is intact
    assert one_line(result) == (
        f"sharing-ledger: error: {latest}: rollback or truncation: the checkpoint covers "
        "15 entries, the ledger holds 10; entries from position 10 on are missing"
    )
