"""`sharing-ledger requests ...`: withhold entries, issue and re-open access responses, check one.

Issuing writes the person's copy as HTML and PDF and records their SHA-256
in the ledger; ``check-response`` hashes a file and says whether the ledger
recorded it as issued (exit 0) or not (exit 1). ``docs/subject-access.md``.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal

import typer

from api.cli.errors import EXIT_BAD_INPUT, EXIT_TAMPERED, fail, one_line_errors, read_text
from api.cli.render import out
from api.cli.settings import Actor, operator, service
from ledger.domain.errors import ValidationError

if TYPE_CHECKING:
    from api.service.access_response import Document

requests_cli = typer.Typer(
    help="Rights requests: access responses and the entries withheld from them.",
    no_args_is_help=True,
)

Request = Annotated[str, typer.Argument(help="The rights request's id.")]


@requests_cli.command("withhold")
def withhold(
    ctx: typer.Context,
    request: Request,
    entry: Annotated[str, typer.Argument(help="The entry's id (as who saw what lists it).")],
    exemption: Annotated[str, typer.Option(help="The DPA 2018 exemption's term.")],
    reason: Annotated[str, typer.Option(help="Why it applies (sealed for the person).")],
    review_date: Annotated[str, typer.Option(help="When to look again (YYYY-MM-DD).")],
    actor: Actor = None,
) -> None:
    """Withhold one entry from the person's copy under a DPA 2018 exemption (recorded)."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.service import access_response

    with one_line_errors():
        appended = access_response.withhold(
            service(ctx),
            request,
            entry_id=entry,
            exemption=exemption,
            reason=reason,
            review_date=_date("review_date", review_date),
            decided_by=operator(actor),
        )
    out.print(f"Withheld; recorded at position {appended[-1].position}.")


@requests_cli.command("lift")
def lift(
    ctx: typer.Context,
    request: Request,
    entry: Annotated[str, typer.Argument(help="The withheld entry's id.")],
    reason: Annotated[str, typer.Option(help="Why the exemption no longer applies.")],
    actor: Actor = None,
) -> None:
    """Lift a withholding: the next response includes the entry (recorded)."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.service import access_response

    with one_line_errors():
        appended = access_response.lift(
            service(ctx), request, entry_id=entry, reason=reason, lifted_by=operator(actor)
        )
    out.print(f"Lifted; recorded at position {appended[-1].position}.")


@requests_cli.command("withheld")
def withheld(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Entries withheld from access responses; those past their review date are flagged."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.jsonable import jsonable
    from api.service import access_response
    from projections.reports.access_responses import withheld_entries

    with one_line_errors():
        svc = service(ctx)
        context = svc.reports(access_response.REPORT)
        rows = withheld_entries(context)
        today = context.now.date()
    if fmt == "json":
        # The reason stays out: it is sealed for the person (the DPO's copy opens it).
        listed = [
            {k: v for k, v in jsonable(w).items() if k != "reason"}
            | {"review_due": w.review_due(today)}
            for w in rows
        ]
        sys.stdout.write(json.dumps(listed, indent=2) + "\n")
        return
    for w in rows:
        flag = "  REVIEW OVERDUE" if w.review_due(today) else ""
        out.print(
            f"{w.reference or w.request_id}  entry {w.position}  {w.exemption}  "
            f"review by {w.review_date}{flag}"
        )
    due = sum(1 for w in rows if w.review_due(today))
    out.print(f"{len(rows)} withheld; {due} past the review date.")


@requests_cli.command("issue-response")
def issue_response(
    ctx: typer.Context,
    request: Request,
    address_file: Annotated[
        Path, typer.Option(help="A text file: the postal address, one line per line.")
    ],
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the files to.")],
    name: Annotated[
        str | None, typer.Option(help="The person's name [default: the subject directory's].")
    ] = None,
    actor: Actor = None,
) -> None:
    """Freeze the response at the ledger's size, write it as HTML and PDF, record its digests."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.console.letters import LetterRenderer
    from api.service import access_response

    with one_line_errors():
        svc = service(ctx)
        found = name or access_response.directory_name(
            svc, access_response.access_request(svc, request)
        )
        if not found:
            raise ValidationError("name", "the subject directory holds no name: give --name")
        addressee = f"{found}\n{read_text(address_file).strip()}"
        issued = access_response.issue(
            svc, request, addressee=addressee, issued_by=operator(actor), renderer=LetterRenderer()
        )
    written = _write(issued.document, out_dir)
    content = issued.document.content
    out.print(
        f"Issued response {content.number}, frozen at {content.frozen_at} entries; "
        f"recorded at position {issued.appended[-1].position}."
    )
    for path, digest in written:
        out.print(f"  {path}  sha256 {digest}")


@requests_cli.command("response")
def response(
    ctx: typer.Context,
    request: Request,
    out_dir: Annotated[Path, typer.Option("--out", help="Directory to write the files to.")],
    number: Annotated[int, typer.Option(help="Which response (1 is the first).")] = 1,
    copy: Annotated[str, typer.Option(help="person (as issued) or dpo (with withheld)")] = "person",
) -> None:
    """Write an issued response again: the person's copy is the letter issued, byte for byte."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.console.letters import LetterRenderer
    from api.service import access_response

    if copy not in ("person", "dpo"):
        raise fail("--copy: must be person or dpo", EXIT_BAD_INPUT)
    chosen: Literal["person", "dpo"] = "person" if copy == "person" else "dpo"
    with one_line_errors():
        document = access_response.reopen(service(ctx), request, number, chosen, LetterRenderer())
    for path, digest in _write(document, out_dir, dpo=chosen == "dpo"):
        out.print(f"{path}  sha256 {digest}")


@requests_cli.command("check-response")
def check_response(
    ctx: typer.Context,
    file: Annotated[Path, typer.Argument(help="The letter: its HTML or PDF file.")],
    fmt: Annotated[str, typer.Option("--format", help="table or json")] = "table",
) -> None:
    """Say whether the ledger recorded this file as an issued response (exit 1 if not)."""
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.jsonable import jsonable
    from api.service import letter_checks

    try:
        data = file.read_bytes()
    except OSError as error:
        raise fail(f"cannot read {file}: {error.strerror}", EXIT_BAD_INPUT) from None
    with one_line_errors():
        check = letter_checks.check_letter(service(ctx), data)
    if fmt == "json":
        sys.stdout.write(json.dumps(jsonable(check.public()), indent=2) + "\n")
    elif check.recorded:
        for match in check.matches:
            checkpoint = (
                "no signed checkpoint"
                if match.checkpoint_size is None
                else f"checkpoint of {match.checkpoint_size} entries, root {match.checkpoint_root}"
            )
            out.print(
                f"Recorded: response {match.number} to request "
                f"{match.reference or match.request_id}, issued {match.issued_on}, "
                f"frozen at {match.frozen_at} entries, citing {checkpoint}."
            )
    else:
        out.print(f"Not recorded: no response issued has this SHA-256 ({check.sha256}).")
    if not check.recorded:
        raise typer.Exit(EXIT_TAMPERED)


def _write(document: Document, out_dir: Path, *, dpo: bool = False) -> list[tuple[Path, str]]:
    # Here, not at import: `--help` stays quick (no service, WeasyPrint or reports).
    from api.console.letters import file_name

    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        written = []
        for suffix, data, digest in (
            ("html", document.html, document.html_sha256),
            ("pdf", document.pdf, document.pdf_sha256),
        ):
            name = file_name(document.content, suffix)
            path = out_dir / (f"dpo-copy-{name}" if dpo else name)
            path.write_bytes(data)
            written.append((path, digest))
    except OSError as error:
        raise fail(f"cannot write to {out_dir}: {error.strerror}", EXIT_BAD_INPUT) from None
    return written


def _date(field: str, value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, "must be an ISO 8601 date (YYYY-MM-DD)") from None
