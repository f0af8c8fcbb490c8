"""A streaming read replica: a primary and a pg_basebackup -R hot standby of our own (initdb,
pg_ctl, loopback ports) from deploy/local/up.sh --replica. Writes go to the primary; reports
and verification are served by the standby; replica-status.sh shows how far it trails."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import psycopg
import pytest

from tests.integration.test_cli import one_line, run
from tests.integration.test_deploy_local import BASH, DEPLOY, _environ, logs, read_env
from tests.support.factories import access_command, subject

pytestmark = pytest.mark.postgres

HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)
PARTNER = "westshire-constabulary"


def share_command(occurred_at: datetime) -> dict[str, Any]:
    return {
        "command": "record_share",
        "occurred_at": occurred_at.isoformat(),
        "actor": "sw-0002",
        "actor_organisation": "westshire-council",
        "recipient": PARTNER,
        "subjects": [subject(1), subject(2)],
        "categories": ["pd:HealthRecord"],
        "purpose": "dpv:ServiceProvision",
        "legal_basis": "eu-gdpr:A6-1-e",
        "special_condition": "eu-gdpr:A9-2-g",
        "schedule_1_condition": "sl:DPA2018-S1-P2-18",
        "agreement": "ISA-POLICE-2025",
        "channel": "sl:SecureEmail",
        "source_system": "liquidlogic",
        "justification": "safeguarding referral",
    }


class Cluster:
    """What up.sh --replica wrote, and helpers to act on the primary and the standby."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.env = read_env(directory / "env")
        self.base = self.env["SL_HTTP_URL"]

    def cli(self, *args: str, on: str) -> subprocess.CompletedProcess[str]:
        """Run the command line against the primary or the standby, as the service's role."""
        url = self.env["LEDGER_DATABASE_URL" if on == "primary" else "SL_REPLICA_DATABASE_URL"]
        return run(
            *args,
            env={
                "LEDGER_DATABASE_URL": url,
                "LEDGER_DATA_DIR": self.env["LEDGER_DATA_DIR"],
                "LEDGER_SIGNING_KEY_FILE": self.env["LEDGER_SIGNING_KEY_FILE"],
            },
        )

    def record(self, commands: list[dict[str, Any]]) -> None:
        """Append over HTTP: the service writes to the primary."""
        reply = httpx.post(
            f"{self.base}/v1/batch",
            json={"commands": commands},
            headers={"Authorization": f"Bearer {self.env['SL_SOURCE_KEY']}"},
            timeout=30,
        )
        assert reply.status_code == 201, reply.text + logs(self.directory)

    def status(self) -> dict[str, str]:
        """deploy/local/replica-status.sh, parsed."""
        result = subprocess.run(
            [BASH, str(DEPLOY / "local" / "replica-status.sh"), str(self.directory)],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        found = dict(line.split("=", 1) for line in result.stdout.splitlines() if "=" in line)
        found["exit"] = str(result.returncode)
        return found

    def caught_up(self) -> dict[str, str]:
        """Wait until the primary's worker projected everything and the standby replayed it."""
        deadline = time.monotonic() + 30
        while True:
            ledger = httpx.get(
                f"{self.base}/v1/ledger/status",
                headers={"Authorization": f"Bearer {self.env['SL_AUDITOR_KEY']}"},
                timeout=10,
            ).json()
            status = self.status()
            if all(p["lag"] == 0 for p in ledger["projections"]) and status["lag_bytes"] == "0":
                return status
            assert time.monotonic() < deadline, f"standby never caught up: {status}, {ledger}"
            time.sleep(0.2)

    def on_standby(self, statement: str) -> None:
        """A statement on the standby as its superuser (replay control)."""
        url, passfile = self.env["SL_REPLICA_SUPERUSER_URL"], self.env["PGPASSFILE"]
        with psycopg.connect(url, passfile=passfile, autocommit=True) as conn:
            conn.execute(statement)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Cluster]:
    directory = tmp_path_factory.mktemp("replica") / "local"
    command = Path(sys.executable).parent / "sharing-ledger"
    up = subprocess.run(
        [BASH, str(DEPLOY / "local" / "up.sh"), "--replica", str(directory)],
        env={**_environ(), "SHARING_LEDGER": str(command)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    try:
        assert up.returncode == 0, up.stderr + logs(directory)
        yield Cluster(directory)
    finally:
        subprocess.run(
            [BASH, str(DEPLOY / "local" / "down.sh"), str(directory)],
            capture_output=True,
            timeout=120,
            check=False,
        )


def test_reports_and_verification_are_served_by_the_standby(
    cluster: Cluster, tmp_path: Path
) -> None:
    """Appends and a checkpoint on the primary; the standby verifies against it and reports."""
    body = access_command(HOUR_AGO, subject=subject(5))
    cluster.record([body, body, share_command(HOUR_AGO)])
    checkpoint = tmp_path / "checkpoint.txt"
    signed = cluster.cli("checkpoint", "--out", str(checkpoint), on="primary")
    assert signed.returncode == 0, signed.stderr
    size = int(checkpoint.read_text(encoding="utf-8").splitlines()[1])
    status = cluster.caught_up()
    assert (status["state"], status["in_recovery"], status["exit"]) == ("streaming", "t", "0")

    key = cluster.env["SL_VERIFIER_KEY"]
    verified = cluster.cli("verify", "--against", str(checkpoint), "--key", key, on="standby")
    assert verified.returncode == 0, verified.stderr
    assert f"OK: {size} entries verified" in verified.stdout
    assert "Consistent with" in verified.stdout

    report = cluster.cli("report", "partner", PARTNER, "--format", "json", on="standby")
    assert report.returncode == 0, report.stderr
    (share,) = json.loads(report.stdout)["shares"]
    assert share["share"]["recipient"] == PARTNER
    assert share["share"]["subject_count"] == 2
    assert cluster.cli("projections", "status", on="standby").returncode == 0


def test_status_says_which_store_is_the_standby(cluster: Cluster) -> None:
    """`status` on the standby names it read-only with its replay time; the primary's does not."""
    cluster.caught_up()
    standby = cluster.cli("status", on="standby")
    assert standby.returncode == 0, standby.stderr
    assert "standby (read-only): last transaction replayed" in standby.stdout
    primary = cluster.cli("status", on="primary")
    assert "standby" not in primary.stdout


def test_the_standby_refuses_writes(cluster: Cluster) -> None:
    """An append sent to the standby fails (exit 3, one line) and changes nothing."""
    before = cluster.cli("status", on="standby")
    written = run(
        "record",
        "-",
        env={
            "LEDGER_DATABASE_URL": cluster.env["SL_REPLICA_DATABASE_URL"],
            "LEDGER_DATA_DIR": cluster.env["LEDGER_DATA_DIR"],
        },
        stdin=json.dumps([access_command(HOUR_AGO)]),
    )
    assert written.returncode == 3
    assert "during recovery" in one_line(written) or "read-only" in one_line(written)
    # Judged by what the standby holds (its entries and head): replay and commit times may
    # move on meanwhile, since the primary's checkpointer and heartbeat run on timers.
    assert _held(cluster.cli("status", on="standby").stdout) == _held(before.stdout)


def test_lag_is_visible_while_replay_is_paused(cluster: Cluster) -> None:
    """Replay paused: appends on the primary show as lag and not on the standby; resumed: 0."""
    cluster.caught_up()
    size_before = _size(cluster.cli("verify", on="standby"))
    cluster.on_standby("SELECT pg_wal_replay_pause()")
    try:
        cluster.record([access_command(HOUR_AGO, subject=subject(6))] * 3)
        paused = cluster.status()
        assert int(paused["lag_bytes"]) > 0
        assert _size(cluster.cli("verify", on="standby")) == size_before
    finally:
        cluster.on_standby("SELECT pg_wal_replay_resume()")
    assert cluster.caught_up()["lag_bytes"] == "0"
    assert _size(cluster.cli("verify", on="standby")) == size_before + 3


def _held(status: str) -> list[str]:
    return [line for line in status.splitlines() if line.split()[:1] in (["entries"], ["head"])]


def _size(verified: subprocess.CompletedProcess[str]) -> int:
    assert verified.returncode == 0, verified.stderr
    first = verified.stdout.split("OK: ", 1)[1].split(" entries", 1)[0]
    return int(first.replace(",", ""))
