"""Verifying a whole ledger (chain and Merkle tree) against a bare hashlib loop, and its memory.

For each store and size, on the cached synthetic ledgers of ``bench/ledgers.py``:

* the ledger: ``app.verify_chain()`` then ``app.verify_tree(size)``, as
  ``sharing-ledger verify --jobs 1`` does: every stored row read back, every
  entry digest, chain link and Merkle node recomputed and compared;
* the same in ``--jobs N`` worker processes (``sharing-ledger verify --jobs N``,
  ``ledger/parallel_verify.py``): ranges of the chain and the tree audit side
  by side, each worker with its own connection. Target (issue #19): at least
  50% of the single-thread hashlib loop;
* the baseline: the same hashes (entry digest, link, leaf, every node) in a
  bare ``hashlib`` loop over the same stored bytes, already in memory
  (a sample of the first ``--sample`` entries: its rate does not depend on
  the ledger's size). Target: the ledger at least 40% of it;
* peak memory: each size verified again in a fresh process, reporting its
  own peak resident set (VmHWM: see ``harness.peak_rss_mib``); the largest
  size against the smallest shows whether memory grows with the ledger.

Usage:

    .venv/bin/python bench/verify.py [--store sqlite] [--store postgres]
        [--entries 100000 --entries 1000000] [--sample 100000] [--jobs 2] [--no-save]
"""

from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import math
import struct
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import Figure, peak_rss_mib, save, show  # noqa: E402
from ledgers import STORES, ledger_at, ledger_env  # noqa: E402

from api.service.composition import open_ledger  # noqa: E402
from api.service.ledger_verification import verify  # noqa: E402
from ledger.integrity.chain import ENTRY_TAG, GENESIS_HASH, LINK_TAG, EntryRow  # noqa: E402
from ledger.parallel_verify import PARALLEL_FROM, RANGES_PER_JOB  # noqa: E402

U32, U64 = struct.Struct(">I").pack, struct.Struct(">Q").pack


def bare_hashlib(rows: list[EntryRow]) -> float:
    """Entries/s of the verifier's hashes over in-memory rows, with nothing else around them."""
    sha256 = hashlib.sha256
    previous, waiting = GENESIS_HASH, list[bytes]()
    started = time.perf_counter()
    for position, (_nid, originator_id, version, topic, state) in enumerate(rows):
        topic_bytes = topic.encode()
        digest = sha256(
            b"".join(
                (
                    ENTRY_TAG,
                    originator_id,
                    U64(version),
                    U32(len(topic_bytes)),
                    topic_bytes,
                    U64(len(state)),
                    state,
                )
            )
        ).digest()
        previous = sha256(LINK_TAG + U64(position) + previous + digest).digest()
        node, index = sha256(b"\x00" + digest).digest(), position
        while index & 1:
            node = sha256(b"\x01" + waiting.pop() + node).digest()
            index >>= 1
        waiting.append(node)
    return len(rows) / (time.perf_counter() - started)


def verify_once(store: str, entries: int) -> tuple[int, float]:
    """Verify chain and tree of a cached ledger in this process: (entries, seconds)."""
    app = open_ledger(ledger_at(store, entries, quiet=True))
    try:
        started = time.perf_counter()
        result = app.verify_chain()
        app.verify_tree(result.size)
        return result.size, time.perf_counter() - started
    finally:
        app.close()


def verify_in_workers(store: str, entries: int, jobs: int) -> tuple[int, float]:
    """Verify chain and tree of a cached ledger in ``jobs`` worker processes: (entries, seconds).

    The workers' start (a fork server, each worker's imports and connection)
    is inside the time, as it is for ``sharing-ledger verify``.
    """
    app = open_ledger(ledger_at(store, entries, quiet=True))
    try:
        started = time.perf_counter()
        # Below PARALLEL_FROM the command verifies in one process; a range size makes
        # the workers run anyway, so that the row measures them at every size.
        step = math.ceil(entries / (jobs * RANGES_PER_JOB))
        verified = verify(app, jobs=jobs, range_size=step)
        return verified.chain.size, time.perf_counter() - started
    finally:
        app.close()


def read_only(store: str, entries: int) -> float:
    """Entries/s reading every row verification reads (entries, links, nodes), hashing none.

    The store's share of a verification: what no hashing loop could go below.
    """
    app = open_ledger(ledger_at(store, entries, quiet=True))
    try:
        head, last_id = app.chain.snapshot()
        size = 0 if head is None else head.position + 1
        started = time.perf_counter()
        for _entry in app.chain.entry_rows(upto=last_id):
            pass
        for _repeat in range(2):  # the chain verification's pass, then the tree audit's
            for _link in app.chain.link_rows(upto=size - 1):
                pass
        level, width = 0, size
        while width:
            for first in range(0, width, 20_000):
                app.tree.node_rows(level, first, min(first + 20_000, width) - 1)
            level, width = level + 1, width // 2
        return size / (time.perf_counter() - started)
    finally:
        app.close()


def sample_rows(store: str, entries: int, sample: int) -> list[EntryRow]:
    app = open_ledger(ledger_at(store, entries, quiet=True))
    try:
        _head, last_id = app.chain.snapshot()
        return list(itertools.islice(app.chain.entry_rows(upto=last_id, page=sample), sample))
    finally:
        app.close()


def peak_memory(store: str, entries: int) -> float:
    """MiB: the peak resident set of a fresh process that verifies the ledger."""
    done = subprocess.run(
        [sys.executable, __file__, "--child", store, str(entries)],
        env=ledger_env(store, entries),
        capture_output=True,
        text=True,
        check=True,
    )
    return float(json.loads(done.stdout.splitlines()[-1])["peak_mib"])


def child(store: str, entries: int) -> None:
    size, seconds = verify_once(store, entries)
    print(json.dumps({"size": size, "seconds": seconds, "peak_mib": peak_rss_mib()}))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", choices=STORES, action="append")
    parser.add_argument("--entries", type=int, action="append")
    parser.add_argument("--sample", type=int, default=100_000, help="rows for the hashlib loop")
    parser.add_argument(
        "--jobs", type=int, action="append", help="also verify in this many worker processes"
    )
    parser.add_argument("--no-memory", action="store_true", help="skip the peak-memory runs")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    parser.add_argument("--child", nargs=2, metavar=("STORE", "ENTRIES"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        child(args.child[0], int(args.child[1]))
        return
    sizes = sorted(args.entries or [100_000, 1_000_000])
    figures = []
    for store in args.store or list(STORES):
        for entries in sizes:
            size, seconds = verify_once(store, entries)
            baseline = bare_hashlib(sample_rows(store, entries, args.sample))
            figures.append(
                Figure(
                    benchmark="verify",
                    measure="verify chain + Merkle tree (sharing-ledger verify)",
                    value=size / seconds,
                    unit="entries/s",
                    baseline="bare hashlib loop, same bytes in memory",
                    baseline_value=baseline,
                    size=size,
                    store=store,
                    target_ratio=0.4,
                )
            )
            for jobs in args.jobs or []:
                size, seconds = verify_in_workers(store, entries, jobs)
                figures.append(
                    Figure(
                        benchmark="verify",
                        measure=f"verify chain + Merkle tree, {jobs} worker processes "
                        f"(sharing-ledger verify --jobs {jobs}"
                        f"{', forced below its threshold' if entries < PARALLEL_FROM else ''})",
                        value=size / seconds,
                        unit="entries/s",
                        baseline="bare hashlib loop, same bytes in memory",
                        baseline_value=baseline,
                        size=size,
                        store=store,
                        target_ratio=0.5,
                    )
                )
            figures.append(
                Figure(
                    benchmark="verify",
                    measure="read every row verify reads, hash nothing",
                    value=read_only(store, entries),
                    unit="entries/s",
                    baseline="bare hashlib loop, same bytes in memory",
                    baseline_value=baseline,
                    size=size,
                    store=store,
                )
            )
        if not args.no_memory and len(sizes) > 1:
            small, large = peak_memory(store, sizes[0]), peak_memory(store, sizes[-1])
            figures.append(
                Figure(
                    benchmark="verify",
                    measure=f"verify peak RSS at {sizes[-1]:,} entries",
                    value=large,
                    unit="MiB",
                    baseline=f"peak RSS at {sizes[0]:,} entries",
                    baseline_value=small,
                    size=sizes[-1],
                    store=store,
                    higher_is_better=False,
                )
            )
    show(figures)
    if not args.no_save:
        save(figures, " ".join(["bench/verify.py", *sys.argv[1:]]))


if __name__ == "__main__":
    main()
