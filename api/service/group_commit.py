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

A reply tells the truth. A caller that stops waiting (its timeout) withdraws
its request if the committer has not taken it yet, and is told nothing was
recorded (:class:`NotRecorded`: safe to retry); once taken, the request is in
a transaction that will commit or fail, so the caller waits for that outcome
rather than answer before it is known (the store's lock timeout bounds it).
"""

from __future__ import annotations

import asyncio
import queue
import threading
from collections.abc import Callable, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from dataclasses import dataclass, field
from enum import Enum

import structlog

from ledger.application import Appended, Group, LedgerApplication

_STOP = object()
Outcome = tuple[Appended, ...] | BaseException
# How long a caller waits for its request to be taken into a transaction.
DEFAULT_WAIT = 30.0


class NotRecorded(Exception):
    """The request was withdrawn before any transaction took it: nothing was recorded."""


class _State(Enum):
    QUEUED = "queued"
    TAKEN = "taken"  # in a transaction: it will commit or fail, and the caller is told which
    WITHDRAWN = "withdrawn"  # the caller gave up first: never appended


@dataclass(slots=True)
class _Request:
    group: Group
    # A caller waiting in a thread holds `future`; one waiting on an event loop, `waiter`.
    future: Future[tuple[Appended, ...]] | None = field(default_factory=Future)
    waiter: asyncio.Future[tuple[Appended, ...]] | None = None
    loop: asyncio.AbstractEventLoop | None = None
    state: _State = _State.QUEUED


class GroupCommitter:
    def __init__(
        self,
        app: LedgerApplication,
        *,
        max_batch: int = 500,
        wait: float = DEFAULT_WAIT,
        on_commit: Callable[[int], None] | None = None,
    ) -> None:
        """``on_commit``: told the number of requests after each transaction commits (the
        metrics' counters, which several server processes add up)."""
        self.app = app
        self.on_commit = on_commit
        self.max_batch = max_batch
        self.wait = wait
        self._queue: queue.SimpleQueue[_Request | object] = queue.SimpleQueue()
        # Taking a request into a transaction and withdrawing it exclude each other.
        self._states = threading.Lock()
        self._thread = threading.Thread(target=self._run, name="group-commit", daemon=True)
        self._thread.start()
        self.batches = 0  # counted for metrics and benchmarks
        self.appends = 0
        self.withdrawn = 0

    def append(self, group: Group, timeout: float | None = None) -> tuple[Appended, ...]:
        """Append one caller's aggregates, sharing a transaction with whoever else is waiting.

        Raises :class:`NotRecorded` if no transaction took them within ``timeout``.
        """
        future: Future[tuple[Appended, ...]] = Future()
        request = _Request(group, future=future)
        self._queue.put(request)
        try:
            return future.result(self.wait if timeout is None else timeout)
        except FutureTimeout:
            if self._withdraw(request):
                raise NotRecorded(_NOT_TAKEN) from None
        return future.result()  # taken: its transaction's outcome, whenever it comes

    async def append_async(
        self,
        group: Group,
        timeout: float | None = None,  # noqa: ASYNC109 - see below
    ) -> tuple[Appended, ...]:
        """:meth:`append` for a caller on an event loop: it waits without holding a thread.

        The committer bounds the wait for a transaction to take the request
        (the caller cannot be trusted to: a request must never hang on a
        stopped committer), and then waits for that transaction's outcome.
        """
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[tuple[Appended, ...]] = loop.create_future()
        request = _Request(group, future=None, waiter=waiter, loop=loop)
        self._queue.put(request)
        try:
            async with asyncio.timeout(self.wait if timeout is None else timeout):
                return await asyncio.shield(waiter)
        except TimeoutError:
            if self._withdraw(request):
                raise NotRecorded(_NOT_TAKEN) from None
        return await waiter

    def _withdraw(self, request: _Request) -> bool:
        """Withdraw a request no transaction has taken; False if one already has."""
        with self._states:
            if request.state is _State.QUEUED:
                request.state = _State.WITHDRAWN
                self.withdrawn += 1
                return True
            return False

    def _take(self, batch: list[_Request]) -> list[_Request]:
        """The requests of ``batch`` still wanted, now taken: none can be withdrawn after."""
        with self._states:
            taken = [r for r in batch if r.state is _State.QUEUED]
            for request in taken:
                request.state = _State.TAKEN
        return taken

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
            self._commit(self._take([r for r in batch if isinstance(r, _Request)]))

    def _commit(self, batch: list[_Request]) -> None:
        """Append the batch in one transaction (or one by one if refused); answer each caller."""
        if batch:
            _deliver(batch, self._outcomes(batch))

    def _outcomes(self, batch: list[_Request]) -> list[Outcome]:
        try:
            results: list[Outcome] = list(self.app.append_groups([r.group for r in batch]))
        except Exception:  # noqa: BLE001 - any refusal: isolate it by retrying one by one
            if len(batch) > 1:
                structlog.get_logger().info("group_commit.split", requests=len(batch))
            return [self._commit_one(request) for request in batch]
        self._committed(len(batch))
        return results

    def _commit_one(self, request: _Request) -> Outcome:
        try:
            (result,) = self.app.append_groups([request.group])
        except Exception as error:  # noqa: BLE001 - handed to the caller, who raises it
            return error
        self._committed(1)
        return result

    def _committed(self, requests: int) -> None:
        self.batches += 1
        self.appends += requests
        if self.on_commit is not None:
            self.on_commit(requests)


_NOT_TAKEN = "the ledger was busy and nothing was recorded; the request can be sent again"


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
