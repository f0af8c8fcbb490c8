"""The rules that judge one restriction request (Art 18, with Arts 12(3) and 19): pure.

Each rule reads the facts (:class:`RestrictionFacts` and what happened to the
person's data around it) and gives reasons a DPO reads, each a breach, a
pending obligation, or information. ``docs/legal-rules.md`` says each rule in
a DPO's words, with its source.

1. Art 12(3): the restriction is applied by the end of the period (one
   calendar month from the request, on UK dates; a weekend or bank holiday end
   moves to the next working day; the linked rights request's deadline, with
   its pauses and extension, where there is one). Later is a breach.
2. Art 12(3): the person is told of the action taken within the same period:
   the linked rights request answered by its deadline. Without a linked
   request the ledger cannot show it: "not evidenced".
3. Art 18(1): a restriction applied to fewer categories than asked is a
   breach unless a reason was recorded with it.
4. Art 18(2): while it stands, every access to or share of the person's data
   whose category overlaps a restricted one (the same, narrower or broader,
   through the vocabulary's hierarchy) needs a recorded exception that can
   justify it. Storage is what a restriction still allows, not a reason for
   an access or a share: "justified" as storage, it is a breach. The
   ledger's own reads of the audit trail are information (Art 5(2)).
5. Processing of the requested categories between the request and its
   application is shown, as information.
6. Art 19: every organisation that received an overlapping category before
   the restriction is told, within the notice period (by default the Art 12(3)
   period of the request; a setting), unless telling it proves impossible or
   involves disproportionate effort and the DPO recorded that. Told is
   compliant (its acknowledgement is information); not told by the end of
   the period is a breach.
7. Art 18(3): the person is told before the restriction is lifted.

Verdict: breached if any reason is a breach; otherwise pending if any is
pending; otherwise honoured.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ledger.domain.data_categories import CategoryMatch, uncovered
from ledger.domain.deadlines import period_end, uk_date
from ledger.domain.procedure_terms import RESTRICTION_EXCEPTIONS
from ledger.domain.processing import LEDGER_READER_ROLE
from projections.reports.common import Rules
from projections.reports.who_saw import ActivityEntry

Verdict = Literal["honoured", "breached", "pending"]
Severity = Literal["breach", "pending", "info"]
STORAGE = "sl:A18-2-Storage"


@dataclass(frozen=True, slots=True)
class Reason:
    severity: Severity
    text: str
    position: int | None = None  # the entry it is about, where there is one


@dataclass(frozen=True, slots=True)
class RestrictionFacts:
    restriction_id: str
    reference: str | None
    subject: str
    ground: str
    categories: frozenset[str]  # as applied (as requested, until it is applied)
    requested_categories: frozenset[str]
    requested_at: datetime
    applied_at: datetime | None
    informed_at: datetime | None
    lifted_at: datetime | None
    narrowing_explained: bool = False  # a reason was recorded for applying fewer categories


@dataclass(frozen=True, slots=True)
class Processing:
    entry: ActivityEntry
    exception: str | None  # the Art 18(2) exception recorded for it, if any
    matches: tuple[CategoryMatch, ...] = ()  # its categories that overlap restricted ones


@dataclass(frozen=True, slots=True)
class RecipientNotice:
    organisation: str
    first_received: datetime
    notified_at: datetime | None
    acknowledged_at: datetime | None
    exempted_at: datetime | None = None  # Art 19: impossible or disproportionate, recorded
    matches: tuple[CategoryMatch, ...] = ()


@dataclass(frozen=True, slots=True)
class ActionTaken:
    """The linked rights request: its Art 12(3) deadline and when it was answered."""

    reference: str
    due: date | None  # None while its clock is stopped
    answered_on: date | None


def _what(entry: ActivityEntry) -> str:
    if entry.kind == "share":
        return "shared with " + (entry.recipient or "an unnamed recipient")
    return "accessed by " + entry.actor


def _categories(matches: Sequence[CategoryMatch], entry: ActivityEntry) -> str:
    return ", ".join(m.describe() for m in matches) or ", ".join(entry.categories)


def applied_in_time(
    facts: RestrictionFacts, action: ActionTaken | None, today: date
) -> list[Reason]:
    """Rule 1 (Art 12(3)): applied by the end of the period."""
    due = period_due(facts, action)
    if facts.applied_at is None:
        if due is None:
            return [Reason("pending", "not yet applied; the request's clock is stopped")]
        severity: Severity = "breach" if today > due else "pending"
        return [Reason(severity, f"not applied; due by {due.isoformat()} (Art 12(3))")]
    applied = uk_date(facts.applied_at)
    if due is not None and applied > due:
        return [Reason("breach", f"applied on {applied}, after {due} (Art 12(3))")]
    return [Reason("info", f"applied on {applied}" + (f", by {due} (Art 12(3))" if due else ""))]


def period_due(facts: RestrictionFacts, action: ActionTaken | None) -> date | None:
    """The end of the Art 12(3) period: the linked request's deadline, or one month."""
    if action is not None:
        return action.due
    return period_end(uk_date(facts.requested_at))


def person_told(action: ActionTaken | None, today: date) -> list[Reason]:
    """Rule 2 (Art 12(3)): the person told of the action taken, within the period."""
    if action is None:
        return [
            Reason(
                "info",
                "not evidenced: no rights request is linked to this restriction, so the ledger "
                "cannot show when the person was told of the action taken (Art 12(3))",
            )
        ]
    if action.answered_on is None:
        if action.due is not None and today > action.due:
            return [
                Reason(
                    "breach",
                    f"the person was not told of the action taken by {action.due} "
                    f"(request {action.reference}, Art 12(3))",
                )
            ]
        return [Reason("pending", f"the person is yet to be told (request {action.reference})")]
    if action.due is not None and action.answered_on > action.due:
        return [
            Reason(
                "breach",
                f"the person was told on {action.answered_on}, after {action.due} "
                f"(request {action.reference}, Art 12(3))",
            )
        ]
    return [Reason("info", f"the person was told on {action.answered_on} (Art 12(3))")]


def narrowing(facts: RestrictionFacts) -> list[Reason]:
    """Rule 3 (Art 18(1)): fewer categories restricted than asked, and whether it was explained."""
    if facts.applied_at is None:
        return []
    left_out = uncovered(sorted(facts.requested_categories), facts.categories)
    if not left_out:
        return []
    applied = ", ".join(sorted(facts.categories))
    if facts.narrowing_explained:
        return [
            Reason(
                "info",
                f"applied to {applied} only, not {', '.join(left_out)}; the reason is recorded "
                "with the application",
            )
        ]
    return [
        Reason(
            "breach",
            f"applied to {applied} only, although {', '.join(left_out)} was asked for too, and "
            "no reason was recorded (Art 18(1))",
        )
    ]


def while_standing(processing: Sequence[Processing]) -> list[Reason]:
    """Rule 4 (Art 18(2)): each processing while it stood, and what justified it."""
    reasons = []
    for item in processing:
        entry, what = item.entry, _what(item.entry)
        categories = _categories(item.matches, entry)
        if entry.actor_role == LEDGER_READER_ROLE:
            reasons.append(
                Reason("info", f"audit trail read by {entry.actor} (Art 5(2))", entry.position)
            )
        elif item.exception is None:
            reasons.append(
                Reason(
                    "breach",
                    f"{what} ({categories}) with no Art 18(2) exception recorded",
                    entry.position,
                )
            )
        elif item.exception == STORAGE:
            verb = "share" if entry.kind == "share" else "access"
            reasons.append(
                Reason(
                    "breach",
                    f"{what} ({categories}), recorded as storage: storage is what a restriction "
                    f"still allows, not a reason to {verb} the data (Art 18(2))",
                    entry.position,
                )
            )
        else:
            label = _label(item.exception)
            reasons.append(
                Reason("info", f"{what} ({categories}) under Art 18(2): {label}", entry.position)
            )
    return reasons


def _label(exception: str) -> str:
    if exception in RESTRICTION_EXCEPTIONS:
        return RESTRICTION_EXCEPTIONS.get(exception).label.lower()
    return exception


def before_application(awaiting: Sequence[Processing]) -> list[Reason]:
    """Rule 5: processing of the requested categories while the request awaited application."""
    return [
        Reason(
            "info",
            f"{_what(item.entry)} ({_categories(item.matches, item.entry)}) on "
            f"{uk_date(item.entry.occurred_at)}, after the request and before the restriction "
            "was applied",
            item.entry.position,
        )
        for item in awaiting
        if item.entry.actor_role != LEDGER_READER_ROLE
    ]


def recipients_told(
    facts: RestrictionFacts, recipients: Sequence[RecipientNotice], today: date, rules: Rules
) -> list[Reason]:
    """Rule 6 (Art 19): each earlier recipient told within the notice period, or exempt."""
    due = period_end(uk_date(facts.requested_at), rules.art19_notice_months)
    reasons = []
    for recipient in recipients:
        name = recipient.organisation
        if recipient.notified_at is not None:
            acknowledged = (
                f", acknowledged on {uk_date(recipient.acknowledged_at)}"
                if recipient.acknowledged_at is not None
                else ", not acknowledged"
            )
            reasons.append(
                Reason(
                    "info",
                    f"{name} told on {uk_date(recipient.notified_at)}{acknowledged} (Art 19)",
                )
            )
        elif recipient.exempted_at is not None:
            reasons.append(
                Reason(
                    "info",
                    f"{name} not told: recorded on {uk_date(recipient.exempted_at)} as impossible "
                    "or involving disproportionate effort (Art 19)",
                )
            )
        else:
            received = ", ".join(m.describe() for m in recipient.matches)
            what = f"{name}, which received {received} on {uk_date(recipient.first_received)},"
            if today > due:
                reasons.append(Reason("breach", f"{what} was not told by {due} (Art 19)"))
            else:
                reasons.append(
                    Reason("pending", f"{what} is yet to be told; due by {due} (Art 19)")
                )
    return reasons


def lifted_after_telling(facts: RestrictionFacts) -> list[Reason]:
    """Rule 7 (Art 18(3)): the person told before the restriction was lifted."""
    if facts.lifted_at is not None and (
        facts.informed_at is None or facts.informed_at > facts.lifted_at
    ):
        return [Reason("breach", "lifted without informing the person first (Art 18(3))")]
    return []


@dataclass(frozen=True, slots=True)
class Evidence:
    """Everything the rules read besides the facts."""

    processing: Sequence[Processing] = ()  # while it stood
    awaiting: Sequence[Processing] = ()  # between the request and its application
    recipients: Sequence[RecipientNotice] = ()  # earlier recipients of restricted data
    action: ActionTaken | None = None  # the linked rights request, if any


def judge(
    facts: RestrictionFacts, evidence: Evidence, now: datetime, rules: Rules | None = None
) -> tuple[Verdict, tuple[Reason, ...]]:
    """The verdict and its reasons, from the facts alone (pure)."""
    today = uk_date(now)
    reasons = [
        *applied_in_time(facts, evidence.action, today),
        *person_told(evidence.action, today),
        *narrowing(facts),
        *before_application(evidence.awaiting),
        *while_standing(evidence.processing),
        *recipients_told(facts, evidence.recipients, today, rules or Rules()),
        *lifted_after_telling(facts),
    ]
    severities = {r.severity for r in reasons}
    verdict: Verdict = (
        "breached"
        if "breach" in severities
        else "pending"
        if "pending" in severities
        else "honoured"
    )
    return verdict, tuple(reasons)
