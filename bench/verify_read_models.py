"""`verify --read-models` beside plain `verify` on the same ledger, in the same run.

For each store and size, on the cached synthetic ledgers of ``bench/ledgers.py``
(their read models built first, untimed, by a rebuild if they are behind):

* the measure: what ``sharing-ledger verify --read-models`` does: the chain
  and the Merkle tree verified, then the ledger replayed into scratch tables
  and every read-model row compared with the live one, in key order
  (``projections/replay_check.py``);
* the baseline: plain ``sharing-ledger verify`` (chain and tree only), in the
  same run, on the same ledger;
* peak memory: each runs in a fresh process of its own, reporting its peak
  resident set (VmHWM, which a new program starts afresh: ``harness.peak_rss_mib``;
  the parent prepares in a child all the same); the check also runs alone in one,
  since verify's own peak would hide it. It must stay flat in the ledger's size.

Usage:

    .venv/bin/python bench/verify_read_models.py [--store sqlite] [--store postgres]
        [--entries 100000 --entries 1000000] [--no-save]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, peak_rss_mib, save, show  # noqa: E402
from ledgers import STORES, ledger_at, ledger_env  # noqa: E402

from api.service.composition import open_service  # noqa: E402
from projections.replay_check import check_read_models  # noqa: E402


def prepare(store: str, entries: int) -> None:
    """Build the ledger if missing, and its read models if they are not current (untimed)."""
    service = open_service(ledger_at(store, entries))
    try:
        if any(s.lag > 0 or s.stale or s.stall for s in service.runner.status()):
            service.runner.rebuild()
    finally:
        service.close()


def child(store: str, entries: int, mode: str) -> None:
    """One verification here; its figures as one JSON line."""
    if mode == "prepare":
        prepare(store, entries)
        print(json.dumps({}))
        return
    service = open_service(ledger_at(store, entries, quiet=True))
    try:
        started = time.perf_counter()
        size = 0
        if mode != "check-only":
            result = service.app.verify_chain()
            service.app.verify_tree(result.size)
            size = result.size
        chain_seconds = time.perf_counter() - started
        rows = 0
        if mode != "plain":
            checked = check_read_models(service.app, service.runner.projections)
            if checked.problem() is not None:
                sys.exit(f"bench: the read models do not match: {checked.problem()}")
            rows = checked.rows
        seconds = time.perf_counter() - started
    finally:
        service.close()
    print(
        json.dumps(
            {
                "size": size,
                "seconds": seconds,
                "chain_seconds": chain_seconds,
                "rows": rows,
                "peak_mib": peak_rss_mib(),
            }
        )
    )


def run(store: str, entries: int, mode: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", store, str(entries), mode],
        env=ledger_env(store, entries),
        capture_output=True,
        text=True,
        check=True,
    )
    result: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return result


def figures_for(
    store: str, plain: dict[str, float], checked: dict[str, float], alone: dict[str, float]
) -> list[Figure]:
    size = int(checked["size"])
    return [
        Figure(
            benchmark="verify-read-models",
            measure="verify --read-models (chain, tree, replay, compare)",
            value=size / checked["seconds"],
            unit="entries/s",
            baseline="plain verify (chain + tree), same run",
            baseline_value=size / plain["seconds"],
            size=size,
            store=store,
        ),
        Figure(
            benchmark="verify-read-models",
            measure=f"verify --read-models wall time ({int(checked['rows']):,} rows compared)",
            value=checked["seconds"],
            unit="s",
            baseline="plain verify, same run",
            baseline_value=plain["seconds"],
            size=size,
            store=store,
            higher_is_better=False,
        ),
        Figure(
            benchmark="verify-read-models",
            measure="verify --read-models peak RSS",
            value=checked["peak_mib"],
            unit="MiB",
            baseline="plain verify peak RSS",
            baseline_value=plain["peak_mib"],
            size=size,
            store=store,
            higher_is_better=False,
        ),
        Figure(
            benchmark="verify-read-models",
            measure="the read-model check alone: peak RSS",
            value=alone["peak_mib"],
            unit="MiB",
            baseline="plain verify peak RSS",
            baseline_value=plain["peak_mib"],
            size=size,
            store=store,
            higher_is_better=False,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    parser.add_argument(
        "--child", nargs=3, metavar=("STORE", "ENTRIES", "MODE"), help=argparse.SUPPRESS
    )
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]), args.child[2])
        return
    figures = []
    for entries in sorted(args.entries or [100_000]):
        for store in args.store or list(STORES):
            # In a child too: a child's peak RSS starts from this process's size at the
            # fork, so this process must never hold a ledger's rebuild.
            ledger_at(store, entries)  # built here, with its progress bar, if missing
            run(store, entries, "prepare")
            plain = run(store, entries, "plain")
            checked = run(store, entries, "read-models")
            alone = run(store, entries, "check-only")
            found = figures_for(store, plain, checked, alone)
            show(found)
            figures += found
    if not args.no_save:
        save(figures, " ".join(["bench/verify_read_models.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
