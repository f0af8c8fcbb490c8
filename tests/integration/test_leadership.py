"""The leader lock (api/service/leadership.py): one holder at a time, freed when it goes."""

from __future__ import annotations

from api.service.leadership import leader_lock
from ledger.storage.config import Location


def test_only_one_process_holds_the_leader_lock_until_it_lets_go(location: Location) -> None:
    """Two would-be leaders (separate connections or file descriptions, as two processes
    have): the second is refused while the first holds the lock, and takes it once freed."""
    first, second = leader_lock(location), leader_lock(location)
    try:
        assert first.try_acquire()
        assert first.held()
        assert not second.try_acquire()
        assert not second.held()
        first.release()
        assert not first.held()
        assert second.try_acquire()
        assert not first.try_acquire()
    finally:
        first.release()
        second.release()


def test_a_released_lock_can_be_taken_at_once_by_another(location: Location) -> None:
    """Handover straight after release, many times over: release must free the lock
    before it returns (on PostgreSQL, closing the session alone does not wait for the
    server to end it, and the next try could still find the lock held)."""
    locks = (leader_lock(location), leader_lock(location))
    try:
        for turn in range(100):
            holder, taker = locks[turn % 2], locks[(turn + 1) % 2]
            assert holder.try_acquire(), f"turn {turn}: the lock was not free"
            holder.release()
            assert taker.try_acquire(), f"turn {turn}: not free straight after release"
            taker.release()
    finally:
        for lock in locks:
            lock.release()
