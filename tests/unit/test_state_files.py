"""State files beside a key: written atomically and privately, read strictly, never guessed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from api.service.signer_state import SignerState
from api.service.state_files import StateFileError, read_state, write_state
from ledger.integrity.checkpoints import Checkpoint, sign_checkpoint
from ledger.integrity.notes import generate_signer

FORMAT = "example-state/1"


def test_a_written_state_reads_back_and_is_private(tmp_path: Path) -> None:
    """Mode 0600, the same document back, and no temporary file left beside it."""
    path = tmp_path / "signing.key.state"
    write_state(path, {"format": FORMAT, "n": 1})
    write_state(path, {"format": FORMAT, "n": 2})
    assert read_state(path, FORMAT) == {"format": FORMAT, "n": 2}
    assert oct(path.stat().st_mode & 0o777) == "0o600"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["signing.key.state"]


def test_no_file_is_no_state(tmp_path: Path) -> None:
    """Before the first signature there is nothing to remember."""
    assert read_state(tmp_path / "missing.state", FORMAT) is None


@pytest.mark.parametrize("text", ["", "{", "[]", '{"format": "another/1"}'])
def test_a_file_that_is_not_ours_is_refused_not_ignored(tmp_path: Path, text: str) -> None:
    """A corrupted or foreign state must never read as an empty memory."""
    path = tmp_path / "x.state"
    path.write_text(text)
    with pytest.raises(StateFileError, match="is not a 'example-state/1' state file"):
        read_state(path, FORMAT)


def test_the_signer_state_keeps_the_last_note_per_origin(tmp_path: Path) -> None:
    """Two origins, each with its last checkpoint; a refusal counted by its label."""
    state = SignerState(tmp_path / "s.state")
    notes = {}
    for origin, size in (("a.example/l", 3), ("b.example/l", 5)):
        notes[origin] = sign_checkpoint(
            Checkpoint(origin, size, bytes(32)), generate_signer(origin)
        )
        with state.locked():
            state.record(origin, notes[origin], "2026-06-01T12:00:00+00:00")
    state.count_refusal("signer_state/smaller_tree", "why", "2026-06-01T12:00:01+00:00")
    last = state.last("a.example/l")
    assert last is not None
    assert (last[0], last[1].size) == (notes["a.example/l"], 3)
    assert state.last("c.example/l") is None
    assert state.refusals() == {"signer_state/smaller_tree": 1}
    document = json.loads(state.path.read_text())
    assert document["last_refusal"]["message"] == "why"


def test_a_kept_note_that_is_not_a_checkpoint_of_its_origin_is_refused(tmp_path: Path) -> None:
    """A state edited to hold another log's checkpoint is not trusted."""
    path = tmp_path / "s.state"
    other = sign_checkpoint(Checkpoint("b.example/l", 1, bytes(32)), generate_signer("b.example/l"))
    write_state(
        path,
        {
            "format": "sharing-ledger-signer-state/1",
            "logs": {"a.example/l": {"last_signed": other}},
        },
    )
    with pytest.raises(StateFileError, match="not a checkpoint of it"):
        SignerState(path).last("a.example/l")
