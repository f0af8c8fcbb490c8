"""The projection runner: follow the ledger's notification log and keep read models current.

Pull-based (it asks ``select_notifications`` for what comes after each read
model's position), so it runs the same way on SQLite, which has no
subscription, and on PostgreSQL. Read models at the same position share one
pass over the log; each batch is committed with the positions it reached.
A read model whose code version changed is emptied and replayed from the
first entry; the ledger keeps taking writes meanwhile.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from ledger.application import LedgerApplication
from projections.base import Projection
from projections.ops import Op
from projections.store import ReadModelStore
from projections.tables import Table

Progress = Callable[[int, int], None]  # (entries done, entries in all)


class ProjectionLagging(Exception):
    """A read model did not reach the position a reader asked for in time."""


@dataclass(frozen=True, slots=True)
class ProjectionStatus:
    name: str
    version: int
    stale: bool  # the stored version differs from the code's: a rebuild is due
    notification_id: int
    position: int  # chain position of the last entry applied (-1: none)
    lag: int  # entries the ledger holds beyond it


class ProjectionRunner:
    def __init__(
        self,
        app: LedgerApplication,
        projections: Sequence[Projection],
        *,
        batch_size: int = 1000,
    ) -> None:
        self.app = app
        self.projections = tuple(projections)
        self.store = ReadModelStore(app.chain)
        self.batch_size = batch_size
        self._lock = threading.Lock()

    def ensure_tables(self) -> list[Table]:
        return self.store.ensure_tables(self.projections)

    def by_name(self, names: Sequence[str]) -> list[Projection]:
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
            for projection in self.projections:
                if (
                    projection.name in tracked
                    and tracked[projection.name].version != projection.version
                ):
                    self.store.reset(projection)
            return self._follow(progress)

    def rebuild(self, names: Sequence[str] = (), progress: Progress | None = None) -> int:
        """Empty the named read models (all by default) and replay them from the first entry."""
        chosen = self.by_name(names) if names else list(self.projections)
        with self._lock:
            for projection in chosen:
                self.store.reset(projection)
            return self._follow(progress)

    def _follow(self, progress: Progress | None) -> int:
        read = 0
        total = self._remaining()
        while True:
            positions = self._positions()
            start = min(positions.values())
            notifications = self.app.recorder.select_notifications(
                start=start, limit=self.batch_size, inclusive_of_start=False
            )
            if not notifications:
                return read
            ops: list[Op] = []
            for notification in notifications:
                event = self.app.mapper.to_domain_event(notification)
                for projection, position in positions.items():
                    if notification.id > position:
                        ops.extend(projection.project(event, notification.id))
            last = notifications[-1].id
            # A read model already past this batch keeps its own (later) position.
            self.store.commit(ops, {p: max(n, last) for p, n in positions.items()})
            read += len(notifications)
            if progress is not None:
                progress(read, max(total, read))

    def _positions(self) -> dict[Projection, int]:
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

    def status(self) -> list[ProjectionStatus]:
        head, _ = self.app.chain.snapshot()
        head_position = -1 if head is None else head.position
        tracked = self.store.tracking()
        statuses = []
        for projection in self.projections:
            entry = tracked.get(projection.name)
            nid = 0 if entry is None else entry.notification_id
            position = self.app.chain.position_at_or_before(nid)
            statuses.append(
                ProjectionStatus(
                    name=projection.name,
                    version=projection.version,
                    stale=entry is not None and entry.version != projection.version,
                    notification_id=nid,
                    position=position,
                    lag=head_position - position,
                )
            )
        return statuses
