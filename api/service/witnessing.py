"""A witness's side: check a log's checkpoint against the last one it cosigned, then cosign.

A witness that forgets what it cosigned can be shown a fork of the log and
cosign both sides of it. So it keeps, per log (origin), the last checkpoint it
cosigned, in a state file beside its key (``<key file>.state``), and cosigns
only a checkpoint that extends it (C2SP tlog-witness: a witness only advances).
The file is JSON (docs/checkpoints.md §7.6)::

    {"format": "sharing-ledger-witness-state/1",
     "logs": {"<origin>": {"last_cosigned": "<the log's checkpoint note>",
                           "cosignature": "<this witness's line>", "cosigned_at": <POSIX s>}}}

The partner needs no access to the council's database: the new checkpoint, a
consistency proof from the remembered one, and its own state are all it reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.service.state_files import StateFileError, locked, read_state, write_state
from ledger.integrity.checkpoints import (
    Checkpoint,
    CheckpointError,
    parse_checkpoint,
    verify_checkpoint,
)
from ledger.integrity.cosignatures import (
    InconsistentCheckpointError,
    WitnessSigner,
    witness_checkpoint,
)
from ledger.integrity.forks import describe
from ledger.integrity.notes import NoteError, Verifier, split_note

FORMAT = "sharing-ledger-witness-state/1"


def state_beside(key_file: Path) -> Path:
    """Where a witness keeps its state by default: ``<key file>.state``."""
    return key_file.with_name(key_file.name + ".state")


@dataclass(frozen=True, slots=True)
class WitnessState:
    """The witness's state file (nothing is read until asked)."""

    path: Path

    def last(self, origin: str) -> Checkpoint | None:
        """The last checkpoint this witness cosigned for ``origin``, or None."""
        entry = self._document()["logs"].get(origin)
        if entry is None:
            return None
        try:
            body, _signatures = split_note(str(entry.get("last_cosigned")))
            checkpoint = parse_checkpoint(body)
        except (NoteError, CheckpointError, ValueError, AttributeError):
            checkpoint = None
        if checkpoint is None or checkpoint.origin != origin:
            msg = f"{self.path}: the checkpoint kept for {origin} is not a checkpoint of it"
            raise StateFileError(msg)
        return checkpoint

    def record(self, origin: str, note: str, line: str, cosigned_at: int) -> None:
        """Remember the log's note, this witness's cosignature line of it, and when."""
        document = self._document()
        document["logs"][origin] = {
            "last_cosigned": note,
            "cosignature": line,
            "cosigned_at": cosigned_at,
        }
        write_state(self.path, document)

    def _document(self) -> dict[str, Any]:
        document = read_state(self.path, FORMAT) or {"format": FORMAT, "logs": {}}
        if not isinstance(document.get("logs"), dict):
            msg = f"{self.path}: 'logs' is not what this program writes"
            raise StateFileError(msg)
        return document


def cosign(  # noqa: PLR0913 - each is one thing the witness checks or signs with
    note: str,
    *,
    log_key: Verifier,
    witness_signer: WitnessSigner,
    state: WitnessState,
    timestamp: int,
    consistency_proof: Sequence[bytes],
    last_given: Checkpoint | None = None,
) -> str:
    """Cosign ``note`` if it extends the last checkpoint this witness cosigned; remember it.

    ``consistency_proof`` runs from the remembered checkpoint to this one.
    ``last_given`` is what the operator says was cosigned last (``--last``):
    with no state yet it starts the state (a witness that kept its own files
    until now); with a state it must be the remembered checkpoint. Raises a
    :class:`~ledger.integrity.cosignatures.CosignatureError` (or a note or
    checkpoint error) and remembers nothing when it refuses.
    """
    with locked(state.path):
        checkpoint = verify_checkpoint(note, log_key)
        held = state.last(checkpoint.origin)
        if held is None:
            held = last_given
        elif last_given is not None and (last_given.size, last_given.root_hash) != (
            held.size,
            held.root_hash,
        ):
            msg = (
                f"--last ({describe(last_given)}) is not the checkpoint this witness last "
                f"cosigned ({describe(held)}, kept in {state.path})"
            )
            raise InconsistentCheckpointError(msg)
        line = witness_checkpoint(
            note,
            log_key=log_key,
            witness_signer=witness_signer,
            timestamp=timestamp,
            last_cosigned=held,
            consistency_proof=consistency_proof,
        )
        state.record(checkpoint.origin, note, line, timestamp)
    return line
