"""A read model that cannot apply an entry stops there, alone and loudly; on both stores."""

from __future__ import annotations

import dataclasses
from datetime import datetime, timedelta
from typing import Any

import pytest

from api.service.composition import Service, open_service
from ledger.storage.config import Location
from projections.base import ReadModel
from projections.faults import ReadModelStalled
from projections.ops import Op, insert
from projections.read_models import READ_MODELS
from projections.read_models import activity_log as activity
from projections.runner import ReadModelRunner, ReadModelStatus
from projections.tables import Table
from tests.support.factories import access, subject
from tests.support.faulty import plant_activity_row, with_failing_activity

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")
BAD = subject(2)


def rows(svc: Service, table: str = activity.ACTIVITY.name) -> int:
    return int(svc.app.database.fetch(f"SELECT count(*) AS n FROM {table}")[0]["n"])


def by_name(runner: ReadModelRunner) -> dict[str, ReadModelStatus]:
    return {s.name: s for s in runner.status()}


def five_accesses(svc: Service) -> None:
    """Accesses to subjects 0..4 at positions 0..4; the one to subject 2 is the bad one."""
    svc.app.append(*(access(T0 + timedelta(minutes=i), subject=subject(i)) for i in range(5)))


def test_a_projector_that_raises_stops_its_read_model_alone(location: Location) -> None:
    """Activity stops before position 2 with the kind and place; the others reach the head."""
    svc = open_service(location)
    five_accesses(svc)
    runner = ReadModelRunner(svc.app, with_failing_activity(BAD))
    runner.catch_up()
    status = by_name(runner)
    stall = status["activity"].stall
    assert stall is not None
    assert (status["activity"].state, status["activity"].position) == ("stalled", 1)
    assert (stall.position, stall.kind, stall.failures) == (2, "KeyError", 1)
    assert "tests/support/faulty.py" in stall.detail
    assert "projecting Access.DataAccessed" in stall.detail
    assert BAD not in stall.reason()
    assert rows(svc) == 2
    assert all(s.state == "current" for n, s in status.items() if n != "activity")


def test_a_stalled_read_model_is_left_alone_and_the_stall_outlives_the_process(
    location: Location,
) -> None:
    """Later catch-ups neither retry it nor count it again; a new process sees the same stall."""
    svc = open_service(location)
    five_accesses(svc)
    runner = ReadModelRunner(svc.app, with_failing_activity(BAD))
    runner.catch_up()
    svc.app.append(access(T0, subject=subject(9)))
    assert runner.catch_up() == 1  # the others read the new entry; activity is not retried
    assert rows(svc) == 2
    assert runner.store.failures() == {"activity": 1}
    svc.close()
    again = open_service(location)
    (stalled,) = again.runner.stalls()
    assert (stalled.name, stalled.position, stalled.kind) == ("activity", 2, "KeyError")
    assert {s.name for s in again.runner.status() if s.state == "current"} == {
        "sharing",
        "changes",
        "requests",
        "complaints",
        "responses",
    }


def test_rows_the_store_refuses_stop_the_read_model_on_that_entry(location: Location) -> None:
    """A row in the way of position 3's: activity holds 0-2 and stops there; others go on."""
    svc = open_service(location)
    five_accesses(svc)
    plant_activity_row(location, subject(3), 3)
    svc.runner.catch_up()
    (stall,) = svc.runner.stalls()
    assert (stall.name, stall.position) == ("activity", 3)
    assert stall.kind in {"IntegrityError", "UniqueViolation"}
    assert "rm_activity" in stall.detail
    assert subject(3) not in stall.detail
    assert rows(svc) == 3 + 1  # positions 0-2, and the planted row
    assert {s.name: s.lag for s in svc.runner.status()} == {
        "activity": 2,
        "sharing": 0,
        "changes": 0,
        "requests": 0,
        "complaints": 0,
        "responses": 0,
    }


def test_a_rebuild_after_the_fix_recovers_a_stalled_read_model(location: Location) -> None:
    """Rebuilt with a projector that no longer fails, it holds every entry and is not stalled."""
    svc = open_service(location)
    five_accesses(svc)
    ReadModelRunner(svc.app, with_failing_activity(BAD)).catch_up()
    svc.runner.rebuild(["activity"])
    assert svc.runner.stalls() == []
    assert rows(svc) == 5
    assert by_name(svc.runner)["activity"].state == "current"
    assert svc.runner.store.failures() == {"activity": 1}  # the counter keeps counting


def test_a_rebuild_that_fails_again_stalls_again(location: Location) -> None:
    """Rebuilt with the same bug: stalled at the same entry, counted twice."""
    svc = open_service(location)
    five_accesses(svc)
    runner = ReadModelRunner(svc.app, with_failing_activity(BAD))
    runner.catch_up()
    runner.rebuild(["activity"])
    (stall,) = runner.stalls()
    assert (stall.position, stall.failures) == (2, 2)


def test_a_version_bump_clears_a_stall(location: Location) -> None:
    """The fix shipped as a new version: the next catch-up rebuilds it, and it is current."""
    svc = open_service(location)
    five_accesses(svc)
    ReadModelRunner(svc.app, with_failing_activity(BAD)).catch_up()
    bumped = dataclasses.replace(activity.READ_MODEL, version=activity.READ_MODEL.version + 1)
    runner = ReadModelRunner(svc.app, [bumped if p.name == "activity" else p for p in READ_MODELS])
    runner.catch_up()
    assert runner.stalls() == []
    assert rows(svc) == 5


def test_rows_repeating_a_key_stall_the_rebuild_on_the_entry(location: Location) -> None:
    """A projector writing one key twice, on the second entry: stalled there, the first kept.

    On SQLite the key of an insert-only table is built after the replay; the
    replay is then run again with the key in place, to find the entry.
    """
    table = Table(
        "rm_twice", (("entry_id", "text"), ("n", "integer")), ("entry_id",), insert_only=True
    )

    def once_then_again(_event: object, nid: int) -> list[Op]:
        return [insert(table.name, entry_id="same", n=nid)]

    svc = open_service(location)
    svc.app.append(access(T0), access(T0, subject=subject(3)))
    runner = ReadModelRunner(svc.app, [ReadModel("twice", 1, (table,), once_then_again)])
    runner.ensure_tables()
    runner.rebuild()
    (stall,) = runner.stalls()
    assert (stall.name, stall.position) == ("twice", 1)
    assert "rm_twice" in stall.detail
    assert rows(svc, table.name) == 1


def test_readers_waiting_on_a_stalled_read_model_are_told_at_once(location: Location) -> None:
    """Waiting for activity raises ReadModelStalled at once; waiting for requests does not."""
    svc = open_service(location)
    five_accesses(svc)
    runner = ReadModelRunner(svc.app, with_failing_activity(BAD))
    runner.catch_up()
    with pytest.raises(ReadModelStalled, match="read model 'activity' stalled at position 2"):
        runner.wait_until_current(["activity"], timeout=60)
    runner.wait_until_current(["requests"], timeout=0.5)


def test_two_runners_catching_up_at_once_stall_nothing(location: Location) -> None:
    """A second process commits the same entries first: its rows break this runner's keys.

    That is no fault of any entry: the runner starts again from the other's
    position instead of stalling (as `serve` and a command-line report may do).
    """
    svc = open_service(location)
    five_accesses(svc)
    other = open_service(location)
    late = ReadModelRunner(svc.app, READ_MODELS)
    commit = late.store.commit

    def after_the_other(*args: Any, **kwargs: Any) -> None:
        if other.runner.status()[0].lag != 0:
            other.runner.catch_up()  # commits first, between this runner's read and its commit
        commit(*args, **kwargs)

    late.store.commit = after_the_other  # type: ignore[method-assign]
    late.catch_up()
    assert late.stalls() == []
    assert rows(svc) == 5
    assert all(s.state == "current" for s in late.status())
    other.close()
