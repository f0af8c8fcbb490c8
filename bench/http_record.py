"""Recording over HTTP, 16 concurrent clients: against a trivial endpoint, and without group commit.

The load comes from `wrk`, a C load generator, so that the client takes as
little as possible of the CPU the server needs (a Python client on a 2-core
machine took about half of it). wrk keeps 16 connections busy (one request
in flight on each, a new one as soon as the reply arrives) for the given
seconds, from 2 threads; a Lua script sets the POST, its body and headers,
counts the replies by status, and prints requests, duration and latency
percentiles for this script to read. Any reply other than 201, or any
socket error, fails the run: nothing but a recorded entry counts.

Each mode runs its own `sharing-ledger serve` (bench/http_server.py: the
serve command exactly, plus ``POST /bench/noop``) on a fresh PostgreSQL
database with a source-system principal:

* group commit (serve's default): the trivial endpoint, then single
  entries (``POST /v1/accesses``), then batches of 10 (``POST /v1/batch``);
* ``--no-group-commit``, one commit per request: single entries and batches.

Bodies are the test factories' access commands without a ``source_ref``
(it is optional), so the same body sent again is a new entry and no two
requests collide; every entry, and so every request, does the full work.

Figures: recording's requests/s against the trivial endpoint's, on the same
server with the same settings, middleware and uvicorn (how close recording
comes to the server's own ceiling; no target); batches' entries/s against
single entries'; group commit against one commit per request, for single
entries and for batches (target: several times, 3x); p99 latency, group
commit against one commit per request. Each run also prints the committer's
requests per transaction (from /metrics) and where the CPU went: the
server process, PostgreSQL (all its processes, whoever they serve), wrk, and
anything else running on the machine (another benchmark lowers every figure;
this shows it). Usage:

    .venv/bin/python bench/http_record.py [--seconds 10] [--clients 16] [--no-save]
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from harness import (  # noqa: E402
    Figure,
    cli,
    ledger_process_env,
    save,
    scratch_database,
    serving,
    show,
)

from tests.support.factories import access_command, subject  # noqa: E402

BENCHMARK = "http-record"
BATCH_SIZE = 10
WRK_THREADS = 2
NOOP_PATH = "/bench/noop"  # bench/http_server.py's trivial route
TRIVIAL, SINGLE, BATCH = "trivial endpoint", "single entry", f"batch of {BATCH_SIZE}"

# wrk's Lua script; the %(...)s fields are filled per run. Each thread counts its
# replies by status in its own Lua state; done() runs in the main state, gathers
# the threads' counts (thread:get copies a global across), and prints one
# "bench ..." line per fact for parse_wrk.
LUA = """
wrk.method = "POST"
wrk.body = [==[%(body)s]==]
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer %(key)s"

local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  statuses = {}
end

function response(status, headers, body)
  statuses[status] = (statuses[status] or 0) + 1
end

function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("bench requests %%d\\n", summary.requests))
  io.write(string.format("bench duration_us %%d\\n", summary.duration))
  io.write(string.format("bench socket_errors %%d\\n", e.connect + e.read + e.write + e.timeout))
  io.write(string.format("bench p50_us %%d\\n", latency:percentile(50)))
  io.write(string.format("bench p99_us %%d\\n", latency:percentile(99)))
  for _, thread in ipairs(threads) do
    for status, count in pairs(thread:get("statuses")) do
      io.write(string.format("bench status %%d %%d\\n", status, count))
    end
  end
end
"""


@dataclass(frozen=True, slots=True)
class Run:
    """One wrk run: what it sent and what came back."""

    requests: int
    seconds: float
    p50_ms: float
    p99_ms: float
    entries_per_request: int
    per_commit: float | None  # committer requests per transaction, where it has one
    cpu: str  # where the CPU went, in words

    @property
    def rate(self) -> float:
        return self.requests / self.seconds

    @property
    def entry_rate(self) -> float:
        return self.rate * self.entries_per_request

    def latency(self) -> str:
        return f"p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms"


@dataclass(frozen=True, slots=True)
class Target:
    """A running server and the source system's key for it."""

    pid: int
    base: str  # http://127.0.0.1:port
    key: str


# -- wrk ------------------------------------------------------------------------------------
def find_wrk() -> str:
    """wrk's path; installs the Debian package once if it is missing, or exits saying why."""
    found = shutil.which("wrk")
    if found:
        return found
    apt = shutil.which("apt-get")
    if apt is not None and os.geteuid() == 0:
        print("wrk not found: apt-get install -y -qq wrk", flush=True)
        done = subprocess.run([apt, "install", "-y", "-qq", "wrk"], check=False)
        found = shutil.which("wrk")
        if done.returncode == 0 and found:
            return found
    sys.exit("http_record: needs wrk, the HTTP load generator (apt-get install wrk); not found")


def run_wrk(wrk: str, url: str, script: str, clients: int, seconds: float) -> dict[str, Any]:
    """Run wrk against ``url`` with ``script``; its figures, or an exit naming what failed."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as lua:
        lua.write(script)
    try:
        argv = [wrk, "-t", str(WRK_THREADS), "-c", str(clients), "-d", f"{seconds:g}s"]
        done = subprocess.run(
            [*argv, "--timeout", "10s", "-s", lua.name, url],
            capture_output=True,
            text=True,
            check=False,
        )
    finally:
        Path(lua.name).unlink()
    if done.returncode != 0:
        sys.exit(f"http_record: wrk failed on {url}: {done.stderr.strip() or done.stdout.strip()}")
    return parse_wrk(done.stdout, url)


def parse_wrk(output: str, url: str) -> dict[str, Any]:
    """The script's "bench ..." lines as figures; exits if any reply was not a 201."""
    facts: dict[str, Any] = {"statuses": {}}
    for line in output.splitlines():
        words = line.split()
        if len(words) < 3 or words[0] != "bench":
            continue
        if words[1] == "status":
            status = int(words[2])  # one line per wrk thread
            facts["statuses"][status] = facts["statuses"].get(status, 0) + int(words[3])
        else:
            facts[words[1]] = int(words[2])
    if "requests" not in facts:
        sys.exit(f"http_record: could not read wrk's output for {url}:\n{output}")
    statuses: dict[int, int] = facts["statuses"]
    wrong = {status: count for status, count in statuses.items() if status != 201}
    if wrong or facts["socket_errors"]:
        sys.exit(
            f"http_record: {url} answered other than 201 {wrong or ''}"
            f" with {facts['socket_errors']} socket errors; not a throughput figure\n{output}"
        )
    if sum(statuses.values()) < facts["requests"]:
        sys.exit(f"http_record: wrk counted more requests than replies on {url}\n{output}")
    return facts


def lua_script(body: object, key: str) -> str:
    text = json.dumps(body)
    if "]==]" in text:
        sys.exit("http_record: the body would end the Lua string early")
    return LUA % {"body": text, "key": key}


# -- The server -------------------------------------------------------------------------------
def metrics(base: str) -> dict[str, float]:
    """The unlabelled figures of /metrics (committer counters, ledger size)."""
    text = httpx.get(f"{base}/metrics", timeout=30).text
    found: dict[str, float] = {}
    for line in text.splitlines():
        name, _, value = line.partition(" ")
        if name.startswith("sharing_ledger_") and "{" not in name and value:
            found[name] = float(value)
    return found


# -- CPU ---------------------------------------------------------------------------------------
def process_cpu(pid: int) -> float:
    """CPU seconds (user + system) a live process has used, from /proc; 0 once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return 0.0
    fields = stat.rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def tree_cpu(pid: int) -> float:
    """CPU seconds of a live process and its live descendants (serve --workers N's workers)."""
    parents: dict[int, int] = {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            parents[int(stat.parent.name)] = int(stat.read_text().rsplit(")", 1)[1].split()[1])
        except (OSError, ValueError, IndexError):
            continue
    tree, grown = {pid}, True
    while grown:
        more = {child for child, parent in parents.items() if parent in tree} - tree
        tree |= more
        grown = bool(more)
    return sum(process_cpu(p) for p in tree)


def postgres_cpu() -> float:
    """CPU seconds used by the PostgreSQL processes alive now (server, backends, walwriter...)."""
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            text = stat.read_text()
        except OSError:
            continue
        if text.split("(", 1)[1].rsplit(")", 1)[0] == "postgres":
            total += process_cpu(int(stat.parent.name))
    return total


def machine_cpu() -> float:
    """CPU seconds the whole machine has been busy (not idle, not waiting on I/O)."""
    ticks = [int(t) for t in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    return (sum(ticks[:8]) - ticks[3] - ticks[4]) / os.sysconf("SC_CLK_TCK")


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# -- One measurement ---------------------------------------------------------------------------
def measure(wrk: str, target: Target, path: str, body: object, args: argparse.Namespace) -> Run:
    """One request by hand (a 201 with the entries expected), then wrk for the run."""
    pid, base, key = target.pid, target.base, target.key
    headers = {"Authorization": f"Bearer {key}"}
    reply = httpx.post(f"{base}{path}", json=body, headers=headers, timeout=30)
    if reply.status_code != 201:
        sys.exit(f"http_record: POST {path} answered {reply.status_code}: {reply.text}")
    expected = len(reply.json()["entries"])

    before = metrics(base)
    cpu = (tree_cpu(pid), children_cpu(), postgres_cpu(), machine_cpu(), time.monotonic())
    load = os.getloadavg()[0]
    facts = run_wrk(wrk, f"{base}{path}", lua_script(body, key), args.clients, args.seconds)
    wall = time.monotonic() - cpu[4]
    server_cpu = tree_cpu(pid) - cpu[0]
    wrk_cpu = children_cpu() - cpu[1]
    pg_cpu = postgres_cpu() - cpu[2]
    rest_cpu = machine_cpu() - cpu[3] - server_cpu - wrk_cpu - pg_cpu
    after = metrics(base)

    per_commit = None
    # /metrics adds up every worker's counters, whichever process answers the scrape.
    requests = "sharing_ledger_group_commit_requests_total"
    transactions = "sharing_ledger_group_commit_transactions_total"
    if transactions in after and after[transactions] > before[transactions]:
        committed = after[requests] - before[requests]
        per_commit = committed / (after[transactions] - before[transactions])
    recorded = after["sharing_ledger_entries"] - before["sharing_ledger_entries"]
    if recorded < facts["requests"] * expected:
        sys.exit(
            f"http_record: {facts['requests']} replies of {expected} entries on {path}, "
            f"but the ledger grew by {recorded:.0f}"
        )
    return Run(
        requests=facts["requests"],
        seconds=facts["duration_us"] / 1e6,
        p50_ms=facts["p50_us"] / 1000,
        p99_ms=facts["p99_us"] / 1000,
        entries_per_request=expected,
        per_commit=per_commit,
        cpu=(
            f"server {server_cpu / wall:.2f}, PostgreSQL {pg_cpu / wall:.2f}, "
            f"wrk {wrk_cpu / wall:.2f}, anything else {max(rest_cpu, 0) / wall:.2f}"
            f" of {os.cpu_count()} cores; load average {load:.2f} before, "
            f"{os.getloadavg()[0]:.2f} after"
        ),
    )


def report(mode: str, shape: str, run: Run) -> None:
    commits = f", {run.per_commit:.1f} requests/commit" if run.per_commit else ""
    print(
        f"  {mode}, {shape}: {run.rate:,.0f} requests/s, {run.entry_rate:,.0f} entries/s, "
        f"{run.latency()}{commits}\n    cpu: {run.cpu}",
        flush=True,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0, help="each wrk run")
    parser.add_argument("--clients", type=int, default=16, help="wrk connections")
    parser.add_argument("--no-save", action="store_true", help="do not append to results.jsonl")
    parser.add_argument(
        "--only-workers",
        action="store_true",
        help="only serve --workers 2 against --workers 1, on SQLite and PostgreSQL",
    )
    args = parser.parse_args()
    wrk = find_wrk()
    if args.only_workers:
        finish(compare_workers(wrk, args), args)
        return

    occurred = datetime.now(UTC) - timedelta(hours=1)
    single = access_command(occurred, subject=subject(1))
    single.pop("command")
    batch = {"commands": [access_command(occurred, subject=subject(i)) for i in range(BATCH_SIZE)]}
    shapes = {SINGLE: ("/v1/accesses", single), BATCH: ("/v1/batch", batch)}

    runs: dict[tuple[str, str], Run] = {}
    modes: tuple[tuple[str, list[str]], ...] = (
        ("group commit", ["--workers", "1"]),
        ("one commit per request", ["--no-group-commit", "--workers", "1"]),
    )
    print(f"Recording over HTTP: wrk, {args.clients} connections, {args.seconds:g} s per run")
    for mode, extra in modes:
        with scratch_database() as url:
            env = ledger_process_env({"LEDGER_DATABASE_URL": url})
            cli(env, "db", "init")
            created = cli(
                env,
                "principals",
                "create",
                "--name",
                "bench",
                "--role",
                "source-system",
                "--reason",
                "bench",
            )
            key = created.strip().splitlines()[-1]
            with serving(env, [str(ROOT / "bench" / "http_server.py"), *extra]) as (pid, base):
                target = Target(pid, base, key)
                # The trivial endpoint gets the single entry's body, unread.
                wanted = {TRIVIAL: (NOOP_PATH, single)} if mode == "group commit" else {}
                for shape, (path, body) in (wanted | shapes).items():
                    runs[mode, shape] = measure(wrk, target, path, body, args)
                    report(mode, shape, runs[mode, shape])

    group, alone = "group commit", "one commit per request"
    noop = runs[group, TRIVIAL]
    clients = f"{args.clients} clients"

    def named(mode: str, shape: str) -> str:
        run = runs[mode, shape]
        commits = f" ({run.per_commit:.1f}/commit)" if run.per_commit else ""
        return f"{shape}, {mode}{commits}, {clients}"

    trivial = f"trivial endpoint POST {NOOP_PATH}, {clients}"
    figures = [
        Figure(
            benchmark=BENCHMARK,
            measure=named(group, SINGLE),
            value=runs[group, SINGLE].rate,
            unit="requests/s",
            baseline=trivial,
            baseline_value=noop.rate,
            store="postgres",
        ),
        Figure(
            benchmark=BENCHMARK,
            measure=named(group, BATCH),
            value=runs[group, BATCH].rate,
            unit="requests/s",
            baseline=trivial,
            baseline_value=noop.rate,
            store="postgres",
        ),
        Figure(
            benchmark=BENCHMARK,
            measure=named(group, BATCH),
            value=runs[group, BATCH].entry_rate,
            unit="entries/s",
            baseline=named(group, SINGLE),
            baseline_value=runs[group, SINGLE].entry_rate,
            store="postgres",
        ),
    ]
    figures += [
        Figure(
            benchmark=BENCHMARK,
            measure=named(group, shape),
            value=runs[group, shape].rate,
            unit="requests/s",
            baseline=named(alone, shape),
            baseline_value=runs[alone, shape].rate,
            store="postgres",
            target_ratio=3.0,
        )
        for shape in shapes
    ]
    figures += [
        Figure(
            benchmark=BENCHMARK,
            measure=f"p99 latency, {named(group, shape)}",
            value=runs[group, shape].p99_ms,
            unit="ms",
            baseline=f"p99 latency, {named(alone, shape)}",
            baseline_value=runs[alone, shape].p99_ms,
            store="postgres",
            higher_is_better=False,
        )
        for shape in shapes
    ]
    finish(figures + compare_workers(wrk, args), args)


def finish(figures: list[Figure], args: argparse.Namespace) -> None:
    print()
    show(figures)
    if not args.no_save:
        save(figures, " ".join(["bench/http_record.py", *sys.argv[1:]]))


@contextmanager
def fresh_ledger(store: str) -> Iterator[tuple[dict[str, str], str]]:
    """A new empty ledger on ``store`` and a source-system key for it."""
    with contextlib.ExitStack() as stack:
        if store == "postgres":
            url = stack.enter_context(scratch_database())
            env = ledger_process_env({"LEDGER_DATABASE_URL": url})
            cli(env, "db", "init")
        else:
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="sl_bench_"))
            env = ledger_process_env({"LEDGER_DATA_DIR": folder})
        created = cli(
            env, "principals", "create", "--name", "bench", "--role", "source-system",
            "--reason", "bench",
        )  # fmt: skip
        yield env, created.strip().splitlines()[-1]


def compare_workers(wrk: str, args: argparse.Namespace) -> list[Figure]:
    """Single entries, group commit: ``--workers 2`` against ``--workers 1``, same run, both
    stores; the trivial endpoint with each number of workers too (the server's ceiling)."""
    occurred = datetime.now(UTC) - timedelta(hours=1)
    single = access_command(occurred, subject=subject(1))
    single.pop("command")
    runs: dict[tuple[str, int, str], Run] = {}
    print(f"serve --workers 2 against --workers 1: wrk, {args.clients} connections")
    for store in ("sqlite", "postgres"):
        for workers in (1, 2):
            with fresh_ledger(store) as (env, key):
                command = [str(ROOT / "bench" / "http_server.py"), "--workers", str(workers)]
                with serving(env, command) as (pid, base):
                    target = Target(pid, base, key)
                    for shape, path in ((TRIVIAL, NOOP_PATH), (SINGLE, "/v1/accesses")):
                        runs[store, workers, shape] = measure(wrk, target, path, single, args)
                        report(f"{store}, --workers {workers}", shape, runs[store, workers, shape])
    clients = f"{args.clients} clients"
    return [
        Figure(
            benchmark=BENCHMARK,
            measure=f"{shape}, group commit, serve --workers 2, {clients}",
            value=runs[store, 2, shape].rate,
            unit="requests/s",
            baseline=f"{shape}, group commit, serve --workers 1, {clients}",
            baseline_value=runs[store, 1, shape].rate,
            store=store,
            target_ratio=1.7 if shape == SINGLE else None,
        )
        for store in ("sqlite", "postgres")
        for shape in (SINGLE, TRIVIAL)
    ]


if __name__ == "__main__":
    main()
