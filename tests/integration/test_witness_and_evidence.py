"""Outside verification end to end, through the command line, on both stores: a partner
witnesses checkpoints, the council keeps the cosignatures, an investigator checks a bundle."""

from __future__ import annotations

import base64
import json
import subprocess
import sys
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.service.composition import open_ledger, open_service
from ledger.integrity import merkle, offline_verify
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint
from ledger.integrity.cosignatures import format_witness_signer_key, generate_witness_signer
from ledger.integrity.notes import (
    Signer,
    format_signer_key,
    format_verifier_key,
    generate_signer,
)
from ledger.storage.config import Location
from projections.read_models.activity_log import ACTIVITY
from projections.reports.who_saw import who_saw
from tests.integration.test_cli import one_line, run, store_env
from tests.support import tamper
from tests.support.bundles import as_v1
from tests.support.factories import access, share, subject

NOW = datetime.now(UTC) - timedelta(hours=2)


def key_text(output: str) -> str:
    return output.strip().splitlines()[-1]


def test_witness_evidence_round_trip(location: Location, tmp_path: Path) -> None:
    """Cosigned checkpoints, a bundle that verifies offline with both keys, and tampering named."""
    env = store_env(location)
    app = open_ledger(location)
    app.append(*(access(NOW, subject=subject(i % 3)) for i in range(6)))
    log = run(
        "keys", "create", "--out", str(tmp_path / "log.key"), "--origin", "westshire.example/l"
    )
    witness = run(
        "witness", "create-key", "--out", str(tmp_path / "w.key"), "--name", "westshire-police"
    )
    log_key, witness_key = key_text(log.stdout), key_text(witness.stdout)
    env["LEDGER_SIGNING_KEY_FILE"] = str(tmp_path / "log.key")

    first = tmp_path / "cp1.txt"
    assert run("checkpoint", "--out", str(first), env=env).returncode == 0
    line1 = run(
        "witness", "cosign", str(first), "--log-key", log_key, "--key-file", str(tmp_path / "w.key")
    )
    assert line1.returncode == 0, line1.stderr
    (tmp_path / "line1").write_text(line1.stdout)

    app.append(share(NOW, subjects=[subject(1)]), access(NOW, subject=subject(1)))
    second = tmp_path / "cp2.txt"
    assert run("checkpoint", "--out", str(second), env=env).returncode == 0
    proof = run("proof", "consistency", "6", env=env)
    (tmp_path / "proof.json").write_text(proof.stdout)
    line2 = run(
        "witness",
        "cosign",
        str(second),
        "--log-key",
        log_key,
        "--key-file",
        str(tmp_path / "w.key"),
        "--last",
        str(first),
        "--proof",
        str(tmp_path / "proof.json"),
    )
    assert line2.returncode == 0, line2.stderr
    (tmp_path / "line2").write_text(line2.stdout)
    recorded = run(
        "witness", "record", str(tmp_path / "line2"), "--witness-key", witness_key, env=env
    )
    assert recorded.returncode == 0, recorded.stderr

    bundle = tmp_path / "bundle.json"
    exported = run("evidence", "export", "--subject", subject(1), "--out", str(bundle), env=env)
    assert exported.returncode == 0, exported.stderr
    checked = run("evidence", "verify", str(bundle), "--key", log_key, "--witness-key", witness_key)
    assert checked.returncode == 0, checked.stderr
    assert "Cosigned by westshire-police" in checked.stdout
    assert "the key you gave" in checked.stdout

    document = json.loads(bundle.read_text())
    state = bytearray(base64.b64decode(document["entries"][1]["state"]))
    state[5] ^= 1
    document["entries"][1]["state"] = base64.b64encode(bytes(state)).decode()
    bundle.write_text(json.dumps(document))
    broken = run("evidence", "verify", str(bundle), "--key", log_key)
    assert broken.returncode == 1
    assert "entry 1 (position" in one_line(broken)


@dataclass
class Witnessed:
    """A ledger with a log key, a witness key, and the commands between them."""

    location: Location
    tmp: Path
    log: Signer

    @property
    def env(self) -> dict[str, str]:
        return store_env(self.location) | {"LEDGER_SIGNING_KEY_FILE": str(self.tmp / "log.key")}

    @property
    def state(self) -> Path:
        return self.tmp / "w.key.state"

    def checkpoint(self, name: str) -> Path:
        path = self.tmp / name
        result = run("checkpoint", "--out", str(path), env=self.env)
        assert result.returncode == 0, result.stderr
        return path

    def forged(self, name: str, size: int, root: bytes) -> Path:
        """A tree head signed with the log's key outside the ledger (a stolen key, a forked log)."""
        path = self.tmp / name
        path.write_text(sign_checkpoint(Checkpoint(self.log.name, size, root), self.log))
        return path

    def cosign(self, checkpoint: Path, *options: str) -> subprocess.CompletedProcess[str]:
        log_key = format_verifier_key(self.log.verifier())
        key_file = str(self.tmp / "w.key")
        return run(
            "witness",
            "cosign",
            str(checkpoint),
            "--log-key",
            log_key,
            "--key-file",
            key_file,
            *options,
        )

    def remembered(self) -> str:
        return str(json.loads(self.state.read_text())["logs"][self.log.name]["last_cosigned"])


@pytest.fixture
def witnessed(location: Location, tmp_path: Path) -> Witnessed:
    log = generate_signer("westshire.example/l")
    (tmp_path / "log.key").write_text(format_signer_key(log) + "\n")
    (tmp_path / "w.key").write_text(
        format_witness_signer_key(generate_witness_signer("westshire-police")) + "\n"
    )
    open_ledger(location).append(*(access(NOW, subject=subject(i)) for i in range(10)))
    return Witnessed(location, tmp_path, log)


def test_a_witness_refuses_a_same_size_fork_without_being_told_the_last(
    witnessed: Witnessed,
) -> None:
    """Cosigned 10 entries; the log's key signs another root for 10: refused from the state."""
    first = witnessed.checkpoint("cp1.txt")
    assert witnessed.cosign(first).returncode == 0
    assert oct(witnessed.state.stat().st_mode & 0o777) == "0o600"
    fork = witnessed.forged("fork.txt", 10, bytes(32))
    refused = witnessed.cosign(fork)
    assert refused.returncode == 1
    line = one_line(refused)
    assert line.startswith(
        "sharing-ledger: error: refusing to cosign: the last checkpoint cosigned (10 entries, root "
    )
    assert "has another root than the checkpoint offered for the same number of entries" in line
    assert refused.stdout == ""
    assert witnessed.remembered() == first.read_text()


def test_a_witness_refuses_a_rolled_back_checkpoint(witnessed: Witnessed) -> None:
    """Truncated: the log refuses to sign; a smaller tree signed with its key anyway is refused."""
    first = witnessed.checkpoint("cp1.txt")
    assert witnessed.cosign(first).returncode == 0
    tamper.truncate_tail(witnessed.location, keep=7)
    assert run("checkpoint", env=witnessed.env).returncode == 1
    app = open_ledger(witnessed.location)
    smaller = witnessed.forged("cp2.txt", 7, merkle.root_at(7, app.tree))
    refused = witnessed.cosign(smaller)
    assert refused.returncode == 1
    assert "covers more than the checkpoint offered holds (7 entries)" in one_line(refused)
    assert witnessed.remembered() == first.read_text()


def test_a_witness_only_advances(witnessed: Witnessed) -> None:
    """Cosigned 10, then 12 with a proof from the state's 10; 10 again is refused."""
    first = witnessed.checkpoint("cp1.txt")
    assert witnessed.cosign(first).returncode == 0
    open_ledger(witnessed.location).append(access(NOW, subject=subject(50)), access(NOW))
    second = witnessed.checkpoint("cp2.txt")
    proof = witnessed.tmp / "proof.json"
    proof.write_text(run("proof", "consistency", "10", env=witnessed.env).stdout)
    advanced = witnessed.cosign(second, "--proof", str(proof))
    assert advanced.returncode == 0, advanced.stderr
    assert witnessed.remembered() == second.read_text()
    back = witnessed.cosign(first)
    assert back.returncode == 1
    assert "(12 entries, root" in one_line(back)
    told_wrong = witnessed.cosign(second, "--last", str(first))
    assert told_wrong.returncode == 1
    assert "--last (10 entries, root" in one_line(told_wrong)
    assert "is not the checkpoint this witness last cosigned (12 entries" in one_line(told_wrong)


def test_export_without_a_signing_key_says_so_in_one_line(location: Location) -> None:
    """No signing key: exit 2 and one line naming the setting; no bundle is written."""
    open_ledger(location).append(access(NOW))
    result = run("evidence", "export", "--subject", subject(1), env=store_env(location))
    assert result.returncode == 2
    assert "manifest is signed with the log's signing key" in one_line(result)
    assert "LEDGER_SIGNING_KEY_FILE" in one_line(result)
    assert result.stdout == ""


def test_a_deleted_read_model_row_leaves_the_exported_bundle_complete(
    location: Location, tmp_path: Path
) -> None:
    """The finding of issue #14 through the command line: a who-saw row deleted, the bundle
    still holds all the person's entries, and both verifiers say its completeness is signed."""
    env = store_env(location)
    service = open_service(location)
    service.app.append(*(access(NOW, subject=subject(i % 2)) for i in range(8)))
    (first, *rest) = who_saw(service.reports(), subject(1)).entries
    with tamper.superuser(location) as (conn, p):
        conn.execute(f"DELETE FROM {ACTIVITY.name} WHERE entry_id = {p}", (first.entry_id,))
    assert len(who_saw(service.reports(), subject(1)).entries) == len(rest) == 3
    run("keys", "create", "--out", str(tmp_path / "log.key"), "--origin", "westshire.example/l")
    env["LEDGER_SIGNING_KEY_FILE"] = str(tmp_path / "log.key")
    bundle = tmp_path / "bundle.json"
    exported = run("evidence", "export", "--subject", subject(1), "--out", str(bundle), env=env)
    assert exported.returncode == 0, exported.stderr
    assert "Wrote 4 entries, every one concerning subject" in exported.stdout
    assert [e["position"] for e in json.loads(bundle.read_text())["entries"]] == [1, 3, 5, 7]
    checked = run("evidence", "verify", str(bundle))
    assert checked.returncode == 0, checked.stderr
    assert "Complete: the log key signed that these are every entry concerning" in checked.stdout
    standalone = subprocess.run(
        [sys.executable, "-I", offline_verify.__file__, str(bundle)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert standalone.returncode == 0, standalone.stdout + standalone.stderr
    assert "complete:   signed by the log key" in standalone.stdout


def test_verify_says_a_v1_bundle_does_not_sign_its_completeness(
    location: Location, tmp_path: Path
) -> None:
    """A bundle made before v2 still verifies; the report says completeness is not signed."""
    env = store_env(location)
    open_ledger(location).append(access(NOW))
    run("keys", "create", "--out", str(tmp_path / "log.key"), "--origin", "westshire.example/l")
    env["LEDGER_SIGNING_KEY_FILE"] = str(tmp_path / "log.key")
    exported = run("evidence", "export", "--subject", subject(1), env=env)
    assert exported.returncode == 0, exported.stderr
    (tmp_path / "v1.json").write_text(as_v1(exported.stdout))
    checked = run("evidence", "verify", str(tmp_path / "v1.json"))
    assert checked.returncode == 0, checked.stderr
    assert "No manifest (sharing-ledger-evidence/v1): completeness is not signed" in (
        checked.stdout.replace("\n", " ")
    )
