"""The last full verification's outcome, kept where ``/metrics`` reads it, whoever ran it.

The nightly ``sharing-ledger verify`` (a timer), the API's ``/v1/ledger/verify``
and an auditor at a terminal all write the same small record, so the alert on
``sharing_ledger_verification_ok == 0`` fires whichever of them found a
failure, and the alert on its timestamp fires when nobody verified lately.

It is a file in the data directory (``LEDGER_VERIFICATION_FILE`` to move it),
not a table: a verifier may run as a read-only login or against a hot standby,
which can write no table, and what says "the ledger verified" should not live
in the database it vouches for. The API and the verify timer share the data
directory (``/var/lib/sharing-ledger`` in deploy/systemd). Written like the
signer's state (:mod:`api.service.state_files`): atomically, mode 0600.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from api.service.state_files import StateFileError, read_state, write_state

FORMAT = "sharing-ledger-verification/1"
FILE_NAME = "verification.json"


@dataclass(frozen=True, slots=True)
class VerificationRun:
    """One finished verification: passed or not, how much it covered, when, and who ran it."""

    ok: bool
    size: int | None  # entries verified (None when it failed)
    finished_at: float  # Unix time
    ran_by: str  # "cli" or "api": the entry point, never a person
    failure: str | None = None  # the kind of failure (ChainBroken...), never its detail


def record_path(environ: Mapping[str, str], data_dir: Path) -> Path:
    """Where the record is kept: LEDGER_VERIFICATION_FILE, else ``verification.json`` there."""
    configured = environ.get("LEDGER_VERIFICATION_FILE", "").strip()
    return Path(configured) if configured else data_dir / FILE_NAME


def note(path: Path, run: VerificationRun) -> None:
    """Replace the record with ``run`` (the directory is created, mode 0700, if missing)."""
    if not path.parent.exists():
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_state(
        path,
        {
            "format": FORMAT,
            "ok": run.ok,
            "size": run.size,
            "finished_at": run.finished_at,
            "ran_by": run.ran_by,
            "failure": run.failure,
            "pid": os.getpid(),
        },
    )


def last(path: Path) -> VerificationRun | None:
    """The last verification recorded at ``path``; None if none was (raises if unreadable)."""
    document = read_state(path, FORMAT)
    if document is None:
        return None
    try:
        size = document["size"]
        failure = document.get("failure")
        return VerificationRun(
            ok=document["ok"] is True,
            size=None if size is None else int(size),
            finished_at=float(document["finished_at"]),
            ran_by=str(document.get("ran_by", "unknown")),
            failure=None if failure is None else str(failure),
        )
    except (KeyError, TypeError, ValueError):
        msg = f"{path} is not a {FORMAT!r} record; move it aside and verify again"
        raise StateFileError(msg) from None
