"""Group commit: concurrent callers share transactions, each gets its own answer; both stores."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
import time
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from datetime import datetime
from typing import Any, TypeVar

import psycopg
import pytest

from api.service.composition import open_ledger
from api.service.group_commit import GroupCommitter, NotRecorded, _Request
from ledger.application import AlreadyRecorded, Appended, Group, LedgerApplication
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from tests.support.factories import access, subject


def test_concurrent_callers_share_commits_and_get_their_own_positions(
    location: Location, now: datetime
) -> None:
    """16 threads x 25 appends: fewer transactions than appends, every reply its own entries."""
    app = open_ledger(location)
    committer = GroupCommitter(app)
    replies: dict[int, list[tuple[Appended, ...]]] = {i: [] for i in range(16)}

    def caller(index: int) -> None:
        for n in range(25):
            aggregate = access(now, subject=subject(index * 100 + n))
            result = committer.append(Group((aggregate,)))
            assert [a.originator_id for a in result] == [aggregate.id]
            replies[index].append(result)

    threads = [threading.Thread(target=caller, args=(i,)) for i in range(16)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    committer.close()
    positions = sorted(a.position for rs in replies.values() for r in rs for a in r)
    assert positions == list(range(400))
    assert committer.batches < committer.appends == 400
    assert app.verify_chain().size == 400


def test_one_bad_request_does_not_fail_the_others(location: Location, now: datetime) -> None:
    """A duplicate in a shared batch fails alone; the rest of the batch is stored."""
    app = open_ledger(location)
    app.append(access(now, source_ref="LL-1"))
    groups = [
        Group((access(now, source_ref="LL-2"),)),
        Group((access(now, source_ref="LL-1"),)),
        Group((access(now, source_ref="LL-3"),)),
    ]
    with pytest.raises(AlreadyRecorded):
        app.append_groups(groups)
    assert app.verify_chain().size == 1  # the shared transaction stored nothing
    committer = GroupCommitter(app)
    assert len(committer.append(groups[0])) == 1
    with pytest.raises(AlreadyRecorded):
        committer.append(groups[1])
    assert len(committer.append(groups[2])) == 1
    committer.close()
    assert app.verify_chain().size == 3


def test_a_refused_batch_is_retried_one_by_one(location: Location, now: datetime) -> None:
    """The committer splits a refused shared transaction: two stored, one refused."""
    app = open_ledger(location)
    app.append(access(now, source_ref="LL-1"))
    committer = GroupCommitter(app)
    requests = [_Request(Group((access(now, source_ref=ref),))) for ref in ("LL-2", "LL-1", "LL-3")]
    committer._commit(requests)
    committer.close()
    futures = [r.future for r in requests if r.future is not None]
    assert [f.exception() is None for f in futures] == [True, False, True]
    assert isinstance(futures[1].exception(), AlreadyRecorded)
    assert app.verify_chain().size == 3


T = TypeVar("T")


def on_a_new_loop(work: Coroutine[Any, Any, T]) -> T:
    """asyncio.run in a thread of its own: this thread may already run a loop (Playwright's)."""
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, work).result()


def test_event_loop_callers_share_commits_and_get_their_own_answers(
    location: Location, now: datetime
) -> None:
    """200 coroutines on one loop: fewer transactions than appends, each its own entry."""
    app = open_ledger(location)
    committer = GroupCommitter(app)
    aggregates = [access(now, subject=subject(n)) for n in range(200)]

    async def all_at_once() -> list[tuple[Appended, ...]]:
        return await asyncio.gather(*(committer.append_async(Group((a,))) for a in aggregates))

    replies = on_a_new_loop(all_at_once())
    committer.close()
    assert [r[0].originator_id for r in replies] == [a.id for a in aggregates]
    assert sorted(r[0].position for r in replies) == list(range(200))
    assert committer.batches < committer.appends == 200
    assert app.verify_chain().size == 200


def test_an_event_loop_caller_gets_its_own_refusal(location: Location, now: datetime) -> None:
    """A duplicate awaited beside good appends raises for its caller alone."""
    app = open_ledger(location)
    app.append(access(now, source_ref="LL-0"))
    committer = GroupCommitter(app)

    async def together() -> list[tuple[Appended, ...] | BaseException]:
        good = [committer.append_async(Group((access(now, subject=subject(n)),))) for n in range(5)]
        duplicate = committer.append_async(Group((access(now, source_ref="LL-0"),)))
        return await asyncio.gather(*good, duplicate, return_exceptions=True)

    *replies, refused = on_a_new_loop(together())
    committer.close()
    assert isinstance(refused, AlreadyRecorded)
    assert not any(isinstance(r, BaseException) for r in replies)
    assert app.verify_chain().size == 6


@contextmanager
def writer_lock_held(location: Location, app: LedgerApplication) -> Iterator[None]:
    """Another session holds the ledger's write lock (a long transaction, a stuck writer)."""
    if isinstance(location, SQLiteLocation):
        conn = sqlite3.connect(location.path, isolation_level=None)
        conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        finally:
            conn.rollback()
            conn.close()
        return
    assert isinstance(location, PostgresLocation)
    with psycopg.connect(location.conninfo()) as pg:
        pg.execute(f"LOCK TABLE {app.database.tables.events} IN EXCLUSIVE MODE")
        yield
        pg.rollback()


def test_a_caller_that_gives_up_is_never_recorded_later(location: Location, now: datetime) -> None:
    """Withdrawn before a transaction took it: NotRecorded, and not in the ledger afterwards.

    The request already in the stuck transaction is not withdrawn: its caller
    waits past its timeout for the real outcome, and is told it was recorded.
    """
    app = open_ledger(location)
    committer = GroupCommitter(app, wait=0.5)
    first, second = access(now, subject=subject(1)), access(now, subject=subject(2))

    async def scenario() -> tuple[tuple[Appended, ...], BaseException | None]:
        taken = asyncio.ensure_future(committer.append_async(Group((first,))))
        await asyncio.sleep(0.2)  # the committer has taken `first` and waits for the lock
        refused: BaseException | None = None
        try:
            await committer.append_async(Group((second,)))
        except NotRecorded as error:
            refused = error
        return await taken, refused

    with ThreadPoolExecutor(max_workers=1) as pool:
        with writer_lock_held(location, app):
            running = pool.submit(asyncio.run, scenario())
            time.sleep(2.0)  # the lock outlasts both callers' timeouts
        recorded, refused = running.result()
    committer.close()
    assert isinstance(refused, NotRecorded)
    assert [a.originator_id for a in recorded] == [first.id]
    assert app.chain.entries_of([second.id]) == []
    assert app.verify_chain().size == 1
    assert committer.withdrawn == 1


def test_a_thread_caller_that_gives_up_is_told_nothing_was_recorded(
    location: Location, now: datetime
) -> None:
    """The same for a caller waiting in a thread: NotRecorded, and nothing appended."""
    app = open_ledger(location)
    committer = GroupCommitter(app, wait=0.3)
    blocker, late = access(now, subject=subject(1)), access(now, subject=subject(2))
    with ThreadPoolExecutor(max_workers=1) as pool:
        with writer_lock_held(location, app):
            taken = pool.submit(committer.append, Group((blocker,)))
            time.sleep(0.2)
            with pytest.raises(NotRecorded, match="nothing was recorded"):
                committer.append(Group((late,)))
        assert [a.originator_id for a in taken.result()] == [blocker.id]
    committer.close()
    assert app.chain.entries_of([late.id]) == []
