"""`sharing-ledger complaints ...`: log a complaint and each of its steps, show one complaint.

Each step is one named command (api/service/commands.py), as the HTTP API's
``/v1/complaints`` routes and the console's forms record them; the list is
``sharing-ledger report complaints``.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.table import Table

from api.cli.errors import one_line_errors
from api.cli.render import out
from api.cli.reports import Organisation
from api.cli.settings import Actor, operator, service

if TYPE_CHECKING:
    from ledger.application import Appended

complaints_cli = typer.Typer(
    help="Complaints about the council's handling of a person's data (DPA 2018 s.164A).",
    no_args_is_help=True,
)

Output = Annotated[str, typer.Option("--format", help="table or json")]
On = Annotated[str, typer.Option("--on", help="The day of this step (YYYY-MM-DD).")]
Id = Annotated[str, typer.Argument(help="The complaint's id (from 'complaints receive').")]


def _today() -> str:
    return date.today().isoformat()  # noqa: DTZ011 - the operator's own calendar day


def _record(ctx: typer.Context, command: dict[str, Any], output: str) -> None:
    with one_line_errors():
        from api.service.commands import execute  # here, not at import: --help stays quick

        appended = execute(service(ctx, must_exist=False).app, [command])
    _print(appended, output)


def _print(appended: tuple[Appended, ...], output: str) -> None:
    if output == "json":
        out.print_json(json.dumps([a.public() for a in appended]))
        return
    table = Table("position", "event", "id", "hash")
    for a in appended:
        table.add_row(str(a.position), a.event, str(a.originator_id), a.chain_hash[:16] + "…")
    out.print(table)


@complaints_cli.command("receive")
def receive(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(help="The person's subject reference (sr_...).")],
    issue: Annotated[
        list[str], typer.Option("--issue", help="An issue raised (repeat), e.g. sl:IssueOther.")
    ],
    summary: Annotated[str, typer.Option(help="A short summary (sealed for the person).")],
    complainant: Annotated[
        str, typer.Option(help="sl:ComplainantDataSubject, ...Representative or ...ICO.")
    ] = "sl:ComplainantDataSubject",
    ico_case: Annotated[
        str | None, typer.Option("--ico-case", help="The ICO's case reference.")
    ] = None,
    rights_request: Annotated[
        str | None, typer.Option(help="The id of the rights request it is about.")
    ] = None,
    restriction: Annotated[
        str | None, typer.Option(help="The id of the restriction it is about.")
    ] = None,
    reference: Annotated[str | None, typer.Option(help="The council's own reference.")] = None,
    received_on: Annotated[str | None, typer.Option("--on", help="Received (YYYY-MM-DD).")] = None,
    actor: Actor = None,
    output: Output = "table",
) -> None:
    """Log a complaint received from a person, someone acting for them, or the ICO."""
    command: dict[str, Any] = {
        "command": "receive_complaint",
        "received_on": received_on or _today(),
        "subject": subject,
        "complainant": complainant,
        "issues": issue,
        "summary": summary,
        "recorded_by": operator(actor),
        "ico_case_reference": ico_case,
        "rights_request": rights_request,
        "restriction": restriction,
        "reference": reference,
    }
    _record(ctx, {k: v for k, v in command.items() if v is not None}, output)


@complaints_cli.command("acknowledge")
def acknowledge(
    ctx: typer.Context, complaint: Id, on: On = "", actor: Actor = None, output: Output = "table"
) -> None:
    """The complainant was told the complaint was received (within 30 days: s.164A(3))."""
    command = {"command": "acknowledge_complaint", "id": complaint}
    command |= {"acknowledged_on": on or _today(), "recorded_by": operator(actor)}
    _record(ctx, command, output)


@complaints_cli.command("findings")
def findings(
    ctx: typer.Context,
    complaint: Id,
    text: Annotated[str, typer.Option("--findings", help="What the enquiries found.")],
    on: On = "",
    actor: Actor = None,
    output: Output = "table",
) -> None:
    """Record the DPO's findings (sealed for the person)."""
    command = {"command": "record_complaint_findings", "id": complaint, "findings": text}
    command |= {"recorded_on": on or _today(), "recorded_by": operator(actor)}
    _record(ctx, command, output)


@complaints_cli.command("close")
def close(
    ctx: typer.Context,
    complaint: Id,
    outcome: Annotated[
        str, typer.Option(help="sl:ComplaintUpheld, sl:ComplaintPartlyUpheld, ...NotUpheld.")
    ],
    remedial_action: Annotated[
        str, typer.Option(help="What the council will put right (needed if upheld).")
    ] = "",
    on: On = "",
    actor: Actor = None,
    output: Output = "table",
) -> None:
    """The complainant was told the outcome (s.164A(4)(b)): the complaint is closed."""
    command = {"command": "close_complaint", "id": complaint, "outcome": outcome}
    command |= {"remedial_action": remedial_action, "closed_on": on or _today()}
    _record(ctx, {**command, "decided_by": operator(actor)}, output)


@complaints_cli.command("ico-decision")
def ico_decision(
    ctx: typer.Context,
    complaint: Id,
    decision: Annotated[str, typer.Option(help="The ICO's decision, e.g. sl:ICONoInfringement.")],
    on: On = "",
    actor: Actor = None,
    output: Output = "table",
) -> None:
    """The ICO's decision on a complaint it brought, once the council has answered it."""
    command = {"command": "record_ico_decision", "id": complaint, "decision": decision}
    command |= {"decided_on": on or _today(), "recorded_by": operator(actor)}
    _record(ctx, command, output)


@complaints_cli.command("show")
def show(
    ctx: typer.Context,
    complaint: Annotated[str, typer.Argument(help="The complaint's id or reference.")],
    reason: Annotated[str, typer.Option(help="Why you are looking (recorded).")] = (
        "complaint investigation"
    ),
    actor: Actor = None,
    organisation: Organisation = None,
    output: Output = "json",
) -> None:
    """One complaint with its text opened and each step's chain position (the read is recorded)."""
    from api.jsonable import jsonable
    from api.service.complaint_reads import open_complaint
    from api.service.recorded_reads import Reader

    reader = Reader(operator(actor), organisation, reason)
    with one_line_errors():
        report = open_complaint(service(ctx), complaint, reader)
    if output == "json":
        sys.stdout.write(json.dumps(jsonable(report), indent=2) + "\n")
        return
    for name, value in jsonable(report).items():
        if name != "steps":
            out.print(f"{name}: {value}")
    for step in report.steps:
        out.print(f"  {step.on} {step.step} by {step.recorded_by} (entry {step.position})")
