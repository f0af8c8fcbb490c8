"""Checking the read models against the ledger: replay into scratch tables, compare in key order.

A report is evidence only if the read model behind it holds what the ledger
says. A row deleted from ``rm_activity`` (the writer role may) leaves the
chain verifying and the lag at zero, and removes an access from a subject's
answer. :func:`check_read_models` catches that and every other difference:

1. In one session (``ledger/storage/sessions.py``: one snapshot, scratch
   tables, everything rolled back at the end) it reads where each live read
   model stands.
2. It replays the ledger through the same projectors into scratch copies of
   the read models' tables, each up to its live read model's position (a
   stalled one up to where it stopped), in batches.
3. It compares each live table with its scratch copy, both read in key order
   a page at a time, and stops at the first row that differs: which table,
   which key, which side has it, or which column differs. Keys and column
   names only: never a value of any other column, which may be personal data.

Memory is bounded by a batch and two pages, whatever the size of the ledger.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from ledger.application import LedgerApplication
from ledger.storage.sessions import Session
from projections.base import ReadModel
from projections.faults import Fault
from projections.projecting import project_batch, young_collections_only
from projections.store import to_statements
from projections.tables import TRACKING, Table

Progress = Callable[[str, int, int], None]  # (phase: "replay" | "compare", done, total)
BATCH = 5000
PAGE = 5000
PREFIX = "verify_"


@dataclass(frozen=True, slots=True)
class Difference:
    """The first row where a live read model and the ledger's replay disagree."""

    table: str
    key: tuple[tuple[str, Any], ...]  # (column, value) of the table's key
    what: Literal["missing", "extra", "differs"]
    column: str | None = None  # for "differs": the first column that does

    def describe(self) -> str:
        key = ", ".join(f"{column}={value}" for column, value in self.key)
        if self.what == "missing":
            return f"{self.table} ({key}): the ledger gives this row; the read model lacks it"
        if self.what == "extra":
            return f"{self.table} ({key}): the read model holds a row the ledger does not give"
        return f"{self.table} ({key}): column {self.column} differs from what the ledger gives"


@dataclass(frozen=True, slots=True)
class Checked:
    """The outcome: ``difference`` None and no ``stale`` or ``replay_fault`` means identical."""

    positions: Mapping[str, int]  # notification id each read model was compared at
    rows: int  # rows compared, both sides
    difference: Difference | None = None
    stale: tuple[str, ...] = ()  # read models whose stored version is not the code's
    replay_fault: tuple[str, Fault] | None = None  # a read model the ledger would stall

    def problem(self) -> str | None:
        """Why the read models cannot be vouched for, in one line; None when they match."""
        if self.stale:
            return (
                f"read model(s) {', '.join(self.stale)} are stale (their code version changed): "
                "rebuild them ('sharing-ledger projections rebuild'), then verify"
            )
        if self.replay_fault is not None:
            name, fault = self.replay_fault
            return (
                f"read model {name!r} cannot be replayed: position {fault.position}: "
                f"{fault.kind} {fault.detail}"
            )
        if self.difference is not None:
            return f"read models differ from the ledger: {self.difference.describe()}"
        return None


def check_read_models(
    app: LedgerApplication, projections: Sequence[ReadModel], progress: Progress | None = None
) -> Checked:
    """Replay the ledger into scratch tables and compare them with the live read models."""
    with app.database.session() as session:
        tracked = {
            row["name"]: (int(row["version"]), int(row["notification_id"]))
            for row in session.fetch(
                f"SELECT name, version, notification_id FROM {session.live}.{TRACKING.name}"
            )
        }
        positions = {p.name: tracked.get(p.name, (p.version, 0))[1] for p in projections}
        stale = tuple(
            p.name for p in projections if tracked.get(p.name, (p.version,))[0] != p.version
        )
        if stale:
            return Checked(positions, 0, stale=stale)
        tables = [t for p in projections for t in p.tables]
        session.write([(_scratch_ddl(session, t), [()]) for t in tables])
        fault = _replay(app, session, projections, positions, progress)
        if fault is not None:
            return Checked(positions, 0, replay_fault=fault)
        return _compare(session, tables, positions, progress)


def _scratch_ddl(session: Session, table: Table) -> str:
    """A scratch copy: the same columns; keyed only if projectors update it (they look rows up)."""
    types = {"text": "TEXT", "integer": "INTEGER" if session.dialect == "sqlite" else "BIGINT"}
    columns = ", ".join(f"{name} {types[kind]}" for name, kind in table.columns)
    key = "" if table.insert_only else f", PRIMARY KEY ({', '.join(table.primary_key)})"
    return f"CREATE TABLE {session.scratch}.{PREFIX}{table.name} ({columns}{key})"


def _replay(
    app: LedgerApplication,
    session: Session,
    projections: Sequence[ReadModel],
    positions: Mapping[str, int],
    progress: Progress | None,
) -> tuple[str, Fault] | None:
    """Every read model's rows, from the first entry up to its live position, into scratch."""
    names = {t.name: f"{session.scratch}.{PREFIX}{t.name}" for p in projections for t in p.tables}
    decode = app.mapper.to_domain_event
    end = max(positions.values(), default=0)
    total = app.chain.position_at_or_before(end) + 1
    after, done = 0, 0
    with young_collections_only() as collect:  # as the runner's rebuild: see projecting.py
        while after < end:
            batch = app.chain.notifications_after(after, BATCH)
            if not batch:
                break
            # Read models at the same position share a pass; one further behind stops earlier.
            bounds = sorted({positions[p.name] for p in projections if positions[p.name] > after})
            for bound in bounds:
                chosen = {p: 0 for p in projections if positions[p.name] == bound}
                ops, faults = project_batch(decode, [n for n in batch if n.id <= bound], chosen)
                if faults:
                    projection, fault = next(iter(faults.items()))
                    where = app.chain.position_at_or_before(fault.notification_id)
                    return projection.name, dataclasses.replace(fault, position=where)
                session.write(to_statements(ops, session.dialect, names))
            after = batch[-1].id
            done += sum(1 for n in batch if n.id <= end)
            if progress is not None:
                progress("replay", done, max(total, done))
            collect()
    return None


def _compare(
    session: Session,
    tables: Sequence[Table],
    positions: Mapping[str, int],
    progress: Progress | None,
) -> Checked:
    total = sum(
        int(session.fetch(f"SELECT count(*) AS n FROM {session.scratch}.{PREFIX}{t.name}")[0]["n"])
        for t in tables
    )
    compared, reported = 0, 0
    for table in tables:
        live = _ordered(session, table, f"{session.live}.{table.name}")
        replayed = _ordered(session, table, f"{session.scratch}.{PREFIX}{table.name}")
        for step, difference in _merge(table, live, replayed):
            compared += step
            if difference is not None:
                return Checked(positions, compared, difference=difference)
            if progress is not None and compared - reported >= PAGE:
                progress("compare", compared, max(total, compared))
                reported = compared
    if progress is not None:
        progress("compare", compared, max(total, compared))
    return Checked(positions, compared)


def _ordered(session: Session, table: Table, source: str) -> Iterator[tuple[Any, ...]]:
    """The table's rows, key columns first, in the key order Python's comparisons agree with.

    Text in code-point order (PostgreSQL's "C" collation; SQLite's BINARY is
    already that), NULLs first; after the key, every other column, so that
    rows repeating a key (a table keyed late that lost its key) come in a
    stable order too.
    """
    key = list(table.primary_key)
    columns = key + [c for c in table.column_names if c not in key]
    kinds = dict(table.columns)
    collate = ' COLLATE "C"' if session.dialect == "postgres" else ""
    order = ", ".join(f"{c}{collate if kinds[c] == 'text' else ''} NULLS FIRST" for c in columns)
    sql = f"SELECT {', '.join(columns)} FROM {source} ORDER BY {order}"
    for page in session.stream(sql, (), PAGE):
        yield from page


def _merge(
    table: Table, live: Iterator[tuple[Any, ...]], replayed: Iterator[tuple[Any, ...]]
) -> Iterator[tuple[int, Difference | None]]:
    """Walk both sides in key order: (rows consumed, the first difference or None) per step."""
    key = list(table.primary_key)
    columns = key + [c for c in table.column_names if c not in key]
    width = len(key)
    left, right = next(live, None), next(replayed, None)
    while left is not None or right is not None:
        if left is not None and right is not None and left[:width] == right[:width]:
            if left != right:
                column = next(c for c, a, b in zip(columns, left, right, strict=True) if a != b)
                where = tuple(zip(key, left[:width], strict=True))
                yield 2, Difference(table.name, where, "differs", column)
                return
            yield 2, None
            left, right = next(live, None), next(replayed, None)
        elif right is None or (
            left is not None and _sortable(left, width) < _sortable(right, width)
        ):
            yield 1, Difference(table.name, _key(key, left), "extra")
            return
        else:
            yield 1, Difference(table.name, _key(key, right), "missing")
            return


def _key(key: Sequence[str], row: tuple[Any, ...] | None) -> tuple[tuple[str, Any], ...]:
    return () if row is None else tuple(zip(key, row[: len(key)], strict=True))


def _sortable(row: Sequence[Any], width: int) -> tuple[tuple[bool, Any], ...]:
    """A row's key as Python orders it the way the queries do: NULLs first, then by value."""
    return tuple((value is not None, value) for value in row[:width])
