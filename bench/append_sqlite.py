"""Appends on the embedded SQLite store (one process, one thread) against raw sqlite3 inserts.

For each transaction size (entries per commit), the ledger appends access
events already built by the caller (the figure is the append path: seal,
encode, hash, chain, Merkle nodes, insert, commit), and raw ``sqlite3``
inserts rows of the same stored bytes into a plain table of a fresh file in
the same WAL mode, with the same number of rows per commit. Target: the
ledger at least 50% of raw. Also the demo generator end to end (building the
synthetic council's events and appending them, as ``sharing-ledger demo``
does), which has no raw equivalent; and the floor: the per-entry work every
append does before storage (seal, encode, digest) with no storage at all,
beside the raw rate, to show the part of the gap no store could close. Usage:

    .venv/bin/python bench/append_sqlite.py [--entries 3000] [--sizes 1,10,100,1000] [--no-save]
"""

from __future__ import annotations

import argparse
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from uuid import uuid4

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, save, seal_encode_digest, show  # noqa: E402

from api.demo import DemoPlan, council  # noqa: E402
from api.service.composition import open_ledger  # noqa: E402
from ledger.application import Group, LedgerApplication  # noqa: E402
from ledger.storage.config import SQLiteLocation  # noqa: E402
from tests.support.factories import access, subject  # noqa: E402

SUBJECTS = 64


def ledger_rate(app: LedgerApplication, entries: int, size: int, now: datetime) -> float:
    """Entries/s appending ``entries`` prepared accesses, ``size`` per transaction."""
    groups = [
        [Group((access(now, subject=subject((start + i) % SUBJECTS)),)) for i in range(size)]
        for start in range(0, entries, size)
    ]
    started = time.perf_counter()
    for groups_of_one_commit in groups:
        app.append_groups(groups_of_one_commit)
    return len(groups) * size / (time.perf_counter() - started)


def floor_rate(app: LedgerApplication, entries: int, now: datetime) -> float:
    """Entries/s of the per-entry work any append must do before storage, with no storage.

    Sealing the free text (AES-256-GCM), encoding the event (JSON) and its
    §3 digest, on prepared aggregates: no database, no chain, no Merkle tree.
    Beside the raw insert rate it shows how much of the gap no store could close.
    """
    aggregates = [access(now, subject=subject(i % SUBJECTS)) for i in range(entries)]
    started = time.perf_counter()
    for aggregate in aggregates:
        seal_encode_digest(app, aggregate)
    return entries / (time.perf_counter() - started)


def raw_rate(path: Path, entries: int, size: int, topic: str, state: bytes) -> float:
    """Entries/s inserting the same stored rows with sqlite3, ``size`` per commit."""
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute(
        "CREATE TABLE IF NOT EXISTS raw_rows "
        "(originator_id TEXT, originator_version INTEGER, topic TEXT, state BLOB)"
    )
    batches = [
        [(uuid4().hex, 1, topic, state) for _ in range(size)] for _ in range(0, entries, size)
    ]
    started = time.perf_counter()
    for rows in batches:
        conn.execute("BEGIN IMMEDIATE")
        conn.executemany("INSERT INTO raw_rows VALUES (?, ?, ?, ?)", rows)
        conn.execute("COMMIT")
    elapsed = time.perf_counter() - started
    conn.close()
    return len(batches) * size / elapsed


def demo_rate(directory: Path, entries: int) -> tuple[float, int]:
    """Entries/s of the demo generator appending a synthetic council to a fresh ledger."""
    app = open_ledger(SQLiteLocation(directory / "demo.sqlite3"))
    plan = DemoPlan(seed=1, entries=entries, until=date(2026, 6, 30), months=12)
    written = 0
    started = time.perf_counter()
    for batch in council(plan):
        written += sum(len(aggregate.pending_events) for aggregate in batch)
        app.append(*batch)
    elapsed = time.perf_counter() - started
    app.close()
    return written / elapsed, written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--entries", type=int, default=3000, help="entries per measurement")
    parser.add_argument("--sizes", default="1,10,100,1000", help="entries per transaction")
    parser.add_argument("--demo-entries", type=int, default=20_000)
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    now = datetime.now(UTC) - timedelta(hours=1)
    figures = []
    with tempfile.TemporaryDirectory(prefix="sl-bench-") as scratch:
        directory = Path(scratch)
        app = open_ledger(SQLiteLocation(directory / "ledger.sqlite3"))
        for i in range(SUBJECTS):  # every subject's data key exists before timing starts
            app.append(access(now, subject=subject(i)))
        sample = access(now, subject=subject(0))
        stored = app.mapper.to_stored_event(app.seal(sample, sample.pending_events[0]))
        for size in (int(s) for s in args.sizes.split(",")):
            entries = max(args.entries // size, 1) * size if size > 1 else args.entries // 4
            value = ledger_rate(app, entries, size, now)
            raw = raw_rate(directory / "raw.sqlite3", entries, size, stored.topic, stored.state)
            figures.append(
                Figure(
                    benchmark="append-sqlite",
                    measure=f"ledger append, {size} per transaction",
                    value=value,
                    unit="entries/s",
                    baseline=f"raw sqlite3 executemany, {size} per commit",
                    baseline_value=raw,
                    store="sqlite",
                    target_ratio=0.5,
                )
            )
        floor = floor_rate(app, args.entries, now)
        figures.append(
            Figure(
                benchmark="append-sqlite",
                measure="seal + encode + digest only (no storage): the floor",
                value=floor,
                unit="entries/s",
                baseline=f"raw sqlite3 executemany, {size} per commit",
                baseline_value=raw,
                store="sqlite",
            )
        )
        app.close()
        rate, written = demo_rate(directory, args.demo_entries)
        figures.append(
            Figure(
                benchmark="append-sqlite",
                measure="demo generator: build and append a council",
                value=rate,
                unit="entries/s",
                size=written,
                store="sqlite",
            )
        )
    show(figures)
    if not args.no_save:
        save(figures, " ".join(["bench/append_sqlite.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
