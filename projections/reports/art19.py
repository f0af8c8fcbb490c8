"""Art 19, shared by restrictions and rectifications: who received the data before the change,
and what each was told.

An earlier recipient is one that received, before the change, a category
overlapping a changed one (the same, narrower or broader, through the
vocabulary's hierarchy): a share of health records holds health data.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

from ledger.domain.data_categories import CategoryMatch, overlapping
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import EXEMPTIONS, NOTICES
from projections.reports.common import ReportContext, require_time, term_set

Received = tuple[datetime, tuple[CategoryMatch, ...]]  # first share, and what overlapped


def earlier_recipients(
    context: ReportContext, subject: str, before: str, categories: Iterable[str]
) -> dict[str, Received]:
    """Each organisation that received an overlapping category of ``subject`` before ``before``."""
    changed = sorted(categories)
    received: dict[str, Received] = {}
    for share in context.rows(
        f"SELECT recipient, occurred_at, categories FROM {ACTIVITY.name} "
        "WHERE subject = {p} AND kind = 'share' AND occurred_at < {p} ORDER BY occurred_at",
        [subject, before],
    ):
        matches = overlapping(sorted(term_set(share["categories"])), changed)
        if matches and share["recipient"] not in received:
            received[share["recipient"]] = (require_time(share["occurred_at"]), matches)
    return received


def notices(context: ReportContext, change_id: str) -> dict[str, dict[str, str]]:
    """The change's Art 19 notices, by recipient (sent, and when acknowledged)."""
    return _by_recipient(context, NOTICES.name, change_id)


def exemptions(context: ReportContext, change_id: str) -> dict[str, dict[str, str]]:
    """The recipients recorded as impossible or disproportionate to tell, by recipient."""
    return _by_recipient(context, EXEMPTIONS.name, change_id)


def _by_recipient(context: ReportContext, table: str, change_id: str) -> dict[str, dict[str, str]]:
    rows = context.rows(f"SELECT * FROM {table} WHERE change_id = {{p}}", [change_id])
    return {str(row["recipient"]): row for row in rows}
