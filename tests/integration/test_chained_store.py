"""The chained recorders on a real SQLite file and a real PostgreSQL server.

Every test here runs on both stores. Integrity claims are tested by tampering
with stored rows as a superuser would and watching verification name the
position and the kind of damage.
"""

from __future__ import annotations

import sqlite3
import threading
from datetime import datetime, timedelta

import pytest

from api.service.composition import open_ledger
from ledger.application import AlreadyRecorded, LedgerApplication
from ledger.domain.errors import ValidationError
from ledger.integrity.chain import ChainBroken, Failure
from ledger.storage.config import Location, SQLiteLocation
from tests.support import tamper
from tests.support.factories import access, subject


def ledger_with(location: Location, n: int, at: datetime) -> LedgerApplication:
    app = open_ledger(location, initialise=True)
    for i in range(0, n, 5):
        app.append(*(access(at, subject=subject(j)) for j in range(i, min(i + 5, n))))
    return app


def broken(app: LedgerApplication) -> ChainBroken:
    with pytest.raises(ChainBroken) as caught:
        app.verify_chain()
    return caught.value


def test_appends_return_consecutive_positions_and_verify(location: Location, now: datetime) -> None:
    """Each append reports gapless positions; the whole chain then verifies."""
    app = open_ledger(location, initialise=True)
    first = app.append(access(now), access(now))
    second = app.append(access(now))
    assert [a.position for a in (*first, *second)] == [0, 1, 2]
    result = app.verify_chain()
    assert result.size == 3
    assert result.head_hash.hex() == second[0].chain_hash


def test_entry_rows_can_start_after_a_notification_id(location: Location, now: datetime) -> None:
    """A scan from a given id on reads the rest, as the whole scan would, in pages."""
    app = ledger_with(location, 12, now)
    whole = list(app.chain.entry_rows(upto=10**9, page=5))
    middle = whole[6][0]
    assert list(app.chain.entry_rows(upto=10**9, after=middle, page=5)) == whole[7:]
    assert list(app.chain.entry_rows(upto=whole[9][0], after=middle)) == whole[7:10]


def test_a_batch_is_all_or_nothing(location: Location, now: datetime) -> None:
    """If one aggregate in a batch collides, none of the batch is stored."""
    app = open_ledger(location, initialise=True)
    app.append(access(now, source_ref="LL-1"))
    with pytest.raises(AlreadyRecorded):
        app.append(access(now, source_ref="LL-2"), access(now, source_ref="LL-1"))
    head, _ = app.chain.snapshot()
    assert head is not None
    assert head.position == 0
    assert app.verify_chain().size == 1


def test_a_future_dated_entry_is_refused_and_nothing_stored(
    location: Location, now: datetime
) -> None:
    """occurred_at beyond the clock (plus skew) is bad input; the ledger is unchanged."""
    app = open_ledger(location, initialise=True, clock=lambda: now)
    with pytest.raises(ValidationError, match="future"):
        app.append(access(now + timedelta(hours=1)))
    assert app.chain.snapshot() == (None, 0)


def test_a_reopened_ledger_continues_the_chain(location: Location, now: datetime) -> None:
    """Closing and reopening the store continues positions and hashes from the head."""
    ledger_with(location, 3, now).close()
    app = open_ledger(location)
    (appended,) = app.append(access(now))
    assert appended.position == 3
    assert app.verify_chain().size == 4


@pytest.mark.parametrize("position", [0, 7, 19])
def test_an_altered_byte_is_named(location: Location, now: datetime, position: int) -> None:
    """One byte of one stored entry changed: verify names that position, altered entry."""
    app = ledger_with(location, 20, now)
    tamper.flip_state_byte(location, position)
    failure = broken(app)
    assert (failure.position, failure.failure) == (position, Failure.ALTERED_ENTRY)


def test_a_deleted_entry_is_named(location: Location, now: datetime) -> None:
    """A stored entry deleted (its chain row left): missing entry at its position."""
    app = ledger_with(location, 20, now)
    tamper.delete_entry(location, 11)
    failure = broken(app)
    assert (failure.position, failure.failure) == (11, Failure.MISSING_ENTRY)


def test_a_deleted_entry_and_link_is_named(location: Location, now: datetime) -> None:
    """An entry and its chain row both deleted: the gap in positions is named."""
    app = ledger_with(location, 20, now)
    tamper.delete_entry(location, 4, with_link=True)
    failure = broken(app)
    assert (failure.position, failure.failure) == (4, Failure.MISSING_ENTRY)


def test_swapped_entries_are_named(location: Location, now: datetime) -> None:
    """Two stored rows swapped: reordered entries at the earlier position."""
    app = ledger_with(location, 20, now)
    tamper.swap_entries(location, 3, 15)
    failure = broken(app)
    assert (failure.position, failure.failure) == (3, Failure.REORDERED_ENTRIES)
    assert "position 15" in failure.detail


def test_an_altered_link_is_named(location: Location, now: datetime) -> None:
    """A stored chain hash changed: altered link at its position."""
    app = ledger_with(location, 20, now)
    tamper.alter_link(location, 9)
    failure = broken(app)
    assert (failure.position, failure.failure) == (9, Failure.ALTERED_LINK)


def test_an_inserted_entry_is_named(location: Location, now: datetime) -> None:
    """A forged row slipped in without a chain row: inserted entry where it lands."""
    app = ledger_with(location, 20, now)
    tamper.insert_unchained(location)
    failure = broken(app)
    assert (failure.position, failure.failure) == (20, Failure.INSERTED_ENTRY)


def test_an_altered_digest_is_named(location: Location, now: datetime) -> None:
    """A stored entry digest changed, the entry and its link not: altered digest there."""
    app = ledger_with(location, 20, now)
    tamper.alter_digest(location, 8)
    failure = broken(app)
    assert (failure.position, failure.failure) == (8, Failure.ALTERED_DIGEST)


def test_a_deleted_entry_with_the_chain_renumbered_is_named(
    location: Location, now: datetime
) -> None:
    """An entry and its link deleted, later links moved down a position: renumbered there."""
    app = ledger_with(location, 20, now)
    tamper.delete_and_renumber(location, 6)
    failure = broken(app)
    assert (failure.position, failure.failure) == (6, Failure.RENUMBERED)
    assert "this row links as position 7 (1 removed before it)" in failure.detail


def test_a_correctly_linked_forged_insert_is_named(location: Location, now: datetime) -> None:
    """An entry slipped in at 5, digested and linked, later rows pushed down: forged insert at 5."""
    app = ledger_with(location, 20, now)
    tamper.forge_insert(location, 5)
    failure = broken(app)
    assert (failure.position, failure.failure) == (5, Failure.FORGED_INSERT)


def test_an_event_row_with_a_low_id_is_named(location: Location, now: datetime) -> None:
    """An event row inserted with id -5 (below any the log reads): verify names that row."""
    app = ledger_with(location, 10, now)
    tamper.insert_event_below(location, -5)
    failure = broken(app)
    assert (failure.position, failure.failure) == (0, Failure.INSERTED_ENTRY)
    assert failure.detail == "event row with notification id -5 is not in the chain"


def test_an_event_row_with_id_zero_is_named(location: Location, now: datetime) -> None:
    """The boundary: id 0 is below every id a store hands out, and verify reads it."""
    app = ledger_with(location, 3, now)
    tamper.insert_event_below(location, 0)
    assert broken(app).detail == "event row with notification id 0 is not in the chain"


def test_sqlite_refuses_an_event_row_below_the_newest(
    sqlite_location: SQLiteLocation, now: datetime
) -> None:
    """A plain INSERT with rowid -5 (no trigger dropped) is refused; nothing is stored."""
    app = ledger_with(sqlite_location, 3, now)
    with pytest.raises(sqlite3.IntegrityError, match="below the newest row refused"):
        tamper.insert_event_below(sqlite_location, -5, plain=True)
    assert app.verify_chain().size == 3
    (appended,) = app.append(access(now))  # the ledger's own appends still pass
    assert appended.position == 3


def test_concurrent_writers_leave_one_unbroken_chain(location: Location, now: datetime) -> None:
    """8 writers appending 500 entries each, one per transaction: one chain of 4,000."""
    open_ledger(location, initialise=True).close()
    errors: list[BaseException] = []

    def writer(index: int) -> None:
        try:
            app = open_ledger(location)
            for i in range(500):
                app.append(access(now, subject=subject(index * 1000 + i)))
            app.close()
        except BaseException as error:  # noqa: BLE001 - reported to the main thread below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    app = open_ledger(location)
    assert app.verify_chain().size == 4000
    app.verify_tree(4000)  # every Merkle node too
