"""docs/receipts.md's worked curl and Python examples, run in order against a real server.

Each fenced block after an ``<!-- example: ... -->`` marker is one step:
``run sh`` runs it with bash, ``run python`` with this Python, ``file NAME``
writes it to NAME for the later steps to import. They share one directory
and the variables the document lists.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import pytest

from tests.conftest import empty_database
from tests.support.factories import POLICE
from tests.support.live_server import LiveLedger, cli, live_ledger

pytestmark = pytest.mark.postgres

DOC = Path(__file__).resolve().parents[2] / "docs" / "receipts.md"
EXAMPLE = re.compile(
    r"<!-- example: (?P<kind>run sh|run python|file (?P<name>[\w.]+)) -->\n"
    r"```(?P<lang>\w+)\n(?P<code>.*?)\n```",
    re.DOTALL,
)


@dataclass
class Step:
    kind: str
    name: str | None
    code: str


def steps() -> list[Step]:
    return [Step(m["kind"], m["name"], m["code"] + "\n") for m in EXAMPLE.finditer(DOC.read_text())]


@dataclass
class World:
    ledger: LiveLedger
    key_file: Path
    share: str


@pytest.fixture(scope="module")
def world(
    postgres_available: None,  # noqa: ARG001 - for its check: a skip without a server, CI fails
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """A served ledger; a partner whose key file and first key are set up as §2 says."""
    workdir = tmp_path_factory.mktemp("docs")
    with empty_database() as location, live_ledger(location, workdir) as ledger:
        ledger.checkpoint()
        key_file = workdir / "police.json"
        made = cli(
            "partner", "init", "--out", str(key_file), "--server", ledger.base,
            "--organisation", POLICE, env={}, stdin=ledger.keys["police"] + "\n",
        )  # fmt: skip
        assert made.returncode == 0, made.stderr
        registered = httpx.post(
            f"{ledger.base}/v1/partners/{POLICE}/keys",
            json={"public_key": made.stdout.strip().splitlines()[-1]},
            headers=ledger.headers("admin"),
        )
        assert registered.status_code == 201, registered.text
        share = ledger.share_with_police()
        ledger.checkpoint()
        yield World(ledger, key_file, share)


def test_the_document_has_each_kind_of_example() -> None:
    """At least one curl block, one Python script and the helper file are marked."""
    kinds = [step.kind for step in steps()]
    assert "run sh" in kinds
    assert "run python" in kinds
    assert "file sl_partner.py" in kinds


def test_the_examples_post_a_receipt_and_a_cosignature(world: World, tmp_path: Path) -> None:
    """Run in order with only the key file: the share is receipted naming a checkpoint,
    and the latest checkpoint carries the partner's cosignature."""
    keys = json.loads(world.key_file.read_text())
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")},
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "LEDGER": keys["server"],
        "ORG": keys["organisation"],
        "API_KEY": keys["api_key"],
        "KEY_FILE": str(world.key_file),
        "SHARE_ID": world.share,
        "PYTHONPATH": str(tmp_path),
    }
    for number, step in enumerate(steps()):
        if step.name is not None:
            (tmp_path / step.name).write_text(step.code)
            continue
        command = (
            ["bash", "-euo", "pipefail", "-c", step.code]
            if step.kind == "run sh"
            else [sys.executable, "-c", step.code]
        )
        done = subprocess.run(
            command, cwd=tmp_path, env=env, capture_output=True, text=True, timeout=180, check=False
        )
        assert done.returncode == 0, f"example {number} ({step.kind}):\n{done.stderr}"

    receipt = json.loads((tmp_path / "receipt.json").read_text())
    assert receipt["document"]["checkpoint"]["origin"] == "westshire.example/ledger"
    disclosures = httpx.get(
        f"{world.ledger.base}/v1/partners/{POLICE}/disclosures",
        headers=world.ledger.headers("police"),
    ).json()["items"]
    assert [d["receipt"] for d in disclosures if d["share"]["share_id"] == world.share] == [
        "receipted"
    ]
    note = httpx.get(f"{world.ledger.base}/v1/public/checkpoint").text
    assert f"\u2014 {POLICE} " in note
