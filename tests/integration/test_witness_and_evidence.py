"""Outside verification end to end, through the command line, on both stores: a partner
witnesses checkpoints, the council keeps the cosignatures, an investigator checks a bundle."""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from api.service.composition import open_ledger
from ledger.integrity import merkle
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint
from ledger.integrity.notes import parse_signer_key
from ledger.storage.config import Location
from tests.integration.test_cli import one_line, run, store_env
from tests.support import tamper
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


def test_a_witness_refuses_a_rolled_back_checkpoint(location: Location, tmp_path: Path) -> None:
    """After a truncation the log refuses to sign; a smaller tree signed anyway is refused."""
    env = store_env(location)
    app = open_ledger(location)
    app.append(*(access(NOW, subject=subject(i)) for i in range(10)))
    log = run(
        "keys", "create", "--out", str(tmp_path / "log.key"), "--origin", "westshire.example/l"
    )
    run("witness", "create-key", "--out", str(tmp_path / "w.key"), "--name", "westshire-police")
    env["LEDGER_SIGNING_KEY_FILE"] = str(tmp_path / "log.key")
    first = tmp_path / "cp1.txt"
    run("checkpoint", "--out", str(first), env=env)
    tamper.truncate_tail(location, keep=7)
    assert run("checkpoint", env=env).returncode == 1  # the log itself refuses to sign it
    # A key used outside the ledger (stolen, or a forked log) can still sign the smaller tree.
    signer = parse_signer_key((tmp_path / "log.key").read_text().strip())
    app = open_ledger(location)
    smaller = Checkpoint(signer.name, 7, merkle.root_at(7, app.tree))
    later = tmp_path / "cp2.txt"
    later.write_text(sign_checkpoint(smaller, signer))
    refused = run(
        "witness",
        "cosign",
        str(later),
        "--log-key",
        key_text(log.stdout),
        "--key-file",
        str(tmp_path / "w.key"),
        "--last",
        str(first),
    )
    assert refused.returncode == 1
    assert "refusing to cosign" in one_line(refused)
