"""Health, readiness and Prometheus metrics: ``/healthz``, ``/readyz``, ``/metrics``.

These three endpoints are **unauthenticated**, for a load balancer, an
orchestrator and a Prometheus server on the internal network; they reveal
counts, ages and positions, never an entry, a subject or a key. Publish the
API port to the internet only through a proxy that does not route them
(docs/operations.md). They are left out of the OpenAPI document, which
describes the authenticated API.

- ``/healthz``: the process is up and answering (liveness; no database call).
- ``/readyz``: the store is reachable, its schema is the one this code
  understands, no read model is stalled, stale or further behind the ledger
  than the configured lag, and (with ``--projections worker``) the worker's
  heartbeat is recent; otherwise 503 with a problem document naming each
  failed check.
- ``/metrics``: the Prometheus text format, read from the service at scrape
  time (nothing is counted twice, nothing kept at module level): ledger
  size, group-commit requests and transactions, projection lag per read
  model, the latest checkpoint's age and size, checkpoints the signer refused
  (from its state file), the last verification's result and time (from the
  record every verifier writes, api/service/verification_record.py: the
  nightly CLI run as much as the API's), rights requests overdue and
  restrictions breached (from the reports, cached for
  :data:`COMPLIANCE_SECONDS`), requests by route, method and status class with
  their latency, sign-ins by outcome (api/http/traffic.py), and the process's
  own CPU and memory. With ``serve --workers N`` the counters and histograms
  are prometheus_client's multi-process kind, kept in files in
  :data:`MULTIPROCESS_DIRECTORY`, and every scrape adds up every process's,
  whichever process answers; a single process's own figures (CPU, memory,
  the mean commit batch) are then left out, as they would describe one
  process at random.

Call :func:`install` on an app to add them (idempotent), and
:func:`note_verification` where a verification finishes.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psycopg
from eventsourcing.persistence import PersistenceError
from fastapi import APIRouter, FastAPI, Request, status
from fastapi.responses import Response
from prometheus_client import CollectorRegistry, generate_latest
from prometheus_client.metrics_core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.multiprocess import MultiProcessCollector
from prometheus_client.process_collector import ProcessCollector
from prometheus_client.registry import Collector
from starlette.datastructures import State

from api.http.context import HttpState
from api.http.problems import ProblemError
from api.http.traffic import Traffic, commit_counters
from api.service import log_signing, verification_record
from api.service.signer_state import SignerState
from api.service.state_files import StateFileError
from ledger.storage import schema
from ledger.storage.postgres_admin import StoreUnavailable
from ledger.storage.schema import SchemaMismatch
from projections.faults import ReadSideUnavailable
from projections.reports.request_deadlines import request_reports
from projections.reports.restriction_verdicts import all_restrictions

#: The environment variable prometheus_client reads, at import, for its multi-process mode
#: (set by `serve --workers N` for its workers: api/cli/serve_workers.py).
MULTIPROCESS_DIRECTORY = "PROMETHEUS_MULTIPROC_DIR"
#: The classic text format (what generate_latest writes), which every Prometheus version
#: reads; newer clients label it version=1.0.0, which Prometheus 2 does not know.
TEXT_FORMAT = "text/plain; version=0.0.4; charset=utf-8"
#: Entries a read model may trail the ledger by before the service reports itself not ready.
DEFAULT_MAX_PROJECTION_LAG = 1000
#: Seconds the compliance gauges are reused for: reading the reports costs a query per
#: report, and Prometheus may scrape every few seconds from more than one server.
COMPLIANCE_SECONDS = 30.0

# What a store that cannot be used raises, on either backend.
STORE_ERRORS = (PersistenceError, StoreUnavailable, psycopg.Error, sqlite3.Error)

router = APIRouter(tags=["operations"], include_in_schema=False)


Verification = verification_record.VerificationRun


@dataclass(frozen=True, slots=True)
class Compliance:
    """The compliance gauges as last computed, and when (monotonic seconds); None: unknown."""

    overdue_requests: int | None
    breached_restrictions: int | None
    computed_at: float


@dataclass
class HealthState:
    max_projection_lag: int = DEFAULT_MAX_PROJECTION_LAG
    # The last verification this process ran, for a service with no record file.
    last_verification: Verification | None = None
    registry: CollectorRegistry = field(default_factory=CollectorRegistry)
    installed: bool = False
    compliance: Compliance | None = None
    traffic: Traffic = field(init=False)

    def __post_init__(self) -> None:
        self.traffic = Traffic.registered(self.registry)


def install(app: FastAPI, *, max_projection_lag: int = DEFAULT_MAX_PROJECTION_LAG) -> None:
    """Add /healthz, /readyz and /metrics to ``app`` (again: only update the lag allowed)."""
    health = _health(app.state)
    health.max_projection_lag = max_projection_lag
    if health.installed:
        return
    health.registry.register(LedgerCollector(app.state))
    health.registry.register(ProcessCollector(registry=None))
    committer = app.state.http.committer
    if committer is not None and committer.on_commit is None:
        committer.on_commit = commit_counters(health.registry)
    app.include_router(router)
    health.installed = True


def note_verification(
    app: Any, *, ok: bool, size: int | None = None, failure: str | None = None
) -> None:
    """Keep the outcome of a verification for /metrics (``app``: the FastAPI app).

    In the service's record file, where the command line's runs go too, so
    every process's /metrics shows the latest, whoever ran it; in memory as well.
    """
    run = Verification(ok, size, time.time(), "api", failure)
    _health(app.state).last_verification = run
    http: HttpState | None = getattr(app.state, "http", None)
    path = None if http is None else http.service.verification_file
    if path is not None:
        try:
            verification_record.note(path, run)
        except StateFileError as error:
            # The answer to the caller stands; the record's writer is the operator's to fix.
            logging.getLogger(__name__).warning("verification record not written: %s", error)


def _health(state: State) -> HealthState:
    found = getattr(state, "health", None)
    if not isinstance(found, HealthState):
        found = HealthState()
        state.health = found
    return found


# -- Endpoints ----------------------------------------------------------------------------
@router.get("/healthz", summary="Liveness: the process is up")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get("/readyz", summary="Readiness: store reachable, schema understood, read models current")
def readyz(request: Request) -> dict[str, Any]:
    http: HttpState = request.app.state.http
    checks = readiness_checks(http, _health(request.app.state).max_projection_lag)
    failed = {name: outcome for name, outcome in checks.items() if outcome != "ok"}
    if failed:
        raise ProblemError(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            "Not ready",
            "; ".join(f"{name}: {outcome}" for name, outcome in failed.items()),
            type_suffix="not-ready",
            extra={"checks": checks},
            headers={"Retry-After": "5"},
        )
    return {"status": "ready", "checks": checks}


def readiness_checks(http: HttpState, max_lag: int) -> dict[str, str]:
    """Each check's outcome: "ok", or why not (no personal data: counts and names only)."""
    service = http.service
    checks = {"store": "ok", "schema": "ok"}
    try:
        schema.check_schema(service.app.database)
    except SchemaMismatch as mismatch:
        checks["schema"] = str(mismatch)
        return checks
    except STORE_ERRORS as error:
        checks["store"] = f"unreachable ({type(error).__name__}: {_first_line(error)})"
        checks["schema"] = "unknown"
        return checks
    try:
        statuses = service.runner.status()
    except STORE_ERRORS as error:
        checks["read_models"] = f"unreadable ({type(error).__name__}: {_first_line(error)})"
        return checks
    for projection in statuses:
        key = f"read_model.{projection.name}"
        if projection.stall is not None:
            checks[key] = f"{projection.stall.reason()}; rebuild it once the fault is fixed"
        elif projection.stale:
            checks[key] = "stale: its code version changed and a rebuild is due"
        elif projection.lag > max_lag:
            checks[key] = f"{projection.lag} entries behind the ledger (allowed: {max_lag})"
        else:
            checks[key] = "ok"
    if service.worker_required:
        checks["projection_worker"] = _worker_check(http)
    return checks


def _worker_check(http: HttpState) -> str:
    """Whether the separate projection worker has said it is alive, recently enough."""
    service = http.service
    beat = service.runner.heartbeat()
    if beat is None:
        return "no heartbeat from a projection worker yet ('sharing-ledger projections run')"
    if beat.age > service.worker_timeout:
        return (
            f"no heartbeat from the projection worker for {beat.age:.0f} s "
            f"(allowed: {service.worker_timeout:g} s)"
        )
    return "ok"


@router.get("/metrics", summary="Prometheus metrics (text format)")
def metrics(request: Request) -> Response:
    registry = _health(request.app.state).registry
    if os.environ.get(MULTIPROCESS_DIRECTORY):
        # Every process's counters and histograms from their files, added up; then what
        # the store says, which is the same from any process.
        registry = CollectorRegistry()
        # prometheus_client leaves this constructor unannotated.
        MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
        registry.register(LedgerCollector(request.app.state, one_of_several=True))
    return Response(generate_latest(registry), media_type=TEXT_FORMAT)


# -- Metrics ------------------------------------------------------------------------------
class LedgerCollector(Collector):
    """Reads the service at scrape time; one failed read says so instead of failing the scrape."""

    def __init__(self, state: State, *, one_of_several: bool = False) -> None:
        self.state = state
        # One of several server processes: leave out what describes this process alone.
        self.one_of_several = one_of_several

    def describe(self) -> list[Metric]:
        # Nothing to announce at registration: collect() reads the store, which
        # must not happen while the app is being built.
        return []

    def collect(self) -> Iterator[Metric]:
        http: HttpState = self.state.http
        if not self.one_of_several:
            yield from _mean_commit_batch(http)
        yield from _refusal_metrics(http.service.signer_state)
        yield from _verification_metrics(_last_verification(http, _health(self.state)))
        up = GaugeMetricFamily(
            "sharing_ledger_store_up", "1 if the last scrape could read the store, else 0"
        )
        try:
            store_metrics = list(_store_metrics(http))
        except STORE_ERRORS:
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from store_metrics
        yield from _compliance_metrics(http, _health(self.state))


def _mean_commit_batch(http: HttpState) -> Iterator[Metric]:
    committer = http.committer
    if committer is None:
        return
    mean = GaugeMetricFamily(
        "sharing_ledger_group_commit_mean_batch_size",
        "Requests per transaction since this process started",
    )
    mean.add_metric([], committer.appends / committer.batches if committer.batches else 0.0)
    yield mean


def _refusal_metrics(state_file: Path | None) -> Iterator[Metric]:
    """Signatures the signer refused, from its state file (where a CLI run counted them too)."""
    if state_file is None:
        return
    try:
        counts = SignerState(state_file).refusals()
    except StateFileError:
        return  # the signer itself refuses to sign with an unreadable state, loudly
    refusals = CounterMetricFamily(
        "sharing_ledger_checkpoint_refusals",
        "Checkpoints the signer refused to sign because the ledger did not extend one already "
        "signed (against: the signer's own state or the database's largest stored checkpoint)",
        labels=["against", "reason"],
    )
    for label in sorted(set(log_signing.REFUSAL_LABELS) | set(counts)):
        against, _, reason = label.partition("/")
        refusals.add_metric([against, reason], counts.get(label, 0))
    yield refusals


def _last_verification(http: HttpState, health: HealthState) -> Verification | None:
    """The latest of the service's record (any process's run) and this process's own."""
    path = http.service.verification_file
    recorded = None
    if path is not None:
        try:
            recorded = verification_record.last(path)
        except StateFileError:
            recorded = None  # verify itself says so when it next writes; the scrape goes on
    own = health.last_verification
    found = [run for run in (recorded, own) if run is not None]
    return max(found, key=lambda run: run.finished_at) if found else None


def _verification_metrics(last: Verification | None) -> Iterator[Metric]:
    if last is None:
        return
    ok = GaugeMetricFamily(
        "sharing_ledger_verification_ok",
        "1 if the last full verification (the command line's or the API's) passed, "
        "0 if it found tampering",
    )
    ok.add_metric([], 1 if last.ok else 0)
    finished = GaugeMetricFamily(
        "sharing_ledger_verification_timestamp_seconds",
        "When the last full verification finished (Unix time)",
    )
    finished.add_metric([], last.finished_at)
    yield from (ok, finished)
    if last.size is not None:
        size = GaugeMetricFamily(
            "sharing_ledger_verification_entries", "Entries the last passing verification covered"
        )
        size.add_metric([], last.size)
        yield size


def _compliance_metrics(http: HttpState, health: HealthState) -> Iterator[Metric]:
    """Rights requests overdue (Art 12(3)) and restrictions breached (Art 18), from the reports.

    Nothing while the reports cannot be answered (a read model stalled, the
    worker silent or behind): the read-model metrics say why, and an absent
    series is not a reassuring zero. A failed attempt is not retried before
    :data:`COMPLIANCE_SECONDS` either: with a separate worker, reports wait
    (bounded) for it, and a scrape must not wait on every call.
    """
    now = time.monotonic()
    cached = health.compliance
    if cached is None or now - cached.computed_at > COMPLIANCE_SECONDS:
        try:
            context = http.service.reports("requests", "restrictions")
            overdue = request_reports(context, overdue_only=True)
            restrictions = all_restrictions(context)
            cached = Compliance(
                len(overdue), sum(1 for r in restrictions if r.verdict == "breached"), now
            )
        except ReadSideUnavailable:
            cached = Compliance(None, None, now)
        health.compliance = cached
    if cached.overdue_requests is None or cached.breached_restrictions is None:
        return
    requests = GaugeMetricFamily(
        "sharing_ledger_rights_requests_overdue",
        "Rights requests past their Art 12(3) deadline and not answered",
    )
    requests.add_metric([], cached.overdue_requests)
    breached = GaugeMetricFamily(
        "sharing_ledger_restrictions_breached",
        "Restrictions whose verdict is breached (data processed while restricted, unexcused)",
    )
    breached.add_metric([], cached.breached_restrictions)
    yield from (requests, breached)


def _store_metrics(http: HttpState) -> Iterator[Metric]:
    service = http.service
    size = log_signing.tree_size(service.app)
    entries = GaugeMetricFamily(
        "sharing_ledger_entries", "Entries in the ledger (every append ever committed)"
    )
    entries.add_metric([], size)
    yield entries

    lag = GaugeMetricFamily(
        "sharing_ledger_projection_lag_entries",
        "Entries the read model has not applied yet",
        labels=["read_model"],
    )
    stale = GaugeMetricFamily(
        "sharing_ledger_projection_stale",
        "1 if the read model's stored version differs from the code's (a rebuild is due)",
        labels=["read_model"],
    )
    stalled = GaugeMetricFamily(
        "sharing_ledger_read_model_stalled",
        "1 while the read model is stopped on an entry it could not apply (a rebuild clears it)",
        labels=["read_model"],
    )
    failures = CounterMetricFamily(
        "sharing_ledger_read_model_failures",
        "Times the read model has stalled on an entry, ever",
        labels=["read_model"],
    )
    counted = service.runner.store.failures()
    for projection in service.runner.status():
        lag.add_metric([projection.name], projection.lag)
        stale.add_metric([projection.name], 1 if projection.stale else 0)
        stalled.add_metric([projection.name], 0 if projection.stall is None else 1)
        failures.add_metric([projection.name], counted.get(projection.name, 0))
    yield from (lag, stale, stalled, failures)
    beat = service.runner.heartbeat()
    if beat is not None:
        silent = GaugeMetricFamily(
            "sharing_ledger_projector_heartbeat_age_seconds",
            "Seconds since the projection worker (or the serving process) last said it is alive",
        )
        silent.add_metric([], beat.age)
        yield silent

    latest = log_signing.latest(service.app)
    if latest is None:
        return
    issued = datetime.fromisoformat(latest.issued_at)
    age = GaugeMetricFamily(
        "sharing_ledger_checkpoint_age_seconds", "Seconds since the latest checkpoint was signed"
    )
    age.add_metric([], max(0.0, (service.clock() - issued).total_seconds()))
    covered = GaugeMetricFamily(
        "sharing_ledger_checkpoint_entries", "Entries the latest signed checkpoint covers"
    )
    covered.add_metric([], latest.checkpoint.size)
    uncovered = GaugeMetricFamily(
        "sharing_ledger_checkpoint_lag_entries", "Entries appended since the latest checkpoint"
    )
    uncovered.add_metric([], max(0, size - latest.checkpoint.size))
    yield from (age, covered, uncovered)


def _first_line(error: BaseException) -> str:
    lines = [line.strip() for line in str(error).splitlines() if line.strip()]
    return lines[0] if lines else "no detail"
