"""The whole benchmark suite, one benchmark after another, then docs/performance.md.

    ./dev bench                 # every benchmark at 100k and 1M entries (ledgers cached)
    ./dev bench --quick         # small sizes and short runs: a minute or two, to try the suite
                                # (written to bench/quick/, never to docs/)
    ./dev bench --only rebuild  # one benchmark (a name from STEPS)
    ./dev bench --only 10m      # verify, rebuild, reports and proofs at 10M entries (SQLite):
                                # builds that ledger first (about 22 GB, an hour or more)

Benchmarks run one at a time (they would otherwise compete for the same
cores) and each appends its figures to bench/results.jsonl, which this
command empties first; bench/report.py then writes docs/performance.md and
its growth chart. Nothing here is a test: figures are printed and recorded,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from harness import RESULTS, RESULTS_ENV, ROOT

# A quick run's figures and document: small sizes, short runs, for trying the suite
# out. Kept apart (and out of git) so they never stand in for a full run's.
QUICK = ROOT / "bench" / "quick"


@dataclass(frozen=True, slots=True)
class Step:
    name: str
    argv: tuple[str, ...]  # after the Python interpreter
    quick: tuple[str, ...]  # the same, small


_BOTH = ("--store", "sqlite", "--store", "postgres")
_SIZES = ("--entries", "100000", "--entries", "1000000")
_SMALL = ("--entries", "10000")

# In the order of docs/performance.md's targets; the ledgers first, since most benchmarks read them.
STEPS: tuple[Step, ...] = (
    # The bulk loader, measured by building 100k afresh; 1M is built only if not cached.
    Step(
        "ledgers",
        ("bench/ledgers.py", *_BOTH, "--entries", "100000", "--rebuild"),
        ("bench/ledgers.py", *_BOTH, *_SMALL),
    ),
    Step("ledgers-1m", ("bench/ledgers.py", *_BOTH, "--entries", "1000000"), ()),
    Step(
        "append-postgres",
        ("bench/append_postgres.py",),
        ("bench/append_postgres.py", "--seconds", "2"),
    ),
    Step(
        "append-sequenced",
        ("bench/append_sequenced.py",),
        ("bench/append_sequenced.py", "--seconds", "2"),
    ),
    Step(
        "append-sqlite",
        ("bench/append_sqlite.py",),
        ("bench/append_sqlite.py", "--entries", "1000", "--demo-entries", "3000"),
    ),
    Step("http-record", ("bench/http_record.py",), ("bench/http_record.py", "--seconds", "2")),
    Step(
        "verify",
        ("bench/verify.py", *_BOTH, *_SIZES, "--jobs", "2"),
        ("bench/verify.py", *_BOTH, *_SMALL, "--jobs", "2"),
    ),
    Step("rebuild", ("bench/rebuild.py", *_BOTH, *_SIZES), ("bench/rebuild.py", *_BOTH, *_SMALL)),
    Step(
        "verify-read-models",
        ("bench/verify_read_models.py", *_BOTH, *_SIZES),
        ("bench/verify_read_models.py", *_BOTH, *_SMALL),
    ),
    Step(
        "reports",
        ("bench/reports.py", *_BOTH, *_SIZES),
        ("bench/reports.py", *_BOTH, *_SMALL, "--calls", "50", "--http-calls", "20"),
    ),
    Step(
        "proofs",
        ("bench/proofs.py", *_BOTH, *_SIZES),
        ("bench/proofs.py", *_BOTH, *_SMALL, "--calls", "200"),
    ),
    Step(
        "evidence", ("bench/evidence.py", *_BOTH, *_SIZES), ("bench/evidence.py", *_BOTH, *_SMALL)
    ),
)


# Ten million entries, where the machine allows: not part of a full run (the
# ledger alone takes an hour or more to build); asked for by name. Their figures
# join the full run's in docs/performance.md and its growth chart.
_10M = ("--store", "sqlite", "--entries", "10000000")
STEPS_10M: tuple[Step, ...] = (
    Step("ledgers-10m", ("bench/ledgers.py", *_10M), ()),
    Step("verify-10m", ("bench/verify.py", *_10M, "--jobs", "2"), ()),
    Step("rebuild-10m", ("bench/rebuild.py", *_10M), ()),
    Step("reports-10m", ("bench/reports.py", *_10M), ()),
    Step("proofs-10m", ("bench/proofs.py", *_10M), ()),
)
GROUPS = {"10m": [s.name for s in STEPS_10M]}


def _forget(results: Path, commands: list[str]) -> None:
    """Drop from the results the figures the given commands recorded (they are about to rerun)."""
    if not results.exists():
        return
    kept = [
        line
        for line in results.read_text(encoding="utf-8").splitlines()
        if line.strip() and json.loads(line).get("command", "") not in commands
    ]
    results.write_text("".join(f"{line}\n" for line in kept), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes, short runs")
    parser.add_argument("--only", action="append", default=[], help="run only these steps")
    args = parser.parse_args()
    every = (*STEPS, *STEPS_10M)
    only = {name for group in args.only for name in GROUPS.get(group, [group])}
    unknown = only - {s.name for s in every}
    if unknown:
        names = ", ".join([*(s.name for s in every), *GROUPS])
        raise SystemExit(f"bench: unknown step {', '.join(sorted(unknown))} (known: {names})")
    steps = [s for s in every if s.name in only] if only else list(STEPS)
    results, document = RESULTS, ROOT / "docs" / "performance.md"
    if args.quick:
        QUICK.mkdir(exist_ok=True)
        results, document = QUICK / "results.jsonl", QUICK / "performance.md"
    if args.only:  # redo part of the last run: its other figures stay
        _forget(results, [" ".join(s.quick if args.quick else s.argv) for s in steps])
    else:
        results.unlink(missing_ok=True)
    env = {**os.environ, RESULTS_ENV: str(results)}
    started = time.monotonic()
    failed = []
    for index, step in enumerate(steps, 1):
        argv = step.quick if args.quick else step.argv
        if not argv:  # a step with nothing to do in this mode
            continue
        print(f"\n== [{index}/{len(steps)}] {step.name}: python {' '.join(argv)}", flush=True)
        began = time.monotonic()
        result = subprocess.run([sys.executable, *argv], cwd=ROOT, env=env, check=False)
        print(f"== {step.name}: {time.monotonic() - began:,.0f} s", flush=True)
        if result.returncode != 0:
            failed.append(step.name)
    if results.exists():
        report = ["bench/report.py", "--results", str(results), "--out", str(document)]
        subprocess.run([sys.executable, *report], cwd=ROOT, check=True)
        print(f"bench: wrote {document.relative_to(ROOT)}", flush=True)
    print(f"\nbench: {len(steps)} benchmarks in {time.monotonic() - started:,.0f} s", flush=True)
    if failed:
        raise SystemExit(f"bench: failed: {', '.join(failed)}")


if __name__ == "__main__":
    main()
