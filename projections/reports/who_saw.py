"""Who saw what: every access and disclosure of one person's data, newest first.

The body of a subject access response. Recipients (Art 15(1)(c)) are listed
separately: every organisation that received the person's data, when first
and last, and which categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from projections.base import split_terms, utc
from projections.read_models.activity_log import ACTIVITY, NOTES
from projections.read_models.change_log import DISPOSALS
from projections.read_models.share_register import PARTNERS
from projections.reports.common import ReportContext, require_time


@dataclass(frozen=True, slots=True)
class ActivityEntry:
    position: int
    occurred_at: datetime
    kind: str  # access | share | declined
    actor: str
    actor_role: str | None
    organisation: str
    on_behalf_of: str
    recipient: str | None
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str | None
    special_condition: str | None
    schedule_1_condition: str | None
    agreement: str | None
    channel: str | None
    source_system: str | None
    entry_id: str
    justification: str | None = None  # as stored: sealed; open it only for an authorised reader


@dataclass(frozen=True, slots=True)
class Recipient:
    organisation: str
    name: str | None
    shares: int
    first: datetime
    last: datetime
    categories: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class DisposalFacts:
    rule: str
    due_on: str
    disposed_on: str
    authoriser: str
    entries_affected: int


@dataclass(frozen=True, slots=True)
class WhoSaw:
    subject: str
    entries: tuple[ActivityEntry, ...]
    recipients: tuple[Recipient, ...]
    accesses: int
    disclosures: int
    disposal: DisposalFacts | None = None


@dataclass(frozen=True, slots=True)
class Filters:
    since: datetime | None = None
    until: datetime | None = None
    category: str | None = None
    organisation: str | None = None


def who_saw(context: ReportContext, subject: str, filters: Filters = Filters()) -> WhoSaw:
    conditions = ["a.subject = {p}"]
    params: list[Any] = [subject]
    if filters.since is not None:
        conditions.append("a.occurred_at >= {p}")
        params.append(utc(filters.since))
    if filters.until is not None:
        conditions.append("a.occurred_at < {p}")
        params.append(utc(filters.until))
    if filters.category is not None:
        conditions.append("a.categories LIKE {p}")
        params.append(f"% {filters.category} %")
    if filters.organisation is not None:
        conditions.append("(a.actor_organisation = {p} OR a.recipient = {p})")
        params += [filters.organisation, filters.organisation]
    rows = context.rows(
        f"SELECT {context.position_of('a')} AS position, n.sealed AS justification, a.* "
        f"FROM {ACTIVITY.name} a "
        f"LEFT JOIN {NOTES.name} n ON n.entry_id = a.entry_id AND n.field = 'justification' "
        f"WHERE {' AND '.join(conditions)} ORDER BY a.occurred_at DESC, position DESC",
        params,
    )
    entries = tuple(activity_entry(row) for row in rows)
    names = {
        row["organisation"]: row["name"]
        for row in context.rows(f"SELECT organisation, name FROM {PARTNERS.name}")
    }
    disposed = context.rows(
        f"SELECT rule, due_on, disposed_on, authoriser, entries_affected FROM {DISPOSALS.name} "
        "WHERE subject = {p}",
        [subject],
    )
    return WhoSaw(
        subject=subject,
        entries=entries,
        recipients=recipients_of(entries, names),
        accesses=sum(1 for e in entries if e.kind == "access"),
        disclosures=sum(1 for e in entries if e.kind == "share"),
        disposal=DisposalFacts(**disposed[0]) if disposed else None,
    )


def recipients_of(
    entries: tuple[ActivityEntry, ...], names: dict[str, str]
) -> tuple[Recipient, ...]:
    """Art 15(1)(c): every organisation the data was disclosed to (refusals excluded)."""
    grouped: dict[str, list[ActivityEntry]] = {}
    for entry in entries:
        if entry.kind == "share" and entry.recipient is not None:
            grouped.setdefault(entry.recipient, []).append(entry)
    return tuple(
        Recipient(
            organisation=organisation,
            name=names.get(organisation),
            shares=len(shares),
            first=min(s.occurred_at for s in shares),
            last=max(s.occurred_at for s in shares),
            categories=tuple(sorted({c for s in shares for c in s.categories})),
        )
        for organisation, shares in sorted(grouped.items())
    )


def activity_entry(row: dict[str, Any]) -> ActivityEntry:
    return ActivityEntry(
        position=int(row["position"]),
        occurred_at=require_time(row["occurred_at"]),
        kind=row["kind"],
        actor=row["actor"],
        actor_role=row["actor_role"],
        organisation=row["actor_organisation"],
        on_behalf_of=row["on_behalf_of"],
        recipient=row["recipient"],
        categories=split_terms(row["categories"]),
        purpose=row["purpose"],
        legal_basis=row["legal_basis"],
        special_condition=row["special_condition"],
        schedule_1_condition=row["schedule_1_condition"],
        agreement=row["agreement"],
        channel=row["channel"],
        source_system=row["source_system"],
        entry_id=row["entry_id"],
        justification=row.get("justification"),
    )
