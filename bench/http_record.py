"""Recording over HTTP with 16 concurrent clients: group commit against one commit per request.

Runs a real `sharing-ledger serve` process on a fresh PostgreSQL database twice
in the same run — once sharing commits (the default), once with
`--no-group-commit` — and prints requests/s and entries/s for single entries
and for batches of 10, with the ratio. Usage:

    .venv/bin/python bench/http_record.py [--seconds 10] [--clients 16]
        [--admin-url postgresql://postgres@127.0.0.1/postgres]
"""

from __future__ import annotations

import argparse
import os
import secrets
import socket
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.support.factories import access_command, subject  # noqa: E402


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def cli(env: dict[str, str], *args: str) -> str:
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def run_server(env: dict[str, str], extra: list[str]) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port), *extra],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(150):
        try:
            httpx.get(f"{base}/v1/openapi.json", timeout=1)
        except httpx.TransportError:
            time.sleep(0.2)
        else:
            return process, base
    msg = "server did not start"
    raise RuntimeError(msg)


def load(
    base: str, key: str, path: str, body: object, clients: int, seconds: float
) -> tuple[int, int]:
    """Requests and entries recorded by ``clients`` threads in ``seconds``."""
    stop = time.monotonic() + seconds
    counts = [0] * clients
    entries = [0] * clients

    def client(index: int) -> None:
        with httpx.Client(base_url=base, headers={"Authorization": f"Bearer {key}"}) as http:
            while time.monotonic() < stop:
                reply = http.post(path, json=body, timeout=30)
                reply.raise_for_status()
                counts[index] += 1
                entries[index] += len(reply.json()["entries"])

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(counts), sum(entries)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--clients", type=int, default=16)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()

    single = access_command(datetime.now(UTC) - timedelta(hours=1), subject=subject(1))
    single.pop("command")
    batch = {
        "commands": [
            access_command(datetime.now(UTC) - timedelta(hours=1), subject=subject(i))
            for i in range(10)
        ]
    }
    results: dict[tuple[str, str], tuple[float, float]] = {}
    for mode, extra in (("group commit", []), ("one commit per request", ["--no-group-commit"])):
        name = f"sl_bench_{secrets.token_hex(4)}"
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'CREATE DATABASE "{name}"')
        url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
        env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
        env |= {"LEDGER_DATABASE_URL": url, "LEDGER_LOG_LEVEL": "WARNING"}
        try:
            cli(env, "db", "init")
            key = (
                cli(env, "principals", "create", "--name", "bench", "--role", "source-system")
                .strip()
                .splitlines()[-1]
            )
            server, base = run_server(env, extra)
            try:
                for shape, path, body in (
                    ("single", "/v1/accesses", single),
                    ("batch of 10", "/v1/batch", batch),
                ):
                    requests, entries = load(base, key, path, body, args.clients, args.seconds)
                    results[(mode, shape)] = (requests / args.seconds, entries / args.seconds)
            finally:
                server.terminate()
                server.wait(timeout=20)
        finally:
            with psycopg.connect(args.admin_url, autocommit=True) as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    print(
        f"Recording over HTTP, {args.clients} concurrent clients, "
        f"{args.seconds:g} s each, PostgreSQL"
    )
    print(f"{'mode':<26}{'shape':<14}{'requests/s':>12}{'entries/s':>12}")
    for (mode, shape), (rps, eps) in results.items():
        print(f"{mode:<26}{shape:<14}{rps:>12,.0f}{eps:>12,.0f}")
    for shape in ("single", "batch of 10"):
        ratio = results[("group commit", shape)][0] / results[("one commit per request", shape)][0]
        print(f"group commit / one commit per request ({shape}): {ratio:.1f}x")


if __name__ == "__main__":
    main()
