"""Verification in worker processes names exactly what one process names, wherever ranges fall.

Each tampering of ``tests/support/tamper.py`` (as a superuser with triggers
disabled on PostgreSQL; with the triggers dropped on SQLite) is verified
with ``--jobs 1`` and in ranges of 4 and 5 positions by 2 and 3 workers: the
tampering falls in a later range, on a range's first or last position.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from api.service.composition import open_ledger
from api.service.ledger_verification import verify
from ledger.application import LedgerApplication
from ledger.integrity.chain import ChainBroken
from ledger.integrity.tree_audit import TreeBroken
from ledger.storage.config import Location, SQLiteLocation
from tests.integration.test_cli import one_line, run, store_env
from tests.support import tamper
from tests.support.factories import access, subject

SIZE = 24
HOUR_AGO = datetime.now(UTC) - timedelta(hours=1)


def stray_link(location: Location) -> None:
    """A chain row at position -1, below the chain, for an id no event has.

    The table's CHECK refuses it; a superuser lifts that first.
    """
    with tamper.superuser(location) as (conn, p):
        if isinstance(location, SQLiteLocation):
            conn.execute("PRAGMA ignore_check_constraints = ON")
        else:
            for (name,) in conn.execute(
                "SELECT conname FROM pg_constraint "
                "WHERE conrelid = 'ledger_chain'::regclass AND contype = 'c'"
            ).fetchall():
                conn.execute(f'ALTER TABLE ledger_chain DROP CONSTRAINT "{name}"')
        conn.execute(
            "INSERT INTO ledger_chain (position, notification_id, entry_digest, chain_hash) "
            f"SELECT -1, 10000, entry_digest, chain_hash FROM ledger_chain "
            f"WHERE position = {p}",
            (0,),
        )


def event_between(location: Location, position: int = 8) -> None:
    """An event row slipped in just before the one at ``position`` (later ids moved up one)."""
    column = "rowid" if isinstance(location, SQLiteLocation) else "notification_id"
    with tamper.superuser(location) as (conn, p):
        nid = tamper.notification_id_at(conn, p, position)
        for shift, floor in ((10**9, nid), (1 - 10**9, 10**9 + nid)):
            conn.execute(
                f"UPDATE ledger_events SET {column} = {column} + {p} WHERE {column} >= {p}",
                (shift, floor),
            )
            conn.execute(
                "UPDATE ledger_chain SET notification_id = notification_id + "
                f"{p} WHERE notification_id >= {p}",
                (shift, floor),
            )
        tamper._insert_copy(conn, p, column, nid)


TAMPERINGS: dict[str, Callable[[Location], None]] = {
    "altered byte, first of a range": lambda loc: tamper.flip_state_byte(loc, 8),
    "altered byte, last of a range": lambda loc: tamper.flip_state_byte(loc, 11),
    "deleted entry": lambda loc: tamper.delete_entry(loc, 12),
    "deleted entry and link": lambda loc: tamper.delete_entry(loc, 8, with_link=True),
    "deleted link before a range": lambda loc: tamper.delete_entry(loc, 7, with_link=True),
    "swapped entries across ranges": lambda loc: tamper.swap_entries(loc, 3, 15),
    "altered link, last of a range": lambda loc: tamper.alter_link(loc, 7),
    "altered link, first of a range": lambda loc: tamper.alter_link(loc, 8),
    "inserted entry after the last": tamper.insert_unchained,
    "altered digest": lambda loc: tamper.alter_digest(loc, 8),
    "deleted and renumbered": lambda loc: tamper.delete_and_renumber(loc, 8),
    "forged insert on a boundary": lambda loc: tamper.forge_insert(loc, 8),
    "forged insert in a range": lambda loc: tamper.forge_insert(loc, 13),
    "event row below the chain": lambda loc: tamper.insert_event_below(loc, -5),
    "event row with id 0": lambda loc: tamper.insert_event_below(loc, 0),
    "event row between ranges": event_between,
    "stray link below 0": stray_link,
    "history rewritten": lambda loc: tamper.rewrite_history(loc, 9),
    "tail truncated": lambda loc: tamper.truncate_tail(loc, keep=9),
    "node beyond the tree": lambda loc: tamper.add_node(loc, 0, SIZE + 3),
}


def ledger(location: Location) -> LedgerApplication:
    app = open_ledger(location, initialise=True)
    for i in range(0, SIZE, 6):
        app.append(*(access(HOUR_AGO, subject=subject(j)) for j in range(i, i + 6)))
    return app


def outcome(app: LedgerApplication, jobs: int, range_size: int | None = None) -> tuple[Any, ...]:
    """What a verification found: its size, head and root, or the failure it named."""
    try:
        verified = verify(app, jobs=jobs, range_size=range_size)
    except ChainBroken as broken:
        return ("chain", broken.position, broken.failure, broken.detail)
    except TreeBroken as broken:
        return ("tree", str(broken))
    return ("ok", verified.chain.size, verified.chain.head_hash, verified.root)


@pytest.mark.parametrize("tampering", list(TAMPERINGS))
def test_every_tampering_is_named_the_same_in_ranges(location: Location, tampering: str) -> None:
    """2 workers in ranges of 4, 3 in ranges of 5: the outcome of one process, exactly."""
    app = ledger(location)
    TAMPERINGS[tampering](location)
    alone = outcome(app, jobs=1)
    assert alone[0] != "ok" or tampering in {"history rewritten", "tail truncated"}
    assert outcome(app, jobs=2, range_size=4) == alone
    assert outcome(app, jobs=3, range_size=5) == alone


def test_an_untouched_ledger_verifies_the_same_in_ranges(location: Location) -> None:
    """No tampering: every range passes, and size, head hash and root are one process's."""
    app = ledger(location)
    alone = outcome(app, jobs=1)
    assert alone[:2] == ("ok", SIZE)
    assert outcome(app, jobs=2, range_size=4) == alone


def test_verify_jobs_2_names_the_position_as_jobs_1(location: Location) -> None:
    """`verify --jobs 2` (ranges of 4) prints the one-line failure `--jobs 1` prints."""
    ledger(location).close()
    tamper.flip_state_byte(location, 12)
    env = store_env(location)
    one = run("verify", "--jobs", "1", env=env)
    two = run("verify", "--jobs", "2", "--range-size", "4", env=env)
    assert (one.returncode, two.returncode) == (1, 1)
    assert (
        one_line(two)
        == one_line(one)
        == (
            "sharing-ledger: error: verification FAILED at position 12: "
            "altered entry: stored bytes do not match the entry digest"
        )
    )


def test_verify_jobs_0_is_refused(sqlite_location: SQLiteLocation) -> None:
    """`verify --jobs 0`: a usage error (exit 2), nothing verified."""
    result = run("verify", "--jobs", "0", env=store_env(sqlite_location))
    assert result.returncode == 2
    assert "--jobs" in result.stderr
