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
from projections.reports.common import (
    Mark,
    Page,
    ReportContext,
    cut,
    newest_first,
    require_time,
)


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
    # With a page asked for: where the next one starts (None: this was the last).
    next: Mark | None = None
    # Every category of data in the (filtered) history, on every page: what reading it reveals.
    categories: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Filters:
    since: datetime | None = None
    until: datetime | None = None
    category: str | None = None
    organisation: str | None = None


def who_saw(
    context: ReportContext, subject: str, filters: Filters = Filters(), page: Page | None = None
) -> WhoSaw:
    """One person's history, newest first: all of it, or one page of it.

    A page is read by the activity key in the database (one person's rows, the
    page's worth opened into objects), so its cost follows the page, not the
    history; the counts and recipients beside it are the whole (filtered)
    history's, from one grouped query.
    """
    conditions, params = _conditions(subject, filters)
    after, more, order = newest_first("a", page)
    rows = context.rows(
        f"SELECT {context.position_of('a')} AS position, n.sealed AS justification, a.* "
        f"FROM {ACTIVITY.name} a "
        f"LEFT JOIN {NOTES.name} n ON n.entry_id = a.entry_id AND n.field = 'justification' "
        f"WHERE {' AND '.join(conditions + after)} {order}",
        params + more,
    )
    rows, following = cut(page, rows)
    totals = _totals(context, subject, filters)
    disposed = context.rows(
        f"SELECT rule, due_on, disposed_on, authoriser, entries_affected FROM {DISPOSALS.name} "
        "WHERE subject = {p}",
        [subject],
    )
    return WhoSaw(
        subject=subject,
        entries=tuple(activity_entry(row) for row in rows),
        recipients=totals.recipients,
        accesses=totals.counts.get("access", 0),
        disclosures=totals.counts.get("share", 0),
        disposal=DisposalFacts(**disposed[0]) if disposed else None,
        next=following,
        categories=totals.categories,
    )


def categories_in(
    context: ReportContext, subject: str, filters: Filters = Filters()
) -> tuple[str, ...]:
    """Every category of data in one person's (filtered) history: what reading it reveals."""
    return _totals(context, subject, filters).categories


def _conditions(subject: str, filters: Filters) -> tuple[list[str], list[Any]]:
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
    return conditions, params


@dataclass(frozen=True, slots=True)
class _Totals:
    counts: dict[str, int]  # entries of each kind
    recipients: tuple[Recipient, ...]
    categories: tuple[str, ...]


def _totals(context: ReportContext, subject: str, filters: Filters) -> _Totals:
    """Entries of each kind, the recipients and the categories, over the filtered history."""
    conditions, params = _conditions(subject, filters)
    groups = context.rows(
        "SELECT a.kind, a.recipient, a.categories, COUNT(*) AS entries, "
        "MIN(a.occurred_at) AS first, MAX(a.occurred_at) AS last "
        f"FROM {ACTIVITY.name} a WHERE {' AND '.join(conditions)} "
        "GROUP BY a.kind, a.recipient, a.categories",
        params,
    )
    counts: dict[str, int] = {}
    for group in groups:
        counts[group["kind"]] = counts.get(group["kind"], 0) + int(group["entries"])
    shared = [
        _Shares(
            g["recipient"],
            split_terms(g["categories"]),
            int(g["entries"]),
            require_time(g["first"]),
            require_time(g["last"]),
        )
        for g in groups
        if g["kind"] == "share" and g["recipient"] is not None
    ]
    names = (
        {
            row["organisation"]: row["name"]
            for row in context.rows(f"SELECT organisation, name FROM {PARTNERS.name}")
        }
        if shared
        else {}
    )
    categories = {c for g in groups for c in split_terms(g["categories"])}
    return _Totals(counts, _recipients(shared, names), tuple(sorted(categories)))


@dataclass(frozen=True, slots=True)
class _Shares:
    """Shares to one recipient of one set of categories: how many, first and last."""

    recipient: str
    categories: tuple[str, ...]
    count: int
    first: datetime
    last: datetime


def recipients_of(
    entries: tuple[ActivityEntry, ...], names: dict[str, str]
) -> tuple[Recipient, ...]:
    """Art 15(1)(c): every organisation the data was disclosed to (refusals excluded)."""
    return _recipients(
        [
            _Shares(e.recipient, e.categories, 1, e.occurred_at, e.occurred_at)
            for e in entries
            if e.kind == "share" and e.recipient is not None
        ],
        names,
    )


def _recipients(shares: list[_Shares], names: dict[str, str]) -> tuple[Recipient, ...]:
    grouped: dict[str, list[_Shares]] = {}
    for group in shares:
        grouped.setdefault(group.recipient, []).append(group)
    return tuple(
        Recipient(
            organisation=organisation,
            name=names.get(organisation),
            shares=sum(g.count for g in groups),
            first=min(g.first for g in groups),
            last=max(g.last for g in groups),
            categories=tuple(sorted({c for g in groups for c in g.categories})),
        )
        for organisation, groups in sorted(grouped.items())
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
