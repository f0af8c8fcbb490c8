"""The projection runner: exactly once, rebuilds, lag, read-your-writes; on both stores."""

from __future__ import annotations

import dataclasses
import gc
import weakref
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from structlog.testing import capture_logs

from api.demo import DemoPlan, council
from api.service.composition import Service, open_service
from ledger.storage.config import Location, PostgresLocation, SQLiteLocation
from projections.base import ReadModel
from projections.faults import ProjectionLagging
from projections.ops import Op, Update, Value, insert_row
from projections.read_models import READ_MODELS
from projections.read_models import activity_log as activity
from projections.read_models.share_register import SHARES
from projections.runner import ROWS_PER_ENTRY, ReadModelRunner
from projections.tables import MAX_NAME, Table
from tests.support.factories import access, share, subject
from tests.support.tamper import superuser

T0 = datetime.fromisoformat("2026-03-02T09:00:00+00:00")


def dump(svc: Service) -> dict[str, list[tuple[Any, ...]]]:
    """Every read-model row, in a stable order, for comparisons."""
    tables = {}
    for projection in READ_MODELS:
        for table in projection.tables:
            columns = ", ".join(table.column_names)
            rows = svc.app.database.fetch(f"SELECT {columns} FROM {table.name} ORDER BY {columns}")
            tables[table.name] = [tuple(row[c] for c in table.column_names) for row in rows]
    return tables


def count(svc: Service) -> int:
    return int(svc.app.database.fetch("SELECT count(*) AS n FROM rm_activity")[0]["n"])


def test_catching_up_applies_each_entry_once(location: Location) -> None:
    """Running the runner twice over the same log leaves one row per entry per subject."""
    svc = open_service(location)
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(7)))
    svc.runner.catch_up()
    svc.runner.catch_up()
    assert count(svc) == 7


def test_a_crash_between_rows_and_position_counts_nothing_twice(location: Location) -> None:
    """A failure after the rows are written but before the position is (same transaction).

    The tracking table is taken away so the position write fails after the view
    rows went in; nothing of the batch survives, and after repair each entry
    is counted once.
    """
    svc = open_service(location)
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(5)))
    svc.runner.catch_up()
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(5, 9)))
    with superuser(location) as (conn, _):
        conn.execute("ALTER TABLE rm_tracking RENAME TO rm_tracking_away")
    with pytest.raises(Exception, match="rm_tracking"):
        svc.runner.catch_up()
    assert count(svc) == 5
    with superuser(location) as (conn, _):
        conn.execute("ALTER TABLE rm_tracking_away RENAME TO rm_tracking")
    svc.runner.catch_up()
    assert count(svc) == 9


def test_rebuild_gives_the_same_rows(location: Location) -> None:
    """Dropping every read model and replaying from the first entry reproduces them exactly."""
    svc = open_service(location)
    for i in range(3):
        svc.app.append(access(T0 + timedelta(hours=i), subject=subject(i)))
        svc.app.append(share(T0 + timedelta(hours=i), subjects=[subject(i), subject(i + 10)]))
        svc.runner.catch_up()
    incremental = dump(svc)
    svc.runner.rebuild()
    assert dump(svc) == incremental


def test_a_changed_version_is_rebuilt_on_catch_up(location: Location) -> None:
    """A read model whose code version changed is emptied and replayed, others left alone."""
    svc = open_service(location)
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(4)))
    svc.runner.catch_up()
    bumped = dataclasses.replace(activity.READ_MODEL, version=activity.READ_MODEL.version + 1)
    runner = ReadModelRunner(svc.app, [bumped if p.name == "activity" else p for p in READ_MODELS])
    assert [s.stale for s in runner.status() if s.name == "activity"] == [True]
    runner.catch_up()
    assert count(svc) == 4
    assert all(not s.stale and s.lag == 0 for s in runner.status())


def test_status_shows_position_and_lag(location: Location) -> None:
    """Before catching up, each read model is as many entries behind as were appended."""
    svc = open_service(location)
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(3)))
    assert {s.lag for s in svc.runner.status()} == {3}
    svc.runner.catch_up()
    assert {(s.position, s.lag) for s in svc.runner.status()} == {(2, 0)}


def test_waiting_for_a_stopped_worker_fails_clearly(location: Location) -> None:
    """A reader that needs a position nobody is projecting gets a bounded, named failure."""
    svc = open_service(location)
    svc.app.append(access(T0))
    with pytest.raises(ProjectionLagging, match="is the projection worker running"):
        svc.runner.wait_until_current(timeout=0.2)
    svc.runner.catch_up()
    svc.runner.wait_until_current(timeout=0.2)


def test_rebuilding_while_writes_continue(location: Location) -> None:
    """Appends between the reset and the replay are included: nothing lost, nothing twice."""
    svc = open_service(location)
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(6)))
    svc.runner.catch_up()
    seen: list[int] = []

    def write_during(done: int, _total: int) -> None:
        if not seen:
            svc.app.append(access(T0, subject=subject(99)))
        seen.append(done)

    small = ReadModelRunner(svc.app, READ_MODELS, batch_size=2)
    small.rebuild(progress=write_during)
    assert count(svc) == 7


events = st.lists(
    st.tuples(st.sampled_from(["access", "share"]), st.integers(0, 5), st.integers(0, 3)),
    min_size=1,
    max_size=25,
)


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(plan=events, batch=st.integers(1, 7))
def test_incremental_equals_rebuilt(
    tmp_path_factory: pytest.TempPathFactory, plan: list[tuple[str, int, int]], batch: int
) -> None:
    """For random event sequences caught up in random steps, a rebuild gives identical rows."""
    location = SQLiteLocation(tmp_path_factory.mktemp("p") / "l.sqlite3")
    svc = open_service(location)
    runner = ReadModelRunner(svc.app, READ_MODELS, batch_size=batch)
    for n, (kind, who, hours) in enumerate(plan):
        when = T0 + timedelta(hours=hours)
        if kind == "access":
            svc.app.append(access(when, subject=subject(who)))
        else:
            svc.app.append(share(when, subjects=[subject(who), subject(who + 50)]))
        if n % 3 == 0:
            runner.catch_up()
    runner.catch_up()
    incremental = dump(svc)
    runner.rebuild()
    assert dump(svc) == incremental
    svc.close()


# -- Tables keyed late (insert-only tables on SQLite) ------------------------------------


def indexes(location: Location, table: str) -> set[str]:
    """The names of a table's indexes, as the store lists them."""
    with superuser(location) as (conn, mark):
        if isinstance(location, SQLiteLocation):
            query = f"SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = {mark}"
        else:
            query = f"SELECT indexname FROM pg_indexes WHERE tablename = {mark}"
        return {name for (name,) in conn.execute(query, (table,)).fetchall()}


def declared(location: Location, table: Table) -> set[str]:
    """The indexes a table should have, once a read model's replay is done."""
    names = {table.index_name(columns) for columns in table.indexes}
    if isinstance(location, SQLiteLocation):
        key = table.key_name if table.insert_only else f"sqlite_autoindex_{table.name}_1"
        return names | {key}
    return names | {f"{table.name}_pkey"}


def test_a_rebuild_leaves_every_table_with_its_key_and_indexes(location: Location) -> None:
    """On SQLite the insert-only tables' keys are built after the replay, and are there after."""
    svc = open_service(location)
    svc.app.append(access(T0), share(T0, subjects=[subject(1), subject(2)]))
    svc.runner.catch_up()
    svc.runner.rebuild()
    for table in (t for p in READ_MODELS for t in p.tables):
        assert indexes(location, table.name) == declared(location, table), table.name


@pytest.mark.postgres
def test_a_rebuild_on_postgres_leaves_its_tables_vacuumed(pg_location: PostgresLocation) -> None:
    """Straight after a rebuild the planner knows the tables' sizes and every page is marked
    all-visible, so a partner's page is answered from its covering index alone (until then
    an index-only scan visits every row's table page too), not minutes later by autovacuum."""
    svc = open_service(pg_location)
    svc.app.append(*(share(T0, subjects=[subject(n)]) for n in range(40)))
    svc.runner.rebuild()
    (stats,) = svc.app.database.fetch(
        "SELECT relpages, relallvisible, reltuples FROM pg_class WHERE oid = to_regclass({p})",
        (SHARES.name,),
    )
    assert stats["relpages"] > 0
    assert stats["relallvisible"] == stats["relpages"]
    assert stats["reltuples"] == 40


def test_every_index_name_fits_postgresqls_identifiers() -> None:
    """PostgreSQL cuts names past 63 bytes; a cut name never matches the declared one, so the
    index would be made again at every start. Long column lists get a short, stable name."""
    names = [t.index_name(c) for p in READ_MODELS for t in p.tables for c in t.indexes]
    assert all(len(name.encode()) <= MAX_NAME for name in names), names
    assert len(set(names)) == len(names)


def test_a_start_replaces_an_index_the_code_no_longer_declares(location: Location) -> None:
    """A ledger made when a partner's shares had a narrow index gets the covering one at its
    next start, and the narrow one is dropped; a start after that leaves the index alone."""
    svc = open_service(location)
    svc.app.append(share(T0, subjects=[subject(1)]))
    svc.runner.catch_up()
    svc.close()
    shares = SHARES.name
    (covering,) = (c for c in SHARES.indexes if c[:2] == ("recipient", "occurred_at"))
    old = f"{shares}_recipient_occurred_at_idx"
    with superuser(location) as (conn, _mark):
        conn.execute(f"DROP INDEX {SHARES.index_name(covering)}")
        conn.execute(f"CREATE INDEX {old} ON {shares} (recipient, occurred_at)")
    again = open_service(location)
    again.runner.catch_up()
    assert indexes(location, shares) == declared(location, SHARES)
    made = index_identity(location, SHARES.index_name(covering))
    again.close()
    open_service(location).close()
    assert index_identity(location, SHARES.index_name(covering)) == made


def index_identity(location: Location, name: str) -> object:
    """What changes if an index is dropped and made again (PostgreSQL: its oid)."""
    with superuser(location) as (conn, mark):
        if isinstance(location, SQLiteLocation):
            query = f"SELECT sql, rootpage FROM sqlite_master WHERE name = {mark}"
        else:
            query = f"SELECT {mark}::regclass::oid"
        return conn.execute(query, (name,)).fetchone()


def test_no_projection_updates_an_insert_only_table() -> None:
    """The promise a table keyed late rests on, over every kind of event the demo council makes."""
    insert_only = {t.name for p in READ_MODELS for t in p.tables if t.insert_only}
    plan = DemoPlan(until=date(2026, 3, 31), entries=3000)
    updated = set()
    for nid, event in enumerate(e for b in council(plan) for a in b for e in a.collect_events()):
        for projection in READ_MODELS:
            updated |= {op.table for op in projection.project(event, nid) if isinstance(op, Update)}
    assert updated  # the check can see updates: some tables do take them
    assert not updated & insert_only


def test_a_rebuild_stopped_before_its_keys_gets_them_at_the_next_start(tmp_path: Path) -> None:
    """SQLite: a replay that never finished left a table with no index; the next start mends it."""
    location = SQLiteLocation(tmp_path / "ledger.sqlite3")
    svc = open_service(location)
    svc.app.append(access(T0))
    svc.runner.catch_up()
    svc.runner.store.reset(activity.READ_MODEL)  # what a rebuild does first, then a crash
    assert indexes(location, activity.ACTIVITY.name) == set()
    svc.close()
    again = open_service(location)
    again.runner.catch_up()
    assert indexes(location, activity.ACTIVITY.name) == {activity.ACTIVITY.key_name}
    assert count(again) == 1


def test_a_table_made_with_a_primary_key_takes_the_current_shape_on_rebuild(
    tmp_path: Path,
) -> None:
    """SQLite: a table from before keys came late (PRIMARY KEY) is made again by a rebuild."""
    location = SQLiteLocation(tmp_path / "ledger.sqlite3")
    svc = open_service(location)
    svc.app.append(access(T0))
    columns = ", ".join(f"{name} {kind}" for name, kind in activity.NOTES.columns)
    with superuser(location) as (conn, _):
        conn.execute(f"DROP TABLE {activity.NOTES.name}")
        conn.execute(
            f"CREATE TABLE {activity.NOTES.name} ({columns}, PRIMARY KEY (entry_id, field))"
        )
    svc.close()
    svc = open_service(location)  # the old shape is accepted as it is, its key not doubled
    assert indexes(location, activity.NOTES.name) == {f"sqlite_autoindex_{activity.NOTES.name}_1"}
    svc.runner.rebuild()
    assert indexes(location, activity.NOTES.name) == {activity.NOTES.key_name}
    assert len(svc.app.database.fetch(f"SELECT entry_id FROM {activity.NOTES.name}")) == 1


def test_a_rebuild_leaves_the_cycle_collector_as_it_found_it(location: Location) -> None:
    """The runner pauses CPython's collector for its batches, and restores it, failing or not."""
    svc = open_service(location)
    svc.app.append(access(T0))
    svc.runner.rebuild()
    assert gc.isenabled()
    gc.disable()
    try:
        svc.runner.rebuild()
        assert not gc.isenabled()  # a caller's choice to keep it off is kept
    finally:
        gc.enable()

    def fails(_event: object, _nid: int) -> list[Op]:
        raise RuntimeError("projection bug")

    failing = ReadModelRunner(svc.app, [ReadModel("fails", 1, (), fails)])
    failing.rebuild()  # it stalls (tests/integration/test_read_model_faults.py)
    assert [s.name for s in failing.stalls()] == ["fails"]
    assert gc.isenabled()

    class Interrupted(BaseException):
        """Not an Exception: a read model's failure must not swallow it."""

    def interrupted(_event: object, _nid: int) -> list[Op]:
        raise Interrupted

    with pytest.raises(Interrupted):
        ReadModelRunner(svc.app, [ReadModel("interrupted", 1, (), interrupted)]).rebuild()
    assert gc.isenabled()


def test_rows_that_break_a_missing_key_are_logged_and_the_service_starts(tmp_path: Path) -> None:
    """SQLite: a read model whose rows repeat its key does not stop the ledger from starting."""
    location = SQLiteLocation(tmp_path / "ledger.sqlite3")
    svc = open_service(location)
    svc.app.append(access(T0))
    svc.runner.catch_up()
    svc.close()
    with superuser(location) as (conn, _):
        conn.execute(f"DROP INDEX {activity.NOTES.key_name}")
        conn.execute(f"INSERT INTO {activity.NOTES.name} SELECT * FROM {activity.NOTES.name}")
    with capture_logs() as logs:
        again = open_service(location)
    assert [e["table"] for e in logs if e["event"] == "projections.key_refused"] == ["rm_notes"]
    assert indexes(location, activity.NOTES.name) == set()
    again.app.append(access(T0 + timedelta(hours=1)))  # the ledger itself takes writes as ever
    again.close()


def test_a_batch_stops_at_the_entry_whose_rows_reach_its_bound(
    location: Location, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A batch holds ROWS_PER_ENTRY rows an entry at most (and one entry's rows over), not a
    fixed number of entries: a share naming many subjects ends its batch. Same rows either way.
    """
    svc = open_service(location)
    many = share(T0, subjects=[subject(i) for i in range(20)])  # 21 rows or more
    svc.app.append(access(T0), many, *(access(T0, subject=subject(i)) for i in range(3)))
    svc.runner.catch_up()
    incremental = dump(svc)
    ids = [n.id for n in svc.app.chain.notifications_after(0, 10)]
    runner = ReadModelRunner(svc.app, READ_MODELS, rebuild_batch_size=4)
    assert ROWS_PER_ENTRY * 4 < 21
    reached: list[int] = []
    commit = runner.store.commit

    def counted(ops: list[Op], positions: dict[ReadModel, int], *rest: Any) -> None:
        reached.append(max(positions.values()))
        commit(ops, positions, *rest)

    monkeypatch.setattr(runner.store, "commit", counted)
    runner.rebuild()
    # Four entries a batch would have been [1..4], [5]: the share ends the first.
    assert reached == [ids[1], ids[4]]
    assert dump(svc) == incremental


def test_a_batch_s_rows_are_let_go_before_the_next_batch_is_projected(tmp_path: Path) -> None:
    """SQLite commits in the runner's thread: the rows of the batch just written are no longer
    held while the next one is made (they were, doubling the rows in memory at the peak)."""

    class Row(dict[str, Value]):
        """A row a weak reference can follow."""

    table = Table("rm_probe", (("notification_id", "integer"),), ("notification_id",))
    made: list[weakref.ref[Row]] = []
    alive_at_second_batch: list[int] = []

    def project(_event: object, nid: int) -> list[Op]:
        if nid == 3:  # the first entry of the second batch of two
            alive_at_second_batch.append(sum(r() is not None for r in made))
        row = Row(notification_id=nid)
        made.append(weakref.ref(row))
        return [insert_row(table.name, row)]

    svc = open_service(SQLiteLocation(tmp_path / "ledger.sqlite3"))
    svc.app.append(*(access(T0, subject=subject(i)) for i in range(4)))
    runner = ReadModelRunner(svc.app, [ReadModel("probe", 1, (table,), project)])
    runner.ensure_tables()
    runner.rebuild_batch_size = 2
    runner.rebuild()
    assert alive_at_second_batch == [0]
    svc.close()
