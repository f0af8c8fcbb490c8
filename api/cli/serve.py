"""`sharing-ledger serve` and `sharing-ledger projections run`."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli import serve_workers
from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors
from api.cli.serve_workers import ServeOptions
from api.cli.settings import Settings, service

if TYPE_CHECKING:
    from api.service.composition import Service

# api.service.composition's, repeated: importing it here would load the service for `--help`.
DEFAULT_WORKER_TIMEOUT = 10.0


def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option(envvar="LEDGER_HOST")] = "127.0.0.1",
    port: Annotated[int, typer.Option(envvar="LEDGER_PORT", min=1, max=65535)] = 8080,
    projector_mode: Annotated[
        str,
        typer.Option(
            "--projections",
            envvar="LEDGER_PROJECTIONS",
            help="inline: follow the log in this process; worker: a separate "
            "'sharing-ledger projections run' does, and reads wait for it.",
        ),
    ] = "inline",
    group_commit: Annotated[
        bool, typer.Option(envvar="LEDGER_GROUP_COMMIT", help="Share commits between requests.")
    ] = True,
    max_body_bytes: Annotated[int, typer.Option(envvar="LEDGER_MAX_BODY_BYTES", min=1024)] = 1
    << 20,
    checkpoint_entries: Annotated[
        int, typer.Option(envvar="LEDGER_CHECKPOINT_ENTRIES", min=1, help="Sign every N entries.")
    ] = 10_000,
    checkpoint_seconds: Annotated[
        float,
        typer.Option(envvar="LEDGER_CHECKPOINT_SECONDS", min=1, help="...or every T seconds."),
    ] = 300.0,
    ready_max_lag: Annotated[
        int,
        typer.Option(
            envvar="LEDGER_READY_MAX_LAG", min=0, help="/readyz: entries a read model may trail by."
        ),
    ] = 1000,
    worker_timeout: Annotated[
        float,
        typer.Option(
            envvar="LEDGER_WORKER_TIMEOUT",
            min=1,
            help="With --projections worker: seconds without the worker's heartbeat before "
            "/readyz and reports answer 503.",
        ),
    ] = DEFAULT_WORKER_TIMEOUT,
    workers: Annotated[
        int | None,
        typer.Option(
            envvar="LEDGER_WORKERS",
            min=1,
            help="Server processes taking requests; one of them at a time keeps the read "
            "models and signs (docs/scaling.md §8). [default: 1]",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (and, by default, keep the read models current in the same process)."""
    import structlog
    import uvicorn

    from api.background import checkpointer, heartbeat, projector
    from api.http.app import create_app
    from api.service import log_signing
    from api.service.group_commit import GroupCommitter
    from api.service.oidc_settings import oidc_settings

    if projector_mode not in ("inline", "worker"):
        raise fail("--projections must be inline or worker", EXIT_BAD_INPUT)
    with one_line_errors():
        # Settings first: a wrong one stops serve in one line, before the store is opened.
        oidc_settings(os.environ)
        signer = log_signing.load_log_signer(os.environ)
        svc = service(ctx)
    # One process unless asked: measured here (docs/performance.md, http-workers), two
    # processes recorded single entries no faster than one on SQLite and about a fifth
    # faster on PostgreSQL, the chain's write lock being the ceiling (docs/scaling.md §8).
    # deploy/ asks for two: reads, the console and the public tiles gain from the second.
    processes = workers or 1
    if processes > 1:
        options = ServeOptions(
            projector_mode,
            group_commit,
            max_body_bytes,
            checkpoint_entries,
            checkpoint_seconds,
            ready_max_lag,
            worker_timeout,
        )
        _serve_workers(ctx, svc, host, port, processes, options)
        return
    svc.worker_required = projector_mode == "worker"
    svc.worker_timeout = worker_timeout
    svc.external_projector = svc.external_projector or svc.worker_required
    committer = GroupCommitter(svc.app) if group_commit else None
    loops = (
        []
        if svc.external_projector
        else [projector(svc.runner).start(), heartbeat(svc.runner).start()]
    )
    if signer is not None:
        loops.append(
            checkpointer(
                svc.app,
                signer,
                every_entries=checkpoint_entries,
                every_seconds=checkpoint_seconds,
                clock=svc.clock,
            ).start()
        )
    app = create_app(
        svc,
        committer=committer,
        max_body_bytes=max_body_bytes,
        max_projection_lag=ready_max_lag,
    )
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    structlog.get_logger().info(
        "serve.starting",
        host=host,
        port=port,
        projections=projector_mode,
        signing=signer is not None,
        # Where to go next, at the default level: the API, its documentation, the console.
        api=f"{base}/v1",
        docs=f"{base}/v1/docs",
        console=f"{base}/console/",
        metrics=f"{base}/metrics",
    )
    try:
        # log_config=None: our structlog lines are the access log; uvicorn's would repeat them.
        uvicorn.run(app, host=host, port=port, log_config=None, access_log=False)
    finally:
        for loop in loops:
            loop.stop()
        if committer is not None:
            committer.close()
            structlog.get_logger().info(
                "group_commit.stats", appends=committer.appends, transactions=committer.batches
            )


def _serve_workers(
    ctx: typer.Context,
    svc: Service,
    host: str,
    port: int,
    processes: int,
    options: ServeOptions,
) -> None:
    """Run ``processes`` uvicorn workers, each building its app from the environment."""
    import structlog
    import uvicorn

    from ledger.storage.config import SQLiteLocation

    settings: Settings = ctx.obj
    location = settings.location()
    # This process only supervises: opening the service here checked the settings
    # (in one line, before any worker starts); each worker opens its own.
    del svc
    os.environ.update(options.environ())
    # Where the ledger is, as this process resolved it (options may have named it).
    if settings.database_url:
        os.environ["LEDGER_DATABASE_URL"] = settings.database_url
    elif isinstance(location, SQLiteLocation):
        os.environ["LEDGER_DATA_DIR"] = str(location.path.parent)
    base = f"http://{f'[{host}]' if ':' in host else host}:{port}"
    structlog.get_logger().info(
        "serve.starting",
        host=host,
        port=port,
        workers=processes,
        projections=options.projector_mode,
        api=f"{base}/v1",
        docs=f"{base}/v1/docs",
        console=f"{base}/console/",
        metrics=f"{base}/metrics",
    )
    with serve_workers.shared_metrics():
        uvicorn.run(
            serve_workers.FACTORY,  # read now: bench/http_server.py names its own
            factory=True,
            workers=processes,
            host=host,
            port=port,
            log_config=None,
            access_log=False,
        )


def projections_run(
    ctx: typer.Context,
    interval: Annotated[float, typer.Option(min=0.05, help="Seconds between polls.")] = 0.2,
) -> None:
    """Follow the log and keep every read model current, until stopped (a separate worker)."""
    import structlog

    from api.background import heartbeat, projector

    with one_line_errors():
        svc = service(ctx)
    loop = projector(svc.runner, interval).start()
    beating = heartbeat(svc.runner).start()
    structlog.get_logger().info("projections.worker.started")
    try:
        loop.stopped.wait()
    except KeyboardInterrupt:
        loop.stop()
        beating.stop()
