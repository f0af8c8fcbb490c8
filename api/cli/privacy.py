"""`sharing-ledger subjects | retention ...`: the directory, retention and disposal."""

from __future__ import annotations

import base64
import binascii
import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors, read_text
from api.cli.render import emit, out
from api.cli.settings import operator, service

if TYPE_CHECKING:
    from ledger.privacy.identifiers import Identifier

subjects_cli = typer.Typer(
    help="The subject directory (natural identifiers).", no_args_is_help=True
)
retention_cli = typer.Typer(help="Retention schedule and disposal.", no_args_is_help=True)

Nhs = Annotated[str | None, typer.Option("--nhs", help="NHS number.")]
Nino = Annotated[str | None, typer.Option("--nino", help="National Insurance number.")]
Upn = Annotated[str | None, typer.Option("--upn", help="Unique pupil number.")]
Case = Annotated[str | None, typer.Option("--case", help="Local case record id.")]


def identifiers_from(
    nhs: str | None, nino: str | None, upn: str | None, case: str | None
) -> list[Identifier]:
    """The identifiers given, validated (errors name the kind, never the value)."""
    from ledger.privacy.identifiers import Kind, parse

    given = ((Kind.NHS, nhs), (Kind.NINO, nino), (Kind.UPN, upn), (Kind.CASE, case))
    return [parse(kind, value) for kind, value in given if value is not None]


def resolve_subject(ctx: typer.Context, subject: str | None, found: list[Identifier]) -> str:
    """A subject reference given directly, or resolved from exactly one natural identifier."""
    if (subject is None) == (not found) or len(found) > 1:
        raise fail(
            "give a subject reference or one identifier (--nhs, --nino, --upn, --case)",
            EXIT_BAD_INPUT,
        )
    if subject is not None:
        return subject
    ref = service(ctx).app.subjects.resolve(found[0])
    if ref is None:
        raise fail(
            f"no person with that {found[0].kind.value} identifier in the directory", EXIT_BAD_INPUT
        )
    return ref


@subjects_cli.command("register")
def register(
    ctx: typer.Context,
    nhs: Nhs = None,
    nino: Nino = None,
    upn: Upn = None,
    case: Case = None,
    name: Annotated[str | None, typer.Option(help="Display name (stored sealed).")] = None,
    family: Annotated[str | None, typer.Option(help="Family reference, to group people.")] = None,
    rule: Annotated[
        str | None, typer.Option(help="Retention rule (see 'retention rules').")
    ] = None,
    trigger_date: Annotated[
        str | None, typer.Option(help="Date the rule's clock starts (birth or case closure).")
    ] = None,
) -> None:
    """Link a person's identifiers to one subject reference; print the reference."""
    from ledger.privacy import retention

    with one_line_errors():
        found = identifiers_from(nhs, nino, upn, case)
        due = None
        if rule is not None:
            if trigger_date is None:
                raise fail("--rule needs --trigger-date", EXIT_BAD_INPUT)
            due = retention.dispose_on(rule, _date("trigger_date", trigger_date))
        ref = service(ctx).app.subjects.register(
            found, family=family, display_name=name, rule=rule, dispose_on=due
        )
    sys.stdout.write(ref + "\n")


@subjects_cli.command("resolve")
def resolve(
    ctx: typer.Context, nhs: Nhs = None, nino: Nino = None, upn: Upn = None, case: Case = None
) -> None:
    """The subject reference of the person with this identifier."""
    with one_line_errors():
        sys.stdout.write(resolve_subject(ctx, None, identifiers_from(nhs, nino, upn, case)) + "\n")


@subjects_cli.command("hold")
def hold(
    ctx: typer.Context,
    subject: Annotated[str, typer.Argument(help="Subject reference.")],
    reference: Annotated[
        str | None, typer.Option(help="The hold's reference (e.g. a claim number).")
    ] = None,
    release: Annotated[bool, typer.Option("--release", help="Lift the hold.")] = False,
) -> None:
    """Put a legal hold on a subject's disposal, or release it."""
    if (reference is None) != release:
        raise fail("give --reference to hold, or --release", EXIT_BAD_INPUT)
    with one_line_errors():
        service(ctx).app.subjects.hold(subject, reference)
    out.print("Released." if release else "Held: disposal is suspended until released.")


ListFormat = Annotated[str, typer.Option("--format", help="table, json or csv.")]


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json", "csv"):
        raise fail("--format must be table, json or csv", EXIT_BAD_INPUT)


@retention_cli.command("rules")
def rules(fmt: ListFormat = "table") -> None:
    """The retention schedule, from the privacy notice."""
    from ledger.privacy import retention

    _check_format(fmt)
    schedule = list(retention.RULES.values())
    emit(
        fmt,
        schedule,
        schedule,
        [
            ("rule", lambda r: r.id),
            ("years", lambda r: r.years),
            ("from", lambda r: r.trigger.value),
            ("what", lambda r: r.label),
        ],
        title="Retention schedule",
    )


@retention_cli.command("due")
def due(ctx: typer.Context, fmt: ListFormat = "table") -> None:
    """Subjects whose retention period has ended and no legal hold suspends."""
    from ledger.privacy import retention

    _check_format(fmt)
    with one_line_errors():
        svc = service(ctx)
        found = retention.due(svc.app.subjects.assignments(), svc.clock().date())
    emit(
        fmt,
        found,
        found,
        [
            ("subject", lambda a: a.subject),
            ("rule", lambda a: a.rule),
            ("due", lambda a: a.dispose_on),
        ],
        title="Due for disposal",
        summary=[f"{len(found)} due."],
    )


@retention_cli.command("dispose")
def dispose(
    ctx: typer.Context,
    subjects: Annotated[
        list[str] | None, typer.Argument(help="Subjects [default: all due].")
    ] = None,
    authoriser: Annotated[
        str | None, typer.Option(help="Who authorised it [default: you].")
    ] = None,
) -> None:
    """Destroy each subject's directory entry and data key; append evidence of it."""
    from api.service import disposal
    from ledger.privacy import retention

    who = operator(authoriser)
    with one_line_errors():
        svc = service(ctx)
        today = svc.clock().date()
        chosen = subjects or [
            a.subject for a in retention.due(svc.app.subjects.assignments(), today)
        ]
        # Every subject checked first, then counted in one pass over the ledger.
        for subject, affected in disposal.dispose_each(svc, chosen, authoriser=who, today=today):
            out.print(
                f"Disposed of {subject}: {affected} entries' sealed text can no longer be read."
            )
        if not chosen:
            out.print("Nothing is due.")


def rotate_kek(
    ctx: typer.Context,
    new_file: Annotated[
        Path, typer.Option("--new-file", help="File holding the new KEK (base64).")
    ],
) -> None:
    """Rewrap every subject's data key under a new key-encryption key (entries untouched)."""
    with one_line_errors():
        try:
            new_kek = base64.b64decode(read_text(new_file).strip(), validate=True)
        except (binascii.Error, ValueError):
            new_kek = b""
        if len(new_kek) != 32:
            raise fail(f"{new_file}: not a key (32 random bytes, base64)", EXIT_BAD_INPUT)
        count = service(ctx).app.subjects.rotate_kek(new_kek)
    out.print(f"Rewrapped {count} data keys. Now set LEDGER_KEK_FILE={new_file} and restart.")


def _date(field: str, value: str) -> date:
    from ledger.domain.errors import ValidationError

    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValidationError(field, "must be an ISO 8601 date (YYYY-MM-DD)") from None
