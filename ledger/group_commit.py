"""Group commit: concurrent appends share one database transaction.

A durable commit costs a disk flush (about 2 ms here); one transaction per
HTTP request would cap the ledger near 500 requests a second however many
clients wait. Requests hand their aggregates to one committer thread, which
takes everything queued, appends it all in one transaction, and gives each
caller back its own positions and hashes. If the shared transaction is
refused (one request's duplicate, a concurrent change to the same
aggregate), the committer retries the requests one by one, so each caller
gets its own answer and nobody else's failure.
"""

from __future__ import annotations

import queue
import threading
from concurrent.futures import Future
from dataclasses import dataclass, field

import structlog

from ledger.application import Appended, Group, LedgerApplication

_STOP = object()


@dataclass
class _Request:
    group: Group
    future: Future[tuple[Appended, ...]] = field(default_factory=Future)


class GroupCommitter:
    def __init__(self, app: LedgerApplication, *, max_batch: int = 500) -> None:
        self.app = app
        self.max_batch = max_batch
        self._queue: queue.Queue[_Request | object] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()
        self.batches = 0  # counted for metrics and benchmarks
        self.appends = 0

    def append(self, group: Group, timeout: float = 30.0) -> tuple[Appended, ...]:
        """Append one caller's aggregates, sharing a transaction with whoever else is waiting."""
        request = _Request(group)
        self._queue.put(request)
        return request.future.result(timeout)

    def close(self) -> None:
        self._queue.put(_STOP)
        self._thread.join()

    def _run(self) -> None:
        while True:
            first = self._queue.get()
            if first is _STOP:
                return
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is _STOP:
                    self._queue.put(_STOP)
                    break
                batch.append(item)
            self._commit([r for r in batch if isinstance(r, _Request)])

    def _commit(self, batch: list[_Request]) -> None:
        try:
            results = self.app.append_groups([r.group for r in batch])
        except Exception:  # noqa: BLE001 - any refusal: isolate it by retrying one by one
            if len(batch) == 1:
                self._settle_one(batch[0])
                return
            structlog.get_logger().info("group_commit.split", requests=len(batch))
            for request in batch:
                self._settle_one(request)
            return
        self.batches += 1
        self.appends += len(batch)
        for request, result in zip(batch, results, strict=True):
            request.future.set_result(result)

    def _settle_one(self, request: _Request) -> None:
        try:
            (result,) = self.app.append_groups([request.group])
        except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it
            request.future.set_exception(error)
            return
        self.batches += 1
        self.appends += 1
        request.future.set_result(result)
