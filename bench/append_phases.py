"""Where a group commit's time goes, on PostgreSQL with 16 writers (a diagnostic, not in the suite).

The committer thread is the one serial path of every append: whatever it
spends per transaction caps the ledger's rate. This runs the same load as
``bench/append_postgres.py`` with timers around the committer's steps (only
when the committer thread calls them) and prints milliseconds per
transaction and the share of wall time:

* ``seal``: sealing the free text of each entry (AES-256-GCM, keys cached);
* ``encode``: the library's mapper turning each event into stored bytes;
* ``digests``: the §3 entry digests, taken before the lock;
* ``insert_events``: the recorder's transaction: lock, head, inserts, links,
  Merkle nodes, commit (two round trips and the commit's flush).

The rest of each transaction's time is the committer's own: taking the
queue, the idempotency checks, building each caller's reply and waking it.

Usage:

    .venv/bin/python bench/append_phases.py [--seconds 5] [--writers 16]
"""

from __future__ import annotations

import argparse
import collections
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import scratch_database  # noqa: E402

from api.service.composition import open_ledger  # noqa: E402
from api.service.group_commit import GroupCommitter  # noqa: E402
from ledger.application import Group  # noqa: E402
from ledger.storage.config import parse_database_url  # noqa: E402
from tests.support.factories import access, subject  # noqa: E402

spent: dict[str, float] = collections.defaultdict(float)


def timed(name: str, step: Callable[..., Any]) -> Callable[..., Any]:
    """``step``, adding its duration to ``spent[name]`` when the committer thread calls it."""

    def run(*args: Any, **kwargs: Any) -> Any:
        if threading.current_thread().name != "group-commit":
            return step(*args, **kwargs)
        started = time.perf_counter()
        try:
            return step(*args, **kwargs)
        finally:
            spent[name] += time.perf_counter() - started

    return run


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=16)
    args = parser.parse_args()
    now = datetime.now(UTC) - timedelta(hours=1)
    with scratch_database() as url:
        app = open_ledger(parse_database_url(url))
        for i in range(args.writers):  # each writer's subject key exists before timing starts
            app.append(access(now, subject=subject(i)))
        app.seal = timed("seal", app.seal)
        mapper: Any = app.mapper
        mapper.to_stored_event = timed("encode", mapper.to_stored_event)
        recorder: Any = app.recorder
        recorder.entry_digests = timed("digests", recorder.entry_digests)
        recorder.insert_events = timed("insert_events", recorder.insert_events)
        committer = GroupCommitter(app)
        stop = time.monotonic() + args.seconds
        done = [0] * args.writers

        def writer(index: int) -> None:
            while time.monotonic() < stop:
                committer.append(Group((access(now, subject=subject(index)),)))
                done[index] += 1

        threads = [threading.Thread(target=writer, args=(i,)) for i in range(args.writers)]
        started = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        wall = time.perf_counter() - started
        committer.close()
        app.close()
    entries, batches = sum(done), max(committer.batches, 1)
    print(
        f"{entries / wall:,.0f} entries/s, {entries / batches:.1f} entries per transaction, "
        f"{wall / batches * 1e3:.2f} ms per transaction"
    )
    for name, seconds in sorted(spent.items(), key=lambda item: -item[1]):
        per_transaction = seconds / batches * 1e3
        print(f"  {name:14s} {per_transaction:6.3f} ms per transaction  {seconds / wall:4.0%}")


if __name__ == "__main__":
    main()
