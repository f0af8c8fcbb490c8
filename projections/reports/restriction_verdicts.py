"""Was the restriction honoured? The Art 18 verdict for one restriction request.

The rules are :mod:`projections.reports.restriction_rules` (pure); this module
reads the facts they judge from the read models: the restriction's
lifecycle, the person's processing around it, the earlier recipients of the
restricted data and their Art 19 notices, and the linked rights request.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from ledger.domain.data_categories import overlapping
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import JUSTIFICATIONS, RESTRICTIONS
from projections.reports.art19 import earlier_recipients, exemptions, notices
from projections.reports.common import ReportContext, only_where, parse_time, require_time, term_set
from projections.reports.request_deadlines import request_report
from projections.reports.restriction_rules import (
    ActionTaken,
    Evidence,
    Processing,
    Reason,
    RecipientNotice,
    RestrictionFacts,
    Verdict,
    judge,
)
from projections.reports.who_saw import activity_entry

__all__ = [
    "Processing",
    "Reason",
    "RecipientNotice",
    "RestrictionFacts",
    "RestrictionReport",
    "Verdict",
    "all_restrictions",
    "restriction_report",
]


@dataclass(frozen=True, slots=True)
class RestrictionReport:
    facts: RestrictionFacts
    verdict: Verdict
    reasons: tuple[Reason, ...]
    processing: tuple[Processing, ...]
    recipients: tuple[RecipientNotice, ...]
    days_to_apply: int | None


def restriction_report(context: ReportContext, restriction: str) -> RestrictionReport | None:
    """The report for one restriction, by id or by reference; None if there is none."""
    rows = context.rows(
        f"SELECT * FROM {RESTRICTIONS.name} WHERE restriction_id = {{p}} OR reference = {{p}}",
        [restriction, restriction],
    )
    if not rows:
        return None
    row = rows[0]
    facts = _facts(row)
    evidence = Evidence(
        processing=_processing(context, facts),
        awaiting=_awaiting(context, facts),
        recipients=_recipients(context, facts),
        action=_action(context, row["rights_request"]),
    )
    verdict, reasons = judge(facts, evidence, context.now, context.rules)
    days = None if facts.applied_at is None else (facts.applied_at - facts.requested_at).days
    return RestrictionReport(
        facts, verdict, reasons, tuple(evidence.processing), tuple(evidence.recipients), days
    )


def all_restrictions(
    context: ReportContext, *, subject: str | None = None
) -> list[RestrictionReport]:
    """Every restriction, breaches first, then pending, then honoured; newest first within.

    ``subject``: that person's restrictions only, read through the subject's index.
    """
    where, params = only_where("subject", subject)
    ids = [
        r["restriction_id"]
        for r in context.rows(f"SELECT restriction_id FROM {RESTRICTIONS.name} {where}", params)
    ]
    reports = [r for r in (restriction_report(context, i) for i in ids) if r is not None]
    order = {"breached": 0, "pending": 1, "honoured": 2}
    return sorted(reports, key=lambda r: (order[r.verdict], -r.facts.requested_at.timestamp()))


def _facts(row: Mapping[str, str | None]) -> RestrictionFacts:
    applied_categories = row["applied_categories"]
    return RestrictionFacts(
        restriction_id=str(row["restriction_id"]),
        reference=row["reference"],
        subject=str(row["subject"]),
        ground=str(row["applied_ground"] or row["ground"]),
        categories=term_set(applied_categories or row["categories"]),
        requested_categories=term_set(row["categories"]),
        requested_at=require_time(str(row["requested_at"])),
        applied_at=parse_time(row["applied_at"]),
        informed_at=parse_time(row["informed_at"]),
        lifted_at=parse_time(row["lifted_at"]),
        narrowing_explained=row["applied_explanation"] is not None,
    )


def _action(context: ReportContext, rights_request: str | None) -> ActionTaken | None:
    """The linked rights request's deadline and answer, if the restriction has one."""
    if rights_request is None:
        return None
    report = request_report(context, rights_request)
    if report is None:
        return None
    return ActionTaken(
        reference=report.reference or report.request_id,
        due=report.deadline.due,
        answered_on=report.closed_on,
    )


def _processing(context: ReportContext, facts: RestrictionFacts) -> tuple[Processing, ...]:
    if facts.applied_at is None:
        return ()
    # While it stands: up to and including now; once lifted, up to the lift.
    if facts.lifted_at is None:
        until, before = context.now_text, "<="
    else:
        until, before = facts.lifted_at.isoformat(), "<"
    rows = context.rows(
        f"SELECT {context.position_of('a')} AS position, a.* FROM {ACTIVITY.name} a "
        "WHERE a.subject = {p} AND a.kind IN ('access', 'share') "
        f"AND a.occurred_at >= {{p}} AND a.occurred_at {before} {{p}} ORDER BY a.occurred_at",
        [facts.subject, facts.applied_at.isoformat(), until],
    )
    justified = {
        row["processing_id"]: row["exception"]
        for row in context.rows(
            f"SELECT processing_id, exception FROM {JUSTIFICATIONS.name} "
            "WHERE restriction_id = {p}",
            [facts.restriction_id],
        )
    }
    return tuple(
        Processing(entry, justified.get(entry.entry_id), matches)
        for entry in (activity_entry(row) for row in rows)
        if (matches := overlapping(entry.categories, sorted(facts.categories)))
    )


def _awaiting(context: ReportContext, facts: RestrictionFacts) -> tuple[Processing, ...]:
    """Accesses and shares of the requested categories between the request and application."""
    until = facts.applied_at.isoformat() if facts.applied_at is not None else context.now_text
    rows = context.rows(
        f"SELECT {context.position_of('a')} AS position, a.* FROM {ACTIVITY.name} a "
        "WHERE a.subject = {p} AND a.kind IN ('access', 'share') "
        "AND a.occurred_at > {p} AND a.occurred_at < {p} ORDER BY a.occurred_at",
        [facts.subject, facts.requested_at.isoformat(), until],
    )
    return tuple(
        Processing(entry, None, matches)
        for entry in (activity_entry(row) for row in rows)
        if (matches := overlapping(entry.categories, sorted(facts.requested_categories)))
    )


def _recipients(context: ReportContext, facts: RestrictionFacts) -> tuple[RecipientNotice, ...]:
    cutoff = (facts.applied_at or facts.requested_at).isoformat()
    first = earlier_recipients(context, facts.subject, cutoff, facts.categories)
    sent = notices(context, facts.restriction_id)
    exempt = exemptions(context, facts.restriction_id)
    return tuple(
        RecipientNotice(
            organisation=organisation,
            first_received=received,
            notified_at=parse_time(sent.get(organisation, {}).get("notified_at")),
            acknowledged_at=parse_time(sent.get(organisation, {}).get("acknowledged_at")),
            exempted_at=parse_time(exempt.get(organisation, {}).get("exempted_at")),
            matches=matches,
        )
        for organisation, (received, matches) in sorted(first.items())
    )
