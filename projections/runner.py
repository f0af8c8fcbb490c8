"""The projection runner: follow the ledger's notification log and keep read models current.

Pull-based (it asks ``select_notifications`` for what comes after each read
model's position), so it runs the same way on SQLite, which has no
subscription, and on PostgreSQL. Read models at the same position share one
pass over the log; each batch is committed with the positions it reached.
A read model whose code version changed is emptied and replayed from the
first entry; the ledger keeps taking writes meanwhile.

A read model that cannot apply an entry (its projector raises, or the store
refuses the rows it made) stops before that entry, with the reason recorded
(``projections/faults.py``); the others go on, and it is left alone until
a rebuild (by hand, or by a version bump) clears it.
"""

from __future__ import annotations

import dataclasses
import threading
import time
from collections.abc import Callable, Collection, Mapping, Sequence
from concurrent.futures import Executor, Future, ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TypeVar

import structlog
from eventsourcing.persistence import Notification

from ledger.application import LedgerApplication
from projections.base import ReadModel
from projections.faults import (
    ROW_ERRORS,
    Fault,
    ProjectionLagging,
    ProjectorSilent,
    ReadModelStalled,
    Stall,
)
from projections.projecting import (
    commit_alone,
    entries_of,
    project_entries,
    young_collections_only,
)
from projections.store import Beat, ReadModelStore
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
# Rows (ops) a batch may make, per entry it may hold: a batch stops at the entry that
# reaches it, and the next one starts after that entry. An entry makes one row or two
# as a rule, but a share makes one per subject it names (up to 500), and a council's
# six-monthly return to central government is a burst of such shares, as many as the
# people it supports: the heaviest batch of entries grew with the ledger, and peak
# memory with it (bench/performance-notes.md, "Rebuild memory"). Counted in rows,
# a batch's memory is bounded whatever the ledger holds; three rows an entry leaves
# the usual batch whole.
ROWS_PER_ENTRY = 3


@dataclass(frozen=True, slots=True)
class ReadModelStatus:
    name: str
    version: int
    stale: bool  # the stored version differs from the code's: a rebuild is due
    notification_id: int
    position: int  # chain position of the last entry applied (-1: none)
    lag: int  # entries the ledger holds beyond it
    stall: Stall | None = None  # why it stopped, while it is stalled

    @property
    def state(self) -> str:
        if self.stall is not None:
            return "stalled"
        if self.stale:
            return "stale"
        return "current" if self.lag == 0 else "behind"


@dataclass(frozen=True, slots=True)
class _Batch:
    """A batch handed to the writer: what it read, and where each read model stood before it."""

    notifications: Sequence[Notification]
    before: Mapping[ReadModel, int]
    faults: Mapping[ReadModel, Fault]
    committed: Future[None]


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
        """Apply everything appended so far; return the number of entries read.

        A stalled read model is left where it stopped; the others are caught up.
        """
        with self._lock:
            tracked = self.store.tracking()
            stale = [
                p
                for p in self.projections
                if p.name in tracked and tracked[p.name].version != p.version
            ]
            for projection in stale:
                self.store.reset(projection)
            return self._replay(stale, progress, self.batch_size)

    def rebuild(self, names: Sequence[str] = (), progress: Progress | None = None) -> int:
        """Empty the named read models (all by default) and replay them from the first entry.

        This is also how a stalled read model recovers, once the fault is fixed:
        if it stalls again, :meth:`status` says where and why.
        """
        chosen = self.by_name(names) if names else list(self.projections)
        with self._lock:
            for projection in chosen:
                self.store.reset(projection)
            return self._replay(chosen, progress, self.rebuild_batch_size)

    def _replay(self, reset: list[ReadModel], progress: Progress | None, batch_size: int) -> int:
        """Follow the log; then give the read models replayed from the start their indexes.

        On SQLite a table keyed late is keyed after its replay; if its rows
        repeat the key, the read model is replayed once more with the key in
        place, so that the commit that breaks it stalls it on the entry.
        """
        try:
            read = self._follow(progress, batch_size)
        finally:  # even after a failure: reports need the indexes, whole or not
            refused = self.store.finish(reset) if reset else []
        for projection in refused:
            self.store.reset(projection, keyed=True)
        if refused:
            read += self._follow(None, self.batch_size)
            self.store.finish(refused)
        return read

    def _follow(self, progress: Progress | None, batch_size: int) -> int:
        """Read, decode and project batch after batch; commit each with its positions.

        A batch is ``batch_size`` entries, or fewer: it ends at the entry whose
        rows reach ``ROWS_PER_ENTRY`` an entry (see there), so that its memory
        is bounded whatever the entries hold.

        The commits run on a writer thread, one at a time and in order, so the
        database applies batch n while this thread decodes and projects batch
        n + 1; a batch is only handed over once the one before it committed,
        and a failed commit stops the run with nothing after it written. Each
        commit is still one transaction of rows and positions. A commit the
        store refuses for its rows is taken apart read model by read model
        (:meth:`_isolate`), and the batch projected meanwhile is dropped.
        """
        read = 0
        total = self._remaining()
        positions = self._positions()
        with self._writer() as writer, young_collections_only() as collect:
            pending: _Batch | None = None
            while True:
                notifications = (
                    self.app.chain.notifications_after(min(positions.values()), batch_size)
                    if positions
                    else []
                )
                ops, faults, taken = project_entries(
                    self.app.mapper.to_domain_event,
                    notifications,
                    positions,
                    ROWS_PER_ENTRY * batch_size,
                )
                notifications = notifications[:taken]  # the rest is read again next time
                if pending is not None:
                    whole = self._settle(pending)
                    read += len(pending.notifications)
                    if progress is not None:
                        progress(read, max(total, read))
                    pending = None
                    if not whole:
                        positions = self._positions()
                        continue
                if not notifications:
                    return read
                last = notifications[-1].id
                faults = self._located(faults)
                # A read model already past this batch keeps its own (later) position; one
                # that failed on an entry stays just before it.
                moved = {
                    p: faults[p].notification_id - 1 if p in faults else max(n, last)
                    for p, n in positions.items()
                }
                committed = writer.submit(self.store.commit, ops, moved, faults, _now())
                # Not kept while the next batch is projected: on SQLite they are written
                # already, and PostgreSQL's writer holds them until it has. Kept, they
                # doubled the rows in memory at the peak.
                del ops
                pending = _Batch(notifications, positions, faults, committed)
                positions = {p: n for p, n in moved.items() if p not in faults}
                collect()

    def _settle(self, batch: _Batch) -> bool:
        """Wait for a batch's commit; False if the store refused its rows and it was isolated."""
        try:
            batch.committed.result()
        except ROW_ERRORS:
            # Another runner (another process catching up) may have committed these
            # entries first: its rows are what broke the keys. Start again from there.
            if not self._moved(batch.before):
                self._isolate(batch)
            return False
        self._log_stalls(batch.faults)
        return True

    def _isolate(self, batch: _Batch) -> None:
        """Commit a refused batch one read model at a time, down to the entry at fault.

        Read models whose rows the store takes are committed whole, to the end
        of the batch; one whose rows it refuses is committed up to the entry
        that made them and stalled there.
        """
        last = batch.notifications[-1].id
        decode = self.app.mapper.to_domain_event
        for projection, position in batch.before.items():
            entries, fault = entries_of(decode, batch.notifications, projection, position)
            fault = commit_alone(self.store, projection, entries) or fault
            if fault is None:
                self.store.commit([], {projection: last})
                continue
            if self._moved({projection: fault.notification_id - 1}):
                continue  # another runner applied that entry: its rows broke the key, no fault
            faults = self._located({projection: fault})
            self.store.commit([], {projection: fault.notification_id - 1}, faults, _now())
            self._log_stalls(faults)

    def _moved(self, before: Mapping[ReadModel, int]) -> bool:
        """Whether a read model's stored position is past where this runner read it."""
        tracked = self.store.tracking()
        return any(
            p.name in tracked and tracked[p.name].notification_id > n for p, n in before.items()
        )

    def _located(self, faults: Mapping[ReadModel, Fault]) -> dict[ReadModel, Fault]:
        position = self.app.chain.position_at_or_before
        return {
            p: dataclasses.replace(f, position=position(f.notification_id))
            for p, f in faults.items()
        }

    def _log_stalls(self, faults: Mapping[ReadModel, Fault]) -> None:
        for projection, fault in faults.items():
            structlog.get_logger().error(
                "projections.stalled",
                read_model=projection.name,
                position=fault.position,
                kind=fault.kind,
                detail=fault.detail,
            )

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

    def _positions(self) -> dict[ReadModel, int]:
        """Where each running read model stands (a stalled one is left out)."""
        tracked = self.store.tracking()
        return {
            p: tracked[p.name].notification_id if p.name in tracked else 0
            for p in self.projections
            if p.name not in tracked or tracked[p.name].stall is None
        }

    def _remaining(self) -> int:
        head, _ = self.app.chain.snapshot()
        positions = self._positions()
        if head is None or not positions:
            return 0
        return head.position - self.app.chain.position_at_or_before(min(positions.values()))

    # -- Reading your writes -------------------------------------------------------------------
    def wait_until_current(
        self,
        names: Collection[str] = (),
        *,
        timeout: float = 5.0,
        interval: float = 0.05,
        worker_timeout: float | None = None,
    ) -> None:
        """Block until the named read models (all by default) hold every entry committed before.

        Used by readers served by a separate projection worker. Raises
        :class:`ReadModelStalled` at once if one of them is stalled,
        :class:`ProjectorSilent` at once if one is behind and the worker's
        heartbeat is older than ``worker_timeout`` seconds (when given), and
        :class:`ProjectionLagging` naming those still behind after ``timeout``.
        """
        _, target = self.app.chain.snapshot()
        deadline = time.monotonic() + timeout
        checked_worker = worker_timeout is None
        while True:
            tracked = self.store.tracking()
            wanted = [p.name for p in self.projections if not names or p.name in names]
            stalled = [t.stall for n in wanted if (t := tracked.get(n)) and t.stall is not None]
            if stalled:
                raise ReadModelStalled(stalled)
            behind = [
                n for n in wanted if (tracked[n].notification_id if n in tracked else 0) < target
            ]
            if not behind:
                return
            if not checked_worker and worker_timeout is not None:
                beat = self.store.heartbeat()
                if beat is None or beat.age > worker_timeout:
                    raise ProjectorSilent(None if beat is None else beat.age, worker_timeout)
                checked_worker = True
            if time.monotonic() >= deadline:
                msg = (
                    f"read model(s) {', '.join(behind)} did not catch up with the ledger within "
                    f"{timeout:g} s; is the projection worker running?"
                )
                raise ProjectionLagging(msg)
            time.sleep(interval)

    def stalls(self, names: Collection[str] = ()) -> list[Stall]:
        """The named read models (all by default) that are stalled."""
        tracked = self.store.tracking()
        return [
            t.stall
            for p in self.projections
            if (not names or p.name in names)
            and (t := tracked.get(p.name)) is not None
            and t.stall is not None
        ]

    def heartbeat(self) -> Beat | None:
        return self.store.heartbeat()

    def beat(self, worker: str) -> None:
        """Record that this process keeps the read models current (see ``api.background``)."""
        positions = self._positions()
        self.store.beat(worker, min(positions.values()) if positions else 0)

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
                    stall=None if entry is None else entry.stall,
                )
            )
        return statuses


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")
