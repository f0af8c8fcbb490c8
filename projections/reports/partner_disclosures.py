"""Which partner received which data, and whether each share stood on an agreement.

A share is flagged when no agreement valid for that partner on that date
covers all its categories (each agreed itself, or through a broader agreed
category) and its purpose (ICO Data Sharing Code, Art 30); when it disclosed
special category data without an Art 9 condition; when it lacks the DPA 2018
Schedule 1 condition s.10 requires (for Art 9(2)(b), (g), (h), (i) and (j),
and for criminal offence data: ``ledger.domain.lawful.schedule_1_problem``);
and when the partner has not receipted it within the configured number of days.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from ledger.domain.data_categories import DATA_CATEGORIES, uncovered
from ledger.domain.lawful import schedule_1_problem
from ledger.storage.gateway import Gateway
from projections.base import split_terms, utc
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.share_register import AGREEMENTS, PARTNERS, RECEIPTS, SHARES
from projections.reports.common import (
    Mark,
    Page,
    ReportContext,
    cut,
    newest_first,
    only_where,
    require_time,
    term_set,
)


@dataclass(frozen=True, slots=True)
class AgreementTerms:
    reference: str
    partner: str
    categories: frozenset[str]
    purposes: frozenset[str]
    legal_basis: str
    valid_from: date
    valid_to: date | None
    review_date: date

    def covers(self, on: date, categories: frozenset[str], purpose: str) -> bool:
        """In force on the day, and every category agreed (itself or a broader agreed one)."""
        in_force = self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)
        return (
            in_force
            and not uncovered(sorted(categories), self.categories)
            and purpose in self.purposes
        )


@dataclass(frozen=True, slots=True)
class ShareFacts:
    share_id: str
    position: int
    occurred_at: datetime
    recipient: str
    subject_count: int
    categories: tuple[str, ...]
    purpose: str
    legal_basis: str
    special_condition: str | None
    schedule_1_condition: str | None
    agreement: str | None
    channel: str
    receipted_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class ShareReport:
    share: ShareFacts
    flags: tuple[str, ...]
    receipt: str  # receipted | awaiting | overdue


def share_flags(share: ShareFacts, agreements: Sequence[AgreementTerms]) -> tuple[str, ...]:
    """Why this share is questionable, in words a DPO can act on; empty if it is not."""
    flags = []
    on = share.occurred_at.date()
    categories = frozenset(share.categories)
    own = [a for a in agreements if a.partner == share.recipient]
    if share.agreement is not None:
        named = next((a for a in own if a.reference == share.agreement), None)
        if named is None:
            flags.append(
                f"names agreement {share.agreement}, which is not an agreement with this partner"
            )
        elif not named.covers(on, categories, share.purpose):
            flags.append(
                f"outside agreement {share.agreement} (date, categories or purpose not covered)"
            )
    elif not any(a.covers(on, categories, share.purpose) for a in own):
        flags.append("no agreement with this partner covered this share")
    kinds = [DATA_CATEGORIES.get(c) for c in share.categories if c in DATA_CATEGORIES]
    special = any(t.special for t in kinds)
    if special and share.special_condition is None:
        flags.append("special category data shared without an Art 9 condition")
    problem = schedule_1_problem(
        special=special,
        criminal=any(t.criminal for t in kinds),
        special_condition=share.special_condition,
        schedule_1=share.schedule_1_condition,
    )
    if problem is not None:
        flags.append(problem)
    return tuple(flags)


def receipt_status(share: ShareFacts, now: datetime, overdue_after: timedelta) -> str:
    if share.receipted_at is not None:
        return "receipted"
    return "overdue" if now - share.occurred_at > overdue_after else "awaiting"


@dataclass(frozen=True, slots=True)
class PartnerReport:
    organisation: str
    name: str | None
    partner_type: str | None
    competent_authority: bool
    agreements: tuple[AgreementTerms, ...]
    shares: tuple[ShareReport, ...]
    flagged: int
    overdue_receipts: int
    # With a page asked for: where the next one starts (None: this was the last).
    next: Mark | None = None


def load_agreements(context: ReportContext, partner: str | None = None) -> list[AgreementTerms]:
    where, params = only_where("partner", partner)
    return [
        AgreementTerms(
            reference=row["reference"],
            partner=row["partner"],
            categories=term_set(row["categories"]),
            purposes=term_set(row["purposes"]),
            legal_basis=row["legal_basis"],
            valid_from=date.fromisoformat(row["valid_from"]),
            valid_to=None if row["valid_to"] is None else date.fromisoformat(row["valid_to"]),
            review_date=date.fromisoformat(row["review_date"]),
        )
        for row in context.rows(
            f"SELECT * FROM {AGREEMENTS.name} {where} ORDER BY reference", params
        )
    ]


def shares(
    context: ReportContext, where: str, params: Sequence[Any], *, source: str = ""
) -> list[ShareFacts]:
    """Shares ``s`` matching ``where``, newest first; ``source`` puts tables before them."""
    return share_page(context, where, params, source=source)[0]


def share_page(
    context: ReportContext,
    where: str,
    params: Sequence[Any],
    *,
    source: str = "",
    page: Page | None = None,
) -> tuple[list[ShareFacts], Mark | None]:
    """:func:`shares`, all of them or one page, and where the next page starts."""
    after, more, order = newest_first("s", page)
    rows = context.rows(
        f"SELECT {context.position_of('s')} AS position, r.receipted_at, s.* "
        f"FROM {source}{SHARES.name} s "
        f"LEFT JOIN {RECEIPTS.name} r ON r.share_id = s.share_id "
        f"WHERE {' AND '.join([where, *after])} {order}",
        [*params, *more],
    )
    rows, following = cut(page, rows)
    return [
        ShareFacts(
            share_id=row["share_id"],
            position=int(row["position"]),
            occurred_at=require_time(row["occurred_at"]),
            recipient=row["recipient"],
            subject_count=int(row["subject_count"]),
            categories=split_terms(row["categories"]),
            purpose=row["purpose"],
            legal_basis=row["legal_basis"],
            special_condition=row["special_condition"],
            schedule_1_condition=row["schedule_1_condition"],
            agreement=row["agreement"],
            channel=row["channel"],
            receipted_at=(
                None if row["receipted_at"] is None else require_time(row["receipted_at"])
            ),
        )
        for row in rows
    ], following


def judge(
    context: ReportContext,
    facts: Sequence[ShareFacts],
    terms: Sequence[AgreementTerms] | None = None,
) -> tuple[ShareReport, ...]:
    """Each share with its flags and receipt status.

    ``terms``: agreements the caller has already read (at least those of
    every recipient in ``facts``); by default every partner's are read.
    """
    # Each share is judged against its recipient's agreements only (share_flags looks no
    # further): sorted out once, not for every share.
    agreements: dict[str, list[AgreementTerms]] = {}
    for t in load_agreements(context) if terms is None else terms:
        agreements.setdefault(t.partner, []).append(t)
    overdue_after = timedelta(days=context.receipt_overdue_days)
    return tuple(
        ShareReport(
            s,
            share_flags(s, agreements.get(s.recipient, [])),
            receipt_status(s, context.now, overdue_after),
        )
        for s in facts
    )


def partner_report(
    context: ReportContext,
    organisation: str,
    *,
    subject: str | None = None,
    page: Page | None = None,
) -> PartnerReport:
    """One partner's disclosures (optionally only those concerning one person), judged.

    ``page``: one page of the partner's whole list, read by the partner's key
    in the database, so its cost follows the page; the flagged and overdue
    counts beside it are the whole list's (:func:`_whole_list_counts`).
    """
    partner = context.rows(
        f"SELECT * FROM {PARTNERS.name} WHERE organisation = {{p}}", [organisation]
    )
    if subject is None:
        found, following = share_page(context, "s.recipient = {p}", [organisation], page=page)
    else:
        # From the person's few rows to their shares, never through all of the
        # partner's: CROSS JOIN keeps that order on SQLite (PostgreSQL plans it alone).
        found, following = share_page(
            context,
            "a.subject = {p} AND a.kind = 'share' AND s.share_id = a.entry_id "
            "AND s.recipient = {p}",
            [subject, organisation],
            source=f"{ACTIVITY.name} a CROSS JOIN ",
            page=page,
        )
    agreements = load_agreements(context, organisation)
    reports = judge(context, found, agreements)
    if page is None:
        flagged = sum(1 for r in reports if r.flags)
        overdue = sum(1 for r in reports if r.receipt == "overdue")
    else:
        flagged, overdue = _whole_list_counts(context, organisation, subject, agreements)
    return PartnerReport(
        organisation=organisation,
        name=partner[0]["name"] if partner else None,
        partner_type=partner[0]["partner_type"] if partner else None,
        competent_authority=bool(partner[0]["competent_authority"]) if partner else False,
        agreements=tuple(agreements),
        shares=reports,
        flagged=flagged,
        overdue_receipts=overdue,
        next=following,
    )


def _whole_list_counts(
    context: ReportContext,
    organisation: str,
    subject: str | None,
    agreements: Sequence[AgreementTerms],  # the partner's own
) -> tuple[int, int]:
    """Flagged shares and overdue receipts over the partner's whole list, without reading it.

    A share's flags follow from its categories, purpose, agreement and
    conditions, and from which of the partner's agreements were in force on
    its day (:func:`share_flags`). Between two days on which one of them
    starts or ends that set is the same, so the database groups the shares by
    the fields and by that period, and each group is judged once, on its
    first day: a handful of groups, however many shares. Whether a receipt
    is overdue is a time comparison the database makes.
    """
    where, params = "s.recipient = {p}", [organisation]
    source = ""
    if subject is not None:
        where = f"a.subject = {{p}} AND a.kind = 'share' AND s.share_id = a.entry_id AND {where}"
        params = [subject, organisation]
        source = f"{ACTIVITY.name} a CROSS JOIN "
    # The days the set of agreements in force changes: one starts, or the day after one ends.
    changes = sorted(
        {a.valid_from for a in agreements}
        | {a.valid_to + timedelta(days=1) for a in agreements if a.valid_to is not None}
    )
    # A share's period: how many changes came on or before its day (text order is time
    # order: "2026-04-01T09:00..." >= "2026-04-01").
    period = " + ".join("CASE WHEN s.occurred_at >= {p} THEN 1 ELSE 0 END" for _ in changes)
    fields = "s.categories, s.purpose, s.agreement, s.special_condition, s.schedule_1_condition"
    # No changes, no period: a bare constant in GROUP BY would name a column by its number.
    group_by = f"{period}, {fields}" if changes else fields
    # receipt_status: overdue when now - occurred_at > the allowance (strictly).
    due = utc(context.now - timedelta(days=context.receipt_overdue_days))
    groups = context.rows(
        f"SELECT {fields}, MIN(s.occurred_at) AS first, COUNT(*) AS shares, "
        "SUM(CASE WHEN r.receipted_at IS NULL AND s.occurred_at < {p} THEN 1 ELSE 0 END) "
        f"AS overdue FROM {source}{SHARES.name} s "
        f"LEFT JOIN {RECEIPTS.name} r ON r.share_id = s.share_id WHERE {where} "
        f"GROUP BY {group_by}",
        [due, *params, *(day.isoformat() for day in changes)],
    )
    flagged = 0
    for group in groups:
        # A stand-in share for the group: only the fields share_flags reads matter.
        facts = ShareFacts(
            share_id="",
            position=-1,
            occurred_at=require_time(group["first"]),
            recipient=organisation,
            subject_count=0,
            categories=split_terms(group["categories"]),
            purpose=group["purpose"],
            legal_basis="",
            special_condition=group["special_condition"],
            schedule_1_condition=group["schedule_1_condition"],
            agreement=group["agreement"],
            channel="",
        )
        if share_flags(facts, agreements):
            flagged += int(group["shares"])
    return flagged, sum(int(g["overdue"] or 0) for g in groups)


def local_authority(sql: Gateway) -> str | None:
    """The first registered local authority: the controller the ledger reports for."""
    rows = sql.fetch(
        f"SELECT organisation FROM {PARTNERS.name} WHERE partner_type = {{p}} "
        "ORDER BY notification_id LIMIT 1",
        ("sl:LocalAuthority",),
    )
    return str(rows[0]["organisation"]) if rows else None


def partner_names(context: ReportContext) -> dict[str, str]:
    """Every registered organisation's name, by its identifier (for pages people read)."""
    rows = context.rows(f"SELECT organisation, name FROM {PARTNERS.name}")
    return {str(r["organisation"]): str(r["name"]) for r in rows if r["name"]}
