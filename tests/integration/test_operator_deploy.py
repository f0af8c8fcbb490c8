"""An operator's first hour: deploy/local on chosen ports, the council, metrics, backups.

deploy/local/up.sh runs the checkout's own command (.venv/bin/sharing-ledger)
against a real PostgreSQL cluster of its own; deploy/backup.sh dumps the
test server's database.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from ledger.storage.config import PostgresLocation
from tests.support.factories import access_command, subject

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
BASH = shutil.which("bash") or "/bin/bash"
HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def _environ() -> dict[str, str]:
    return {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("LEDGER_", "SL_", "PG")) and k != "SHARING_LEDGER"
    }


def _free_ports(count: int) -> list[int]:
    sockets = [socket.socket() for _ in range(count)]
    try:
        for s in sockets:
            s.bind(("127.0.0.1", 0))
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _in_env(directory: Path, script: str) -> subprocess.CompletedProcess[str]:
    """Run ``script`` in a shell that has sourced DIR/env, as an operator would."""
    return subprocess.run(
        [BASH, "-c", f". {directory}/env && {script}"],
        env=_environ(),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )


def _samples(base: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    text = httpx.get(f"{base}/metrics", timeout=30).text
    return {
        (s.name, tuple(sorted(s.labels.items()))): s.value
        for family in text_string_to_metric_families(text)
        for s in family.samples
    }


@pytest.fixture
def stack(tmp_path: Path) -> Iterator[tuple[Path, list[int]]]:
    """up.sh on two chosen ports; down.sh afterwards, whatever happened."""
    directory = tmp_path / "local"
    ports = _free_ports(2)
    up = subprocess.run(
        [
            BASH, str(DEPLOY / "local" / "up.sh"),
            "--pg-port", str(ports[0]), "--http-port", str(ports[1]), str(directory),
        ],
        env={**_environ(), "SL_COUNCIL": "westshire-council", "SL_COUNCIL_NAME": "Westshire"},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )  # fmt: skip
    try:
        logs = "\n".join(p.read_text()[-2000:] for p in sorted(directory.glob("log/*.log")))
        assert up.returncode == 0, up.stderr + logs
        yield directory, ports
    finally:
        subprocess.run(
            [BASH, str(DEPLOY / "local" / "down.sh"), str(directory)],
            capture_output=True,
            timeout=120,
            check=False,
        )


@pytest.mark.postgres
def test_up_on_chosen_ports_registers_the_council_and_metrics_move(
    stack: tuple[Path, list[int]],
) -> None:
    """Chosen ports are used; the sourced env finds the CLI and psql; requests, sign-ins,
    verification and compliance show in /metrics."""
    directory, (pg_port, http_port) = stack
    base = f"http://127.0.0.1:{http_port}"
    said = _in_env(
        directory,
        'echo "$SL_HTTP_URL"; command -v sharing-ledger; psql -tAc "SHOW port"',
    )
    assert said.returncode == 0, said.stderr
    url, command, port = said.stdout.split()
    assert (url, port) == (base, str(pg_port))
    assert command.endswith("/sharing-ledger")

    body = access_command(HOUR_AGO, subject=subject(7))
    body.pop("command")
    source_key = _in_env(directory, 'echo "$SL_SOURCE_KEY"').stdout.strip()
    recorded = httpx.post(
        f"{base}/v1/accesses",
        json=body,
        headers={"Authorization": f"Bearer {source_key}"},
        timeout=30,
    )
    assert recorded.status_code == 201, recorded.text
    httpx.get(f"{base}/v1/ledger/status", headers={"X-API-Key": "sl_wrong"}, timeout=30)
    # With no --organisation, the report reads as the registered council: it must be there.
    who = _in_env(directory, f"sharing-ledger report who-saw {subject(7)} --format json")
    assert who.returncode == 0, who.stderr
    verified = _in_env(directory, "sharing-ledger verify")
    assert verified.returncode == 0, verified.stderr

    found = _samples(base)
    accesses = (("method", "POST"), ("route", "/v1/accesses"), ("status_class", "2xx"))
    assert found[("sharing_ledger_http_request_duration_seconds_count", accesses)] == 1
    refused = (("method", "api_request"), ("outcome", "failure"))
    assert found[("sharing_ledger_sign_ins_total", refused)] == 1
    assert found[("sharing_ledger_verification_ok", ())] == 1
    assert found[("sharing_ledger_rights_requests_overdue", ())] == 0
    assert found[("sharing_ledger_restrictions_breached", ())] == 0


@pytest.mark.postgres
def test_a_chosen_port_already_taken_is_refused(tmp_path: Path) -> None:
    """up.sh stops before starting anything when a port given to it is in use."""
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        refused = subprocess.run(
            [BASH, str(DEPLOY / "local" / "up.sh"), "--http-port", str(port), str(tmp_path / "x")],
            env=_environ(),
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
    assert refused.returncode == 2
    assert f"port {port} is not a free TCP port" in refused.stderr
    assert not (tmp_path / "x").exists()


@pytest.mark.postgres
def test_a_backup_is_readable_by_its_owner_only(
    pg_location: PostgresLocation, tmp_path: Path
) -> None:
    """deploy/backup.sh writes a dump pg_restore reads, mode 0600, in a 0700 directory."""
    location = pg_location
    url = f"postgresql://{location.user}@{location.host}:{location.port}/{location.dbname}"
    made = subprocess.run(
        [BASH, str(DEPLOY / "backup.sh"), str(tmp_path / "backups"), url],
        env={**_environ(), "LEDGER_DATABASE_URL": url},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert made.returncode == 0, made.stderr
    dump = Path(made.stdout.strip())
    assert dump.stat().st_mode & 0o777 == 0o600
    assert dump.parent.stat().st_mode & 0o777 == 0o700
    pg_restore = shutil.which("pg_restore")
    assert pg_restore is not None
    listed = subprocess.run(
        [pg_restore, "--list", str(dump)], capture_output=True, text=True, check=False
    )
    assert listed.returncode == 0, listed.stderr
