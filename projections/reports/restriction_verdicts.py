"""Was the restriction honoured? The Art 18 verdict for one restriction request.

Rules, each giving a reason the DPO reads:

* Art 12(3): the restriction is applied within one month of the request;
  later is a breach; not yet applied is pending.
* Art 18(2): while it stands (from applied to lifted), every access to or
  share of a restricted category of the person's data needs a recorded
  exception (``ProcessedUnderRestriction``); one without is a breach. The
  ledger's own reads of the person's audit trail (role ``LEDGER_READER_ROLE``)
  are listed as information: reading the record of processing is the
  controller's accountability (Art 5(2)), not processing for the original
  purpose, and counting it would turn every DPO review into a breach.
* Art 19: every organisation that received a restricted category before the
  restriction is notified; a notice not yet sent (or not yet acknowledged) is
  pending, never breached, because Art 19 sets no fixed time.
* Art 18(3): the person is informed before the lift; a lift without that is
  a breach.

Verdict: breached if any reason is a breach; otherwise pending if any is
pending; otherwise honoured.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from ledger.domain.deadlines import add_months
from ledger.domain.processing import LEDGER_READER_ROLE
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import JUSTIFICATIONS, NOTICES, RESTRICTIONS
from projections.reports.common import ReportContext, parse_time, require_time, term_set
from projections.reports.who_saw import ActivityEntry, activity_entry

Verdict = Literal["honoured", "breached", "pending"]


@dataclass(frozen=True, slots=True)
class Reason:
    severity: Literal["breach", "pending", "info"]
    text: str
    position: int | None = None  # the entry it is about, where there is one


@dataclass(frozen=True, slots=True)
class RestrictionFacts:
    restriction_id: str
    reference: str | None
    subject: str
    ground: str
    categories: frozenset[str]
    requested_at: datetime
    applied_at: datetime | None
    informed_at: datetime | None
    lifted_at: datetime | None


@dataclass(frozen=True, slots=True)
class Processing:
    entry: ActivityEntry
    exception: str | None  # the Art 18(2) exception recorded for it, if any


@dataclass(frozen=True, slots=True)
class RecipientNotice:
    organisation: str
    first_received: datetime
    notified_at: datetime | None
    acknowledged_at: datetime | None


@dataclass(frozen=True, slots=True)
class RestrictionReport:
    facts: RestrictionFacts
    verdict: Verdict
    reasons: tuple[Reason, ...]
    processing: tuple[Processing, ...]
    recipients: tuple[RecipientNotice, ...]
    days_to_apply: int | None


def judge(
    facts: RestrictionFacts,
    processing: Sequence[Processing],
    recipients: Sequence[RecipientNotice],
    now: datetime,
) -> tuple[Verdict, tuple[Reason, ...]]:
    """The verdict and its reasons, from the facts alone (pure)."""
    reasons: list[Reason] = []
    deadline = add_months(facts.requested_at.date(), 1)
    if facts.applied_at is None:
        severity: Literal["breach", "pending"] = "breach" if now.date() > deadline else "pending"
        reasons.append(Reason(severity, f"not applied; due by {deadline.isoformat()} (Art 12(3))"))
    elif facts.applied_at.date() > deadline:
        reasons.append(
            Reason("breach", f"applied {facts.applied_at.date()}, after {deadline} (Art 12(3))")
        )
    for item in processing:
        what = (
            "shared with " + (item.entry.recipient or "?")
            if item.entry.kind == "share"
            else ("accessed by " + item.entry.actor)
        )
        if item.entry.actor_role == LEDGER_READER_ROLE:
            reasons.append(
                Reason(
                    "info",
                    f"audit trail read by {item.entry.actor} (Art 5(2))",
                    item.entry.position,
                )
            )
        elif item.exception is None:
            reasons.append(
                Reason("breach", f"{what} with no Art 18(2) exception", item.entry.position)
            )
        else:
            reasons.append(
                Reason("info", f"{what} under exception {item.exception}", item.entry.position)
            )
    for recipient in recipients:
        if recipient.notified_at is None:
            reasons.append(Reason("pending", f"{recipient.organisation} not yet notified (Art 19)"))
        elif recipient.acknowledged_at is None:
            reasons.append(
                Reason("pending", f"{recipient.organisation} notified, not acknowledged (Art 19)")
            )
    if facts.lifted_at is not None and (
        facts.informed_at is None or facts.informed_at > facts.lifted_at
    ):
        reasons.append(Reason("breach", "lifted without informing the person first (Art 18(3))"))
    severities = {r.severity for r in reasons}
    verdict: Verdict = (
        "breached"
        if "breach" in severities
        else "pending"
        if "pending" in severities
        else "honoured"
    )
    return verdict, tuple(reasons)


def restriction_report(context: ReportContext, restriction: str) -> RestrictionReport | None:
    """The report for one restriction, by id or by reference; None if there is none."""
    rows = context.rows(
        f"SELECT * FROM {RESTRICTIONS.name} WHERE restriction_id = {{p}} OR reference = {{p}}",
        [restriction, restriction],
    )
    if not rows:
        return None
    facts = _facts(rows[0])
    processing = _processing(context, facts)
    recipients = _recipients(context, facts)
    verdict, reasons = judge(facts, processing, recipients, context.now)
    days = None if facts.applied_at is None else (facts.applied_at - facts.requested_at).days
    return RestrictionReport(facts, verdict, reasons, processing, recipients, days)


def all_restrictions(context: ReportContext) -> list[RestrictionReport]:
    """Every restriction, breaches first, then pending, then honoured; newest first within."""
    ids = [
        r["restriction_id"] for r in context.rows(f"SELECT restriction_id FROM {RESTRICTIONS.name}")
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
        requested_at=require_time(str(row["requested_at"])),
        applied_at=parse_time(row["applied_at"]),
        informed_at=parse_time(row["informed_at"]),
        lifted_at=parse_time(row["lifted_at"]),
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
    entries = [activity_entry(row) for row in rows]
    return tuple(
        Processing(entry, justified.get(entry.entry_id))
        for entry in entries
        if facts.categories & frozenset(entry.categories)
    )


def _recipients(context: ReportContext, facts: RestrictionFacts) -> tuple[RecipientNotice, ...]:
    cutoff = (facts.applied_at or facts.requested_at).isoformat()
    first: dict[str, datetime] = {}
    for row in context.rows(
        f"SELECT recipient, occurred_at, categories FROM {ACTIVITY.name} "
        "WHERE subject = {p} AND kind = 'share' AND occurred_at < {p} ORDER BY occurred_at",
        [facts.subject, cutoff],
    ):
        if facts.categories & term_set(row["categories"]):
            first.setdefault(row["recipient"], require_time(row["occurred_at"]))
    notices = {
        row["recipient"]: row
        for row in context.rows(
            f"SELECT * FROM {NOTICES.name} WHERE change_id = {{p}}", [facts.restriction_id]
        )
    }
    return tuple(
        RecipientNotice(
            organisation=organisation,
            first_received=received,
            notified_at=parse_time(notices[organisation]["notified_at"])
            if organisation in notices
            else None,
            acknowledged_at=(
                parse_time(notices[organisation]["acknowledged_at"])
                if organisation in notices
                else None
            ),
        )
        for organisation, received in sorted(first.items())
    )
