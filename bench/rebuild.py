"""ReadModel rebuild: every read model emptied and replayed from the first entry, in entries/s.

Each run happens in a child process of its own on a cached bench ledger
(``bench/ledgers.py``), so its peak memory (VmHWM: ``harness.peak_rss_mib``, and with
``--tracemalloc`` the Python heap's peak) is the rebuild's alone and can be
compared across ledger sizes: it must not grow with the ledger. Beside it, in
the same child and on the same entries, the baseline: reading and decoding
every event in the runner's batches without projecting or writing anything,
the part of a rebuild no projection can avoid. Usage:

    .venv/bin/python bench/rebuild.py [--store sqlite --store postgres]
        [--entries 100000 --entries 1000000] [--batch 2000] [--tracemalloc] [--no-save]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, peak_rss_mib, save, show  # noqa: E402
from ledgers import STORES, ledger_at  # noqa: E402
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn  # noqa: E402

from api.service.composition import open_service  # noqa: E402
from projections.read_models import READ_MODELS  # noqa: E402
from projections.runner import ReadModelRunner  # noqa: E402

TARGET = 20_000  # entries/s (docs/performance.md, target 5)


def read_and_decode(runner: ReadModelRunner) -> tuple[int, float]:
    """The baseline: the runner's reads and decodes of every entry, nothing projected or written."""
    app = runner.app
    started = time.perf_counter()
    start, count = 0, 0
    while True:
        batch = app.chain.notifications_after(start, runner.batch_size)
        if not batch:
            return count, time.perf_counter() - started
        for notification in batch:
            app.mapper.to_domain_event(notification)
        count += len(batch)
        start = batch[-1].id


def child(store: str, entries: int, batch: int, *, trace: bool) -> None:
    """Run one rebuild (and its baseline) here; print the figures as one JSON line."""
    location = ledger_at(store, entries, quiet=True)
    service = open_service(location)
    runner = ReadModelRunner(service.app, READ_MODELS, rebuild_batch_size=batch or None)
    runner.ensure_tables()
    if trace:
        tracemalloc.start()
    columns = (TextColumn(f"rebuild {store} {entries:,}"), BarColumn(), MofNCompleteColumn())
    with Progress(*columns, transient=True) as progress:
        task = progress.add_task("rebuild", total=entries)
        started = time.perf_counter()
        done = runner.rebuild(progress=lambda n, _total: progress.update(task, completed=n))
        seconds = time.perf_counter() - started
    heap_peak = tracemalloc.get_traced_memory()[1] if trace else None
    tracemalloc.stop()
    baseline_count, baseline_seconds = read_and_decode(runner)
    service.close()
    print(
        json.dumps(
            {
                "entries": done,
                "batch": runner.rebuild_batch_size,
                "seconds": seconds,
                "baseline_entries": baseline_count,
                "baseline_seconds": baseline_seconds,
                "maxrss_mib": peak_rss_mib(),
                "heap_peak_mib": None if heap_peak is None else heap_peak / 2**20,
            }
        )
    )


def run(store: str, entries: int, batch: int, *, trace: bool) -> dict[str, float]:
    ledger_at(store, entries)  # build it here, with its progress bar, if it is missing
    command = [sys.executable, __file__, "--child", store, str(entries), "--batch", str(batch)]
    done = subprocess.run(
        [*command, *(["--tracemalloc"] if trace else [])],
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def figures_for(store: str, result: dict[str, float]) -> list[Figure]:
    rate = result["entries"] / result["seconds"]
    figures = [
        Figure(
            benchmark=f"rebuild-{store}",
            measure=f"rebuild all read models, batches of {int(result['batch']):,}",
            value=rate,
            unit="entries/s",
            baseline="read + decode the same entries, no projection",
            baseline_value=result["baseline_entries"] / result["baseline_seconds"],
            size=int(result["entries"]),
            store=store,
            target_value=TARGET,
        ),
        Figure(
            benchmark=f"rebuild-{store}",
            measure="peak resident memory of the rebuild process",
            value=result["maxrss_mib"],
            unit="MiB",
            size=int(result["entries"]),
            store=store,
            higher_is_better=False,
        ),
    ]
    if result.get("heap_peak_mib") is not None:
        figures.append(
            Figure(
                benchmark=f"rebuild-{store}",
                measure="peak Python heap during the rebuild (tracemalloc)",
                value=result["heap_peak_mib"],
                unit="MiB",
                size=int(result["entries"]),
                store=store,
                higher_is_better=False,
            )
        )
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument(
        "--batch", type=int, default=0, help="entries per commit (default: the runner's)"
    )
    parser.add_argument("--tracemalloc", action="store_true", help="also the Python heap's peak")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    parser.add_argument("--child", nargs=2, metavar=("STORE", "ENTRIES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.batch, trace=args.tracemalloc)
        return
    figures = []
    for entries in args.entries or [100_000, 1_000_000]:
        for store in args.store or list(STORES):
            result = run(store, entries, args.batch, trace=args.tracemalloc)
            found = figures_for(store, result)
            show(found)
            figures += found
    if not args.no_save:
        save(figures, " ".join(["bench/rebuild.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
