"""Group commit: concurrent callers share transactions, each gets its own answer; both stores."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Coroutine
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from typing import Any, TypeVar

import pytest

from api.service.composition import open_ledger
from api.service.group_commit import GroupCommitter, _Request
from ledger.application import AlreadyRecorded, Appended, Group
from ledger.storage.config import Location
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
