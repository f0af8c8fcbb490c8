"""Work the server does beside answering requests: following the log, signing checkpoints.

Each runs in a daemon thread with a stop event, so `serve` can shut down
cleanly; each logs what it did (counts, sizes), never what it read.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable
from datetime import datetime

import structlog

from api.service import log_signing
from api.service.leadership import LeaderLock
from ledger.application import LedgerApplication
from projections.runner import ReadModelRunner


class Loop:
    """Call ``step`` every ``interval`` seconds in a thread until stopped."""

    def __init__(self, name: str, step: Callable[[], None], interval: float) -> None:
        self.name = name
        self.step = step
        self.interval = interval
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, name=name, daemon=True)

    def start(self) -> Loop:
        self.thread.start()
        return self

    def stop(self) -> None:
        self.stopped.set()
        self.thread.join(timeout=10)

    def _run(self) -> None:
        log = structlog.get_logger()
        while not self.stopped.is_set():
            try:
                self.step()
            except Exception as error:  # noqa: BLE001 - keep serving; say what failed, not the data
                log.error("background.failed", loop=self.name, kind=type(error).__name__)  # noqa: TRY400
            self.stopped.wait(self.interval)


def projector(runner: ReadModelRunner, interval: float = 0.2) -> Loop:
    """Keep every read model current (the in-process default, or `projections run`)."""

    def step() -> None:
        read = runner.catch_up()
        if read:
            structlog.get_logger().debug("projections.applied", entries=read)

    return Loop("projector", step, interval)


def heartbeat(runner: ReadModelRunner, interval: float = 1.0) -> Loop:
    """Say every second, in the database, that this process keeps the read models current.

    A thread of its own, so that a long catch-up (a rebuild after a version
    bump) does not read as silence. Readers served by a separate worker, and
    its ``/readyz``, stop waiting for a worker whose heartbeat is too old.
    """
    worker = f"{socket.gethostname()}:{os.getpid()}"
    return Loop("heartbeat", lambda: runner.beat(worker), interval)


def checkpointer(
    app: LedgerApplication,
    log_signer: log_signing.LogSigner,
    *,
    every_entries: int,
    every_seconds: float,
    clock: Callable[[], datetime],
) -> Loop:
    """Sign a checkpoint every N new entries, or every T seconds if anything was appended.

    A refused signature (the ledger does not extend a checkpoint already
    signed) is logged and counted by ``issue``; it is tried again on the same
    schedule, never more often, and never signs the fork.
    """
    last_size, last_at = -1, 0.0

    def step() -> None:
        nonlocal last_size, last_at
        size = log_signing.tree_size(app)
        grown = size - max(last_size, 0)
        # A tree smaller than the last one tried is news (and refused): say so at once.
        if size != last_size and (
            size < last_size
            or grown >= every_entries
            or time.monotonic() - last_at >= every_seconds
        ):
            last_size, last_at = size, time.monotonic()
            try:
                issued = log_signing.issue(app, log_signer, clock())
            except log_signing.SigningRefused:
                return  # logged and counted by issue; the operator must act
            last_size = issued.checkpoint.size
            structlog.get_logger().info("checkpoint.issued", size=last_size)

    return Loop("checkpointer", step, interval=1.0)


class Leadership(Loop):
    """Try for the leader lock every second; while held, run ``duties`` (and only then).

    ``serve --workers N``: every process runs one of these, so exactly one runs
    the projector, the heartbeat and the checkpointer, and another takes over
    within about a second of the leader's death (its lock dies with it).
    """

    def __init__(
        self, lock: LeaderLock, duties: Callable[[], list[Loop]], interval: float = 1.0
    ) -> None:
        super().__init__("leadership", self._step, interval)
        self.lock = lock
        self.duties = duties
        self.running: list[Loop] = []

    def _step(self) -> None:
        log = structlog.get_logger()
        if self.running:
            if self.lock.held():
                return
            log.warning("leader.lost", pid=os.getpid())
            self._stand_down()
        elif self.lock.try_acquire():
            self.running = self.duties()
            log.info("leader.elected", pid=os.getpid(), duties=[d.name for d in self.running])

    def _stand_down(self) -> None:
        for duty in self.running:
            duty.stop()
        self.running = []

    def stop(self) -> None:
        super().stop()
        self._stand_down()
        self.lock.release()
