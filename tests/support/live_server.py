"""A real `sharing-ledger serve` process with a partner ready to receipt a share.

For the tests that act as someone outside the council (a partner's toolkit,
Go's tlog code, the documented curl and Python examples): they see the
ledger over HTTP only, as those outsiders do.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx

from ledger.storage.config import PostgresLocation
from tests.support.factories import POLICE, access_command, police_share_body, subject

ORIGIN = "westshire.example/ledger"


def cli(
    *args: str, env: Mapping[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess[str]:
    """``sharing-ledger ARGS`` in a fresh process, with only ``env``'s LEDGER_ settings."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    environment.update(env)
    return subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        capture_output=True,
        text=True,
        env=environment,
        input=stdin,
        timeout=120,
        check=False,
    )


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass
class LiveLedger:
    """The server's address, the settings its command line shares, and the keys made."""

    base: str
    env: dict[str, str]
    keys: dict[str, str]
    verifier_key: str
    shares: list[str] = field(default_factory=list)

    def headers(self, who: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[who]}"}

    def checkpoint(self) -> str:
        """Sign the current tree head (as the operator's command line does); the note."""
        issued = cli("checkpoint", env=self.env)
        if issued.returncode != 0:
            raise RuntimeError(issued.stderr)
        return issued.stdout

    def record_accesses(self, count: int) -> None:
        when = datetime.now(UTC) - timedelta(hours=1)
        for start in range(0, count, 100):
            commands = [access_command(when) for _ in range(min(100, count - start))]
            reply = httpx.post(
                f"{self.base}/v1/batch",
                json={"commands": commands},
                headers=self.headers("source"),
                timeout=60,
            )
            if reply.status_code != httpx.codes.CREATED:
                raise RuntimeError(reply.text)

    def share_with_police(self, n: int = 1) -> str:
        """Record a share to the police; its id."""
        reply = httpx.post(
            f"{self.base}/v1/shares",
            json=police_share_body(datetime.now(UTC) - timedelta(hours=2), subject(n)),
            headers=self.headers("source"),
        )
        if reply.status_code != httpx.codes.CREATED:
            raise RuntimeError(reply.text)
        share = str(reply.json()["entries"][0]["id"])
        self.shares.append(share)
        return share


def _key(env: Mapping[str, str], *args: str) -> str:
    created = cli("principals", "create", *args, "--reason", "tests of outsiders", env=env)
    if created.returncode != 0:
        raise RuntimeError(created.stderr)
    return created.stdout.strip().splitlines()[-1]


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            msg = "the server exited"
            raise RuntimeError(msg)
        try:
            httpx.get(f"{base}/v1/openapi.json", timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        return
    msg = "the server did not start within 30 s"
    raise RuntimeError(msg)


@contextmanager
def live_ledger(location: PostgresLocation, workdir: Path) -> Iterator[LiveLedger]:
    """A served ledger on ``location`` with a signing key, a police partner and its API key.

    The partner's receipt key is not registered: the test does that, as the
    council's admin would (docs/receipts.md §2).
    """
    env = {
        "LEDGER_DATABASE_URL": (
            f"postgresql://{location.user}@{location.host}:{location.port}/{location.dbname}"
        ),
        "LEDGER_SIGNING_KEY_FILE": str(workdir / "log.key"),
    }
    created = cli("keys", "create", "--out", str(workdir / "log.key"), "--origin", ORIGIN, env=env)
    if created.returncode != 0 or cli("db", "init", env=env).returncode != 0:
        raise RuntimeError(created.stderr)
    verifier_key = created.stdout.strip().splitlines()[-1]
    keys = {
        "source": _key(env, "--name", "liquidlogic", "--role", "source-system"),
        "admin": _key(env, "--name", "operator", "--role", "admin"),
        "police": _key(env, "--name", "police", "--role", "partner", "--organisation", POLICE),
    }
    port = _free_port()
    log = (workdir / "server.log").open("w")
    server_env = {k: v for k, v in env.items() if k != "LEDGER_SIGNING_KEY_FILE"}
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env={
            **{k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")},
            **server_env,
        },
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    ledger = LiveLedger(f"http://127.0.0.1:{port}", env, keys, verifier_key)
    try:
        _wait_until_up(ledger.base, process)
        registered = httpx.post(
            f"{ledger.base}/v1/partners",
            json={
                "organisation": POLICE,
                "name": "Westshire Constabulary",
                "partner_type": "sl:Police",
                "competent_authority": True,
            },
            headers=ledger.headers("admin"),
        )
        if registered.status_code != httpx.codes.CREATED:
            raise RuntimeError(registered.text)
        yield ledger
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()
