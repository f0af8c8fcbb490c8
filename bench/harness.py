"""What every benchmark shares: a figure beside its baseline, and scratch PostgreSQL databases.

A benchmark measures the ledger doing something and, in the same run on the
same machine, a baseline doing the physical minimum of the same work (raw
inserts of the same rows, a bare hashlib loop over the same bytes). It
reports each as a :class:`Figure`; :func:`show` prints them and
:func:`save` appends them, as JSON lines, to the results file the suite
turns into ``docs/performance.md``. No figure is ever asserted in a test.
"""

from __future__ import annotations

import json
import os
import platform
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from uuid import UUID

import httpx
import psycopg
from eventsourcing.domain import Aggregate

from ledger.application import LedgerApplication
from ledger.integrity.chain import entry_digest

ROOT = Path(__file__).resolve().parents[1]
# Written by a run, not kept in git. A quick run (./dev bench --quick) records
# elsewhere (bench/quick/), so that its small-size figures never replace a full
# run's in docs/performance.md.
RESULTS_ENV = "LEDGER_BENCH_RESULTS"
RESULTS = Path(os.environ.get(RESULTS_ENV) or ROOT / "bench" / "results.jsonl")
ADMIN_URL_ENV = "LEDGER_BENCH_ADMIN_URL"
DEFAULT_ADMIN_URL = "postgresql://postgres@127.0.0.1:5432/postgres"


@dataclass(frozen=True, slots=True)
class Figure:
    """One measured figure, its baseline from the same run, and the target it is held to.

    ``higher_is_better`` says which way the ratio should go: rates (entries/s)
    are better higher, latencies (ms) lower. ``target_ratio`` is the benchmark's
    target as a fraction of the baseline (0.5 for "at least 50% of raw"), or
    ``target_value`` an absolute one (20,000 entries/s; 20 ms p99).
    """

    benchmark: str  # e.g. "append-postgres"
    measure: str  # what was measured, in words: "group commit, 16 writers"
    value: float
    unit: str  # "entries/s", "ms", "MiB"
    baseline: str | None = None  # what the baseline did, in words
    baseline_value: float | None = None
    size: int | None = None  # ledger entries, where the figure depends on it
    store: str | None = None  # "sqlite" | "postgres"
    higher_is_better: bool = True
    target_ratio: float | None = None
    target_value: float | None = None

    @property
    def ratio(self) -> float | None:
        """value / baseline_value, where there is a baseline."""
        if not self.baseline_value:  # None, or a zero baseline
            return None
        return self.value / self.baseline_value

    @property
    def met(self) -> bool | None:
        """Whether the target holds; None where no target is set."""
        checks = []
        if self.target_ratio is not None and self.ratio is not None:
            checks.append(self.ratio >= self.target_ratio)
        if self.target_value is not None:
            checks.append(
                self.value >= self.target_value
                if self.higher_is_better
                else self.value <= self.target_value
            )
        return all(checks) if checks else None

    def line(self) -> str:
        """One human line: value, baseline, ratio, target."""
        text = f"{self.benchmark:<22} {self.measure:<48} {_number(self.value):>12} {self.unit}"
        if self.size is not None:
            text += f"  @ {self.size:,} entries"
        if self.baseline is not None and self.baseline_value is not None:
            text += f"\n{'':<22} {'vs ' + self.baseline:<48} {_number(self.baseline_value):>12}"
            text += f" {self.unit}  ratio {self.ratio:.2f}"
        if self.met is not None:
            text += f"  target {'met' if self.met else 'NOT met'}"
        return text


def _number(value: float) -> str:
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.3g}"


def timings(call: Callable[[Any], object], arguments: Sequence[Any], calls: int) -> list[float]:
    """Milliseconds per call, cycling through ``arguments``; two warm-up calls first."""
    for argument in arguments[:2]:
        call(argument)
    spent = []
    for index in range(calls):
        argument = arguments[index % len(arguments)]
        started = time.perf_counter()
        call(argument)
        spent.append((time.perf_counter() - started) * 1000)
    return spent


def percentile(values: Sequence[float], q: int) -> float:
    """The q-th percentile (1-99) of ``values``."""
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1]


def latencies(  # noqa: PLR0913 - keyword-only fields of the Figures it makes, as Figure has
    benchmark: str,
    measure: str,
    spent: Sequence[float],
    *,
    size: int,
    store: str,
    where: str | None = None,
    baseline: tuple[str, Sequence[float]] | None = None,
    target_ms: float | None = None,
) -> list[Figure]:
    """The p50 and p99 of ``spent`` (ms, from :func:`timings`), the target held to the p99.

    ``baseline``: what it is, in words, and its own timings, compared
    percentile by percentile; ``where``: how it was called ("HTTP").
    """
    suffix = f", {where}" if where else ""
    return [
        Figure(
            benchmark=benchmark,
            measure=f"{measure}, p{q}{suffix}",
            value=percentile(spent, q),
            unit="ms",
            baseline=None if baseline is None else baseline[0],
            baseline_value=None if baseline is None else percentile(baseline[1], q),
            size=size,
            store=store,
            higher_is_better=False,
            target_value=target_ms if q == 99 else None,
        )
        for q in (50, 99)
    ]


def machine() -> dict[str, str]:
    """What the figures were measured on, for the results table."""
    cpus = os.cpu_count() or 0
    return {
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "cpus": str(cpus),
        "date": datetime.now(UTC).date().isoformat(),
    }


def seal_encode_digest(app: LedgerApplication, aggregate: Aggregate) -> bytes:
    """The per-entry work any append does before storage: seal, encode, digest.

    Sealing the free text (AES-256-GCM), encoding the event (JSON) and its
    §3 digest: no database, no chain, no Merkle tree. Run in a loop it is the
    floor an append's rate cannot pass in this process, whatever the store.
    """
    stored = app.mapper.to_stored_event(app.seal(aggregate, aggregate.pending_events[0]))
    oid = stored.originator_id
    return entry_digest(
        oid if isinstance(oid, UUID) else UUID(oid),
        stored.originator_version,
        stored.topic,
        stored.state,
    )


def peak_rss_mib() -> float:
    """This process image's peak resident set, MiB: VmHWM, which a new program starts afresh.

    Not ``ru_maxrss``: Linux keeps that across fork and exec, so a child started by a
    benchmark that already holds much (a hashlib sample, a verified ledger) reports the
    benchmark's peak, not its own (it gave the same 809 MiB at 100,000 and a million
    entries on 2026-12-06).
    """
    for line in Path("/proc/self/status").read_text(encoding="ascii").splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    msg = "no VmHWM in /proc/self/status"
    raise RuntimeError(msg)


def show(figures: Sequence[Figure]) -> None:
    for figure in figures:
        print(figure.line(), flush=True)


def save(figures: Sequence[Figure], command: str, path: Path = RESULTS) -> None:
    """Append the figures, with the command that produced them and the machine, as JSON lines."""
    with path.open("a", encoding="utf-8") as out:
        for figure in figures:
            row = {**asdict(figure), "ratio": figure.ratio, "met": figure.met}
            out.write(json.dumps({**row, "command": command, **machine()}) + "\n")


def admin_url() -> str:
    return os.environ.get(ADMIN_URL_ENV, DEFAULT_ADMIN_URL)


@contextmanager
def scratch_database(prefix: str = "sl_bench") -> Iterator[str]:
    """A fresh PostgreSQL database for the duration; yields its URL, drops it after."""
    name = f"{prefix}_{secrets.token_hex(4)}"
    admin = admin_url()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield admin.rsplit("/", 1)[0] + f"/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# -- A real `sharing-ledger` process ---------------------------------------------------------
def ledger_process_env(settings: dict[str, str]) -> dict[str, str]:
    """This process's environment, less any LEDGER_ setting, plus ``settings``; quiet logs."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("LEDGER_")}
    return env | {"LEDGER_LOG_LEVEL": "WARNING"} | settings


def cli(env: dict[str, str], *args: str) -> str:
    """Run ``sharing-ledger ARGS``; its standard output, or exit naming the failed command."""
    done = subprocess.run(
        [sys.executable, "-m", "api.cli", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    if done.returncode != 0:
        sys.exit(f"bench: sharing-ledger {' '.join(args)} failed:\n{done.stderr}")
    return done.stdout


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serving(
    env: dict[str, str], command: Sequence[str], seconds: float = 120
) -> Iterator[tuple[int, str]]:
    """``python COMMAND --port P`` on a free port, once /healthz answers: its pid and base URL.

    Exits with the server's output if it does not answer within ``seconds``
    (a million-entry ledger can take a while to open).
    """
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryFile() as log:
        process = subprocess.Popen(
            [sys.executable, *command, "--port", str(port)],
            env=env,
            cwd=ROOT,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            if not _answers(process, base, seconds):
                log.seek(0)
                sys.exit(f"bench: the server did not start:\n{log.read().decode()}")
            yield process.pid, base
        finally:
            process.terminate()
            process.wait(timeout=30)


def _answers(process: subprocess.Popen[bytes], base: str, seconds: float) -> bool:
    """Whether the server answers /healthz within ``seconds`` (False as soon as it exits)."""
    stop = time.monotonic() + seconds
    while time.monotonic() < stop and process.poll() is None:
        try:
            httpx.get(f"{base}/healthz", timeout=1).raise_for_status()
        except httpx.HTTPError:
            time.sleep(0.1)
        else:
            return True
    return False
