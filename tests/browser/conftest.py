"""Browser tests' fixtures: a real server process on a demo ledger, and Debian's Chromium.

The server is the real command line (``sharing-ledger serve``, with the console
mounted) on an SQLite ledger built by ``sharing-ledger demo --entries 3000`` in a
temporary folder, with principals made by ``sharing-ledger principals create``.
Chromium is Debian's (``apt-get install -y chromium``), driven by Playwright's
Python package; no browser is ever downloaded. Without ``/usr/bin/chromium`` (or
without the ``playwright`` package) the tests are skipped, saying why; with
``CI=true`` they fail instead, as the PostgreSQL tests do.
"""

from __future__ import annotations

import importlib.util
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from api.demo import DemoPlan
from api.demo.identities import identities
from api.service.composition import open_service
from ledger.domain.plain_words import plain
from ledger.privacy.identifiers import Kind
from ledger.storage.config import SQLiteLocation
from projections.reports.partner_disclosures import partner_names, partner_report
from projections.reports.restriction_verdicts import all_restrictions
from projections.reports.who_saw import who_saw

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page, ViewportSize

CHROMIUM = Path("/usr/bin/chromium")
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
VIEWPORT: ViewportSize = {"width": 1280, "height": 800}
IN_CI = os.environ.get("CI", "").lower() in ("1", "true", "yes")
REPO = Path(__file__).resolve().parents[2]
PARTNER_ORG = "westshire-constabulary"
DEMO_ENTRIES = 3000
# Set to a folder (e.g. docs/console) to save the pages' screenshots there: each page of
# CONSOLE_PAGES at 1280 px as <name>.png, and at 375 px as 375/<name>.png.
SCREENSHOTS_ENV = "CONSOLE_SCREENSHOTS"
WIDTHS = (1280, 375)  # a desktop, and the narrowest common phone (no sideways scrolling)
SMALL_SCREEN: ViewportSize = {"width": 375, "height": 812}
# Every console page, by the name its screenshots take, and its address under /console
# ({subject}, {breached}, {share} are the demo's). A page another change adds is one line
# here: the small-screen, axe-core and screenshot test opens each at both widths.
CONSOLE_PAGES: tuple[tuple[str, str], ...] = (
    ("sign-in", "/sign-in"),  # the one page opened signed out
    ("start", "/"),
    ("find-a-person", "/people"),
    ("who-saw-what", "/people/{subject}?reason=sar"),
    ("partners", "/partners"),
    ("partner", "/partners/westshire-fire-rescue"),
    ("partner-with-agreements", f"/partners/{PARTNER_ORG}"),
    ("share", f"/partners/{PARTNER_ORG}/shares/{{share}}"),
    ("restrictions", "/restrictions"),
    ("restriction", "/restrictions/{breached}"),
    ("rights-requests", "/rights-requests"),
    ("integrity", "/integrity"),
    ("receive-a-request", "/rights-requests/new"),
    ("withheld-entries", "/withheld-entries"),
    ("check-a-letter", "/check-letter"),
    ("complaints", "/complaints"),
    ("log-a-complaint", "/complaints/new"),
    ("record-for-a-person", "/people/{subject}/record"),
    ("record-a-restriction", "/people/{subject}/restrictions/new"),
    ("record-a-rectification", "/people/{subject}/rectifications/new"),
    ("record-an-objection", "/people/{subject}/objections/new"),
    ("restriction-steps", "/restrictions/{breached}/steps"),
    ("not-found", "/nowhere"),
)


def _unavailable(reason: str) -> None:
    if IN_CI:
        pytest.fail(f"CI=true requires the browser tests to run. {reason}", pytrace=False)
    pytest.skip(reason)


def require_chromium() -> None:
    """Skip (or, under CI=true, fail) when Debian's Chromium or Playwright is missing."""
    if not CHROMIUM.exists():
        _unavailable(f"{CHROMIUM} not found: install it with 'apt-get install -y chromium'")
    if importlib.util.find_spec("playwright") is None:
        _unavailable("the 'playwright' package is not installed: pip install -e '.[dev]'")


@dataclass(frozen=True)
class DemoServer:
    base_url: str  # .../console
    dpo_key: str
    partner_key: str
    subject: str  # the person of a breached restriction
    nhs_number: str  # their synthetic NHS number, as the demo put it in the subject directory
    name: str  # their synthetic name, sealed in the subject directory
    accesses: int  # their accesses before anyone looked in the console
    latest_actor: str  # who made their latest access or disclosure
    breached: str  # the breached restriction's reference
    breach_reasons: tuple[str, ...]
    share: str  # the id of a share to the partner's organisation
    data_dir: Path | None = None  # the ledger's folder (for tests that record through the CLI)

    def path(self, template: str) -> str:
        """A CONSOLE_PAGES address with this demo's values, as a full URL."""
        return self.base_url + template.format(
            subject=self.subject, breached=self.breached, share=self.share
        )


def _identity(subject: str) -> tuple[str, str]:
    """The demo's NHS number and name for ``subject`` (its identities are deterministic)."""
    today = datetime.now(UTC).date()
    for until in (today, today - timedelta(days=1)):  # the demo may have run before midnight
        plan = DemoPlan(seed=1, entries=DEMO_ENTRIES, until=until)
        for identity in identities(plan):
            if identity.subject == subject:
                nhs = next(i.value for i in identity.identifiers if i.kind is Kind.NHS)
                return nhs, identity.display_name
    pytest.fail(f"the demo gave {subject} no identity", pytrace=False)


def _as_shown(reason: str, names: dict[str, str]) -> str:
    """A reason as the console shows it: codes as labels, organisations by their names."""
    text = plain(reason)
    for organisation, name in names.items():
        text = re.sub(rf"(?<![\w-]){re.escape(organisation)}(?![\w-])", name, text)
    return text


def _cli(data_dir: Path, *args: str, env: dict[str, str] | None = None) -> str:
    reply = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        cwd=REPO,
        env={**os.environ, "LEDGER_DATA_DIR": str(data_dir), **(env or {})},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    if reply.returncode != 0:
        pytest.fail(f"sharing-ledger {' '.join(args)} failed: {reply.stderr}", pytrace=False)
    return reply.stdout.strip()


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _wait_until_up(url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"the server exited: {log.read_text()}", pytrace=False)
        try:
            with urllib.request.urlopen(url, timeout=2) as reply:  # noqa: S310 - our own server
                if reply.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError):
            time.sleep(0.1)
    pytest.fail(f"the server did not answer within 30 s: {log.read_text()}", pytrace=False)


@pytest.fixture(scope="session")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """A demo ledger of about 3,000 entries served by a real ``serve`` process."""
    require_chromium()
    data_dir = tmp_path_factory.mktemp("console-demo")
    _cli(data_dir, "demo", "--entries", str(DEMO_ENTRIES))
    key_file = data_dir / "signing.key"
    _cli(data_dir, "keys", "create", "--out", str(key_file), "--origin", "browser.test/ledger")
    _cli(data_dir, "checkpoint", env={"LEDGER_SIGNING_KEY_FILE": str(key_file)})
    dpo_key = _cli(
        data_dir,
        "principals",
        "create",
        "--name",
        "dpo-office",
        "--role",
        "dpo",
        "--reason",
        "tests",
    )
    partner_key = _cli(
        data_dir,
        "principals",
        "create",
        "--name",
        "constabulary",
        "--role",
        "partner",
        "--organisation",
        PARTNER_ORG,
        "--reason",
        "tests",
    )
    service = open_service(SQLiteLocation(data_dir / "ledger.sqlite3"))
    try:
        context = service.reports()
        breached = next(r for r in all_restrictions(context) if r.verdict == "breached")
        history = who_saw(context, breached.facts.subject)
        share = partner_report(service.reports("partner"), PARTNER_ORG).shares[0].share.share_id
        names = partner_names(service.reports("partner"))
    finally:
        service.close()
    port = _free_port()
    log = data_dir / "server.log"
    with log.open("wb") as out:
        process = subprocess.Popen(
            # serve's default: one process (docs/scaling.md §8).
            [sys.executable, "-m", "api.cli", "serve", "--port", str(port)],
            cwd=REPO,
            env={
                **os.environ,
                "LEDGER_DATA_DIR": str(data_dir),
                "LEDGER_SIGNING_KEY_FILE": str(key_file),
                "LEDGER_LOG_LEVEL": "WARNING",
                # The letterhead of access responses (synthetic).
                "LEDGER_COUNCIL_NAME": "Westshire Council",
                "LEDGER_DPO_EMAIL": "dpo@westshire.example",
                "LEDGER_DPO_ADDRESS": "Data Protection Officer|County Hall|Westshire WS1 1AA",
            },
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    base_url = f"http://127.0.0.1:{port}/console"
    nhs_number, name = _identity(breached.facts.subject)
    try:
        _wait_until_up(base_url + "/sign-in", process, log)
        yield DemoServer(
            base_url=base_url,
            dpo_key=dpo_key,
            partner_key=partner_key,
            subject=breached.facts.subject,
            nhs_number=nhs_number,
            name=name,
            accesses=history.accesses,
            latest_actor=history.entries[0].actor,
            breached=breached.facts.reference or breached.facts.restriction_id,
            breach_reasons=tuple(
                _as_shown(r.text, names) for r in breached.reasons if r.severity == "breach"
            ),
            share=share,
            data_dir=data_dir,
        )
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    require_chromium()
    from playwright.sync_api import sync_playwright  # noqa: PLC0415 - only when it is installed

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS
        )
        yield launched
        launched.close()


@pytest.fixture
def context(browser: Browser) -> Iterator[BrowserContext]:
    opened = browser.new_context(
        viewport=VIEWPORT, accept_downloads=True, locale="en-GB", timezone_id="Europe/London"
    )
    opened.set_default_timeout(15_000)
    yield opened
    opened.close()


@pytest.fixture
def page(context: BrowserContext) -> Page:
    return context.new_page()


@pytest.fixture(scope="session")
def screenshots() -> Path | None:
    """Where to save screenshots (``CONSOLE_SCREENSHOTS=docs/console``), or None."""
    folder = os.environ.get(SCREENSHOTS_ENV)
    if not folder:
        return None
    path = Path(folder) if Path(folder).is_absolute() else REPO / folder
    (path / "375").mkdir(parents=True, exist_ok=True)
    return path
