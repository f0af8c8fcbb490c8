"""Was the objection handled lawfully? The Art 21 verdict for one objection.

Rules (pure, in :func:`judge_objection`; ``docs/legal-rules.md`` says each
in a DPO's words):

1. Art 12(3): the objection is decided within the period: one calendar month
   from its receipt, on UK dates, a weekend or bank holiday end moving to the
   next working day (the linked rights request's deadline, with its pauses
   and extension, where there is one). Undecided after it is a breach.
2. Art 21(1): "The controller shall no longer process the personal data
   unless the controller demonstrates compelling legitimate grounds ... or
   for the establishment, exercise or defence of legal claims": after an
   objection is upheld, every access to or share of the person's data for an
   objected purpose is a breach.
3. Art 18(1)(d): while the objection waits for a decision the person may
   have the processing restricted; processing for an objected purpose in
   that time is shown, as information.

Verdict: breached if any reason is a breach; otherwise pending if any is
pending; otherwise honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from ledger.domain.deadlines import period_end, uk_date
from ledger.domain.procedure_terms import OBJECTION_OUTCOMES
from ledger.domain.processing import LEDGER_READER_ROLE
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import OBJECTIONS
from projections.reports.common import ReportContext, only_where, parse_time, require_time, term_set
from projections.reports.request_deadlines import request_report
from projections.reports.restriction_rules import Reason, Severity, Verdict
from projections.reports.who_saw import ActivityEntry, activity_entry

UPHELD = "sl:ObjectionUpheld"


@dataclass(frozen=True, slots=True)
class ObjectionFacts:
    objection_id: str
    reference: str | None
    subject: str
    purposes: frozenset[str]
    received_at: datetime
    decided_at: datetime | None
    outcome: str | None
    due: date | None  # the end of the Art 12(3) period (None while a linked clock is stopped)


@dataclass(frozen=True, slots=True)
class ObjectionReport:
    facts: ObjectionFacts
    verdict: Verdict
    reasons: tuple[Reason, ...]


def _what(entry: ActivityEntry) -> str:
    if entry.kind == "share":
        return f"shared with {entry.recipient or 'an unnamed recipient'} for {entry.purpose}"
    return f"accessed by {entry.actor} for {entry.purpose}"


def judge_objection(
    facts: ObjectionFacts, processing: Sequence[ActivityEntry], now: datetime
) -> tuple[Verdict, tuple[Reason, ...]]:
    """The verdict and its reasons, from the facts and the person's processing (pure)."""
    today = uk_date(now)
    reasons: list[Reason] = []
    if facts.decided_at is None:
        if facts.due is None:
            reasons.append(Reason("pending", "not yet decided; the request's clock is stopped"))
        else:
            severity: Severity = "breach" if today > facts.due else "pending"
            reasons.append(Reason(severity, f"not decided; due by {facts.due} (Art 12(3))"))
    else:
        decided = uk_date(facts.decided_at)
        if facts.due is not None and decided > facts.due:
            reasons.append(Reason("breach", f"decided on {decided}, after {facts.due} (Art 12(3))"))
        outcome = facts.outcome or ""
        label = OBJECTION_OUTCOMES.get(outcome).label if outcome in OBJECTION_OUTCOMES else outcome
        reasons.append(Reason("info", f"decided on {decided}: {label}"))
    for entry in processing:
        if entry.actor_role == LEDGER_READER_ROLE or entry.purpose not in facts.purposes:
            continue
        after = facts.decided_at is not None and entry.occurred_at >= facts.decided_at
        if after and facts.outcome == UPHELD:
            reasons.append(
                Reason(
                    "breach",
                    f"{_what(entry)} after the objection was upheld (Art 21(1))",
                    entry.position,
                )
            )
        elif not after:
            reasons.append(
                Reason(
                    "info",
                    f"{_what(entry)} while the objection awaited a decision (the person may ask "
                    "for a restriction meanwhile, Art 18(1)(d))",
                    entry.position,
                )
            )
    severities = {r.severity for r in reasons}
    verdict: Verdict = (
        "breached"
        if "breach" in severities
        else "pending"
        if "pending" in severities
        else "honoured"
    )
    return verdict, tuple(reasons)


def objection_reports(
    context: ReportContext, *, subject: str | None = None
) -> list[ObjectionReport]:
    """Every objection with its verdict: breaches first, then pending, then honoured.

    ``subject``: that person's objections only, read through the subject's index.
    """
    reports = []
    where, params = only_where("subject", subject)
    for row in context.rows(
        f"SELECT * FROM {OBJECTIONS.name} {where} ORDER BY received_at DESC", params
    ):
        received = require_time(row["received_at"])
        linked = request_report(context, row["rights_request"]) if row["rights_request"] else None
        facts = ObjectionFacts(
            objection_id=row["objection_id"],
            reference=row["reference"],
            subject=row["subject"],
            purposes=term_set(row["purposes"]),
            received_at=received,
            decided_at=parse_time(row["decided_at"]),
            outcome=row["outcome"],
            due=linked.deadline.due if linked is not None else period_end(uk_date(received)),
        )
        processing = [
            activity_entry(r)
            for r in context.rows(
                f"SELECT {context.position_of('a')} AS position, a.* FROM {ACTIVITY.name} a "
                "WHERE a.subject = {p} AND a.kind IN ('access', 'share') "
                "AND a.occurred_at >= {p} ORDER BY a.occurred_at",
                [facts.subject, row["received_at"]],
            )
        ]
        verdict, reasons = judge_objection(facts, processing, context.now)
        reports.append(ObjectionReport(facts, verdict, reasons))
    order = {"breached": 0, "pending": 1, "honoured": 2}
    return sorted(reports, key=lambda r: order[r.verdict])
