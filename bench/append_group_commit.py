"""Library-level appends on PostgreSQL, 16 writer threads: group commit vs one commit per append.

Also measures raw psycopg inserts of the same stored rows as the physical
baseline (one commit per row, and executemany in batches of the group size
the committer reached). Prints appends/s and the ratios. Usage:

    .venv/bin/python bench/append_group_commit.py [--seconds 5] [--writers 16]
"""

from __future__ import annotations

import argparse
import secrets
import sys
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from ledger.application import Group  # noqa: E402
from ledger.bootstrap import open_ledger  # noqa: E402
from ledger.group_commit import GroupCommitter  # noqa: E402
from ledger.storage.config import parse_database_url  # noqa: E402
from tests.support.factories import access, subject  # noqa: E402


def run(writers: int, seconds: float, work: Callable[[int], object]) -> int:
    done = [0] * writers
    stop = time.monotonic() + seconds

    def writer(index: int) -> None:
        while time.monotonic() < stop:
            work(index)
            done[index] += 1

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return sum(done)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    parser.add_argument("--writers", type=int, default=16)
    parser.add_argument("--admin-url", default="postgresql://postgres@127.0.0.1:5432/postgres")
    args = parser.parse_args()
    name = f"sl_bench_{secrets.token_hex(4)}"
    with psycopg.connect(args.admin_url, autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    url = args.admin_url.rsplit("/", 1)[0] + f"/{name}"
    try:
        app = open_ledger(parse_database_url(url))
        now = datetime.now(UTC) - timedelta(hours=1)
        state = app.mapper.to_stored_event(access(now).collect_events()[0]).state

        single = run(
            args.writers, args.seconds, lambda i: app.append(access(now, subject=subject(i)))
        )
        committer = GroupCommitter(app)
        grouped = run(
            args.writers,
            args.seconds,
            lambda i: committer.append(Group((access(now, subject=subject(i)),))),
        )
        committer.close()
        per_tx = committer.appends / max(committer.batches, 1)

        with psycopg.connect(url, autocommit=True) as raw:
            raw.execute("CREATE TABLE raw_rows (id bigserial PRIMARY KEY, topic text, state bytea)")
        lock = threading.Lock()
        connections = [psycopg.connect(url) for _ in range(args.writers)]

        def raw_commit(i: int) -> None:
            conn = connections[i]
            conn.execute("INSERT INTO raw_rows (topic, state) VALUES (%s, %s)", ("t", state))
            conn.commit()

        raw_single = run(args.writers, args.seconds, raw_commit)
        batch = max(int(per_tx), 1)
        sent = [0]

        def raw_batch(i: int) -> None:
            conn = connections[i]
            with conn.cursor() as cur:
                cur.executemany(
                    "INSERT INTO raw_rows (topic, state) VALUES (%s, %s)", [("t", state)] * batch
                )
            conn.commit()
            with lock:
                sent[0] += batch - 1

        raw_batched = run(args.writers, args.seconds, raw_batch) + sent[0]
        for conn in connections:
            conn.close()
    finally:
        with psycopg.connect(args.admin_url, autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    s = args.seconds
    print(f"PostgreSQL appends, {args.writers} writer threads, {s:g} s each")
    print(f"  ledger, one commit per append      {single / s:>9,.0f} /s")
    print(
        f"  ledger, group commit               {grouped / s:>9,.0f} /s  ({per_tx:.1f} per commit)"
    )
    print(f"  raw psycopg, one commit per row    {raw_single / s:>9,.0f} /s")
    print(f"  raw psycopg, batches of {batch:<3}        {raw_batched / s:>9,.0f} /s")
    print(f"  group commit / one commit per append: {grouped / single:.1f}x")
    print(f"  group commit / raw batches of the same size: {grouped / raw_batched:.0%}")


if __name__ == "__main__":
    main()
