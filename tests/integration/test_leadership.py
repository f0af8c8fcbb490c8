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
