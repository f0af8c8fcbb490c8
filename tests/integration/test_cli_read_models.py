"""Stalled read models and the projection worker's heartbeat, as real processes meet them.

The command line (one-line errors, exit codes, `projections status` and
`rebuild`) and a real `serve --projections worker` with and without a real
`projections run` beside it; on both stores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from api.service.composition import open_service
from ledger.principals import Role
from ledger.privacy.identifiers import parse
from ledger.storage.config import Location, SQLiteLocation
from ledger.storage.principal_store import PrincipalStore
from projections.read_models import READ_MODELS
from tests.integration.test_cli import one_line, run, store_env
from tests.integration.test_http_e2e import free_port
from tests.support.factories import access, share, subject
from tests.support.faulty import plant_activity_row
from tests.support.tamper import notification_id_at, superuser

HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)
AS_COUNCIL = ("--organisation", "westshire-council")


def five_accesses_the_fourth_refused(location: Location) -> str:
    """Accesses to subjects 0..4, none projected yet; a row sits where position 3's goes.

    Returns the reference of a person registered beside them, due for disposal.
    """
    svc = open_service(location)
    svc.app.append(*(access(HOUR_AGO, subject=subject(i)) for i in range(5)))
    due = svc.app.subjects.register(
        [parse("nhs", "943 476 5919")], rule="adult-social-care", dispose_on=date(2020, 1, 1)
    )
    svc.close()
    plant_activity_row(location, subject(3), 3)
    return due


def test_a_stalled_read_model_at_the_command_line(location: Location) -> None:
    """Reports reading it exit 3 with one line; others (and disposal) go on; status says why;
    rebuild mends."""
    due = five_accesses_the_fourth_refused(location)
    env = store_env(location)
    who = run("report", "who-saw", subject(1), *AS_COUNCIL, env=env)
    assert who.returncode == 3
    line = one_line(who)
    assert line.startswith("sharing-ledger: error: read model 'activity' stalled at position 3: ")
    assert "'sharing-ledger projections rebuild activity'" in line
    assert "Traceback" not in who.stderr
    assert subject(3) not in who.stderr
    # Disposal counts the person's entries from the ledger itself, so no read model stops it.
    disposed = run("retention", "dispose", due, env=env)
    assert disposed.returncode == 0, disposed.stderr
    assert run("report", "requests", env=env).returncode == 0
    assert run("report", "agreements", env=env).returncode == 0

    status = run("projections", "status", env=env)
    assert status.returncode == 0, status.stderr
    row = next(
        line for line in status.stdout.splitlines() if line.lstrip("│ ").startswith("activity")
    )
    assert "stalled" in row
    # In a pipe the rows go to stdout, the summary to stderr.
    assert "activity is stalled: 'sharing-ledger projections rebuild activity'" in status.stderr

    rebuilt = run("projections", "rebuild", "activity", env=env)
    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "Rebuilt activity from" in rebuilt.stdout
    again = run("report", "who-saw", subject(1), *AS_COUNCIL, "--format", "json", env=env)
    assert again.returncode == 0, again.stderr


@pytest.fixture
def spawn(tmp_path: Path) -> Iterator[Callable[..., subprocess.Popen[bytes]]]:
    """Start `sharing-ledger ARGS` processes; each is stopped at the end if still running."""
    started: list[subprocess.Popen[bytes]] = []

    def start(env: dict[str, str], *args: str) -> subprocess.Popen[bytes]:
        environment = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
        log = (tmp_path / f"{len(started)}.log").open("w")
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", *args],
            env={**environment, **env},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        started.append(process)
        return process

    yield start
    for process in started:
        process.terminate()
        process.wait(timeout=20)


def until(check: Callable[[], bool], seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < deadline, "did not happen in time"
        time.sleep(0.2)


def test_a_real_worker_beats_and_its_silence_is_seen(
    location: Location, spawn: Callable[..., subprocess.Popen[bytes]]
) -> None:
    """serve --projections worker: not ready until `projections run` beats; stopped: 503 at once."""
    svc = open_service(location)
    _, key = PrincipalStore(svc.app.database).create(
        name="dpo", role=Role.DPO, now=datetime.now(UTC)
    )
    svc.close()
    env = store_env(location) | {"LEDGER_WORKER_TIMEOUT": "2"}
    port = free_port()
    base, auth = f"http://127.0.0.1:{port}", {"Authorization": f"Bearer {key}"}
    spawn(env, "serve", "--port", str(port), "--projections", "worker")

    def readyz() -> httpx.Response | None:
        try:
            return httpx.get(f"{base}/readyz", timeout=2)
        except httpx.TransportError:
            return None

    until(lambda: readyz() is not None)
    first = readyz()
    assert first is not None
    assert first.status_code == 503
    assert "no heartbeat from a projection worker" in first.json()["checks"]["projection_worker"]

    worker = spawn(env, "projections", "run")
    until(lambda: (r := readyz()) is not None and r.status_code == 200)
    assert httpx.get(f"{base}/v1/rights-requests", headers=auth).status_code == 200

    worker.terminate()
    worker.wait(timeout=20)
    ledger = open_service(location)
    ledger.app.append(access(HOUR_AGO))
    ledger.close()
    until(lambda: (r := readyz()) is not None and r.status_code == 503, seconds=10)
    started = time.monotonic()
    reply = httpx.get(f"{base}/v1/rights-requests", headers=auth, timeout=10)
    assert time.monotonic() - started < 2
    assert reply.status_code == 503
    assert reply.json()["type"].endswith("/projector-down")


# -- verify --read-models ---------------------------------------------------------------------
def projected_history(location: Location) -> None:
    """Accesses and a share, projected: every read model has rows to compare."""
    svc = open_service(location)
    svc.app.append(*(access(HOUR_AGO, subject=subject(i)) for i in range(6)))
    svc.app.append(share(HOUR_AGO, subjects=[subject(1), subject(2)]))
    svc.runner.catch_up()
    svc.close()


def read_model_tables(location: Location) -> set[str]:
    with superuser(location) as (conn, _):
        if isinstance(location, SQLiteLocation):
            query = "SELECT name FROM sqlite_master WHERE type = 'table'"
        else:
            query = "SELECT tablename FROM pg_tables WHERE schemaname NOT IN ('pg_catalog')"
        return {name for (name,) in conn.execute(query).fetchall()}


def test_verify_read_models_finds_a_deleted_who_saw_row(location: Location) -> None:
    """Identical: exit 0. One rm_activity row deleted: exit 1 naming table and key, no values."""
    projected_history(location)
    env = store_env(location)
    tables = read_model_tables(location)
    passed = run("verify", "--read-models", env=env)
    assert passed.returncode == 0, passed.stderr
    assert f"Read models match the ledger: {len(READ_MODELS)} read models" in passed.stdout
    assert read_model_tables(location) == tables  # no scratch table left behind
    with superuser(location) as (conn, p):
        nid = notification_id_at(conn, p, 4)
        conn.execute(
            f"DELETE FROM rm_activity WHERE subject = {p} AND notification_id = {p}",
            (subject(4), nid),
        )
    failed = run("verify", "--read-models", env=env)
    assert failed.returncode == 1
    assert one_line(failed) == (
        "sharing-ledger: error: read models differ from the ledger: rm_activity "
        f"(subject={subject(4)}, notification_id={nid}): the ledger gives this row; "
        "the read model lacks it"
    )
    for value in ("fsw-0001", "westshire-council", "pd:HealthRecord", "case review"):
        assert value not in failed.stdout + failed.stderr


def test_verify_read_models_names_a_changed_column(location: Location) -> None:
    """A share's recipient rewritten in rm_shares: exit 1 naming the column, not its values."""
    projected_history(location)
    with superuser(location) as (conn, _):
        conn.execute("UPDATE rm_shares SET recipient = 'someone-else'")
    failed = run("verify", "--read-models", env=store_env(location))
    assert failed.returncode == 1
    line = one_line(failed)
    assert line.startswith("sharing-ledger: error: read models differ from the ledger: rm_shares")
    assert line.endswith("column recipient differs from what the ledger gives")
    assert "someone-else" not in failed.stderr
    assert "westshire-constabulary" not in failed.stderr


def test_verify_read_models_finds_a_row_the_ledger_does_not_give(location: Location) -> None:
    """A partner row slipped into rm_partners: exit 1, the read model holds a row too many."""
    projected_history(location)
    with superuser(location) as (conn, _):
        conn.execute("INSERT INTO rm_partners (organisation, name) VALUES ('zz-forged', 'Forged')")
    failed = run("verify", "--read-models", env=store_env(location))
    assert failed.returncode == 1
    assert one_line(failed).endswith(
        "rm_partners (organisation=zz-forged): the read model holds a row the ledger does not give"
    )
