"""A real OpenID provider and a real console server configured to sign in through it.

The provider is panva's ``oidc-provider`` (tests/oidc_provider/server.js),
run with the machine's Node.js; its packages come from the committed
package-lock.json (``npm ci``, run here if node_modules is missing). Without
``node`` the tests are skipped, saying why; under ``CI=true`` they fail
instead. The console is the real command line, ``sharing-ledger serve``, on a
small demo ledger, with the ``LEDGER_OIDC_*`` settings pointing at the provider.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from api.service.composition import open_service
from ledger.storage.config import SQLiteLocation
from projections.reports.restriction_verdicts import all_restrictions

REPO = Path(__file__).resolve().parents[2]
PROVIDER_DIR = REPO / "tests" / "oidc_provider"
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
CLIENT_ID = "sharing-ledger-console"
CLIENT_SECRET = "synthetic-test-secret-not-real"
PROVIDER_NAME = "Westshire sign-in"
PARTNER_ORG = "westshire-constabulary"
# The provider's users (server.js): login -> subject id.
DPO, AUDITOR, PARTNER, UNMAPPED = "dana-dpo", "alex-auditor", "pat-partner", "sam-staff"
SUBJECTS = {
    DPO: "a1f4e2c0-dpo",
    AUDITOR: "b7d3a9e1-audit",
    PARTNER: "c5e8b0f2-partner",
    UNMAPPED: "d9c1f7a3-staff",
}
GROUP_ROLES = f"""\
# Which of the provider's groups may use the console, and as what (first match wins).
[[group]]
name = "sl-dpo"
role = "dpo"

[[group]]
name = "sl-audit"
role = "auditor"

[[group]]
name = "sl-partner-police"
role = "partner"
organisation = "{PARTNER_ORG}"
"""
_ACTION = re.compile(r'<form[^>]*action="([^"]+)"')


@dataclass(frozen=True)
class OidcConsole:
    issuer: str
    origin: str  # http://127.0.0.1:<port>
    data_dir: Path
    subject: str  # a person in the demo ledger

    @property
    def console(self) -> str:
        return self.origin + "/console"

    @property
    def callback(self) -> str:
        return self.console + "/sign-in/oidc/callback"


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true requires the OpenID provider tests to run. {reason}", pytrace=False)
    pytest.skip(reason)


def _node() -> str:
    node = shutil.which("node")
    if node is None:
        _unavailable("node not found: install Debian's nodejs and npm to run the OpenID tests")
    assert node is not None
    if not (PROVIDER_DIR / "node_modules" / "oidc-provider").is_dir():
        npm = shutil.which("npm")
        if npm is None:
            _unavailable("npm not found: install Debian's npm to install the test provider")
        assert npm is not None
        subprocess.run(
            [npm, "ci", "--no-audit", "--no-fund"], cwd=PROVIDER_DIR, check=True, timeout=300
        )
    return node


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait(url: str, process: subprocess.Popen[bytes], log: Path, what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"{what} exited: {log.read_text()}", pytrace=False)
        try:
            if httpx.get(url, timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            time.sleep(0.1)
    pytest.fail(f"{what} did not answer within 60 s: {log.read_text()}", pytrace=False)


@contextmanager
def _process(
    command: list[str], *, cwd: Path, env: dict[str, str], log: Path, ready: str, what: str
) -> Iterator[None]:
    with log.open("wb") as out:
        process = subprocess.Popen(command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        _wait(ready, process, log, what)
        yield
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _cli(data_dir: Path, *args: str) -> None:
    reply = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=REPO,
        env={**os.environ, "LEDGER_DATA_DIR": str(data_dir)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if reply.returncode != 0:
        pytest.fail(f"sharing-ledger {' '.join(args)} failed: {reply.stderr}", pytrace=False)


def _a_person(data_dir: Path) -> str:
    service = open_service(SQLiteLocation(data_dir / "ledger.sqlite3"))
    try:
        return all_restrictions(service.reports("restrictions"))[0].facts.subject
    finally:
        service.close()


@contextmanager
def oidc_console(folder: Path) -> Iterator[OidcConsole]:
    """The provider, then the console server on a small demo ledger, both on free ports."""
    node = _node()
    data_dir = folder / "ledger"
    _cli(data_dir, "demo", "--entries", "500")
    roles = folder / "group-roles.toml"
    roles.write_text(GROUP_ROLES, encoding="utf-8")
    secret = folder / "client-secret"
    secret.write_text(CLIENT_SECRET + "\n", encoding="utf-8")
    provider_port, console_port = free_port(), free_port()
    # "localhost": another site than the console's 127.0.0.1 (SameSite rules apply as in life).
    issuer = f"http://localhost:{provider_port}"
    origin = f"http://127.0.0.1:{console_port}"
    provider_env = {
        **os.environ,
        "PORT": str(provider_port),
        "HOST_NAME": "localhost",
        "CLIENT_ID": CLIENT_ID,
        "CLIENT_SECRET": CLIENT_SECRET,
        "REDIRECT_URI": origin + "/console/sign-in/oidc/callback",
    }
    console_env = {
        **os.environ,
        "LEDGER_DATA_DIR": str(data_dir),
        "LEDGER_LOG_LEVEL": "WARNING",
        "LEDGER_OIDC_ISSUER": issuer,
        "LEDGER_OIDC_CLIENT_ID": CLIENT_ID,
        "LEDGER_OIDC_CLIENT_SECRET_FILE": str(secret),
        "LEDGER_OIDC_REDIRECT_URL": origin + "/console/sign-in/oidc/callback",
        "LEDGER_OIDC_GROUP_ROLES_FILE": str(roles),
        "LEDGER_OIDC_PROVIDER_NAME": PROVIDER_NAME,
        "LEDGER_OIDC_SCOPES": "openid profile groups",
    }
    with (
        _process(
            [node, "server.js"],
            cwd=PROVIDER_DIR,
            env=provider_env,
            log=folder / "provider.log",
            ready=issuer + "/.well-known/openid-configuration",
            what="the OpenID provider",
        ),
        _process(
            # One process: the tests read sign-in counters from /metrics, which are
            # each process's own (tests/integration/test_serve_workers.py runs several).
            [
                sys.executable,
                "-m",
                "api.cli",
                "serve",
                "--port",
                str(console_port),
                "--workers",
                "1",
            ],
            cwd=REPO,
            env=console_env,
            log=folder / "server.log",
            ready=origin + "/console/sign-in",
            what="the console server",
        ),
    ):
        yield OidcConsole(issuer, origin, data_dir, _a_person(data_dir))


def to_callback(
    client: httpx.Client,
    server: OidcConsole,
    login: str,
    *,
    next_path: str = "/console/",
    tamper: Callable[[str], str] | None = None,
) -> str:
    """Start signing in, sign in at the provider as ``login``: the callback URL it sends back.

    ``tamper`` may change the authorization request on its way to the provider.
    """
    started = client.get(server.console + "/sign-in/oidc", params={"next": next_path})
    assert started.status_code == 303, started.text
    authorization = started.headers["location"]
    assert authorization.startswith(server.issuer + "/")
    if tamper is not None:
        authorization = tamper(authorization)
    reply = _until_callback(client, server, client.get(authorization))
    if reply.status_code == 200:  # the provider's login form (unless already signed in there)
        action = _ACTION.search(reply.text)
        assert action is not None, reply.text
        form = {"prompt": "login", "login": login, "password": "any"}
        reply = _until_callback(client, server, client.post(action.group(1), data=form))
    assert reply.status_code in (302, 303), reply.text
    return str(reply.headers["location"])


def _until_callback(
    client: httpx.Client, server: OidcConsole, reply: httpx.Response
) -> httpx.Response:
    """Follow the provider's redirects, stopping at the one to the console's callback."""
    while reply.status_code in (302, 303) and not reply.headers["location"].startswith(
        server.callback
    ):
        reply = client.get(reply.url.join(reply.headers["location"]))
    return reply


def sign_in_counts(server: OidcConsole) -> dict[tuple[str, str, str], float]:
    """``sharing_ledger_console_sign_ins_total`` from /metrics, by (method, outcome, reason)."""
    text = httpx.get(server.origin + "/metrics", timeout=10).text
    counts: dict[tuple[str, str, str], float] = {}
    for family in text_string_to_metric_families(text):
        if family.name != "sharing_ledger_console_sign_ins":
            continue
        for sample in family.samples:
            if sample.name.endswith("_total"):
                labels = sample.labels
                counts[(labels["method"], labels["outcome"], labels["reason"])] = sample.value
    return counts
