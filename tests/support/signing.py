"""A log signer as the service uses one: a key and the state file that remembers what it signed."""

from __future__ import annotations

from pathlib import Path

from api.service.log_signing import LogSigner
from api.service.signer_state import SignerState
from ledger.integrity.notes import Signer, generate_signer


def log_signer(state_dir: Path, signer: Signer | str = "westshire.example/ledger") -> LogSigner:
    """``signer`` (or a new key of that name) with its state in ``state_dir/<name>.state``."""
    key = generate_signer(signer) if isinstance(signer, str) else signer
    return LogSigner(key, SignerState(state_dir / f"{key.name.replace('/', '_')}.state"))
