"""Art 16 rectifications and their Art 19 notices: who had the wrong data, and were they told?

Art 19: the controller "shall communicate any rectification ... to each
recipient to whom the personal data have been disclosed, unless this proves
impossible or involves disproportionate effort". An earlier recipient is one
that received, before the rectification, a category overlapping a rectified
one (the same, narrower or broader: a share of health records holds health
data). Told is compliant, whether or not it acknowledged; exempt where the
DPO recorded the exemption; otherwise due until the notice period ends
(``Rules.art19_notice_months`` from the rectification, UK dates, the next
working day), then overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Literal

from ledger.domain.data_categories import CategoryMatch
from ledger.domain.deadlines import period_end, uk_date
from projections.base import split_terms
from projections.read_models.change_log import RECTIFICATIONS
from projections.reports.art19 import earlier_recipients, exemptions, notices
from projections.reports.common import ReportContext, only_where, parse_time, require_time, term_set

NoticeStatus = Literal["acknowledged", "notified", "exempt", "due", "overdue"]


@dataclass(frozen=True, slots=True)
class EarlierRecipient:
    organisation: str
    received: datetime
    notified_at: datetime | None
    acknowledged_at: datetime | None
    exempted_at: datetime | None = None
    due: date | None = None  # the end of the notice period
    overdue: bool = False  # not told, not exempt, and the period has ended
    matches: tuple[CategoryMatch, ...] = ()  # the received categories that overlap rectified ones

    @property
    def status(self) -> NoticeStatus:
        if self.notified_at is not None:
            return "acknowledged" if self.acknowledged_at is not None else "notified"
        if self.exempted_at is not None:
            return "exempt"
        return "overdue" if self.overdue else "due"


@dataclass(frozen=True, slots=True)
class RectificationReport:
    rectification_id: str
    reference: str | None
    subject: str
    categories: tuple[str, ...]
    occurred_at: datetime
    recipients: tuple[EarlierRecipient, ...]

    @property
    def outstanding(self) -> tuple[EarlierRecipient, ...]:
        """Recipients not yet told and not exempt (due, or overdue)."""
        return tuple(r for r in self.recipients if r.status in ("due", "overdue"))


def rectification_reports(
    context: ReportContext, *, outstanding_only: bool = False, subject: str | None = None
) -> list[RectificationReport]:
    """Every rectification (newest first) with each earlier recipient's Art 19 status.

    ``subject``: that person's rectifications only, read through the subject's index.
    """
    reports = []
    today = uk_date(context.now)
    where, params = only_where("subject", subject)
    for row in context.rows(
        f"SELECT * FROM {RECTIFICATIONS.name} {where} ORDER BY occurred_at DESC", params
    ):
        received = earlier_recipients(
            context, row["subject"], row["occurred_at"], term_set(row["categories"])
        )
        sent = notices(context, row["rectification_id"])
        exempt = exemptions(context, row["rectification_id"])
        due = period_end(
            uk_date(require_time(row["occurred_at"])), context.rules.art19_notice_months
        )
        report = RectificationReport(
            rectification_id=row["rectification_id"],
            reference=row["reference"],
            subject=row["subject"],
            categories=split_terms(row["categories"]),
            occurred_at=require_time(row["occurred_at"]),
            recipients=tuple(
                EarlierRecipient(
                    organisation=org,
                    received=when,
                    notified_at=parse_time(sent.get(org, {}).get("notified_at")),
                    acknowledged_at=parse_time(sent.get(org, {}).get("acknowledged_at")),
                    exempted_at=parse_time(exempt.get(org, {}).get("exempted_at")),
                    due=due,
                    overdue=today > due,
                    matches=matches,
                )
                for org, (when, matches) in sorted(received.items())
            ),
        )
        if not outstanding_only or report.outstanding:
            reports.append(report)
    return reports
