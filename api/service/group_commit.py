"""Group commit: concurrent appends share one database transaction.

A durable commit costs a disk flush (about 2 ms here); one transaction per
HTTP request would cap the ledger near 500 requests a second however many
clients wait. Requests hand their aggregates to one committer thread, which
takes everything queued, appends it all in one transaction, and gives each
caller back its own positions and hashes. If the shared transaction is
refused (one request's duplicate, a concurrent change to the same
aggregate), the committer retries the requests one by one, so each caller
gets its own answer and nobody else's failure.

Callers wait in a thread (:meth:`GroupCommitter.append`) or on an asyncio
event loop (:meth:`GroupCommitter.append_async`, what the HTTP API uses: no
thread is held per request). Event-loop callers answered by one transaction
are woken together, with one call into their loop, not one each.
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field

import structlog

from ledger.application import Appended, Group, LedgerApplication

_STOP = object()
Outcome = tuple[Appended, ...] | BaseException


@dataclass(slots=True)
class _Request:
    group: Group
    # A caller waiting in a thread holds `future`; one waiting on an event loop, `waiter`.
    future: Future[tuple[Appended, ...]] | None = field(default_factory=Future)
    waiter: asyncio.Future[tuple[Appended, ...]] | None = None
    loop: asyncio.AbstractEventLoop | None = None


class GroupCommitter:
    def __init__(self, app: LedgerApplication, *, max_batch: int = 500) -> None:
        self.app = app
        self.max_batch = max_batch
        self._queue: queue.SimpleQueue[_Request | object] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()
        self.batches = 0  # counted for metrics and benchmarks
        self.appends = 0

    def append(self, group: Group, timeout: float = 30.0) -> tuple[Appended, ...]:
        """Append one caller's aggregates, sharing a transaction with whoever else is waiting."""
        future: Future[tuple[Appended, ...]] = Future()
        self._queue.put(_Request(group, future=future))
        return future.result(timeout)

    # The timeout mirrors append()'s; the caller cannot be trusted to bound the
    # wait itself, since a request must never hang on a stopped committer.
    async def append_async(
        self,
        group: Group,
        timeout: float = 30.0,  # noqa: ASYNC109
    ) -> tuple[Appended, ...]:
        """:meth:`append` for a caller on an event loop: it waits without holding a thread."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[tuple[Appended, ...]] = loop.create_future()
        self._queue.put(_Request(group, future=None, waiter=waiter, loop=loop))
        async with asyncio.timeout(timeout):
            return await waiter

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
        """Append the batch in one transaction (or one by one if refused); answer each caller."""
        _deliver(batch, self._outcomes(batch))

    def _outcomes(self, batch: list[_Request]) -> list[Outcome]:
        try:
            results: list[Outcome] = list(self.app.append_groups([r.group for r in batch]))
        except Exception:  # noqa: BLE001 - any refusal: isolate it by retrying one by one
            if len(batch) > 1:
                structlog.get_logger().info("group_commit.split", requests=len(batch))
            return [self._commit_one(request) for request in batch]
        self.batches += 1
        self.appends += len(batch)
        return results

    def _commit_one(self, request: _Request) -> Outcome:
        try:
            (result,) = self.app.append_groups([request.group])
        except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it
            return error
        self.batches += 1
        self.appends += 1
        return result


def _deliver(requests: Sequence[_Request], outcomes: Sequence[Outcome]) -> None:
    """Hand each caller its outcome: threads at once, each event loop in one call."""
    by_loop: dict[asyncio.AbstractEventLoop, list[tuple[_Request, Outcome]]] = {}
    for request, outcome in zip(requests, outcomes, strict=True):
        if request.future is not None:
            if isinstance(outcome, BaseException):
                request.future.set_exception(outcome)
            else:
                request.future.set_result(outcome)
        elif request.loop is not None:
            by_loop.setdefault(request.loop, []).append((request, outcome))
    for loop, settled in by_loop.items():
        try:
            loop.call_soon_threadsafe(_settle, settled)
        except RuntimeError:  # the loop was closed: nobody is waiting any more
            continue


def _settle(settled: Sequence[tuple[_Request, Outcome]]) -> None:
    """On the callers' event loop: resolve each waiter not already given up (timed out)."""
    for request, outcome in settled:
        waiter = request.waiter
        if waiter is None or waiter.done():
            continue
        if isinstance(outcome, BaseException):
            waiter.set_exception(outcome)
        else:
            waiter.set_result(outcome)
