"""Go's golang.org/x/mod/sumdb/tlog follows the served log: tiles, checkpoint, proofs.

tests/go/tlogcheck is built offline in GOPATH mode against Debian's
golang-golang-x-mod-dev and run against a real server. Skipped only where Go
is absent; under CI=true a missing Go fails (.ci/run installs it).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.conftest import empty_database
from tests.support.live_server import LiveLedger, live_ledger

pytestmark = pytest.mark.postgres

SOURCE = Path(__file__).resolve().parents[1] / "go" / "tlogcheck" / "main.go"
GOPATH = "/usr/share/gocode"
FIRST, SECOND = 300, 560


@pytest.fixture(scope="module")
def tlogcheck(tmp_path_factory: pytest.TempPathFactory) -> Path:
    go = shutil.which("go")
    if go is None:
        if os.environ.get("CI") == "true":
            pytest.fail(
                "Go is not installed: .ci/run installs golang-go and golang-golang-x-mod-dev"
            )
        pytest.skip("Go is not installed")
    out = tmp_path_factory.mktemp("go")
    built = subprocess.run(
        [go, "build", "-o", str(out / "tlogcheck"), str(SOURCE)],
        env={
            **os.environ,
            "GOPATH": GOPATH,
            "GO111MODULE": "off",
            "GOFLAGS": "",
            "GOCACHE": str(out / "cache"),
            "GOPROXY": "off",
        },
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert built.returncode == 0, built.stderr
    return out / "tlogcheck"


@pytest.fixture(scope="module")
def ledger(
    postgres_available: None,  # noqa: ARG001 - for its check: a skip without a server, CI fails
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[LiveLedger]:
    """One served ledger for the module: its set-up (keys, 565 entries) is the slow part."""
    with (
        empty_database() as location,
        live_ledger(location, tmp_path_factory.mktemp("l")) as served,
    ):
        served.record_accesses(FIRST - _size(served))
        served.checkpoint()
        served.record_accesses(SECOND - FIRST)
        served.checkpoint()
        served.record_accesses(5)  # not yet signed
        yield served


def _size(ledger: LiveLedger) -> int:
    history = httpx.get(f"{ledger.base}/v1/ledger/status", headers=ledger.headers("admin"))
    return int(history.json()["size"])


def _digest(ledger: LiveLedger, position: int) -> str:
    proof = httpx.get(
        f"{ledger.base}/v1/ledger/proof/inclusion/{position}", headers=ledger.headers("police")
    )
    assert proof.status_code == 200, proof.text
    return str(proof.json()["entry_digest"])


def _check(
    tlogcheck: Path, ledger: LiveLedger, index: int, digest: str
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            str(tlogcheck),
            "-base",
            ledger.base,
            "-key",
            ledger.verifier_key,
            "-index",
            str(index),
            "-digest",
            digest,
            "-old",
            str(FIRST),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


@pytest.mark.parametrize("index", [0, 257, SECOND - 1])
def test_go_tlog_verifies_inclusion_and_consistency_from_tiles(
    tlogcheck: Path, ledger: LiveLedger, index: int
) -> None:
    """Go verifies the note, reads our tiles, proves an entry and the older checkpoint."""
    checked = _check(tlogcheck, ledger, index, _digest(ledger, index))
    assert checked.returncode == 0, checked.stderr
    summary = json.loads(checked.stdout)
    assert summary["ok"] is True
    assert summary["tree_size"] == SECOND
    assert summary["tiles_fetched"] >= 2  # a level-0 tile and the level-1 partial


def test_go_tlog_refuses_a_record_that_is_not_there(tlogcheck: Path, ledger: LiveLedger) -> None:
    """Another entry's digest at this index fails CheckRecord (the check can fail)."""
    checked = _check(tlogcheck, ledger, 3, _digest(ledger, 4))
    assert checked.returncode == 1
    assert "CheckRecord" in checked.stderr
