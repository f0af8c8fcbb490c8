"""The projection runner: follow the ledger's notification log and keep read models current.

Pull-based (it asks ``select_notifications`` for what comes after each read
model's position), so it runs the same way on SQLite, which has no
subscription, and on PostgreSQL. Read models at the same position share one
pass over the log; each batch is committed with the positions it reached.
A read model whose code version changed is emptied and replayed from the
first entry; the ledger keeps taking writes meanwhile.
"""

from __future__ import annotations

import gc
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TypeVar

from eventsourcing.persistence import Notification

from ledger.application import LedgerApplication
from projections.base import ReadModel
from projections.ops import Op
from projections.store import ReadModelStore
from projections.tables import Table

T = TypeVar("T")
Progress = Callable[[int, int], None]  # (entries done, entries in all)
# Entries per transaction: large enough that commits and round trips are a small part of
# a rebuild, small enough that a batch's rows stay a few megabytes.
BATCH_SIZE = 5000
# A rebuild on SQLite: fewer, larger commits. Each commit writes every B-tree page
# its batch touched (rows land all over a large table's key), so larger batches
# rebuild faster, while peak memory grows with the batch and stays flat in the
# ledger's size (`bench/rebuild.py --batch` measures both; docs/performance.md).
# Not for catching up: on SQLite a commit holds the one write lock that appends
# wait for.
SQLITE_REBUILD_BATCH = 20_000


@contextmanager
def _young_collections_only() -> Iterator[Callable[[], object]]:
    """Pause CPython's cycle collector; yield what collects its young generations.

    A batch makes tens of thousands of short-lived containers (events, row
    dictionaries, operations), so the collector, triggered every 700 of them,
    kept walking the batch still in hand: about a quarter of a rebuild's
    Python time (docs/performance.md, "the cycle collector"). The runner
    collects the young generations once per batch instead, so cycles cannot
    pile up and memory stays bounded (peak memory is in docs/performance.md);
    reference counting frees everything else as it always does. The
    collector is left as it was found.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield lambda: gc.collect(1)
    finally:
        if enabled:
            gc.enable()


class ProjectionLagging(Exception):
    """A read model did not reach the position a reader asked for in time."""


@dataclass(frozen=True, slots=True)
class ReadModelStatus:
    name: str
    version: int
    stale: bool  # the stored version differs from the code's: a rebuild is due
    notification_id: int
    position: int  # chain position of the last entry applied (-1: none)
    lag: int  # entries the ledger holds beyond it


class _Inline(Executor):
    """Runs each task at once, in the caller's thread."""

    def submit(self, fn: Callable[..., T], /, *args: object, **kwargs: object) -> Future[T]:
        future: Future[T] = Future()
        try:
            future.set_result(fn(*args, **kwargs))
        except BaseException as error:  # noqa: BLE001 - handed to the caller by result(), as a thread would
            future.set_exception(error)
        return future


class ReadModelRunner:
    def __init__(
        self,
        app: LedgerApplication,
        projections: Sequence[ReadModel],
        *,
        batch_size: int = BATCH_SIZE,
        rebuild_batch_size: int | None = None,
    ) -> None:
        self.app = app
        self.projections = tuple(projections)
        self.store = ReadModelStore(app.database)
        self.batch_size = batch_size
        sqlite = app.database.dialect == "sqlite"
        # A batch size chosen by the caller is kept for rebuilds too.
        default = SQLITE_REBUILD_BATCH if sqlite and batch_size == BATCH_SIZE else batch_size
        self.rebuild_batch_size = rebuild_batch_size or default
        self._lock = threading.Lock()

    def ensure_tables(self) -> list[Table]:
        return self.store.ensure_tables(self.projections)

    def by_name(self, names: Sequence[str]) -> list[ReadModel]:
        known = {p.name: p for p in self.projections}
        unknown = sorted(set(names) - set(known))
        if unknown:
            msg = f"unknown read model {', '.join(unknown)} (known: {', '.join(sorted(known))})"
            raise ValueError(msg)
        return [known[name] for name in names]

    # -- Following the log ---------------------------------------------------------------
    def catch_up(self, progress: Progress | None = None) -> int:
        """Apply everything appended so far; return the number of entries read."""
        with self._lock:
            tracked = self.store.tracking()
            stale = [
                p
                for p in self.projections
                if p.name in tracked and tracked[p.name].version != p.version
            ]
            for projection in stale:
                self.store.reset(projection)
            try:
                return self._follow(progress, self.batch_size)
            finally:
                if stale:  # even after a failure: reports need the indexes, whole or not
                    self.store.finish(stale)

    def rebuild(self, names: Sequence[str] = (), progress: Progress | None = None) -> int:
        """Empty the named read models (all by default) and replay them from the first entry."""
        chosen = self.by_name(names) if names else list(self.projections)
        with self._lock:
            for projection in chosen:
                self.store.reset(projection)
            try:
                return self._follow(progress, self.rebuild_batch_size)
            finally:  # even after a failure: reports need the indexes, whole or not
                self.store.finish(chosen)

    def _follow(self, progress: Progress | None, batch_size: int) -> int:
        """Read, decode and project batch after batch; commit each with its positions.

        The commits run on a writer thread, one at a time and in order, so the
        database applies batch n while this thread decodes and projects batch
        n + 1; a batch is only handed over once the one before it committed,
        and a failed commit stops the run with nothing after it written. Each
        commit is still one transaction of rows and positions.
        """
        read = 0
        total = self._remaining()
        positions = self._positions()
        with self._writer() as writer, _young_collections_only() as collect:
            committing: tuple[Future[None], int] | None = None
            while True:
                notifications = self.app.chain.notifications_after(
                    min(positions.values()), batch_size
                )
                ops = self._project(notifications, positions) if notifications else []
                if committing is not None:
                    committing[0].result()
                    read += committing[1]
                    if progress is not None:
                        progress(read, max(total, read))
                    committing = None
                if not notifications:
                    return read
                last = notifications[-1].id
                # A read model already past this batch keeps its own (later) position.
                positions = {p: max(n, last) for p, n in positions.items()}
                committing = (writer.submit(self.store.commit, ops, positions), len(notifications))
                collect()

    def _writer(self) -> Executor:
        """Where commits run: a thread of their own on PostgreSQL, this one on SQLite.

        PostgreSQL does the work of a commit in its own process while this
        thread waits on the socket, without the GIL. SQLite does it in this
        process, giving the GIL back and taking it again for every row, so a
        second thread only makes both wait their turn for it.
        """
        if self.app.database.dialect == "postgres":
            return ThreadPoolExecutor(max_workers=1, thread_name_prefix="projections")
        return _Inline()

    def _project(
        self, notifications: Sequence[Notification], positions: dict[ReadModel, int]
    ) -> list[Op]:
        ops: list[Op] = []
        decode = self.app.mapper.to_domain_event
        for notification in notifications:
            event = decode(notification)
            for projection, position in positions.items():
                if notification.id > position:
                    ops.extend(projection.project(event, notification.id))
        return ops

    def _positions(self) -> dict[ReadModel, int]:
        tracked = self.store.tracking()
        return {
            p: tracked[p.name].notification_id if p.name in tracked else 0 for p in self.projections
        }

    def _remaining(self) -> int:
        head, _ = self.app.chain.snapshot()
        if head is None:
            return 0
        start = min(self._positions().values())
        return head.position - self.app.chain.position_at_or_before(start)

    # -- Reading your writes -------------------------------------------------------------------
    def wait_until_current(self, timeout: float = 5.0, interval: float = 0.05) -> None:
        """Block until every read model has applied all entries committed before the call.

        Used by readers served by a separate projection worker; raises
        :class:`ProjectionLagging` naming the read models still behind.
        """
        _, target = self.app.chain.snapshot()
        deadline = time.monotonic() + timeout
        while True:
            behind = [name for name, nid in self._named_positions().items() if nid < target]
            if not behind:
                return
            if time.monotonic() >= deadline:
                msg = (
                    f"read model(s) {', '.join(behind)} did not catch up with the ledger within "
                    f"{timeout:g} s; is the projection worker running?"
                )
                raise ProjectionLagging(msg)
            time.sleep(interval)

    def _named_positions(self) -> dict[str, int]:
        return {p.name: n for p, n in self._positions().items()}

    def status(self) -> list[ReadModelStatus]:
        head, _ = self.app.chain.snapshot()
        head_position = -1 if head is None else head.position
        tracked = self.store.tracking()
        statuses = []
        for projection in self.projections:
            entry = tracked.get(projection.name)
            nid = 0 if entry is None else entry.notification_id
            position = self.app.chain.position_at_or_before(nid)
            statuses.append(
                ReadModelStatus(
                    name=projection.name,
                    version=projection.version,
                    stale=entry is not None and entry.version != projection.version,
                    notification_id=nid,
                    position=position,
                    lag=head_position - position,
                )
            )
        return statuses
