"""The command line as people and scripts meet it: real processes, exit codes, one-line errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.service.composition import open_ledger
from ledger.integrity.checkpoints import Checkpoint, format_checkpoint
from ledger.integrity.notes import (
    format_signer_key,
    format_verifier_key,
    generate_signer,
    sign_note,
)
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from tests.support import tamper
from tests.support.factories import access, access_command, subject

HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def run(
    *args: str, env: Mapping[str, str] | None = None, stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    environment.update(env or {})
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


def store_env(location: Location) -> dict[str, str]:
    if isinstance(location, SQLiteLocation):
        return {"LEDGER_DATA_DIR": str(location.path.parent)}
    assert isinstance(location, PostgresLocation)
    return {
        "LEDGER_DATABASE_URL": f"postgresql://{location.user}@{location.host}:{location.port}/{location.dbname}"
    }


def one_line(result: subprocess.CompletedProcess[str]) -> str:
    lines = [line for line in result.stderr.splitlines() if line.startswith("sharing-ledger:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_record_then_verify_on_both_stores(location: Location) -> None:
    """Commands appended from stdin print positions; verify then passes with the same head."""
    env = store_env(location)
    recorded = run(
        "record",
        "-",
        "--format",
        "json",
        env=env,
        stdin=json.dumps(
            [
                access_command(
                    HOUR_AGO,
                )
            ]
            * 1
        ),
    )
    assert recorded.returncode == 0, recorded.stderr
    (entry,) = json.loads(recorded.stdout)
    assert entry["position"] == 0
    verified = run("verify", env=env)
    assert verified.returncode == 0, verified.stderr
    assert f"OK: 1 entries verified; head hash {entry['hash']}" in verified.stdout


def test_tampering_fails_verify_with_the_position(location: Location) -> None:
    """After a superuser changes one byte, verify exits 1 naming the position and the damage."""
    app = open_ledger(location)
    now = datetime.now(UTC) - timedelta(hours=1)
    app.append(*(access(now, subject=subject(i)) for i in range(10)))
    tamper.flip_state_byte(location, 6)
    result = run("verify", env=store_env(location))
    assert result.returncode == 1
    assert one_line(result) == (
        "sharing-ledger: error: verification FAILED at position 6: "
        "altered entry: stored bytes do not match the entry digest"
    )


def test_verify_names_an_event_row_the_log_never_reads(location: Location) -> None:
    """An event row with id -5 (below every id the log reads): verify exits 1 naming it."""
    app = open_ledger(location)
    app.append(*(access(HOUR_AGO, subject=subject(i)) for i in range(4)))
    tamper.insert_event_below(location, -5)
    result = run("verify", env=store_env(location))
    assert result.returncode == 1
    assert one_line(result) == (
        "sharing-ledger: error: verification FAILED at position 0: "
        "inserted entry: event row with notification id -5 is not in the chain"
    )


def test_an_unknown_term_is_one_line_and_records_nothing(sqlite_location: SQLiteLocation) -> None:
    """A bad term exits 2 naming command, field and allowed terms; nothing is appended."""
    env = store_env(sqlite_location)
    commands = [
        access_command(
            HOUR_AGO,
        ),
        access_command(HOUR_AGO, purpose="dpv:Marketing"),
    ]
    result = run("record", "-", env=env, stdin=json.dumps(commands))
    assert result.returncode == 2
    line = one_line(result)
    assert line.startswith(
        "sharing-ledger: error: refused, nothing recorded: command 1: purpose: unknown purpose term"
    )
    assert "dpv:ServiceProvision" in line
    status = run("status", "--format", "json", env=env)
    assert json.loads(status.stdout)["entries"] == 0


def test_malformed_json_is_one_line(tmp_path: Path) -> None:
    """A file that is not JSON is refused with its line and column."""
    bad = tmp_path / "bad.json"
    bad.write_text('[{"command": "record_access",]')
    result = run("record", str(bad), env={"LEDGER_DATA_DIR": str(tmp_path)})
    assert result.returncode == 2
    assert "not valid JSON (line 1, column" in one_line(result)


def test_a_bad_database_url_is_one_line() -> None:
    """A DSN with the wrong scheme exits 2 with a message saying what is expected."""
    result = run("status", env={"LEDGER_DATABASE_URL": "mysql://root@localhost/ledger"})
    assert result.returncode == 2
    assert "must start with postgresql://" in one_line(result)


def test_an_unreachable_database_is_one_line() -> None:
    """Nothing listening on the port: exit 3, 'cannot connect', no traceback, no password."""
    result = run(
        "status", env={"LEDGER_DATABASE_URL": "postgresql://app:s3cret@127.0.0.1:9/ledger"}
    )
    assert result.returncode == 3
    line = one_line(result)
    assert "cannot connect to PostgreSQL database 'ledger' on 127.0.0.1:9" in line
    assert "s3cret" not in result.stderr
    assert "Traceback" not in result.stderr


def test_status_without_a_ledger_says_how_to_make_one(tmp_path: Path) -> None:
    """Pointing at an empty directory explains instead of creating an empty ledger."""
    result = run("status", env={"LEDGER_DATA_DIR": str(tmp_path / "nothing-here")})
    assert result.returncode == 3
    assert "run 'sharing-ledger demo'" in one_line(result)
    assert not (tmp_path / "nothing-here").exists()


def test_json_logs_carry_no_payload(sqlite_location: SQLiteLocation) -> None:
    """With JSON logging on, log lines are JSON objects and never contain entry fields."""
    env = store_env(sqlite_location) | {"LEDGER_LOG_FORMAT": "json", "LEDGER_LOG_LEVEL": "DEBUG"}
    result = run(
        "record",
        "-",
        env=env,
        stdin=json.dumps(
            [
                access_command(
                    HOUR_AGO,
                )
            ]
        ),
    )
    assert result.returncode == 0, result.stderr
    logs = [json.loads(line) for line in result.stderr.splitlines() if line.startswith("{")]
    assert logs, result.stderr
    assert all("event" in entry for entry in logs)
    assert subject(1) not in result.stderr
    assert "case review" not in result.stderr


@pytest.mark.postgres
def test_db_init_on_postgres(pg_location: PostgresLocation) -> None:
    """db init reports success; running it again is harmless."""
    env = store_env(pg_location)
    first = run("db", "init", env=env)
    second = run("db", "init", env=env)
    assert (first.returncode, second.returncode) == (0, 0), first.stderr + second.stderr
    assert "Initialised PostgreSQL database" in second.stdout


def test_verify_against_a_checkpoint_after_truncation(
    sqlite_location: SQLiteLocation, tmp_path: Path
) -> None:
    """keys create, checkpoint, truncate as superuser, verify --against: exit 1, says why."""
    env = store_env(sqlite_location)
    key = tmp_path / "signing.key"
    created = run("keys", "create", "--out", str(key), "--origin", "westshire.example/ledger")
    assert created.returncode == 0, created.stderr
    assert oct(key.stat().st_mode & 0o777) == "0o600"
    app = open_ledger(sqlite_location)
    now = datetime.now(UTC) - timedelta(hours=1)
    app.append(*(access(now, subject=subject(i)) for i in range(8)))
    env["LEDGER_SIGNING_KEY_FILE"] = str(key)
    checkpoint = tmp_path / "checkpoint.txt"
    issued = run("checkpoint", "--out", str(checkpoint), env=env)
    assert issued.returncode == 0, issued.stderr
    assert issued.stdout.splitlines()[:2] == ["westshire.example/ledger", "8"]
    assert run("verify", "--against", str(checkpoint), env=env).returncode == 0
    tamper.truncate_tail(sqlite_location, keep=6)
    result = run("verify", "--against", str(checkpoint), env=env)
    assert result.returncode == 1
    assert "rollback or truncation: the checkpoint covers 8 entries" in one_line(result)
    assert "PRIVATE" not in result.stderr + issued.stderr + created.stdout


def test_the_demo_runs_with_seed_7(sqlite_location: SQLiteLocation) -> None:
    """`sharing-ledger demo --seed 7` builds its council (it stopped on a shared case id)."""
    result = run("demo", "--seed", "7", "--entries", "2000", env=store_env(sqlite_location))
    assert result.returncode == 0, result.stderr


def test_plain_verify_names_a_stored_checkpoint_the_ledger_contradicts(
    location: Location, tmp_path: Path
) -> None:
    """Checkpoint of 8 stored, 2 entries truncated: plain verify (no --against) exits 1 on it."""
    app = open_ledger(location)
    app.append(*(access(HOUR_AGO, subject=subject(i)) for i in range(8)))
    key = tmp_path / "signing.key"
    key.write_text(format_signer_key(generate_signer("westshire.example/ledger")))
    env = store_env(location) | {"LEDGER_SIGNING_KEY_FILE": str(key)}
    assert run("checkpoint", env=env).returncode == 0
    passed = run("verify", env=env)
    assert passed.returncode == 0, passed.stderr
    assert "Consistent with every checkpoint the ledger has stored (1)." in passed.stdout
    tamper.truncate_tail(location, keep=6)
    result = run("verify", env=env)
    assert result.returncode == 1
    assert "OK: 6 entries verified" in result.stdout  # the chain itself holds
    line = one_line(result)
    assert line.startswith(
        "sharing-ledger: error: verification FAILED: the stored checkpoint of 8 entries (issued "
    )
    assert line.endswith(
        "rollback or truncation: the checkpoint covers 8 entries, the ledger holds 6; "
        "entries from position 6 on are missing"
    )


def test_verify_against_a_checkpoint_of_another_log_is_one_line(
    sqlite_location: SQLiteLocation, tmp_path: Path
) -> None:
    """A note signed by the given key but naming another origin: exit 1, one line, no traceback."""
    open_ledger(sqlite_location).append(access(HOUR_AGO))
    signer = generate_signer("westshire.example/ledger")
    note = sign_note(
        format_checkpoint(Checkpoint("elsewhere.example/ledger", 1, bytes(32))), [signer]
    )
    held = tmp_path / "other.txt"
    held.write_text(note)
    result = run(
        "verify",
        "--against",
        str(held),
        "--key",
        format_verifier_key(signer.verifier()),
        env=store_env(sqlite_location),
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert one_line(result) == (
        f"sharing-ledger: error: {held}: the checkpoint names another log "
        "(the checkpoint is for 'elsewhere.example/ledger', expected 'westshire.example/ledger')"
    )


def test_key_files_that_cannot_be_created_are_one_line(tmp_path: Path) -> None:
    """keys create and witness create-key into a missing directory: exit 2, no traceback."""
    missing = tmp_path / "no-such-directory"
    for args in (
        ("keys", "create", "--out", str(missing / "log.key"), "--origin", "westshire.example/l"),
        ("witness", "create-key", "--out", str(missing / "w.key"), "--name", "westshire-police"),
    ):
        result = run(*args)
        assert result.returncode == 2
        assert "Traceback" not in result.stderr
        assert one_line(result).startswith(f"sharing-ledger: error: cannot create {missing}/")


def test_checkpoint_to_a_missing_directory_signs_nothing(sqlite_location: SQLiteLocation) -> None:
    """--out into a directory that does not exist: exit 2 before anything is signed."""
    open_ledger(sqlite_location).append(access(HOUR_AGO))
    key = sqlite_location.path.with_name("signing.key")
    key.write_text(format_signer_key(generate_signer("westshire.example/ledger")))
    env = store_env(sqlite_location) | {"LEDGER_SIGNING_KEY_FILE": str(key)}
    result = run("checkpoint", "--out", str(key.with_name("missing") / "cp.txt"), env=env)
    assert result.returncode == 2
    assert "no such directory" in one_line(result)
    assert not key.with_name("signing.key.state").exists()
