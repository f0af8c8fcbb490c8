"""The `sharing-ledger` command line."""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

if TYPE_CHECKING:
    from api.service.composition import Service
import typer

from api.cli.complaints import complaints_cli
from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors, read_text
from api.cli.evidence import evidence_cli
from api.cli.integrity import checkpoint, keys_cli, proof_cli
from api.cli.partner import partner_cli
from api.cli.principals import principals_cli
from api.cli.privacy import retention_cli, rotate_kek, subjects_cli
from api.cli.render import out, print_json, table
from api.cli.reports import projections_cli, report_cli
from api.cli.responses import requests_cli
from api.cli.serve import projections_run, serve
from api.cli.settings import Settings, progress_bar, service
from api.cli.verification import record_verification, verify, verify_with_progress
from api.cli.witness import witness_cli

cli = typer.Typer(
    name="sharing-ledger",
    help="A hash-chained audit ledger of who saw, received and changed a family's data.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
db_cli = typer.Typer(help="Database administration.", no_args_is_help=True)
cli.add_typer(db_cli, name="db")
cli.add_typer(report_cli, name="report")
cli.add_typer(projections_cli, name="projections")
cli.add_typer(keys_cli, name="keys")
cli.add_typer(proof_cli, name="proof")
cli.add_typer(evidence_cli, name="evidence")
cli.add_typer(witness_cli, name="witness")
cli.add_typer(partner_cli, name="partner")
cli.add_typer(principals_cli, name="principals")
cli.add_typer(subjects_cli, name="subjects")
cli.add_typer(retention_cli, name="retention")
cli.add_typer(complaints_cli, name="complaints")
cli.add_typer(requests_cli, name="requests")
keys_cli.command("rotate-kek")(rotate_kek)
cli.command("checkpoint")(checkpoint)
cli.command("serve")(serve)
cli.command("verify")(verify)
projections_cli.command("run")(projections_run)


@cli.callback()
def options(
    ctx: typer.Context,
    database_url: Annotated[
        str | None,
        typer.Option(
            envvar="LEDGER_DATABASE_URL",
            help="postgresql://user@host/db to use PostgreSQL; unset for the embedded SQLite file.",
            show_default=False,
        ),
    ] = None,
    data_dir: Annotated[
        Path | None,
        typer.Option(
            envvar="LEDGER_DATA_DIR",
            help="Where the embedded SQLite ledger lives [default: ~/.local/share/sharing-ledger].",
            show_default=False,
        ),
    ] = None,
    log_format: Annotated[
        str, typer.Option(envvar="LEDGER_LOG_FORMAT", help="console, json or auto.")
    ] = "auto",
    log_level: Annotated[
        str | None,
        typer.Option(
            envvar="LEDGER_LOG_LEVEL",
            help="DEBUG, INFO, WARNING... [default: INFO for serve (its URLs), else WARNING]",
            show_default=False,
        ),
    ] = None,
) -> None:
    if log_format not in ("console", "json", "auto"):
        raise fail("--log-format must be console, json or auto", EXIT_BAD_INPUT)
    ctx.obj = Settings(database_url=database_url, data_dir=data_dir)
    # Help needs no logging, and structlog is a tenth of a second of `--help` (under 0.5 s).
    if any(arg in ctx.help_option_names for arg in sys.argv[1:]):
        return
    from api.logging import LogFormat, configure_logging

    fmt: LogFormat = (
        "console" if log_format == "console" else "json" if log_format == "json" else "auto"
    )
    # serve says where it listens at INFO; a one-shot command's INFO lines would be noise.
    configure_logging(
        fmt, log_level or ("INFO" if ctx.invoked_subcommand == "serve" else "WARNING")
    )


@cli.command()
def demo(
    ctx: typer.Context,
    seed: Annotated[int, typer.Option(help="Seed: the same seed builds the same council.")] = 1,
    entries: Annotated[
        int, typer.Option(min=500, max=10_000_000, help="Approximate number of entries.")
    ] = 30_000,
    months: Annotated[int, typer.Option(min=1, max=120, help="Months of history.")] = 12,
) -> None:
    """Fill an empty ledger with a synthetic council's year of sharing, then verify it."""
    import structlog

    # Imported here: the generator is only needed by this command.
    from api.demo import DemoPlan, council, estimate_events
    from api.demo.identities import identities
    from ledger.privacy.identifiers import Kind

    with one_line_errors():
        svc = service(ctx, must_exist=False)
        app = svc.app
        head, _ = app.chain.snapshot()
        if head is not None:
            raise fail(
                f"the ledger at {ctx.obj.location().describe()} already holds "
                f"{head.position + 1} entries; the demo needs an empty ledger "
                "(choose another --data-dir or database)",
                EXIT_BAD_INPUT,
            )
        plan = DemoPlan(seed=seed, entries=entries, months=months, until=datetime.now(UTC).date())
        started = time.perf_counter()
        written = 0
        with progress_bar() as progress:
            task = progress.add_task("Recording", total=estimate_events(plan))
            for batch in council(plan):
                count = sum(len(aggregate.pending_events) for aggregate in batch)
                app.append(*batch)
                written += count
                progress.update(task, completed=written)
            progress.update(task, total=written, completed=written)
        elapsed = time.perf_counter() - started
        structlog.get_logger().info("demo.recorded", entries=written, seconds=round(elapsed, 2))
        with progress_bar() as progress:
            people = identities(plan)
            task = progress.add_task("Directory", total=len(people))
            for person in people:
                app.subjects.register(
                    list(person.identifiers),
                    subject=person.subject,
                    family=person.family,
                    display_name=person.display_name,
                    rule=person.rule,
                    dispose_on=person.dispose_on,
                )
                progress.advance(task)
        verified = verify_with_progress(app, None, None).chain
        record_verification(svc, ok=True, size=verified.size)
        with progress_bar() as progress:
            task = progress.add_task("Projecting", total=written)
            svc.runner.catch_up(lambda done, _total: progress.update(task, completed=done))
        out.print(
            f"Recorded {written:,} entries in {elapsed:.1f} s "
            f"({written / elapsed:,.0f} entries/s) into {ctx.obj.location().describe()}."
        )
        out.print(f"Verified {verified.size:,} entries; head hash {verified.head_hash.hex()}")
        # The demo's people are synthetic: their NHS numbers (999...) are for finding them.
        _suggest(
            svc,
            {p.subject: i.value for p in people for i in p.identifiers if i.kind is Kind.NHS},
        )


def _suggest(svc: Service, nhs_of: dict[str, str]) -> None:
    """Point a newcomer at the three questions, with people and partners from this ledger."""
    from projections.reports.agreement_register import agreements_report
    from projections.reports.restriction_verdicts import all_restrictions

    context = svc.reports("restrictions", "agreements")
    restrictions = all_restrictions(context)
    out.print("\nThe three questions, answered from this ledger:")
    if restrictions:
        worst = restrictions[0]
        label = worst.facts.reference or worst.facts.restriction_id
        nhs = nhs_of.get(worst.facts.subject)
        out.print(f"  sharing-ledger report who-saw {worst.facts.subject}")
        if nhs is not None:
            spaced = f"{nhs[:3]} {nhs[3:6]} {nhs[6:]}"
            out.print(
                f'  sharing-ledger report who-saw --nhs "{spaced}"    # the same person, '
                "found by NHS number"
            )
            out.print(f'  sharing-ledger subjects resolve --nhs "{spaced}"')
        out.print(f"  sharing-ledger report restriction {label}    # {worst.verdict.upper()}")
    partners = agreements_report(context).uncovered
    if partners:
        out.print(
            f"  sharing-ledger report partner {partners[0].organisation}"
            "    # received data no agreement covered"
        )
    out.print("  sharing-ledger report requests --overdue")
    out.print("  sharing-ledger report promises")


@cli.command()
def status(
    ctx: typer.Context,
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Where the ledger is, how many entries it holds, and its head hash."""
    from api.service import log_signing
    from api.service.signer_state import SignerState
    from ledger.storage import schema

    if output not in ("table", "json"):
        raise fail("--format must be table or json", EXIT_BAD_INPUT)
    with one_line_errors():
        app = service(ctx).app
        head, _ = app.chain.snapshot()
        latest = log_signing.latest(app)
        found: dict[str, Any] = {
            "store": ctx.obj.location().describe(),
            "entries": 0 if head is None else head.position + 1,
            "head_hash": None if head is None else head.chain_hash.hex(),
            "schema_version": schema.schema_version(app.database),
            "latest_checkpoint": None
            if latest is None
            else {"size": latest.checkpoint.size, "issued_at": latest.issued_at},
        }
        shown = [
            ("store", found["store"]),
            ("entries", f"{found['entries']:,}"),
            ("head hash", found["head_hash"] or "-"),
            ("schema version", str(found["schema_version"])),
            (
                "latest checkpoint",
                "-"
                if latest is None
                else f"{latest.checkpoint.size:,} entries, {latest.issued_at}",
            ),
        ]
        state_path = log_signing.state_location(os.environ)
        if state_path is not None:
            last = SignerState(state_path).last_signed()
            found["signer_state"] = {"path": str(state_path), "last_signed": last}
            shown.append(
                (
                    "signer state",
                    f"{state_path}: "
                    + ("nothing signed yet" if last is None else f"last signed {last}"),
                )
            )
        standby = schema.standby(app.database)
        found["role"] = "primary" if standby is None else "standby"
        if standby is not None:
            replayed = standby.last_replayed_at
            found["last_replayed_at"] = None if replayed is None else replayed.isoformat()
            shown.append(
                (
                    "role",
                    "standby (read-only): no transaction replayed yet"
                    if replayed is None
                    else f"standby (read-only): last transaction replayed was committed on the "
                    f"primary at {replayed.isoformat(timespec='seconds')}",
                )
            )
        if output == "json":
            print_json(found)
            return
        table(["field", "value"], shown, show_header=False)


@cli.command()
def record(
    ctx: typer.Context,
    file: Annotated[
        Path,
        typer.Argument(
            help="JSON array or JSON lines of commands ('-' for standard input).",
            allow_dash=True,
        ),
    ],
    output: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Append commands from a file, all or nothing, and print each entry's position and hash."""
    from api.service.commands import execute

    with one_line_errors():
        commands = _read_commands(file)
        app = service(ctx, must_exist=False).app
        appended = execute(app, commands)
        if output == "json":
            print_json([a.public() for a in appended])
            return
        table(
            ["position", "event", "id", "hash"],
            [[str(a.position), a.event, str(a.originator_id), a.chain_hash] for a in appended],
        )


def _read_commands(file: Path) -> list[Any]:
    text = sys.stdin.read() if str(file) == "-" else read_text(file)
    stripped = text.lstrip()
    try:
        if stripped.startswith("["):
            parsed = json.loads(text)
            return list(parsed)
        return [json.loads(line) for line in text.splitlines() if line.strip()]
    except json.JSONDecodeError as error:
        raise fail(
            f"{file}: not valid JSON (line {error.lineno}, column {error.colno}); nothing recorded",
            EXIT_BAD_INPUT,
        ) from None


@db_cli.command("init")
def db_init(ctx: typer.Context) -> None:
    """Create the schema; on PostgreSQL also apply deploy/postgres (append-only rules, roles)."""
    with one_line_errors():
        service(ctx, must_exist=False, initialise=True)
        out.print(f"Initialised {ctx.obj.location().describe()}.")


def main() -> None:
    if not sys.stdout.isatty():
        # Help in a pipe or a file: click's plain text, wrapped but never cut to fit a box.
        cli.rich_markup_mode = None
    cli()


__all__ = ["main"]
