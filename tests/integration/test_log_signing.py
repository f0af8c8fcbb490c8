"""The log never signs a fork: `sharing-ledger checkpoint` (a real process) and serve's
checkpointer after truncation, a consistent rewrite and a diverging restore, on both stores."""

from __future__ import annotations

import json
import subprocess
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from api.background import checkpointer
from api.service import log_signing
from api.service.composition import open_ledger
from api.service.signer_state import SignerState
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint
from ledger.integrity.notes import Signer, format_signer_key, format_verifier_key, generate_signer
from ledger.storage.checkpoint_rows import CheckpointConflict
from ledger.storage.config import Location, SQLiteLocation
from tests.integration.test_cli import one_line, run, store_env
from tests.support import tamper
from tests.support.backups import backups_of
from tests.support.factories import access, subject
from tests.support.signing import log_signer

ORIGIN = "westshire.example/ledger"
NOW = datetime.now(UTC) - timedelta(hours=1)


@dataclass
class Log:
    """A ledger, its signing key in a file, and the signer's state beside it."""

    location: Location
    key: Path
    signer: Signer

    @property
    def env(self) -> dict[str, str]:
        return store_env(self.location) | {"LEDGER_SIGNING_KEY_FILE": str(self.key)}

    @property
    def state(self) -> Path:
        return self.key.with_name(self.key.name + ".state")

    def checkpoint(self, *args: str) -> subprocess.CompletedProcess[str]:
        return run("checkpoint", *args, env=self.env)

    def grow(self, count: int, start: int = 0) -> None:
        app = open_ledger(self.location)
        try:
            app.append(*(access(NOW, subject=subject(start + i)) for i in range(count)))
        finally:
            app.close()

    def stored(self) -> list[int]:
        app = open_ledger(self.location)
        try:
            return sorted(int(row["tree_size"]) for row in app.checkpoints.newest())
        finally:
            app.close()

    def last_signed(self) -> str:
        return str(json.loads(self.state.read_text())["logs"][ORIGIN]["last_signed"])


@pytest.fixture
def log(location: Location, tmp_path: Path) -> Log:
    signer = generate_signer(ORIGIN)
    key = tmp_path / "signing.key"
    key.write_text(format_signer_key(signer) + "\n")
    key.chmod(0o600)
    return Log(location, key, signer)


def test_a_truncated_ledger_is_not_signed(log: Log, tmp_path: Path) -> None:
    """Newest entries removed: exit 1 naming both sizes; nothing signed, stored or written."""
    log.grow(10)
    assert log.checkpoint().returncode == 0
    signed = log.last_signed()
    tamper.truncate_tail(log.location, keep=7)
    out = tmp_path / "checkpoint.txt"
    result = log.checkpoint("--out", str(out))
    assert result.returncode == 1
    line = one_line(result)
    assert line.startswith(
        f"sharing-ledger: error: refusing to sign: the signer's last checkpoint (kept in "
        f"{log.state}) (10 entries, root "
    )
    assert line.endswith(
        "covers more than the ledger holds (7 entries): entries from position 7 on were lost "
        "(rollback or truncation)"
    )
    assert result.stdout == ""
    assert not out.exists()
    assert log.stored() == [10]
    assert log.last_signed() == signed


def test_a_consistent_rewrite_is_not_signed(log: Log) -> None:
    """Every hash recomputed after one changed entry: same size, another root: refused."""
    log.grow(10)
    assert log.checkpoint().returncode == 0
    tamper.rewrite_history(log.location, position=4)
    result = log.checkpoint()
    assert result.returncode == 1
    assert "has another root than the ledger for the same number of entries" in one_line(result)
    assert log.stored() == [10]


def test_without_its_state_the_signer_still_refuses_what_the_database_contradicts(
    log: Log,
) -> None:
    """State file lost (another host, say): the largest stored checkpoint still refuses."""
    log.grow(10)
    assert log.checkpoint().returncode == 0
    log.state.unlink()
    tamper.truncate_tail(log.location, keep=7)
    result = log.checkpoint()
    assert result.returncode == 1
    line = one_line(result)
    assert "refusing to sign: the largest checkpoint stored in the database (issued " in line
    assert "(10 entries, root" in line
    assert "covers more than the ledger holds (7 entries)" in line
    assert log.stored() == [10]


def test_a_diverging_restore_is_refused_until_accepted_explicitly(log: Log) -> None:
    """Backup at 10, signed 15, backup restored and 5 other entries appended: the new 15 is
    refused; `--accept-restore` signs it, warns, and records the checkpoint given up."""
    log.grow(10)
    assert log.checkpoint().returncode == 0
    with backups_of(log.location) as backups:
        taken = backups.take()
        log.grow(5, start=10)
        published = log.checkpoint().stdout
        backups.restore(taken)
        log.grow(5, start=100)
        refused = log.checkpoint()
        assert refused.returncode == 1
        assert "the signer's last checkpoint" in one_line(refused)
        assert "(15 entries, root" in one_line(refused)
        assert "has another root than the ledger" in one_line(refused)
        assert log.stored() == [10]

        accepted = log.checkpoint("--accept-restore")
        assert accepted.returncode == 0, accepted.stderr
        warning = one_line(accepted)
        assert warning.startswith("sharing-ledger: warning: restore accepted: ")
        assert "Tell everyone who holds a checkpoint of this log." in warning
        assert accepted.stdout.splitlines()[:2] == [ORIGIN, "15"]
        assert accepted.stdout != published
        state = json.loads(log.state.read_text())
        (restore,) = state["restores_accepted"]
        assert (restore["abandoned"], restore["signed_instead"]) == (published, accepted.stdout)
        assert log.stored() == [10, 15]

        log.grow(1, start=200)
        assert log.checkpoint().returncode == 0  # from here the log extends what it signed


def test_accept_restore_with_nothing_to_accept_is_refused(log: Log) -> None:
    """A grown ledger needs no acceptance: --accept-restore exits 2 and signs nothing."""
    log.grow(3)
    assert log.checkpoint().returncode == 0
    log.grow(2, start=3)
    result = log.checkpoint("--accept-restore")
    assert result.returncode == 2
    assert "nothing to accept: the ledger extends the signer's last checkpoint" in one_line(result)
    assert log.stored() == [3]


def test_the_signer_state_is_private_and_holds_the_last_note(log: Log) -> None:
    """After a signature the state file (0600, beside the key) holds exactly that note."""
    log.grow(4)
    result = log.checkpoint()
    assert result.returncode == 0
    assert oct(log.state.stat().st_mode & 0o777) == "0o600"
    assert log.last_signed() == result.stdout


def test_a_key_given_as_text_needs_a_state_file(sqlite_location: SQLiteLocation) -> None:
    """LEDGER_SIGNING_KEY without LEDGER_SIGNER_STATE_FILE: exit 2 saying what to set."""
    open_ledger(sqlite_location).append(access(NOW))
    env = store_env(sqlite_location) | {
        "LEDGER_SIGNING_KEY": format_signer_key(generate_signer(ORIGIN))
    }
    result = run("checkpoint", env=env)
    assert result.returncode == 2
    assert "LEDGER_SIGNER_STATE_FILE is not" in one_line(result)
    state = sqlite_location.path.with_name("signer.state")
    assert run("checkpoint", env=env | {"LEDGER_SIGNER_STATE_FILE": str(state)}).returncode == 0
    assert state.exists()


def test_the_servers_checkpointer_never_signs_a_fork(location: Location, tmp_path: Path) -> None:
    """serve's loop after a truncation: nothing signed, the refusal counted once per try."""
    app = open_ledger(location)
    app.append(*(access(NOW, subject=subject(i)) for i in range(10)))
    signer = log_signer(tmp_path, ORIGIN)
    loop = checkpointer(app, signer, every_entries=1, every_seconds=3600, clock=lambda: NOW)
    loop.step()
    tamper.truncate_tail(location, keep=7)
    loop.step()
    loop.step()  # the same tree again: not retried until it changes or the interval passes
    assert [int(r["tree_size"]) for r in app.checkpoints.newest()] == [10]
    assert signer.state.refusals() == {"signer_state/smaller_tree": 1}


def test_a_checkpoint_that_cannot_be_stored_is_an_error(location: Location) -> None:
    """Another note for a stored (size, key) raises; an identical repeat stays a no-op."""
    app = open_ledger(location)
    app.append(access(NOW))
    signer = generate_signer(ORIGIN)
    key = format_verifier_key(signer.verifier())
    first = sign_checkpoint(Checkpoint(ORIGIN, 1, b"\x01" * 32), signer)
    other = sign_checkpoint(Checkpoint(ORIGIN, 1, b"\x02" * 32), signer)
    app.checkpoints.store(1, b"\x01" * 32, key, ORIGIN, first, NOW.isoformat())
    app.checkpoints.store(1, b"\x01" * 32, key, ORIGIN, first, NOW.isoformat())
    with pytest.raises(CheckpointConflict, match="a different checkpoint of 1 entries"):
        app.checkpoints.store(1, b"\x02" * 32, key, ORIGIN, other, NOW.isoformat())
    assert [row["note"] for row in app.checkpoints.newest()] == [first]


def test_a_refusal_counts_in_the_signer_state(location: Location, tmp_path: Path) -> None:
    """issue() refusing a same-size fork counts it by what it contradicted and how."""
    app = open_ledger(location)
    app.append(*(access(NOW, subject=subject(i)) for i in range(6)))
    signer = log_signer(tmp_path, ORIGIN)
    log_signing.issue(app, signer, NOW)
    tamper.rewrite_history(location, position=2)
    with pytest.raises(log_signing.SigningRefused) as refused:
        log_signing.issue(app, signer, NOW)
    assert refused.value.label == "signer_state/different_root"
    assert SignerState(signer.state.path).refusals() == {"signer_state/different_root": 1}
