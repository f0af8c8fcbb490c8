"""`sharing-ledger report ...` and `sharing-ledger projections ...`."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Annotated

import typer

from api.cli.errors import EXIT_BAD_INPUT, fail, one_line_errors
from api.cli.privacy import Case, Nhs, Nino, Upn, identifiers_from, resolve_subject
from api.cli.render import emit, out
from api.cli.settings import Actor, operator, progress_bar, service

if TYPE_CHECKING:
    from api.service.recorded_reads import Reader

report_cli = typer.Typer(help="Answer questions from the read models.", no_args_is_help=True)
projections_cli = typer.Typer(help="The read models: status and rebuilds.", no_args_is_help=True)

Format = Annotated[str, typer.Option("--format", help="table, json or csv.")]
Organisation = Annotated[
    str | None,
    typer.Option(
        envvar="LEDGER_ORGANISATION",
        help="Organisation reading (recorded). [default: the registered local authority]",
    ),
]
Reason = Annotated[str, typer.Option(help="Why you are looking (recorded with your read).")]


def _check_format(fmt: str) -> None:
    if fmt not in ("table", "json", "csv"):
        raise fail("--format must be table, json or csv", EXIT_BAD_INPUT)


def _reader(actor: str | None, organisation: str | None, reason: str) -> Reader:
    """Who is reading, as the read is recorded: the given actor, or this login."""
    from api.service.recorded_reads import Reader

    return Reader(operator(actor), organisation, reason)


@report_cli.command("who-saw")
def who_saw_command(
    ctx: typer.Context,
    subject: Annotated[
        str | None, typer.Argument(help="Subject reference (sr_...), or give an identifier.")
    ] = None,
    nhs: Nhs = None,
    nino: Nino = None,
    upn: Upn = None,
    case: Case = None,
    since: Annotated[datetime | None, typer.Option(help="From this date/time.")] = None,
    until: Annotated[datetime | None, typer.Option(help="Before this date/time.")] = None,
    category: Annotated[str | None, typer.Option(help="Only this data category.")] = None,
    organisation_filter: Annotated[
        str | None, typer.Option("--by", help="Only this organisation (accessing or receiving).")
    ] = None,
    fmt: Format = "table",
    actor: Actor = None,
    organisation: Organisation = None,
    reason: Reason = "subject access request",
) -> None:
    """Every access to and disclosure of one person's data, newest first, and its recipients.

    The person may be named by an NHS number, NI number, unique pupil number or
    case id instead of a reference. Justifications are unsealed for display.
    """
    from api.service.periods import moment
    from api.service.recorded_reads import open_justifications, revealed, who_saw_recorded
    from api.service.report_columns import WHO_SAW
    from projections.reports.who_saw import Filters

    _check_format(fmt)
    with one_line_errors():
        svc = service(ctx)
        ref = resolve_subject(ctx, subject, identifiers_from(nhs, nino, upn, case))
        filters = Filters(
            moment(since, "since"), moment(until, "until"), category, organisation_filter
        )
        report = who_saw_recorded(svc, ref, _reader(actor, organisation, reason), filters)
        report = revealed(report, open_justifications(svc, report.entries))
        emit(
            fmt,
            report,
            report.entries,
            WHO_SAW,
            title=f"Who saw {ref}'s data",
            summary=[
                f"{report.accesses} accesses, {report.disclosures} disclosures to "
                f"{len(report.recipients)} recipients: "
                + ", ".join(f"{r.organisation} ({r.shares})" for r in report.recipients),
                *(
                    [
                        (
                            f"Disposed of on {report.disposal.disposed_on} under rule "
                            f"{report.disposal.rule}: nothing links this reference to a person now."
                        )
                    ]
                    if report.disposal
                    else []
                ),
                "This read has been recorded in the ledger.",
            ],
        )


@report_cli.command("partner")
def partner_command(
    ctx: typer.Context,
    organisation: Annotated[str, typer.Argument(help="The partner's organisation slug.")],
    subject: Annotated[
        str | None, typer.Option(help="Only shares that concerned this person.")
    ] = None,
    fmt: Format = "table",
) -> None:
    """Every share to one partner, with its agreement, flags and receipt status."""
    from api.service.report_columns import DISCLOSURES
    from projections.reports.partner_disclosures import partner_report

    _check_format(fmt)
    with one_line_errors():
        report = partner_report(
            service(ctx).reports("partner" if subject is None else "partner-subject"),
            organisation,
            subject=subject,
        )
        emit(
            fmt,
            report,
            report.shares,
            DISCLOSURES,
            title=f"Disclosures to {report.name or organisation} ({organisation})",
            summary=[
                f"{len(report.shares)} shares, {report.flagged} flagged, "
                f"{report.overdue_receipts} receipts overdue; agreements: "
                + (", ".join(a.reference for a in report.agreements) or "none"),
            ],
        )


@report_cli.command("restriction")
def restriction_command(
    ctx: typer.Context,
    restriction: Annotated[str, typer.Argument(help="Restriction id or reference.")],
    fmt: Format = "table",
    actor: Actor = None,
    organisation: Organisation = None,
    reason: Reason = "restriction compliance review",
) -> None:
    """Was this restriction honoured? The verdict and every reason for it."""
    from api.service.recorded_reads import record_read
    from projections.reports.restriction_verdicts import restriction_report

    _check_format(fmt)
    with one_line_errors():
        svc = service(ctx)
        report = restriction_report(svc.reports("restriction"), restriction)
        if report is None:
            raise fail(f"no restriction with id or reference {restriction!r}", EXIT_BAD_INPUT)
        record_read(
            svc, report.facts.subject, report.facts.categories, _reader(actor, organisation, reason)
        )
        emit(
            fmt,
            report,
            report.reasons,
            [
                ("severity", lambda r: r.severity),
                ("reason", lambda r: r.text),
                ("position", lambda r: r.position),
            ],
            title=(
                f"Restriction {report.facts.reference or report.facts.restriction_id}: "
                f"{report.verdict.upper()}"
            ),
            summary=[
                f"subject {report.facts.subject}; ground {report.facts.ground}; categories "
                + " ".join(sorted(report.facts.categories)),
                f"requested {report.facts.requested_at:%Y-%m-%d}, applied "
                + (
                    f"{report.facts.applied_at:%Y-%m-%d} ({report.days_to_apply} days)"
                    if report.facts.applied_at
                    else "not yet"
                )
                + ", lifted "
                + (f"{report.facts.lifted_at:%Y-%m-%d}" if report.facts.lifted_at else "not yet"),
            ],
        )


@report_cli.command("restrictions")
def restrictions_command(ctx: typer.Context, fmt: Format = "table") -> None:
    """Every restriction with its verdict, breaches first."""
    from api.service.report_columns import RESTRICTIONS
    from projections.reports.restriction_verdicts import all_restrictions

    _check_format(fmt)
    with one_line_errors():
        reports = all_restrictions(service(ctx).reports("restrictions"))
        emit(
            fmt,
            reports,
            reports,
            RESTRICTIONS,
            title="Restrictions",
        )


@report_cli.command("requests")
def requests_command(
    ctx: typer.Context,
    overdue: Annotated[bool, typer.Option("--overdue", help="Only overdue requests.")] = False,
    fmt: Format = "table",
) -> None:
    """Rights requests against their Art 12(3) deadlines, overdue first."""
    from api.service.report_columns import REQUESTS
    from projections.reports.request_deadlines import request_reports

    _check_format(fmt)
    with one_line_errors():
        reports = request_reports(service(ctx).reports("requests"), overdue_only=overdue)
        emit(
            fmt,
            reports,
            reports,
            REQUESTS,
            title="Rights requests" + (" (overdue)" if overdue else ""),
        )


@report_cli.command("rectifications")
def rectifications_command(
    ctx: typer.Context,
    outstanding: Annotated[
        bool, typer.Option("--outstanding", help="Only those with recipients not yet told.")
    ] = False,
    fmt: Format = "table",
) -> None:
    """Rectifications and their Art 19 notices to earlier recipients."""
    from api.service.report_columns import RECTIFICATIONS
    from projections.reports.rectification_notices import rectification_reports

    _check_format(fmt)
    with one_line_errors():
        reports = rectification_reports(
            service(ctx).reports("rectifications"), outstanding_only=outstanding
        )
        emit(
            fmt,
            reports,
            reports,
            RECTIFICATIONS,
            title="Rectifications" + (" with outstanding notices" if outstanding else ""),
        )


@report_cli.command("objections")
def objections_command(ctx: typer.Context, fmt: Format = "table") -> None:
    """Art 21 objections: decided in time, and no processing after one was upheld."""
    from api.service.report_columns import OBJECTIONS
    from projections.reports.objection_verdicts import objection_reports

    _check_format(fmt)
    with one_line_errors():
        reports = objection_reports(service(ctx).reports("objections"))
        emit(fmt, reports, reports, OBJECTIONS, title="Objections")


@report_cli.command("complaints")
def complaints_command(
    ctx: typer.Context,
    open_only: Annotated[bool, typer.Option("--open", help="Only those not yet closed.")] = False,
    fmt: Format = "table",
) -> None:
    """Complaints: acknowledged within 30 days (DPA 2018 s.164A), their outcome, the ICO's."""
    from api.service.report_columns import COMPLAINTS
    from projections.reports.complaints import complaint_reports

    _check_format(fmt)
    with one_line_errors():
        reports = complaint_reports(service(ctx).reports("complaints"), open_only=open_only)
        overdue = sum(1 for r in reports if r.status == "acknowledgement overdue")
        emit(
            fmt,
            reports,
            reports,
            COMPLAINTS,
            title="Complaints" + (" not yet closed" if open_only else ""),
            summary=[f"{overdue} not acknowledged within 30 days"] if overdue else [],
        )


@report_cli.command("agreements")
def agreements_command(ctx: typer.Context, fmt: Format = "table") -> None:
    """Agreements with the shares made under them; partners receiving data with none."""
    from projections.reports.agreement_register import agreements_report

    _check_format(fmt)
    with one_line_errors():
        report = agreements_report(service(ctx).reports("agreements"))
        emit(
            fmt,
            report,
            report.agreements,
            [
                ("reference", lambda a: a.terms.reference),
                ("partner", lambda a: a.terms.partner),
                ("in force", lambda a: a.in_force),
                ("review date", lambda a: a.terms.review_date),
                ("review overdue", lambda a: a.review_overdue),
                ("shares", lambda a: a.shares_under_it),
            ],
            title="Information sharing agreements",
            summary=[
                "Received data no agreement covered: "
                + (", ".join(f"{u.organisation} ({u.shares})" for u in report.uncovered) or "none")
            ],
        )


@report_cli.command("promises")
def promises_command(
    ctx: typer.Context,
    since: Annotated[datetime | None, typer.Option(help="Start [default: a year ago].")] = None,
    until: Annotated[datetime | None, typer.Option(help="End [default: now].")] = None,
    fmt: Format = "table",
) -> None:
    """The privacy notice's promises over a period: kept or broken, with the entries."""
    from api.service.periods import moment
    from projections.reports.promises import Period, promises

    _check_format(fmt)
    with one_line_errors():
        svc = service(ctx)
        context = svc.reports("promises")
        end = moment(until, "until") or context.now
        period = Period(moment(since, "since") or end - timedelta(days=365), end)
        results = promises(context, period)
        emit(
            fmt,
            results,
            results,
            [
                ("promise", lambda p: p.key),
                ("outcome", lambda p: p.outcome),
                ("checked", lambda p: p.checked),
                ("broken", lambda p: p.broken),
                ("first breaking positions", lambda p: " ".join(map(str, p.examples))),
                ("the notice says", lambda p: p.notice_says),
                ("how it is checked", lambda p: p.note),
            ],
            title=f"The notice's promises, {period.since:%Y-%m-%d} to {period.until:%Y-%m-%d}",
        )


@projections_cli.command("status")
def projections_status(ctx: typer.Context, fmt: Format = "table") -> None:
    """Each read model's position, how far behind the ledger it is, and why, if it stalled."""
    from projections.reports.reads import reports_reading

    _check_format(fmt)
    with one_line_errors():
        svc = service(ctx)
        statuses = svc.runner.status()
        beat = svc.runner.heartbeat()
        emit(
            fmt,
            statuses,
            statuses,
            [
                ("read model", lambda s: s.name),
                ("version", lambda s: s.version),
                ("position", lambda s: s.position),
                ("lag (entries)", lambda s: s.lag),
                ("state", lambda s: s.state),
                ("reason", lambda s: "" if s.stall is None else s.stall.reason()),
            ],
            title="Read models",
            summary=[
                "projection worker: "
                + (
                    "no heartbeat recorded"
                    if beat is None
                    else f"last heartbeat {beat.age:.1f} s ago from {beat.worker}"
                ),
                *(
                    f"{s.name} is stalled: 'sharing-ledger projections rebuild {s.name}' once the "
                    f"fault is fixed; unavailable meanwhile: {', '.join(reports_reading(s.name))}"
                    for s in statuses
                    if s.stall is not None
                ),
            ],
        )


@projections_cli.command("rebuild")
def projections_rebuild(
    ctx: typer.Context,
    names: Annotated[list[str] | None, typer.Argument(help="Read models [default: all].")] = None,
) -> None:
    """Empty read models and replay them from the first entry (writes continue meanwhile).

    A stalled read model recovers this way, once the fault is fixed: if it
    stalls again, the command says where and why and exits 3.
    """
    from projections.faults import ReadModelStalled

    with one_line_errors():
        svc = service(ctx)
        try:
            chosen = [p.name for p in svc.runner.by_name(names or [])] or [
                p.name for p in svc.runner.projections
            ]
        except ValueError as error:
            raise fail(str(error), EXIT_BAD_INPUT) from None
        with progress_bar() as progress:
            task = progress.add_task("Rebuilding " + ", ".join(chosen), total=None)
            read = svc.runner.rebuild(
                chosen, lambda done, total: progress.update(task, completed=done, total=total)
            )
        stalled = svc.runner.stalls(chosen)
        if stalled:
            raise ReadModelStalled(stalled)
        out.print(f"Rebuilt {', '.join(chosen)} from {read:,} entries.")
