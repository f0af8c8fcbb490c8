"""Appends on PostgreSQL, sequenced: writers stage entries, one integrator chains them.

A measured prototype of the sequenced design (as Trillian and Tessera do),
bench code only: nothing under ``ledger/`` or ``api/`` changes. Today every
append transaction takes the chain's write lock and holds it through its
commit's flush, so commits serialise (bench/append_postgres.py). Here the
lock is taken only by one integrator, for many writers' entries at once.

* Staging, no chain lock. In each writer process a stager thread (shaped
  like the group committer) takes everything its writer threads have queued,
  seals and maps it exactly as ``append_groups`` does (``app.seal``,
  ``app.mapper.to_stored_event``), computes each entry's §3 digest, and
  inserts the batch into a durable ``staged_events`` table in one
  transaction (``unnest`` arrays, binary, prepared), with no chain lock. It
  does not wait for integration, so staging commits from every process
  pipeline.
* One integrator, a thread in process 0 with its own connection (or, with
  ``--integrator process``, a process of its own, so that it never waits
  for the writers' interpreter lock). Each round is one transaction: the
  recorder's own advisory lock (so ordinary appends still coexist),
  ``DELETE ... RETURNING`` of up to 5,000 staged rows in ``seq`` order, the
  chain head, the insert into the events table (which assigns notification
  ids under the lock, so positions still follow notification ids and
  projections see nothing new), the links and Merkle nodes, and ``NOTIFY``.
  It reuses the recorder's prepared statements and right edge. With nothing
  staged it waits for the stagers' ``NOTIFY``.
* Replies wait for integration. A waiter per process hears each round
  (LISTEN), reads the links of every key it is waiting for in one query, and
  answers each caller with its :class:`~ledger.application.Appended`: a
  caller counted in the rate has its chain position and hash.

Measured in one run, in one scratch database: (a) sequenced, ``--processes``
x ``--writers / --processes`` writers; (b) today's lock-based group commit
from as many processes (``several_processes`` of bench/append_postgres.py);
(c) raw psycopg ``executemany`` at the staging batch size (``raw_rates``,
ditto). Also the mean entries per integration round, the share of the run
the integrator spent in rounds (near 1: it is the ceiling), each sequenced
append's latency (p50, p99), the CPU cores the writer processes used and
those every PostgreSQL process on the host used meanwhile (from /proc).
Then the run checks what it must keep: the chain and Merkle tree verify,
nothing is left staged, and the chain holds exactly the warm-up plus the
appends acknowledged; it exits non-zero if not.

What this prototype does NOT yet give, that a product would need:

* Refusals come late. An optimistic-concurrency conflict or a duplicate
  (originator_id, version) is found only at integration, where it fails the
  whole round (every process's callers) unless the integrator isolates it
  (retry the round without the offending row, and answer that caller with
  the refusal through the staged table). Nor are future timestamps refused
  before staging (``append_groups`` refuses them; this does not).
* No idempotency claims: ``append_groups`` replays a retried request's
  entries; here a retry would stage a second copy.
* No leadership or failover. Staged rows are durable (unless
  ``--staging-commit async``), so a crash loses nothing a stager committed,
  and the next integrator would chain it; but nothing elects that
  integrator, and a caller whose process dies is never told. An
  integration round that fails stops the integrator here, and every caller
  then waits until the run's timeout.
* The integrator trusts the stagers' digests (the end-of-run verification
  recomputes every one from the stored bytes, which is where a wrong one
  would show).
* Every entry is written twice (staged, then chained) and deleted once:
  about twice the WAL, and vacuum work on the staging table.
* Latency is staging plus integration: a caller waits for two commits.

Usage (the machine's figures are rough unless it is otherwise idle):

    .venv/bin/python bench/append_sequenced.py [--seconds 5] [--writers 16] [--processes 2]
        [--staging-commit durable|async] [--integrator thread|process] [--no-save]
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import statistics
import sys
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from multiprocessing.queues import Queue
from multiprocessing.synchronize import Barrier
from pathlib import Path
from typing import Any
from uuid import UUID

import psycopg
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import StoredEvent
from psycopg.rows import DictRow, dict_row

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from append_postgres import (  # noqa: E402
    appends_against,
    cpu_seconds,
    raw_rates,
    run,
    several_processes,
)
from harness import Figure, percentile, save, scratch_database, show  # noqa: E402

from api.service.composition import open_ledger  # noqa: E402
from ledger.application import Appended, LedgerApplication  # noqa: E402
from ledger.integrity import chain  # noqa: E402
from ledger.storage.chain_rows import entry_digests, link_from_row  # noqa: E402
from ledger.storage.config import parse_database_url  # noqa: E402
from ledger.storage.merkle_nodes import CursorNodes, nodes_completed  # noqa: E402
from ledger.storage.postgres import ChainedPostgresRecorder, _cursor_runner  # noqa: E402
from tests.support.factories import access, subject  # noqa: E402

STAGED_DDL = (
    "CREATE TABLE staged_events (seq bigserial PRIMARY KEY, originator_id uuid NOT NULL, "
    "originator_version bigint NOT NULL, topic text NOT NULL, state bytea NOT NULL, "
    "entry_digest bytea NOT NULL)"
)
STAGE = (
    "INSERT INTO staged_events (originator_id, originator_version, topic, state, entry_digest) "
    "SELECT * FROM unnest(%b::uuid[], %b::int8[], %b::text[], %b::bytea[], %b::bytea[])"
)
TAKE = (
    "DELETE FROM staged_events WHERE seq IN "
    "(SELECT seq FROM staged_events ORDER BY seq LIMIT %s) "
    "RETURNING seq, originator_id, originator_version, topic, state, entry_digest"
)
STAGED = "ledger_staged"  # stagers -> integrator: something is staged
INTEGRATED = "ledger_integrated"  # integrator -> waiters: a round is in the chain
ROUND = 5000  # staged rows integrated per transaction, at most
# --staging-commit async: a staging commit returns before its WAL is flushed. No caller
# is answered before its entry is integrated, and the integration's own (flushed) commit
# flushes every earlier WAL record too, so a crash can lose only staged rows nobody was
# told of: one flush per integration round instead of one more per staging commit.
NO_FLUSH = "SET LOCAL synchronous_commit = off"
IDLE = 0.05  # seconds a waiting thread sleeps before looking again without a NOTIFY

Key = tuple[UUID, int]  # (originator_id, originator_version)


def _recorder(app: LedgerApplication) -> ChainedPostgresRecorder:
    recorder = app.recorder
    if not isinstance(recorder, ChainedPostgresRecorder):
        raise TypeError("the sequenced prototype needs the PostgreSQL recorder")
    return recorder


def postgres_cpu_seconds() -> float:
    """CPU time every process named ``postgres`` on this host has used so far (from /proc).

    Read by process 0 while every connection of the run is still open: a backend's time
    vanishes from /proc when it exits. 0.0 where /proc cannot be read.
    """
    ticks = 0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:  # the process has gone, or is not ours to read
            continue
        name, _, rest = text.partition(") ")
        if name.endswith("(postgres"):
            fields = rest.split()
            ticks += int(fields[11]) + int(fields[12])  # utime and stime (fields 14 and 15)
    return ticks / os.sysconf("SC_CLK_TCK")


def _uuid(value: UUID | str) -> UUID:
    return value if isinstance(value, UUID) else UUID(value)


def _listen(conn: psycopg.Connection[Any], channel: str) -> None:
    conn.execute(f"LISTEN {channel}")
    if not conn.autocommit:
        conn.commit()


def _wait_for_notify(conn: psycopg.Connection[Any]) -> None:
    """Until one notification arrives (or IDLE passes): the wait instead of a spin."""
    for _ in conn.notifies(timeout=IDLE, stop_after=1):
        pass


class Waiter:
    """Answers this process's callers once their entries are in the chain.

    Keys are registered before their staging transaction commits, so an
    integration round that includes them is always heard after they are
    waited for; the IDLE timeout is only a safety net.
    """

    def __init__(self, url: str, app: LedgerApplication) -> None:
        tables = _recorder(app).tables
        self._links = (
            "SELECT e.originator_id, e.originator_version, c.position, c.chain_hash "
            "FROM unnest(%b::uuid[], %b::int8[]) AS k(oid, version) "
            f"JOIN {tables.events} e ON e.originator_id = k.oid "
            "AND e.originator_version = k.version "
            f"JOIN {tables.chain} c ON c.notification_id = e.notification_id"
        )
        self._conn = psycopg.connect(url, autocommit=True)
        _listen(self._conn, INTEGRATED)
        self._pending: dict[Key, tuple[Future[Appended], str]] = {}
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="waiter", daemon=True)
        self._thread.start()

    def expect(self, keys: Sequence[tuple[Key, str]]) -> list[Future[Appended]]:
        """A future for each (key, event name), resolved once that entry is chained."""
        futures: list[Future[Appended]] = [Future() for _ in keys]
        with self._lock:
            for (key, event), future in zip(keys, futures, strict=True):
                self._pending[key] = (future, event)
        return futures

    def forget(self, keys: Sequence[Key]) -> None:
        """Staging failed: those keys will never be chained, so stop looking for them."""
        with self._lock:
            for key in keys:
                self._pending.pop(key, None)

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self._conn.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            _wait_for_notify(self._conn)
            self._answer()

    def _answer(self) -> None:
        with self._lock:
            keys = list(self._pending)
        if not keys:
            return
        with self._conn.cursor(binary=True) as cur:
            cur.execute(self._links, ([k[0] for k in keys], [k[1] for k in keys]), prepare=True)
            found = cur.fetchall()
        with self._lock:
            answered = [(row, self._pending.pop((row[0], row[1]))) for row in found]
        for (oid, version, position, chain_hash), (future, event) in answered:
            future.set_result(Appended(position, bytes(chain_hash).hex(), event, oid, version))


@dataclass(slots=True)
class _Request:
    aggregate: Aggregate
    future: Future[list[Future[Appended]]]


class Stager:
    """Stages queued aggregates, one transaction per batch, and never waits for integration.

    A caller's :meth:`append` returns only when its entries are chained (the
    waiter's futures); the stager thread itself goes straight on to the next batch.
    """

    def __init__(
        self, app: LedgerApplication, url: str, waiter: Waiter, *, durable: bool = True
    ) -> None:
        """``durable=False``: staging commits do not wait for their flush (see NO_FLUSH)."""
        self.app = app
        self.durable = durable
        self.waiter = waiter
        self.max_batch = 500
        self.batches = 0
        self.entries = 0
        self._conn = psycopg.connect(url)
        self._queue: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._thread = threading.Thread(target=self._run, name="stager", daemon=True)
        self._thread.start()

    def append(self, aggregate: Aggregate) -> tuple[Appended, ...]:
        staged: Future[list[Future[Appended]]] = Future()
        self._queue.put(_Request(aggregate, staged))
        return tuple(future.result() for future in staged.result())

    def close(self) -> None:
        self._queue.put(None)
        self._thread.join()
        self._conn.close()

    def _run(self) -> None:
        while (first := self._queue.get()) is not None:
            batch = [first]
            while len(batch) < self.max_batch:
                try:
                    item = self._queue.get_nowait()
                except queue.Empty:
                    break
                if item is None:  # closing: stage what was taken, then stop
                    self._queue.put(None)
                    break
                batch.append(item)
            try:
                self._stage(batch)
            except Exception as error:  # noqa: BLE001 - handed to every caller of the batch
                for request in batch:
                    if not request.future.done():
                        request.future.set_exception(error)

    def _stage(self, batch: list[_Request]) -> None:
        """Seal, map and stage the batch in one transaction; hand each caller its futures."""
        sealed = [
            [self.app.seal(r.aggregate, e) for e in r.aggregate.pending_events] for r in batch
        ]
        stored = [self.app.mapper.to_stored_event(e) for events in sealed for e in events]
        keys = [(_uuid(s.originator_id), s.originator_version) for s in stored]
        names = [type(e).__qualname__ for events in sealed for e in events]
        futures = iter(self.waiter.expect(list(zip(keys, names, strict=True))))
        columns = (
            [s.originator_id for s in stored],
            [s.originator_version for s in stored],
            [s.topic for s in stored],
            [s.state for s in stored],
            entry_digests(stored),
        )
        try:
            # One round trip: begin, insert, notify, commit.
            with self._conn.pipeline(), self._conn.transaction():
                if not self.durable:
                    self._conn.execute(NO_FLUSH)
                self._conn.execute(STAGE, columns, prepare=True)
                self._conn.execute(f"NOTIFY {STAGED}")
        except Exception:
            self.waiter.forget(keys)  # nothing staged: the callers hear why from _run
            raise
        self.batches += 1
        self.entries += len(stored)
        for request, events in zip(batch, sealed, strict=True):
            request.aggregate.collect_events()  # staged now: no longer pending
            request.future.set_result([next(futures) for _ in events])


class Integrator:
    """The one thread that takes staged rows into the chain, under the recorder's lock.

    A bench prototype reaching into the recorder's private statements and
    helpers (``_lock_table``, ``_select_head``, ``_insert_returning``,
    ``_insert_links``, ``_insert_nodes``, ``_notify_channel``, ``_cursor_runner``):
    a product would give the recorder an integrating method instead.
    """

    def __init__(self, app: LedgerApplication, url: str) -> None:
        self.recorder = _recorder(app)
        self.rounds = 0
        self.entries = 0
        # Seconds spent in rounds that chained something: near the run's length means
        # the integrator (its lock, its commits) is the ceiling; well below, it is not.
        self.busy = 0.0
        self._conn: psycopg.Connection[DictRow] = psycopg.connect(url, row_factory=dict_row)
        _listen(self._conn, STAGED)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="integrator", daemon=True)
        self._thread.start()

    def close(self) -> None:
        """Stop once nothing is left staged."""
        self._stop.set()
        self._thread.join()
        self._conn.close()

    def _run(self) -> None:
        while True:
            began = time.perf_counter()
            if self._round():
                self.busy += time.perf_counter() - began
                continue
            if self._stop.is_set():
                return
            _wait_for_notify(self._conn)

    def _round(self) -> int:
        """One integration transaction; the number of entries it chained (0: nothing staged)."""
        recorder = self.recorder
        conn = self._conn
        with (
            conn.transaction(),
            conn.pipeline(),
            conn.cursor() as curs,
            conn.cursor(binary=True) as taking,
        ):
            # One round trip: the lock, the head and the staged rows, in this order.
            recorder._lock_table(curs)  # noqa: SLF001 - the recorder's own lock (see class)
            curs.execute(recorder._select_head, prepare=True)  # noqa: SLF001
            taking.execute(TAKE, (ROUND,), prepare=True)
            head_row = curs.fetchone()
            staged = sorted(taking.fetchall(), key=lambda row: row["seq"])
            if not staged:
                return 0
            links, edge, nodes = self._chain(curs, taking, head_row, staged)
        recorder.right_edge.committed(edge, links, nodes)
        self.rounds += 1
        self.entries += len(links)
        return len(links)

    def _chain(
        self,
        curs: psycopg.Cursor[DictRow],
        taking: psycopg.Cursor[DictRow],
        head_row: DictRow | None,
        staged: list[DictRow],
    ) -> tuple[list[chain.ChainLink], Any, list[tuple[int, int, bytes]]]:
        """Inside the round's transaction: insert the events, link them, queue the rest."""
        recorder = self.recorder
        columns = tuple(
            [row[name] for row in staged]
            for name in ("originator_id", "originator_version", "topic", "state")
        )
        taking.execute(recorder._insert_returning, columns, prepare=True)  # noqa: SLF001
        inserted = sorted(
            (r["notification_id"], r["originator_id"], r["originator_version"])
            for r in taking.fetchall()
        )
        digests = {(r["originator_id"], r["originator_version"]): r["entry_digest"] for r in staged}
        head = None if head_row is None else link_from_row(head_row)
        # §5: positions follow notification ids, assigned just now under the lock.
        links = chain.link_digests(head, [(nid, digests[(o, v)]) for nid, o, v in inserted])
        runner = _cursor_runner(curs)
        edge = recorder.right_edge.reader(head, CursorNodes(runner, recorder.tables.merkle))
        nodes = nodes_completed(links, edge)
        curs.execute(
            recorder._insert_links,  # noqa: SLF001
            (
                [k.position for k in links],
                [k.notification_id for k in links],
                [k.entry_digest for k in links],
                [k.chain_hash for k in links],
            ),
            prepare=True,
        )
        curs.execute(
            recorder._insert_nodes,  # noqa: SLF001
            ([n[0] for n in nodes], [n[1] for n in nodes], [n[2] for n in nodes]),
            prepare=True,
        )
        recorder._notify_channel(curs)  # noqa: SLF001 - what projections listen for
        curs.execute("SELECT pg_notify(%s, %s)", (INTEGRATED, str(links[-1].position)))
        return links, edge, nodes


def sequenced_process(
    url: str,
    index: int,
    shape: tuple[int, float, bool, bool],
    barriers: tuple[Barrier, Barrier],
    results: Queue[dict[str, Any]],
) -> None:
    """One sequenced appending process: a stager, a waiter, ``writers`` threads (and in
    process 0 the integrator, unless it has a process of its own). Its figures go back
    through ``results``.

    ``barriers``: every process's writers start together, and the integrator
    stops only once every process's callers have been answered.
    """
    # This process's writers, the run's seconds, whether staging commits wait for their
    # flush, whether the integrator runs in a process of its own.
    writers, seconds, durable, alone = shape
    start, finished = barriers
    now = datetime.now(UTC) - timedelta(hours=1)
    app = open_ledger(parse_database_url(url))
    waiter = Waiter(url, app)
    stager = Stager(app, url, waiter, durable=durable)
    integrator = Integrator(app, url) if index == 0 and not alone else None
    spent: list[list[float]] = [[] for _ in range(writers)]

    def sequenced_append(i: int) -> int:
        began = time.perf_counter()
        stager.append(access(now, subject=subject(index * writers + i)))
        spent[i].append((time.perf_counter() - began) * 1000)
        return 1

    start.wait()
    cpu_before, wall_before = cpu_seconds(), time.perf_counter()
    postgres_before = postgres_cpu_seconds() if index == 0 else 0.0
    rate = run(writers, seconds, sequenced_append)
    wall = time.perf_counter() - wall_before
    cores = (cpu_seconds() - cpu_before) / wall
    postgres = (postgres_cpu_seconds() - postgres_before) / wall if index == 0 else 0.0
    busy = integrator.busy / wall if integrator else 0.0  # the run's, not the tail's after it
    finished.wait(timeout=seconds + 120)  # every caller answered: nothing more is staged
    if integrator is not None:
        integrator.close()
    stager.close()
    waiter.close()
    app.close()
    results.put(
        {
            "rate": rate,
            "spent": [ms for one in spent for ms in one],
            "cores": cores,
            "postgres_cores": postgres,
            "stage_batches": stager.batches,
            "staged": stager.entries,
            "rounds": integrator.rounds if integrator else 0,
            "integrated": integrator.entries if integrator else 0,
            "busy": busy,
        }
    )


def integrating_process(
    url: str, seconds: float, barriers: tuple[Barrier, Barrier], results: Queue[dict[str, Any]]
) -> None:
    """The integrator in a process of its own (``--integrator process``): its own GIL."""
    start, finished = barriers
    app = open_ledger(parse_database_url(url))
    integrator = Integrator(app, url)
    start.wait()
    cpu_before, wall_before = cpu_seconds(), time.perf_counter()
    finished.wait(timeout=seconds + 120)  # includes the short tail after the writers stop
    wall = time.perf_counter() - wall_before
    cores = (cpu_seconds() - cpu_before) / wall
    integrator.close()
    app.close()
    results.put(
        {
            "rate": 0.0,
            "spent": [],
            "cores": cores,
            "postgres_cores": 0.0,
            "stage_batches": 0,
            "staged": 0,
            "rounds": integrator.rounds,
            "integrated": integrator.entries,
            "busy": integrator.busy / wall,
        }
    )


def sequenced(
    url: str, processes: int, writers: int, seconds: float, *, durable: bool, alone: bool
) -> list[dict[str, Any]]:
    """The sequenced run from ``processes`` spawned processes (one more if the integrator
    is ``alone``); each one's figures."""
    context = multiprocessing.get_context("spawn")
    parties = processes + alone
    barriers = (context.Barrier(parties), context.Barrier(parties))
    results: Queue[dict[str, Any]] = context.Queue()
    share = writers // processes
    shape = (share, seconds, durable, alone)
    children = [
        context.Process(target=sequenced_process, args=(url, n, shape, barriers, results))
        for n in range(processes)
    ]
    if alone:
        children.append(
            context.Process(target=integrating_process, args=(url, seconds, barriers, results))
        )
    for child in children:
        child.start()
    outcomes = [results.get(timeout=seconds + 120) for _ in children]
    for child in children:
        child.join()
    return outcomes


@dataclass(frozen=True, slots=True)
class Measured:
    rate: float  # entries/s, sequenced
    per_round: float  # entries per integration round
    per_stage: float  # entries per staging transaction
    p50: float  # ms, one sequenced append
    p99: float
    cores: float  # CPU cores the writer processes used
    postgres_cores: float  # CPU cores every PostgreSQL process on the host used meanwhile
    busy: float  # the integrator's time in rounds, per second of the run
    locked: float  # entries/s, lock-based group commit from as many processes
    locked_per_tx: float
    raw: float  # raw executemany at the staging batch size
    batch: int
    durable: bool  # whether staging commits waited for their flush
    alone: bool  # whether the integrator had a process of its own


def summarise(outcomes: Sequence[dict[str, Any]]) -> tuple[float, float, float, list[float]]:
    """Entries/s, entries per round, entries per staging transaction, every latency."""
    rounds = sum(o["rounds"] for o in outcomes)
    stages = sum(o["stage_batches"] for o in outcomes)
    spent = [ms for o in outcomes for ms in o["spent"]]
    return (
        sum(o["rate"] for o in outcomes),
        sum(o["integrated"] for o in outcomes) / max(rounds, 1),
        sum(o["staged"] for o in outcomes) / max(stages, 1),
        spent,
    )


def figures_for(m: Measured, processes: int, writers: int) -> list[Figure]:
    what = f"{processes} processes x {writers // processes} writers"
    where = ", integrator process" if m.alone else ""
    batches = f"raw executemany, batches of {m.batch}, {writers} writers"

    def rate(
        measure: str, value: float, baseline: str, base: float, target: float | None = None
    ) -> Figure:
        return appends_against("append-sequenced", measure, value, baseline, base, target)

    def plain(measure: str, value: float, unit: str, *, higher: bool = True) -> Figure:
        return Figure(
            benchmark="append-sequenced",
            measure=measure,
            value=value,
            unit=unit,
            store="postgres",
            higher_is_better=higher,
        )

    staging = "staging commit" if m.durable else "async staging commit"
    seq = f"sequenced ({m.per_round:.0f}/round, {m.per_stage:.1f}/{staging}), {what}{where}"
    locked = f"ledger, group commit ({m.locked_per_tx:.1f}/commit), {what}"
    return [
        rate(seq, m.rate, batches, m.raw, 0.25),
        rate(seq, m.rate, locked, m.locked),
        rate(locked, m.locked, batches, m.raw, 0.25),
        plain("sequenced: entries per integration round", m.per_round, "entries"),
        plain("sequenced: the integrator's time in rounds, per second", m.busy, "s/s"),
        plain("sequenced: one append, staged and chained, p50", m.p50, "ms", higher=False),
        plain("sequenced: one append, staged and chained, p99", m.p99, "ms", higher=False),
        plain("sequenced: cores the writer (and integrator) processes kept busy", m.cores, "cores"),
        plain(
            "sequenced: cores PostgreSQL kept busy meanwhile (whole host)",
            m.postgres_cores,
            "cores",
        ),
    ]


def checks(url: str, expected: int, size_after: int) -> list[str]:
    """What the run must have kept; the failures, in words (none: all held)."""
    failures = []
    with psycopg.connect(url) as conn:
        row = conn.execute("SELECT count(*) FROM staged_events").fetchone()
    left = 0 if row is None else int(row[0])
    print(f"check: staged rows left: {left}")
    if left:
        failures.append(f"{left} rows left staged")
    print(f"check: chain size after the sequenced run {size_after:,}, expected {expected:,}")
    if size_after != expected:
        failures.append(f"the chain holds {size_after:,} entries, not {expected:,}")
    app = open_ledger(parse_database_url(url))
    try:
        verified = app.verify_chain()
        root = app.verify_tree(verified.size)
        print(f"check: chain and tree verify: {verified.size:,} entries, root {root.hex()[:16]}")
    except Exception as error:  # noqa: BLE001 - any failure is reported, and the run exits 1
        failures.append(f"verification failed: {error}")
    finally:
        app.close()
    return failures


def warm_up(url: str, writers: int) -> int:
    """Each writer's subject key exists before timing starts; the staging table is made."""
    now = datetime.now(UTC) - timedelta(hours=1)
    app = open_ledger(parse_database_url(url))
    for i in range(writers):
        app.append(access(now, subject=subject(i)))
    app.close()
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(STAGED_DDL)
    return writers


def sample_row(url: str) -> tuple[str, bytes]:
    """One stored row's topic and state, for the raw baseline."""
    now = datetime.now(UTC) - timedelta(hours=1)
    app = open_ledger(parse_database_url(url))
    sample = access(now, subject=subject(0))
    stored: StoredEvent = app.mapper.to_stored_event(app.seal(sample, sample.pending_events[0]))
    app.close()
    return stored.topic, stored.state


def chain_size(url: str) -> int:
    app = open_ledger(parse_database_url(url))
    try:
        return app.chain.size()
    finally:
        app.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--staging-commit",
        choices=("durable", "async"),
        default="durable",
        help="async: staging commits do not wait for their flush (integration's does)",
    )
    parser.add_argument(
        "--integrator",
        choices=("thread", "process"),
        default="thread",
        help="a thread in writer process 0, or a process of its own (its own GIL)",
    )
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    writers, seconds, processes = args.writers, args.seconds, args.processes

    with scratch_database() as url:
        warmed = warm_up(url, writers)
        durable = args.staging_commit == "durable"
        alone = args.integrator == "process"
        outcomes = sequenced(url, processes, writers, seconds, durable=durable, alone=alone)
        size_after = chain_size(url)
        rate, per_round, per_stage, spent = summarise(outcomes)
        acknowledged = len(spent)
        locked, locked_per_tx = several_processes(url, processes, writers, seconds)
        batch = max(round(per_stage), 1)
        raw, _ = raw_rates(url, writers, seconds, [sample_row(url)] * batch)
        failures = checks(url, warmed + acknowledged, size_after)

    measured = Measured(
        rate=rate,
        per_round=per_round,
        per_stage=per_stage,
        p50=percentile(spent, 50) if len(spent) > 1 else statistics.fmean(spent or [0.0]),
        p99=percentile(spent, 99) if len(spent) > 1 else statistics.fmean(spent or [0.0]),
        cores=sum(o["cores"] for o in outcomes),
        postgres_cores=sum(o["postgres_cores"] for o in outcomes),
        busy=sum(o["busy"] for o in outcomes),
        locked=locked,
        locked_per_tx=locked_per_tx,
        raw=raw,
        batch=batch,
        durable=durable,
        alone=alone,
    )
    figures = figures_for(measured, processes, writers)
    show(figures)
    print(f"check: {acknowledged:,} sequenced appends acknowledged, each with its position")
    if failures:
        sys.exit("append-sequenced: " + "; ".join(failures))
    if not args.no_save:
        save(figures, " ".join(["bench/append_sequenced.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
