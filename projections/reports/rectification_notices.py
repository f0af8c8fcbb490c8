"""Art 16 rectifications and their Art 19 notices: who had the wrong data, and were they told?"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from projections.base import split_terms
from projections.read_models.activity_log import ACTIVITY
from projections.read_models.change_log import NOTICES, RECTIFICATIONS
from projections.reports.common import ReportContext, parse_time, require_time, term_set


@dataclass(frozen=True, slots=True)
class EarlierRecipient:
    organisation: str
    received: datetime
    notified_at: datetime | None
    acknowledged_at: datetime | None

    @property
    def status(self) -> str:
        if self.notified_at is None:
            return "outstanding"
        return "acknowledged" if self.acknowledged_at is not None else "notified"


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
        return tuple(r for r in self.recipients if r.status == "outstanding")


def rectification_reports(
    context: ReportContext, *, outstanding_only: bool = False
) -> list[RectificationReport]:
    """Every rectification (newest first) with each earlier recipient's Art 19 status."""
    reports = []
    for row in context.rows(f"SELECT * FROM {RECTIFICATIONS.name} ORDER BY occurred_at DESC"):
        categories = term_set(row["categories"])
        received: dict[str, datetime] = {}
        for share in context.rows(
            f"SELECT recipient, occurred_at, categories FROM {ACTIVITY.name} "
            "WHERE subject = {p} AND kind = 'share' AND occurred_at < {p} ORDER BY occurred_at",
            [row["subject"], row["occurred_at"]],
        ):
            if categories & term_set(share["categories"]):
                received.setdefault(share["recipient"], require_time(share["occurred_at"]))
        notices = {
            n["recipient"]: n
            for n in context.rows(
                f"SELECT * FROM {NOTICES.name} WHERE change_id = {{p}}", [row["rectification_id"]]
            )
        }
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
                    notified_at=parse_time(notices.get(org, {}).get("notified_at")),
                    acknowledged_at=parse_time(notices.get(org, {}).get("acknowledged_at")),
                )
                for org, when in sorted(received.items())
            ),
        )
        if not outstanding_only or report.outstanding:
            reports.append(report)
    return reports
