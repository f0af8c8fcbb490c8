"""`serve --workers 2`: two real server processes over real HTTP, on both stores.

They append to one chain, exactly one of them keeps the read models and signs
checkpoints, and what one process (or the command line) revokes or disposes
of, every process refuses within a second.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.service.recorded_reads import DISPOSED_TEXT
from ledger.storage.config import Location
from tests.integration.test_cli import run, store_env
from tests.support.console import TOKEN
from tests.support.factories import access_command, subject

HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)
CLIENTS = 16
PER_CLIENT = 8
CHECKPOINT_EVERY = 40


@dataclass
class Served:
    base: str
    env: dict[str, str]
    keys: dict[str, str]
    log: Path

    def headers(self, name: str) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.keys[name]}"}

    def events(self, name: str) -> list[dict[str, object]]:
        found = []
        for line in self.log.read_text().splitlines():
            try:
                found.append(json.loads(line))
            except json.JSONDecodeError:
                continue  # two processes share the log: a line may be cut by another's
        return [event for event in found if isinstance(event, dict) and event.get("event") == name]


def _key(env: dict[str, str], *args: str) -> str:
    created = run("principals", "create", *args, "--reason", "serve workers tests", env=env)
    assert created.returncode == 0, created.stderr
    return created.stdout.strip().splitlines()[-1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def served(location: Location, tmp_path: Path) -> Iterator[Served]:
    env = store_env(location)
    assert run("db", "init", env=env).returncode == 0
    signing = {
        "LEDGER_SIGNING_KEY_FILE": str(tmp_path / "log.key"),
        "LEDGER_SIGNER_STATE_FILE": str(tmp_path / "log.key.state"),
    }
    made = run(
        "keys", "create", "--out", signing["LEDGER_SIGNING_KEY_FILE"], "--origin", "w.example/l"
    )
    assert made.returncode == 0, made.stderr
    keys = {
        "source": _key(env, "--name", "liquidlogic", "--role", "source-system"),
        "dpo": _key(env, "--name", "dpo", "--role", "dpo", "--organisation", "westshire-council"),
    }
    port = _free_port()
    log_path = tmp_path / "server.log"
    environment = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port), "--workers", "2"],
            env={
                **environment,
                **env,
                **signing,
                "LEDGER_CHECKPOINT_ENTRIES": str(CHECKPOINT_EVERY),
                "LEDGER_LOG_FORMAT": "json",
            },
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        served = Served(f"http://127.0.0.1:{port}", env, keys, log_path)
        try:
            _wait_until_both_serve(served, process)
            yield served
        finally:
            process.terminate()
            process.wait(timeout=30)


def _wait_until_both_serve(served: Served, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        assert process.poll() is None, served.log.read_text()
        started = served.events("serve.worker.started")
        if len(started) == 2 and served.events("leader.elected"):
            try:
                httpx.get(f"{served.base}/healthz", timeout=1).raise_for_status()
            except httpx.HTTPError:
                pass
            else:
                return
        time.sleep(0.2)
    pytest.fail(f"two workers did not start within 90 s:\n{served.log.read_text()}")


def _record(served: Served, who: int) -> list[int]:
    statuses = []
    with httpx.Client(base_url=served.base, headers=served.headers("source"), timeout=60) as c:
        for _ in range(PER_CLIENT):
            body = access_command(HOUR_AGO, subject=subject(who % 4))
            body.pop("command")
            statuses.append(c.post("/v1/accesses", json=body).status_code)
    return statuses


def _fresh_get(served: Served, path: str, key: str) -> int:
    """One request on a new connection (so the kernel may hand it to either process)."""
    return httpx.get(f"{served.base}{path}", headers={"Authorization": f"Bearer {key}"}).status_code


def test_two_workers_under_load_leave_one_unbroken_chain(served: Served) -> None:
    """16 clients recording at once through two processes: every 201 is one entry of one
    chain that verifies, the read models hold them all, and checkpoints are signed once each
    by the one leader."""
    with ThreadPoolExecutor(CLIENTS) as pool:
        statuses = [
            s for batch in pool.map(lambda n: _record(served, n), range(CLIENTS)) for s in batch
        ]
    assert statuses == [201] * CLIENTS * PER_CLIENT

    checked = run("verify", env=served.env)
    assert checked.returncode == 0, checked.stderr
    size = httpx.get(f"{served.base}/v1/public/checkpoint").text  # latest signed, if any
    seen = httpx.get(
        f"{served.base}/v1/subjects/{subject(0)}/who-saw?limit=500", headers=served.headers("dpo")
    )
    assert seen.status_code == 200, seen.text
    recorded = [
        i for i in seen.json()["items"] if i["kind"] == "access" and i["actor"] == "fsw-0001"
    ]
    assert len(recorded) == CLIENTS * PER_CLIENT // 4  # the read model is current
    assert size  # one checkpoint at least was signed under load

    assert len(served.events("leader.elected")) == 1
    issued = [e["size"] for e in served.events("checkpoint.issued")]
    assert issued
    assert len(issued) == len(set(issued))  # no tree size signed twice


def test_a_revocation_on_the_command_line_is_refused_by_every_process_within_a_second(
    served: Served,
) -> None:
    """A key both processes have remembered (each request on its own connection) is refused
    by all of them within a second of `principals revoke` in a third process."""
    key = _key(served.env, "--name", "auditor", "--role", "auditor")
    listed = run("principals", "list", "--format", "json", env=served.env)
    assert listed.returncode == 0, listed.stderr
    (principal,) = [p["id"] for p in json.loads(listed.stdout) if p["name"] == "auditor"]
    assert {_fresh_get(served, "/v1/ledger/status", key) for _ in range(12)} == {200}

    revoked = run("principals", "revoke", principal, "--reason", "left", env=served.env)
    assert revoked.returncode == 0, revoked.stderr
    time.sleep(1.0)
    assert {_fresh_get(served, "/v1/ledger/status", key) for _ in range(12)} == {401}


def test_a_disposal_is_seen_by_every_process_within_a_second(served: Served) -> None:
    """Both processes hold the person's data key (their text read on several connections);
    within a second of `retention dispose`, neither opens it."""
    registered = run(
        "subjects",
        "register",
        "--nhs",
        "943 476 5919",
        "--rule",
        "adult-social-care",
        "--trigger-date",
        "2010-01-01",
        env=served.env,
    )
    assert registered.returncode == 0, registered.stderr
    person = registered.stdout.strip()
    body = access_command(HOUR_AGO, subject=person, justification="notes naming the person")
    body.pop("command")
    posted = httpx.post(f"{served.base}/v1/accesses", json=body, headers=served.headers("source"))
    assert posted.status_code == 201, posted.text

    def justifications() -> set[str]:
        reply = httpx.get(
            f"{served.base}/v1/subjects/{person}/who-saw", headers=served.headers("dpo")
        )
        assert reply.status_code == 200, reply.text
        return {
            i["justification"]
            for i in reply.json()["items"]
            if i["kind"] == "access" and i["actor"] == "fsw-0001"
        }

    assert all(justifications() == {"notes naming the person"} for _ in range(6))
    disposed = run("retention", "dispose", person, "--authoriser", "dpo-0001", env=served.env)
    assert disposed.returncode == 0, disposed.stderr
    time.sleep(1.0)
    assert all(justifications() == {DISPOSED_TEXT} for _ in range(6))


def test_another_process_takes_over_when_the_leader_dies(served: Served) -> None:
    """The leader killed outright: another process takes the lock within a few seconds, and
    the read models keep up with what is recorded afterwards."""
    (elected,) = served.events("leader.elected")
    os.kill(int(str(elected["pid"])), signal.SIGKILL)
    deadline = time.monotonic() + 30
    while len(served.events("leader.elected")) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    leaders = [e["pid"] for e in served.events("leader.elected")]
    assert len(leaders) == 2
    assert leaders[1] != leaders[0]

    body = access_command(HOUR_AGO, subject=subject(7))
    body.pop("command")
    for _ in range(20):  # the supervisor may still be restarting the dead worker
        posted = httpx.post(
            f"{served.base}/v1/accesses", json=body, headers=served.headers("source")
        )
        if posted.status_code == 201:
            break
        time.sleep(0.5)
    assert posted.status_code == 201, posted.text
    seen = httpx.get(
        f"{served.base}/v1/subjects/{subject(7)}/who-saw", headers=served.headers("dpo")
    )
    assert seen.status_code == 200, seen.text
    assert [i for i in seen.json()["items"] if i["kind"] == "access"]


def test_a_console_session_is_known_to_every_process(served: Served) -> None:
    """Signed in once, a browser stays signed in whichever process each later request
    reaches (every request on a new connection); signed out once, it is out everywhere."""
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=served.base, limits=no_reuse, follow_redirects=False) as browser:
        token = TOKEN.search(browser.get("/console/sign-in").text)
        assert token is not None
        form = {"csrf_token": token.group(1), "api_key": served.keys["dpo"]}
        assert browser.post("/console/sign-in", data=form).status_code == 303
        pages = [browser.get("/console/") for _ in range(12)]
        assert {page.status_code for page in pages} == {200}
        csrf = TOKEN.search(pages[-1].text)
        assert csrf is not None
        assert browser.post("/console/sign-out", data={"csrf_token": csrf.group(1)}).is_redirect
        assert {browser.get("/console/").status_code for _ in range(6)} == {303}


def test_a_console_verification_is_followed_from_every_process(served: Served) -> None:
    """A verification started in the console is found, and followed to its end, whichever
    process each poll reaches (every request on a new connection)."""
    no_reuse = httpx.Limits(max_keepalive_connections=0)
    with httpx.Client(base_url=served.base, limits=no_reuse, follow_redirects=False) as browser:
        token = TOKEN.search(browser.get("/console/sign-in").text)
        assert token is not None
        form = {"csrf_token": token.group(1), "api_key": served.keys["dpo"]}
        assert browser.post("/console/sign-in", data=form).status_code == 303
        csrf = TOKEN.search(browser.get("/console/").text)
        assert csrf is not None
        started = browser.post(
            "/console/integrity/verifications", data={"csrf_token": csrf.group(1)}
        )
        assert started.status_code == 303, started.text
        progress = f"{started.headers['location']}/progress"
        deadline = time.monotonic() + 60
        states = []
        while time.monotonic() < deadline:
            polled = browser.get(progress)
            assert polled.status_code == 200, polled.text
            states.append(polled.json()["state"])
            if states[-1] != "running":
                break
            time.sleep(0.2)
        assert states[-1] == "passed"
        assert all(browser.get(progress).json()["state"] == "passed" for _ in range(6))


def _scrape(served: Served) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """One /metrics scrape on a new connection (either process may answer it)."""
    text = httpx.get(f"{served.base}/metrics").text
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
    }


def test_every_scrape_adds_up_every_processs_counts(served: Served) -> None:
    """Requests spread over both processes (each on a new connection); whichever process
    answers a scrape, it reports every process's requests, refusals and commits, and
    leaves out what describes one process alone."""
    status = ("method", "GET"), ("route", "/v1/ledger/status"), ("status_class", "2xx")
    before = _scrape(served)
    auditor = _key(served.env, "--name", "auditor", "--role", "auditor")
    assert {_fresh_get(served, "/v1/ledger/status", auditor) for _ in range(12)} == {200}
    assert {_fresh_get(served, "/v1/ledger/status", "sl_not_a_key") for _ in range(5)} == {401}
    body = access_command(HOUR_AGO, subject=subject(5))
    body.pop("command")
    for _ in range(10):
        posted = httpx.post(
            f"{served.base}/v1/accesses", json=body, headers=served.headers("source")
        )
        assert posted.status_code == 201, posted.text

    def grew(
        scrape: dict[tuple[str, tuple[tuple[str, str], ...]], float],
        name: str,
        labels: tuple[tuple[str, str], ...] = (),
    ) -> float:
        return scrape.get((name, labels), 0.0) - before.get((name, labels), 0.0)

    for _ in range(8):
        scrape = _scrape(served)
        duration = "sharing_ledger_http_request_duration_seconds_count"
        assert grew(scrape, duration, tuple(sorted(status))) == 12
        refused = (("method", "api_request"), ("outcome", "failure"))
        assert grew(scrape, "sharing_ledger_sign_ins_total", refused) == 5
        assert grew(scrape, "sharing_ledger_group_commit_requests_total") == 10
        assert 1 <= grew(scrape, "sharing_ledger_group_commit_transactions_total") <= 10
        assert ("process_cpu_seconds_total", ()) not in scrape
        assert ("sharing_ledger_group_commit_mean_batch_size", ()) not in scrape
        assert scrape[("sharing_ledger_store_up", ())] == 1
