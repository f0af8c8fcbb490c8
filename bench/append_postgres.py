"""Appends on PostgreSQL with 16 concurrent writers: the ledger against raw psycopg inserts.

Library level (no HTTP): each writer thread builds an access event and
appends it, waiting for its own position, as a request handler does.

* ledger, group commit: writers share transactions (``GroupCommitter``);
* ledger, one commit per append: ``app.append`` from each writer;
* raw psycopg, ``executemany`` of the same stored rows (sealed state bytes)
  into a plain table, in batches of the size the group committer reached,
  one commit per batch, 16 connections at once: the physical baseline;
* raw psycopg, the same batches taken one at a time under one advisory lock:
  what any hash chain must do (each transaction reads the head the previous
  one committed), so it shows the part of the gap that is serialisation;
* the floor: the same 16 threads building, sealing, encoding and digesting
  entries with no storage at all, the Python work every append does before
  the store sees it. The writers share one interpreter (one GIL), so this is
  the most entries/s this process can hand to any store. Beside it, the
  cores this process kept busy during the group-commit run: about one means
  the interpreter, not PostgreSQL, is what the writers wait for;
* ledger, group commit from several processes (``--processes``, default 2):
  the same 16 writers split between processes, each with its own
  interpreter, ledger and committer, appending to the one chain (its write
  lock serialises them), as ``serve --workers N`` does (issue #19).

Figures: group commit against raw batches (target: at least 50%), against
one commit per append (target: at least 10x), and from several processes
against raw batches (target: at least 25%). Usage:

    .venv/bin/python bench/append_postgres.py [--seconds 5] [--writers 16] [--processes 2]
        [--no-save]
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from uuid import uuid4

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, save, scratch_database, seal_encode_digest, show  # noqa: E402

from api.service.composition import open_ledger  # noqa: E402
from api.service.group_commit import GroupCommitter  # noqa: E402
from ledger.application import Group  # noqa: E402
from ledger.storage.config import parse_database_url  # noqa: E402
from tests.support.factories import access, subject  # noqa: E402

RAW_TABLE = (
    "CREATE TABLE raw_rows (notification_id bigserial PRIMARY KEY, originator_id uuid, "
    "originator_version bigint, topic text, state bytea)"
)
RAW_INSERT = (
    "INSERT INTO raw_rows (originator_id, originator_version, topic, state) VALUES (%s, %s, %s, %s)"
)


def run(writers: int, seconds: float, work: Callable[[int], int]) -> float:
    """Run ``work`` in ``writers`` threads for ``seconds``; return rows per second."""
    done = [0] * writers
    start = time.perf_counter()
    stop = time.monotonic() + seconds

    def writer(index: int) -> None:
        while time.monotonic() < stop:
            done[index] += work(index)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done) / (time.perf_counter() - start)


def cpu_seconds() -> float:
    """CPU time this process has used so far, all threads."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


@dataclass(frozen=True, slots=True)
class Rates:
    grouped: float  # entries/s, group commit
    per_tx: float  # entries per group-commit transaction
    single: float  # entries/s, one commit per append
    raw: float  # raw executemany, 16 connections
    raw_serial: float  # raw executemany under one lock
    floor: float  # build + seal + encode + digest, no storage
    cores: float  # process CPU seconds per second during the group-commit run
    batch: int  # rows per raw batch
    processes: int  # appending processes in the several-process run
    spread: float  # entries/s, group commit from that many processes
    spread_per_tx: float  # entries per transaction there


def appends_against(
    benchmark: str,
    measure: str,
    value: float,
    baseline: str,
    base: float,
    target: float | None = None,
) -> Figure:
    """An append rate on PostgreSQL beside a baseline rate of the same run."""
    return Figure(
        benchmark=benchmark,
        measure=measure,
        value=value,
        unit="entries/s",
        baseline=baseline,
        baseline_value=base,
        store="postgres",
        target_ratio=target,
    )


def figures_for(rates: Rates, writers: int) -> list[Figure]:
    what = f"{writers} writers"

    def against(
        measure: str, value: float, baseline: str, base: float, target: float | None = None
    ) -> Figure:
        return appends_against("append-postgres", measure, value, baseline, base, target)

    grouped = f"ledger, group commit ({rates.per_tx:.1f}/commit), {what}"
    spread = (
        f"ledger, group commit ({rates.spread_per_tx:.1f}/commit), "
        f"{rates.processes} processes x {writers // rates.processes} writers"
    )
    batches = f"raw executemany, batches of {rates.batch}"
    floor = f"build + seal + encode + digest only (no storage), {what}: the floor"
    return [
        against(grouped, rates.grouped, f"{batches}, {what}", rates.raw, 0.5),
        against(
            grouped, rates.grouped, f"ledger, one commit per append, {what}", rates.single, 10.0
        ),
        against(grouped, rates.grouped, f"{batches}, one at a time", rates.raw_serial),
        against(grouped, rates.grouped, floor, rates.floor),
        Figure(
            benchmark="append-postgres",
            measure="cores this process kept busy during the group-commit run",
            value=rates.cores,
            unit="cores",
            store="postgres",
        ),
        against(spread, rates.spread, f"{batches}, {what}", rates.raw, 0.25),
        against(spread, rates.spread, f"ledger, group commit, one process, {what}", rates.grouped),
    ]


def raw_rates(
    url: str, writers: int, seconds: float, batch: list[tuple[str, bytes]]
) -> tuple[float, float]:
    """Raw executemany of ``batch``'s stored rows: 16 connections at once, then one at a time."""
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(RAW_TABLE)
    connections = [psycopg.connect(url) for _ in range(writers)]

    def raw_rows() -> list[tuple[object, ...]]:
        return [(uuid4(), 1, topic, state) for topic, state in batch]

    def raw_batch(i: int) -> int:
        conn = connections[i]
        with conn.cursor() as cur:
            cur.executemany(RAW_INSERT, raw_rows())
        conn.commit()
        return len(batch)

    def raw_serialised(i: int) -> int:
        conn = connections[i]
        with conn.cursor() as cur:
            cur.execute("SELECT pg_advisory_xact_lock(42)")
            cur.executemany(RAW_INSERT, raw_rows())
        conn.commit()
        return len(batch)

    raw = run(writers, seconds, raw_batch)
    raw_serial = run(writers, seconds, raw_serialised)
    for conn in connections:
        conn.close()
    return raw, raw_serial


def appending_process(
    url: str,
    first: int,
    writers: int,
    seconds: float,
    start: Barrier,
    results: Queue[tuple[float, int, int]],
) -> None:
    """One of several appending processes: its own ledger and committer, ``writers`` threads.

    Runs in a process of its own (multiprocessing's spawn), so it shares no interpreter
    with the others; the barrier starts every process's writers together.
    """
    now = datetime.now(UTC) - timedelta(hours=1)
    app = open_ledger(parse_database_url(url))
    committer = GroupCommitter(app)

    def grouped_append(i: int) -> int:
        committer.append(Group((access(now, subject=subject(first + i)),)))
        return 1

    start.wait()
    rate = run(writers, seconds, grouped_append)
    committer.close()
    app.close()
    results.put((rate, committer.appends, committer.batches))


def several_processes(
    url: str, processes: int, writers: int, seconds: float
) -> tuple[float, float]:
    """Group commit from ``processes`` processes sharing ``writers``: entries/s, per commit."""
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(processes)
    results: Queue[tuple[float, int, int]] = context.Queue()
    share = writers // processes
    children = [
        context.Process(
            target=appending_process, args=(url, n * share, share, seconds, start, results)
        )
        for n in range(processes)
    ]
    for child in children:
        child.start()
    outcomes = [results.get(timeout=seconds + 120) for _ in children]
    for child in children:
        child.join()
    appends = sum(o[1] for o in outcomes)
    return sum(o[0] for o in outcomes), appends / max(sum(o[2] for o in outcomes), 1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2, help="for the several-process run")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    writers, seconds = args.writers, args.seconds
    now = datetime.now(UTC) - timedelta(hours=1)

    with scratch_database() as url:
        app = open_ledger(parse_database_url(url))
        for i in range(writers):  # each writer's subject key exists before timing starts
            app.append(access(now, subject=subject(i)))

        def one_commit(i: int) -> int:
            app.append(access(now, subject=subject(i)))
            return 1

        single = run(writers, seconds, one_commit)
        committer = GroupCommitter(app)

        def grouped_append(i: int) -> int:
            committer.append(Group((access(now, subject=subject(i)),)))
            return 1

        before = (committer.appends, committer.batches)
        cpu_before, wall_before = cpu_seconds(), time.perf_counter()
        grouped = run(writers, seconds, grouped_append)
        cores = (cpu_seconds() - cpu_before) / (time.perf_counter() - wall_before)
        committer.close()
        per_tx = (committer.appends - before[0]) / max(committer.batches - before[1], 1)

        def floor_work(i: int) -> int:
            seal_encode_digest(app, access(now, subject=subject(i)))
            return 1

        floor = run(writers, seconds, floor_work)
        spread, spread_per_tx = several_processes(url, args.processes, writers, seconds)
        sample = access(now, subject=subject(0))
        stored = app.mapper.to_stored_event(app.seal(sample, sample.pending_events[0]))
        app.close()

        batch = max(round(per_tx), 1)
        raw, raw_serial = raw_rates(url, writers, seconds, [(stored.topic, stored.state)] * batch)

    figures = figures_for(
        Rates(
            grouped,
            per_tx,
            single,
            raw,
            raw_serial,
            floor,
            cores,
            batch,
            args.processes,
            spread,
            spread_per_tx,
        ),
        writers,
    )
    show(figures)
    if not args.no_save:
        save(figures, " ".join(["bench/append_postgres.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
