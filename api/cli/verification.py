"""`sharing-ledger verify`: every hash re-derived from the stored rows, every stored checkpoint
(and ``--against`` one) checked, and with ``--read-models`` the read models compared with a
replay; the outcome recorded where /metrics reads it."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, EXIT_TAMPERED, fail, one_line_errors, read_text
from api.cli.render import out
from api.cli.settings import err, progress_bar, service

if TYPE_CHECKING:
    from api.service.composition import Service
    from api.service.ledger_verification import Verified
    from ledger.application import LedgerApplication


def verify_with_progress(
    app: LedgerApplication, jobs: int | None, range_size: int | None
) -> Verified:
    from api.service.ledger_verification import verify

    head, _ = app.chain.snapshot()
    total = 0 if head is None else head.position + 1
    with progress_bar() as progress:
        task = progress.add_task("Verifying", total=total)

        shown = 0

        def advance(done: int) -> None:
            nonlocal shown
            # Every row in one process, an aggregate a few times a second from workers.
            if done - shown >= 2000 or done == total:
                progress.update(task, completed=done)
                shown = done

        result = verify(app, jobs=jobs, range_size=range_size, progress=advance)
        progress.update(task, completed=result.chain.size)
    return result


def verify(
    ctx: typer.Context,
    against: Annotated[
        Path | None,
        typer.Option(help="A checkpoint issued earlier: check the ledger only grew since."),
    ] = None,
    key: Annotated[
        list[str] | None,
        typer.Option(help="Verifier key(s) to check it with [default: the ledger's own]."),
    ] = None,
    read_models: Annotated[
        bool,
        typer.Option(
            "--read-models",
            help="Also replay the ledger into scratch tables and compare the read models with it.",
        ),
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            min=1,
            help="Worker processes checking ranges of the chain [default: the number of cores]; "
            "1 verifies in this process.",
        ),
    ] = None,
    range_size: Annotated[
        int | None, typer.Option("--range-size", min=1, hidden=True)  # tests: ranges this small
    ] = None,
) -> None:
    """Re-derive every hash from the stored rows; name the first place anything fails.

    Then check the ledger against every checkpoint it has stored, and against
    ``--against`` if given.
    """
    import structlog

    from api.service import checkpoint_checks
    from ledger.integrity.chain import ChainBroken
    from ledger.integrity.tree_audit import TreeBroken

    with one_line_errors():
        svc = service(ctx)
        app = svc.app
        log = structlog.get_logger()
        try:
            verified = verify_with_progress(app, jobs, range_size)
            result, root = verified.chain, verified.root
        except (ChainBroken, TreeBroken) as broken:
            log.warning("verify.failed", failure=type(broken).__name__)
            record_verification(svc, ok=False, failure=type(broken).__name__)
            detail = (
                f"position {broken.position}: {broken.failure.value}: {broken.detail}"
                if isinstance(broken, ChainBroken)
                else str(broken)
            )
            raise fail(f"verification FAILED at {detail}", EXIT_TAMPERED) from None
        log.info("verify.passed", size=result.size)
        out.print(f"OK: {result.size:,} entries verified; head hash {result.head_hash.hex()}")
        out.print(f"Merkle tree verified; root {root.hex()}")
        if against is not None:
            _check_against(app, against, key or [])
        try:
            stored = checkpoint_checks.check_stored(app)
        except checkpoint_checks.CheckpointContradiction as contradiction:
            log.warning("verify.failed", failure="CheckpointContradiction")
            record_verification(svc, ok=False, failure="CheckpointContradiction")
            raise fail(f"verification FAILED: {contradiction}", EXIT_TAMPERED) from None
        out.print(f"Consistent with every checkpoint the ledger has stored ({stored:,}).")
        if read_models:
            _check_read_models(svc)
        record_verification(svc, ok=True, size=result.size)


def record_verification(
    svc: Service, *, ok: bool, size: int | None = None, failure: str | None = None
) -> None:
    """Leave the outcome where /metrics reads it (api/service/verification_record.py)."""
    from api.service import verification_record
    from api.service.state_files import StateFileError

    if svc.verification_file is None:
        return
    run = verification_record.VerificationRun(ok, size, time.time(), "cli", failure)
    try:
        verification_record.note(svc.verification_file, run)
    except StateFileError as error:
        # The verdict above stands (and sets the exit status); the record is a side note.
        err.print(f"sharing-ledger: warning: {error}", markup=False)


def _check_read_models(svc: Service) -> None:
    """The read models against a replay of the ledger (projections/replay_check.py)."""
    import structlog

    from projections.replay_check import check_read_models

    with progress_bar() as progress:
        tasks = {
            "replay": progress.add_task("Replaying into scratch tables", total=None),
            "compare": progress.add_task("Comparing with the read models", total=None),
        }
        checked = check_read_models(
            svc.app,
            svc.runner.projections,
            lambda phase, done, total: progress.update(tasks[phase], completed=done, total=total),
        )
    problem = checked.problem()
    if problem is not None:
        structlog.get_logger().warning("verify.read_models_failed")
        record_verification(svc, ok=False, failure="ReadModelsDiffer")
        raise fail(problem, EXIT_TAMPERED)
    structlog.get_logger().info("verify.read_models_match", rows=checked.rows)
    out.print(
        f"Read models match the ledger: {len(checked.positions)} read models, "
        f"{checked.rows:,} rows compared, each at its own position."
    )


def _check_against(app: LedgerApplication, path: Path, keys: list[str]) -> None:
    from api.service import checkpoint_checks, log_signing
    from ledger.integrity.notes import KeyFormatError, parse_verifier_key

    note = read_text(path)
    try:
        verifiers = [parse_verifier_key(k) for k in keys] or log_signing.registered_verifiers(app)
    except (KeyFormatError, ValueError):
        raise fail("--key: not a verifier key (<name>+<id>+<key>)", EXIT_BAD_INPUT) from None
    try:
        checkpoint = checkpoint_checks.open_checkpoint(note, verifiers)
        consistent = checkpoint_checks.check_against(app, checkpoint)
    except checkpoint_checks.CheckpointContradiction as contradiction:
        raise fail(f"{path}: {contradiction}", EXIT_TAMPERED) from None
    out.print(
        f"Consistent with {path}: the {consistent.old_size:,} entries it covers are unchanged "
        f"and the ledger only grew since (now {consistent.new_size:,})."
    )
