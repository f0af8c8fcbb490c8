"""Synthetic ledgers of 100k, 1M (and 10M) entries for the benchmarks: built once, then reused.

USAGE (for other benchmarks)

    # run from bench/ scripts (``.venv/bin/python bench/x.py``): bench/ is on sys.path
    from ledgers import ledger_at, ledger_env

    location = ledger_at("postgres", 1_000_000)  # or "sqlite"; builds it the first time
    app = open_ledger(location)                   # api.service.composition.open_ledger, as usual
    env = {**os.environ, **ledger_env("postgres", 1_000_000)}  # for a `sharing-ledger serve`

``ledger_at`` returns the :class:`~ledger.storage.config.Location` of a complete
cached ledger, building it first if it is missing or incomplete. It also
points this process at the bench keyring (``LEDGER_DIRECTORY_KEY_FILE``,
``LEDGER_KEK_FILE`` in ``os.environ``): the entries' free text is sealed with
it, so every process that opens a bench ledger must use it (``ledger_env``
gives a subprocess the same settings). The cached ledgers hold entries only;
read models are built by whoever opens them (``open_service(...).runner``).

From the command line (a progress bar, then the build rate as a figure):

    .venv/bin/python bench/ledgers.py --store sqlite --entries 100000
    .venv/bin/python bench/ledgers.py --store postgres --entries 1000000 [--rebuild]
    .venv/bin/python bench/ledgers.py --list

Where they live:

* SQLite: ``bench/.ledgers/sqlite_<entries>_s<seed>/ledger.sqlite3`` (gitignored);
* PostgreSQL: database ``sl_bench_ledger_<entries>_s<seed>`` on the bench server
  (``LEDGER_BENCH_ADMIN_URL``, default ``postgresql://postgres@127.0.0.1:5432/postgres``).

A ledger counts as complete when its marker (``bench/.ledgers/<name>.json``,
written after the last commit) names the hash the store holds at the built
size; anything else is dropped and built again. Entries appended after the
build (a report's recorded read, a benchmark's appends) are kept: such a
ledger is still complete, a few entries longer. ``--rebuild`` gives a pristine one.

How it is built: the demo generator at scale
(``api.demo.council(DemoPlan(seed, entries, until, months))``, with a fixed
``until`` so the same seed always gives the same entries), appended through
the ledger's public append path, ``LedgerApplication.append_groups``, about
``--per-transaction`` entries per transaction. Every seal, hash, chain link,
Merkle node and write lock is the real one. The generator yields batches of
~500 events and may hand back an aggregate it yielded before (a restriction
applied, then lifted); an aggregate still waiting in the current transaction
keeps its new events in its own pending list, so it joins the transaction once.
Events of one aggregate stay in order; across aggregates, chain order can
differ from time order by at most one transaction's worth of entries.
"""

from __future__ import annotations

import argparse
import base64
import json
import os
import shutil
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import psycopg
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from eventsourcing.domain import Aggregate  # noqa: E402
from harness import Figure, admin_url, save, show  # noqa: E402

from api.demo import DemoPlan, council  # noqa: E402
from api.service.composition import open_ledger  # noqa: E402
from ledger.application import Group  # noqa: E402
from ledger.storage.config import (  # noqa: E402
    Location,
    SQLiteLocation,
    parse_database_url,
)

CACHE = ROOT / "bench" / ".ledgers"
KEYS = CACHE / "keys"
STORES = ("sqlite", "postgres")
UNTIL = date(2026, 6, 30)  # fixed: the same seed and size always give the same ledger
MONTHS = 12
PER_TRANSACTION = 5000


@dataclass(frozen=True, slots=True)
class BenchLedger:
    store: str  # "sqlite" | "postgres"
    entries: int
    seed: int = 1

    @property
    def name(self) -> str:
        return f"sl_bench_ledger_{self.entries}_s{self.seed}"

    @property
    def directory(self) -> Path:
        return CACHE / f"{self.store}_{self.entries}_s{self.seed}"

    @property
    def marker(self) -> Path:
        return CACHE / f"{self.store}_{self.entries}_s{self.seed}.json"

    @property
    def url(self) -> str:
        if self.store == "sqlite":
            return f"sqlite:///{self.directory / 'ledger.sqlite3'}"
        return admin_url().rsplit("/", 1)[0] + f"/{self.name}"

    @property
    def location(self) -> Location:
        if self.store == "sqlite":
            return SQLiteLocation(self.directory / "ledger.sqlite3")
        return parse_database_url(self.url)


@dataclass(frozen=True, slots=True)
class Built:
    entries: int
    seconds: float
    head_hash: str

    @property
    def rate(self) -> float:
        return self.entries / self.seconds


# -- Keys -------------------------------------------------------------------------------------


def keys_env() -> dict[str, str]:
    """One keyring for every bench ledger, created on first use (0600, gitignored)."""
    KEYS.mkdir(parents=True, exist_ok=True, mode=0o700)
    files = {"LEDGER_DIRECTORY_KEY_FILE": "directory.key", "LEDGER_KEK_FILE": "kek.key"}
    for file in files.values():
        path = KEYS / file
        if not path.exists():
            descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w", encoding="ascii") as handle:
                handle.write(base64.b64encode(os.urandom(32)).decode() + "\n")
    return {name: str(KEYS / file) for name, file in files.items()}


def ledger_env(store: str, entries: int, seed: int = 1) -> dict[str, str]:
    """Environment for a subprocess (``sharing-ledger serve``) to open that bench ledger."""
    return {"LEDGER_DATABASE_URL": BenchLedger(store, entries, seed).url, **keys_env()}


# -- Cache ------------------------------------------------------------------------------------


def ledger_at(
    store: str, entries: int, *, seed: int = 1, rebuild: bool = False, quiet: bool = False
) -> Location:
    """A complete cached ledger of about ``entries`` entries on ``store``; built if need be."""
    if store not in STORES:
        raise ValueError(f"store must be one of {', '.join(STORES)}")
    os.environ.update(keys_env())
    bench = BenchLedger(store, entries, seed)
    if rebuild or not is_complete(bench):
        build(bench, quiet=quiet)
    return bench.location


def is_complete(bench: BenchLedger) -> bool:
    if not bench.marker.exists():
        return False
    marker = json.loads(bench.marker.read_text(encoding="utf-8"))
    if bench.store == "sqlite" and not bench.directory.joinpath("ledger.sqlite3").exists():
        return False
    if bench.store == "postgres" and not _database_exists(bench.name):
        return False
    last = int(marker["entries"]) - 1
    app = open_ledger(bench.location)
    try:
        link = app.chain.link_at(last)
    except LookupError:
        return False
    finally:
        app.close()
    # Entries appended since (a report's recorded read, a benchmark's appends) are fine.
    return bool(link.chain_hash.hex() == marker["head_hash"])


def _database_exists(name: str) -> bool:
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (name,)).fetchone()
    return row is not None


def _empty_store(bench: BenchLedger) -> None:
    bench.marker.unlink(missing_ok=True)
    if bench.store == "sqlite":
        shutil.rmtree(bench.directory, ignore_errors=True)
        bench.directory.mkdir(parents=True)
        return
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{bench.name}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{bench.name}"')


def drop(bench: BenchLedger) -> None:
    """Remove a cached ledger (its file or database, and its marker)."""
    bench.marker.unlink(missing_ok=True)
    if bench.store == "sqlite":
        shutil.rmtree(bench.directory, ignore_errors=True)
    else:
        with psycopg.connect(admin_url(), autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{bench.name}" WITH (FORCE)')


# -- Building ---------------------------------------------------------------------------------


def transactions(plan: DemoPlan, per_transaction: int) -> Iterator[tuple[Group, int]]:
    """The generator's batches, gathered into one group of about ``per_transaction`` events.

    Yields (group, events in it). An aggregate yielded again while it still
    waits here holds its new events in its own pending list, so it is not
    added twice.
    """
    waiting: dict[int, Aggregate] = {}
    events = 0
    for batch in council(plan):
        for aggregate in batch:
            waiting.setdefault(id(aggregate), aggregate)
        events = sum(len(a.pending_events) for a in waiting.values())
        if events >= per_transaction:
            yield Group(tuple(waiting.values())), events
            waiting, events = {}, 0
    if waiting:
        yield Group(tuple(waiting.values())), events


def build(
    bench: BenchLedger, *, per_transaction: int = PER_TRANSACTION, quiet: bool = False
) -> Built:
    """Empty the store and append the demo council of ``bench.entries`` entries to it."""
    os.environ.update(keys_env())
    _empty_store(bench)
    app = open_ledger(bench.location, initialise=True)
    plan = DemoPlan(seed=bench.seed, entries=bench.entries, until=UNTIL, months=MONTHS)
    written = 0
    columns = (
        TextColumn(f"[bold]{bench.store} {bench.entries:,}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]:>8,.0f} entries/s"),
        TimeElapsedColumn(),
        TimeRemainingColumn(),
    )
    try:
        with Progress(*columns, disable=quiet) as progress:
            task = progress.add_task("build", total=bench.entries, rate=0.0)
            started = time.perf_counter()
            for group, count in transactions(plan, per_transaction):
                app.append_groups([group])
                written += count
                elapsed = time.perf_counter() - started
                progress.update(task, completed=written, rate=written / elapsed)
            seconds = time.perf_counter() - started
            progress.update(task, total=written, completed=written)
        head, _ = app.chain.snapshot()
    finally:
        app.close()
    if head is None or head.position + 1 != written:
        msg = f"built {written} entries but the store holds {0 if head is None else head.position}"
        raise RuntimeError(msg)
    if bench.store == "postgres":
        # Planner statistics, as autovacuum would gather on a live server (this
        # bench server runs with autovacuum off): not part of the measured build.
        with psycopg.connect(bench.url, autocommit=True) as conn:
            conn.execute("VACUUM ANALYZE")
    built = Built(written, seconds, head.chain_hash.hex())
    bench.marker.write_text(
        json.dumps({"entries": written, "head_hash": built.head_hash, "seconds": seconds}) + "\n",
        encoding="utf-8",
    )
    return built


# -- Command line -----------------------------------------------------------------------------


def disk_size(bench: BenchLedger) -> int:
    if bench.store == "sqlite":
        return sum(p.stat().st_size for p in bench.directory.rglob("*") if p.is_file())
    with psycopg.connect(admin_url(), autocommit=True) as conn:
        row = conn.execute("SELECT pg_database_size(%s)", (bench.name,)).fetchone()
    return int(row[0]) if row else 0


def listing() -> None:
    for marker in sorted(CACHE.glob("*.json")):
        store, entries, seed = marker.stem.split("_")
        bench = BenchLedger(store, int(entries), int(seed.removeprefix("s")))
        facts = json.loads(marker.read_text(encoding="utf-8"))
        rate = facts["entries"] / facts["seconds"]
        print(
            f"{store:<9} {int(entries):>11,} entries  seed {bench.seed}  "
            f"{disk_size(bench) / 2**30:6.2f} GiB  built at {rate:,.0f} entries/s  {bench.url}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--per-transaction", type=int, default=PER_TRANSACTION)
    parser.add_argument("--rebuild", action="store_true", help="build even if a cached one exists")
    parser.add_argument("--drop", action="store_true", help="remove the named cached ledgers")
    parser.add_argument("--list", action="store_true", help="list cached ledgers and exit")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    args = parser.parse_args()
    if args.list:
        listing()
        return
    os.environ.update(keys_env())
    figures = []
    for store in args.store or list(STORES):
        for entries in args.entries or [100_000]:
            bench = BenchLedger(store, entries, args.seed)
            if args.drop:
                drop(bench)
                continue
            if not args.rebuild and is_complete(bench):
                print(f"{store} {entries:,}: cached and complete ({bench.url})")
                continue
            built = build(bench, per_transaction=args.per_transaction)
            figures.append(
                Figure(
                    benchmark=f"ledger-build-{store}",
                    measure=f"bulk load, ~{args.per_transaction:,} entries per transaction",
                    value=built.rate,
                    unit="entries/s",
                    size=built.entries,
                    store=store,
                )
            )
    show(figures)
    if figures and not args.no_save:
        save(figures, " ".join(["bench/ledgers.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
