"""What the log's signer remembers, outside the database: the last checkpoint it signed.

The file lives beside the signing key (``<key file>.state``) or where
``LEDGER_SIGNER_STATE_FILE`` says (:func:`api.service.log_signing.state_location`),
and is never part of the database's backups. It holds, as JSON (``docs/checkpoints.md`` §7.1):

- ``logs``: per origin, the last checkpoint note signed and when;
- ``refusals``: how many times signing was refused, by what contradicted what
  (read by ``/metrics`` as ``sharing_ledger_checkpoint_refusals_total``), and the last one;
- ``restores_accepted``: each ``checkpoint --accept-restore``: the checkpoint
  given up, the one signed instead, and when.

The state is trusted as the signer's own memory: the stored note is parsed,
not re-verified (a rotated key still signed it).
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from api.service.state_files import StateFileError, locked, read_state, write_state
from ledger.integrity.checkpoints import Checkpoint, CheckpointError, parse_checkpoint
from ledger.integrity.notes import NoteError, split_note

FORMAT = "sharing-ledger-signer-state/1"


@dataclass(frozen=True, slots=True)
class SignerState:
    """The signer's state file (nothing is read until asked)."""

    path: Path

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the state's lock across check, sign and record."""
        with locked(self.path):
            yield

    def last(self, origin: str) -> tuple[str, Checkpoint] | None:
        """The last checkpoint note signed for ``origin``, and what it states; None if none."""
        entry = self._logs().get(origin)
        if entry is None:
            return None
        note = entry.get("last_signed") if isinstance(entry, dict) else None
        try:
            body, _signatures = split_note(str(note))
            checkpoint = parse_checkpoint(body)
        except (NoteError, CheckpointError, ValueError):
            checkpoint = None
        if checkpoint is None or checkpoint.origin != origin:
            msg = f"{self.path}: the last checkpoint kept for {origin} is not a checkpoint of it"
            raise StateFileError(msg)
        return str(note), checkpoint

    def record(
        self, origin: str, note: str, at: str, *, abandoned: tuple[str, str] | None = None
    ) -> None:
        """Remember ``note`` as the last signed for ``origin`` (call under :meth:`locked`).

        ``abandoned``: (note, reason) of the checkpoint an accepted restore gave up.
        """
        document = self._document()
        document["logs"][origin] = {"last_signed": note, "signed_at": at}
        if abandoned is not None:
            document["restores_accepted"].append(
                {
                    "origin": origin,
                    "abandoned": abandoned[0],
                    "reason": abandoned[1],
                    "signed_instead": note,
                    "at": at,
                }
            )
        write_state(self.path, document)

    def count_refusal(self, label: str, message: str, at: str) -> None:
        """Count a refused signature under ``label`` and keep it as the last refusal."""
        document = self._document()
        counts = document["refusals"]
        counts[label] = int(counts.get(label, 0)) + 1
        document["last_refusal"] = {"label": label, "message": message, "at": at}
        write_state(self.path, document)

    def last_signed(self) -> str | None:
        """The last checkpoint signed for each origin, in words (None: nothing signed yet)."""
        logs = self._logs()
        described = []
        for origin in sorted(logs):
            _note, checkpoint = self.last(origin) or ("", None)
            if checkpoint is not None:
                described.append(
                    f"{checkpoint.size:,} entries of {origin} at {logs[origin].get('signed_at')}"
                )
        return "; ".join(described) or None

    def refusals(self) -> dict[str, int]:
        """Refusals counted so far, by label (empty before the first, or with no file yet)."""
        document = read_state(self.path, FORMAT)
        counts = {} if document is None else document.get("refusals", {})
        return {str(label): int(count) for label, count in counts.items()}

    def _logs(self) -> dict[str, Any]:
        logs: dict[str, Any] = self._document()["logs"]
        return logs

    def _document(self) -> dict[str, Any]:
        document = read_state(self.path, FORMAT) or {"format": FORMAT}
        for key, empty in (("logs", {}), ("refusals", {}), ("restores_accepted", [])):
            value = document.setdefault(key, empty)
            if not isinstance(value, type(empty)):
                msg = f"{self.path}: {key!r} is not what this program writes"
                raise StateFileError(msg)
        return document
