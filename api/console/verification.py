"""Verification runs started from the console: a background thread each, progress polled.

A run re-derives the whole hash chain from the stored rows (the same
:meth:`~ledger.application.LedgerApplication.verify_chain` the command line
and the API use), audits every stored Merkle node, checks the ledger against
every checkpoint it has stored, then replays the ledger into scratch tables
and compares the read models the console's pages are built from with it
(``verify --read-models``). Only one run goes at a time: pressing the button
while one is running shows that run, so the console cannot be used to start
many full scans at once.

With ``serve --workers N`` the run's thread also saves its progress in the
database (:class:`~ledger.storage.verification_rows.VerificationRows`) every
half second and at the end, so a page polling from another process finds it,
and a process that sees another's run still moving shows that one instead of
starting a second.
"""

from __future__ import annotations

import json
import secrets
import threading
import time
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

import structlog

from api.service import checkpoint_checks, ledger_verification
from ledger.application import LedgerApplication
from ledger.integrity.chain import ChainBroken
from ledger.integrity.tree_audit import TreeBroken
from ledger.storage.verification_rows import VerificationRows
from projections.base import ReadModel
from projections.replay_check import Checked, check_read_models

State = Literal["running", "passed", "failed"]
Phase = Literal["chain", "tree", "read models", "done"]
KEEP_RUNS = 20
SAVE_EVERY = 0.5  # seconds between saves of a running run's progress
# A "running" row not saved for this long belongs to a process that died mid-run.
STILL_MOVING = timedelta(seconds=30)


def _stamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


@dataclass
class VerificationRun:
    """One run's progress and outcome; its fields are read while the thread writes them."""

    id: str
    started_by: str  # the principal's public id
    total: int
    done: int = 0
    phase: Phase = "chain"
    state: State = "running"
    size: int | None = None
    head_hash: str | None = None
    root: str | None = None
    failure: str | None = None
    seconds: float | None = None
    read_model_rows: int | None = None  # rows compared, once the read models matched
    replayed: int = 0  # entries replayed into scratch tables so far

    def percent(self) -> int:
        if self.state != "running":
            return 100
        # The chain is about half the work, the tree a sliver, the read models the rest.
        if self.phase == "chain":
            return 0 if self.total == 0 else min(45, self.done * 45 // self.total)
        if self.phase == "tree":
            return 45
        return 50 if self.total == 0 else min(99, 50 + self.replayed * 49 // self.total)

    def as_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "state": self.state,
            "phase": self.phase,
            "done": self.done,
            "total": self.total,
            "percent": self.percent(),
            "size": self.size,
            "head_hash": self.head_hash,
            "root": self.root,
            "failure": self.failure,
            "seconds": self.seconds,
            "read_model_rows": self.read_model_rows,
        }


class Verifications:
    """The runs this process has started, newest last; at most one running."""

    def __init__(
        self,
        app: LedgerApplication,
        read_models: tuple[ReadModel, ...] = (),
        rows: VerificationRows | None = None,
    ) -> None:
        self._app = app
        self._read_models = read_models
        self._rows = rows
        self._saved_at = 0.0
        self._runs: OrderedDict[str, VerificationRun] = OrderedDict()
        self._lock = threading.Lock()

    def start(self, principal_id: str) -> VerificationRun:
        """Start a run, or return the one already running."""
        with self._lock:
            for run in self._runs.values():
                if run.state == "running":
                    return run
            elsewhere = self._elsewhere()
            if elsewhere is not None:
                return elsewhere
            head, _ = self._app.chain.snapshot()
            run = VerificationRun(
                id=secrets.token_urlsafe(12),
                started_by=principal_id,
                total=0 if head is None else head.position + 1,
            )
            self._runs[run.id] = run
            while len(self._runs) > KEEP_RUNS:
                self._runs.popitem(last=False)
        self._save(run, force=True)
        threading.Thread(target=self._run, args=(run,), name="console-verify", daemon=True).start()
        return run

    def get(self, run_id: str) -> VerificationRun | None:
        """The run with this id: this process's, or another's as last saved."""
        with self._lock:
            run = self._runs.get(run_id)
        if run is not None or self._rows is None:
            return run
        saved = self._rows.get(run_id)
        return None if saved is None else VerificationRun(**json.loads(saved))

    def _elsewhere(self) -> VerificationRun | None:
        """A run another process is still running, as last saved."""
        if self._rows is None:
            return None
        saved = self._rows.running(_stamp(datetime.now(UTC) - STILL_MOVING))
        return None if saved is None else VerificationRun(**json.loads(saved))

    def _save(self, run: VerificationRun, *, force: bool = False) -> None:
        if self._rows is None or (not force and time.monotonic() - self._saved_at < SAVE_EVERY):
            return
        self._saved_at = time.monotonic()
        self._rows.save(run.id, run.state, _stamp(datetime.now(UTC)), json.dumps(asdict(run)))

    def _run(self, run: VerificationRun) -> None:
        started = time.perf_counter()
        log = structlog.get_logger()

        def advance(done: int) -> None:
            run.done = done
            self._save(run)

        try:
            # Chain and tree together (on every core): the page's "tree" phase is then short.
            verified = ledger_verification.verify(self._app, progress=advance)
            result, root = verified.chain, verified.root
            run.done = result.size
            run.phase = "tree"
            checkpoint_checks.check_stored(self._app)  # still the "tree" phase on the page
            run.phase = "read models"
            checked = self._check_read_models(run)
        except ChainBroken as broken:
            run.failure = f"position {broken.position}: {broken.failure.value}: {broken.detail}"
            run.state = "failed"
        except TreeBroken as broken:
            run.failure = f"Merkle tree: {broken}"
            run.state = "failed"
        except checkpoint_checks.CheckpointContradiction as contradiction:
            run.failure = f"Checkpoints: {contradiction}"
            run.state = "failed"
        except Exception as error:  # noqa: BLE001 - a thread's last resort: the run must end
            # The type only: a message could quote SQL parameters.
            log.error("console.verify.error", error=type(error).__name__)  # noqa: TRY400
            run.failure = "the verification could not run; see the server log"
            run.state = "failed"
        else:
            run.size = result.size
            run.head_hash = result.head_hash.hex()
            run.root = root.hex()
            run.failure = checked.problem()
            run.read_model_rows = None if run.failure else checked.rows
            run.state = "failed" if run.failure else "passed"
        run.phase = "done"
        run.seconds = round(time.perf_counter() - started, 2)
        self._save(run, force=True)
        log.info("console.verify.finished", state=run.state, size=run.size, seconds=run.seconds)

    def _check_read_models(self, run: VerificationRun) -> Checked:
        def advance(phase: str, done: int, _total: int) -> None:
            if phase == "replay":
                run.replayed = done
                self._save(run)

        return check_read_models(self._app, self._read_models, advance)
