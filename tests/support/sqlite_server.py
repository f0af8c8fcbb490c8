"""A real `sharing-ledger serve` process on an SQLite ledger in a folder, with keys made by
`sharing-ledger principals create`: for tests that need a server over a real socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from ledger.storage.config import SQLiteLocation
from tests.integration.test_cli import run, store_env


@contextmanager
def live_server(
    folder: Path, principals: dict[str, tuple[str, ...]]
) -> Iterator[tuple[str, dict[str, str]]]:
    """The server's base URL and a key per name (``name -> principals create`` arguments)."""
    env = store_env(SQLiteLocation(folder / "ledger.sqlite3"))
    keys = {name: _key(env, "--name", name, *args) for name, args in principals.items()}
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env={**environment, **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base, keys
    finally:
        process.terminate()
        process.wait(timeout=20)


def _key(env: dict[str, str], *args: str) -> str:
    created = run("principals", "create", *args, "--reason", "tests over a live server", env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def _wait_until_up(base: str, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, "the server exited"
        try:
            httpx.get(f"{base}/v1/openapi.json", timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
            continue
        return
    pytest.fail("the server did not start within 30 s")
