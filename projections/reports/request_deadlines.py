"""Rights requests against their Art 12(3) deadlines: open, due soon, overdue, answered late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Literal

from ledger.domain.deadlines import Deadline, Pause, deadline
from projections.read_models.request_log import PAUSES, REQUESTS
from projections.reports.common import ReportContext

Status = Literal["open", "due this week", "overdue", "paused", "answered", "answered late"]


@dataclass(frozen=True, slots=True)
class RequestReport:
    request_id: str
    reference: str | None
    subject: str
    kind: str
    received_on: date
    closed_on: date | None
    outcome: str | None
    deadline: Deadline
    status: Status


def status_of(deadline_: Deadline, closed_on: date | None, today: date) -> Status:
    if closed_on is not None:
        return "answered late" if deadline_.is_late(today, closed_on) else "answered"
    if deadline_.due is None:
        return "paused"
    if today > deadline_.due:
        return "overdue"
    return "due this week" if deadline_.due - today <= timedelta(days=7) else "open"


def request_reports(context: ReportContext, *, overdue_only: bool = False) -> list[RequestReport]:
    """Every request with its deadline; overdue first, then by due date."""
    today = context.now.date()
    pauses: dict[str, list[Pause]] = {}
    for row in context.rows(f"SELECT * FROM {PAUSES.name} ORDER BY paused_on, notification_id"):
        pauses.setdefault(row["request_id"], []).append(
            Pause(
                date.fromisoformat(row["paused_on"]),
                None if row["resumed_on"] is None else date.fromisoformat(row["resumed_on"]),
            )
        )
    reports = []
    for row in context.rows(f"SELECT * FROM {REQUESTS.name} ORDER BY received_on"):
        closed_on = None if row["closed_on"] is None else date.fromisoformat(row["closed_on"])
        computed = deadline(
            received_on=date.fromisoformat(row["received_on"]),
            verified_on=None
            if row["verified_on"] is None
            else date.fromisoformat(row["verified_on"]),
            pauses=pauses.get(row["request_id"], []),
            extension_notified_on=(
                None
                if row["extension_notified_on"] is None
                else date.fromisoformat(row["extension_notified_on"])
            ),
            today=closed_on or today,
        )
        status = status_of(computed, closed_on, today)
        if overdue_only and status != "overdue":
            continue
        reports.append(
            RequestReport(
                request_id=row["request_id"],
                reference=row["reference"],
                subject=row["subject"],
                kind=row["kind"],
                received_on=date.fromisoformat(row["received_on"]),
                closed_on=closed_on,
                outcome=row["outcome"],
                deadline=computed,
                status=status,
            )
        )
    order = {
        "overdue": 0,
        "due this week": 1,
        "paused": 2,
        "open": 3,
        "answered late": 4,
        "answered": 5,
    }
    return sorted(reports, key=lambda r: (order[r.status], r.deadline.due or date.max))
