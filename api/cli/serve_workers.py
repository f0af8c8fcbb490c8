"""`serve --workers N`: what each of uvicorn's N server processes builds for itself.

uvicorn starts every worker process afresh (the ``spawn`` method) and calls
:func:`app_from_environment` in it, so everything a worker needs travels in
the environment, under the same ``LEDGER_*`` names the ``serve`` options
read. Each process opens its own service and its own group committer; all of
them append to the one chain (its write lock serialises linking across
processes). Exactly one of them at a time, the holder of the leader lock
(:mod:`api.service.leadership`), keeps the read models current, writes the
heartbeat and signs checkpoints; the others' readers wait for the read models,
as they do behind a separate ``projections run`` worker. Their metrics are
prometheus_client's multi-process kind, in a directory the supervising process
makes for them (:func:`shared_metrics`), so a scrape adds them all up.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import tempfile
from collections.abc import AsyncIterator, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from fastapi import FastAPI

#: Seconds between the leader's looks at the log (a lone `serve` checks every 0.2 s).
READER_WAIT_INTERVAL = 0.05
#: The factory uvicorn imports in each worker process.
FACTORY = "api.cli.serve_workers:app_from_environment"


@dataclass(frozen=True)
class ServeOptions:
    """The `serve` options every worker process needs, as the environment carries them."""

    projector_mode: str
    group_commit: bool
    max_body_bytes: int
    checkpoint_entries: int
    checkpoint_seconds: float
    ready_max_lag: int
    worker_timeout: float

    def environ(self) -> dict[str, str]:
        return {
            "LEDGER_PROJECTIONS": self.projector_mode,
            "LEDGER_GROUP_COMMIT": "true" if self.group_commit else "false",
            "LEDGER_MAX_BODY_BYTES": str(self.max_body_bytes),
            "LEDGER_CHECKPOINT_ENTRIES": str(self.checkpoint_entries),
            "LEDGER_CHECKPOINT_SECONDS": repr(self.checkpoint_seconds),
            "LEDGER_READY_MAX_LAG": str(self.ready_max_lag),
            "LEDGER_WORKER_TIMEOUT": repr(self.worker_timeout),
        }

    @classmethod
    def from_environ(cls, env: Mapping[str, str]) -> ServeOptions:
        # Written by `serve` itself (ServeOptions.environ) after typer checked them.
        return cls(
            projector_mode=env["LEDGER_PROJECTIONS"],
            group_commit=env["LEDGER_GROUP_COMMIT"] == "true",
            max_body_bytes=int(env["LEDGER_MAX_BODY_BYTES"]),
            checkpoint_entries=int(env["LEDGER_CHECKPOINT_ENTRIES"]),
            checkpoint_seconds=float(env["LEDGER_CHECKPOINT_SECONDS"]),
            ready_max_lag=int(env["LEDGER_READY_MAX_LAG"]),
            worker_timeout=float(env["LEDGER_WORKER_TIMEOUT"]),
        )


@contextlib.contextmanager
def shared_metrics() -> Iterator[Path]:
    """A fresh directory for the workers' counters, named in the environment they inherit.

    prometheus_client reads the variable when a worker first imports it, and
    then keeps each counter and histogram in a file there, one per process;
    /metrics adds the files up (api/http/health.py). Made new for each server
    (counters start from zero when it starts, as Prometheus expects), and
    removed when it stops. A worker uvicorn replaces leaves its file behind,
    so nothing it counted drops out of the totals.
    """
    from api.http.health import MULTIPROCESS_DIRECTORY

    directory = Path(tempfile.mkdtemp(prefix="sharing-ledger-metrics-"))
    os.environ[MULTIPROCESS_DIRECTORY] = str(directory)
    try:
        yield directory
    finally:
        del os.environ[MULTIPROCESS_DIRECTORY]
        shutil.rmtree(directory, ignore_errors=True)


def app_from_environment() -> FastAPI:
    """One worker process's application: its service, committer and leadership loop."""
    import structlog

    from api.background import Leadership, Loop, checkpointer, heartbeat, projector
    from api.http.app import create_app
    from api.logging import configure_logging
    from api.service import log_signing
    from api.service.composition import open_service
    from api.service.group_commit import GroupCommitter
    from api.service.leadership import leader_lock
    from ledger.storage.config import location_from_env

    log_format = os.environ.get("LEDGER_LOG_FORMAT", "auto")
    configure_logging(
        "console" if log_format == "console" else "json" if log_format == "json" else "auto",
        os.environ.get("LEDGER_LOG_LEVEL") or "INFO",
    )
    options = ServeOptions.from_environ(os.environ)
    location = location_from_env(os.environ)
    svc = open_service(location)
    signer = log_signing.load_log_signer(os.environ)
    svc.worker_timeout = options.worker_timeout
    project = options.projector_mode == "inline" and not svc.external_projector
    # Every process's readers wait for the read models (kept by the leader, or by
    # a separate worker), and /readyz wants the heartbeat of whoever keeps them.
    svc.external_projector = svc.worker_required = True

    def duties() -> list[Loop]:
        # Readers in every process wait for this loop (none projects in-request, as a lone
        # inline process does): poll often, so a read after a write waits little.
        loops = (
            [projector(svc.runner, READER_WAIT_INTERVAL).start(), heartbeat(svc.runner).start()]
            if project
            else []
        )
        if signer is not None:
            loops.append(
                checkpointer(
                    svc.app,
                    signer,
                    every_entries=options.checkpoint_entries,
                    every_seconds=options.checkpoint_seconds,
                    clock=svc.clock,
                ).start()
            )
        return loops

    leadership = Leadership(leader_lock(location), duties).start()
    committer = GroupCommitter(svc.app) if options.group_commit else None
    app = create_app(
        svc,
        committer=committer,
        max_body_bytes=options.max_body_bytes,
        max_projection_lag=options.ready_max_lag,
    )
    started = app.router.lifespan_context

    @contextlib.asynccontextmanager
    async def lifespan(asgi: FastAPI) -> AsyncIterator[None]:
        async with started(asgi):
            yield
        # Shutting down: hand the lock on, flush the committer, close the store.
        leadership.stop()
        if committer is not None:
            committer.close()
            structlog.get_logger().info(
                "group_commit.stats", appends=committer.appends, transactions=committer.batches
            )
        svc.close()

    app.router.lifespan_context = lifespan
    structlog.get_logger().info("serve.worker.started", pid=os.getpid())
    return app
