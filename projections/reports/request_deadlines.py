"""Rights requests against their Art 12(3) deadlines: open, due soon, overdue, answered late."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Literal

from ledger.domain.deadlines import Deadline, Pause, deadline
from projections.read_models.request_log import IDENTITY, PAUSES, REQUESTS
from projections.reports.common import ReportContext, only_where

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


# A request with the day its identity information arrived. The projection
# writes both rows together; a LEFT JOIN still never lets a missing one hide
# the request itself.
_SELECT = (
    f"SELECT r.*, i.information_received_on FROM {REQUESTS.name} r "
    f"LEFT JOIN {IDENTITY.name} i ON i.request_id = r.request_id"
)


def request_reports(
    context: ReportContext, *, overdue_only: bool = False, subject: str | None = None
) -> list[RequestReport]:
    """Every request with its deadline; overdue first, then by due date.

    ``subject``: that person's requests only, read through the subject's index
    (a person's page must not cost every request in the ledger).
    """
    where, params = only_where("r.subject", subject)
    pauses: dict[str, list[Pause]] = {}
    # Through the requests, so that one person's pauses are read by the subject's index
    # (a pause whose request is missing would belong to no report anyway).
    for row in context.rows(
        f"SELECT p.* FROM {PAUSES.name} p JOIN {REQUESTS.name} r "
        f"ON r.request_id = p.request_id{where} ORDER BY p.paused_on, p.notification_id",
        params,
    ):
        pauses.setdefault(row["request_id"], []).append(_pause(row))
    reports = [
        _report(row, pauses.get(row["request_id"], []), context.now.date())
        for row in context.rows(f"{_SELECT} {where} ORDER BY r.received_on", params)
    ]
    if overdue_only:
        reports = [r for r in reports if r.status == "overdue"]
    order = {
        "overdue": 0,
        "due this week": 1,
        "paused": 2,
        "open": 3,
        "answered late": 4,
        "answered": 5,
    }
    return sorted(reports, key=lambda r: (order[r.status], r.deadline.due or date.max))


def request_report(context: ReportContext, request_id: str) -> RequestReport | None:
    """One request with its deadline, by id or reference; None if there is none."""
    rows = context.rows(
        f"{_SELECT} WHERE r.request_id = {{p}} OR r.reference = {{p}}",
        [request_id, request_id],
    )
    if not rows:
        return None
    row = rows[0]
    pauses = [
        _pause(p)
        for p in context.rows(
            f"SELECT * FROM {PAUSES.name} WHERE request_id = {{p}} "
            "ORDER BY paused_on, notification_id",
            [row["request_id"]],
        )
    ]
    return _report(row, pauses, context.now.date())


def _pause(row: dict[str, Any]) -> Pause:
    return Pause(
        date.fromisoformat(row["paused_on"]),
        None if row["resumed_on"] is None else date.fromisoformat(row["resumed_on"]),
    )


def _day(value: str | None) -> date | None:
    return None if value is None else date.fromisoformat(value)


def _report(row: dict[str, Any], pauses: list[Pause], today: date) -> RequestReport:
    closed_on = _day(row["closed_on"])
    computed = deadline(
        received_on=date.fromisoformat(row["received_on"]),
        verified_on=_day(row["verified_on"]),
        identity_received_on=_day(row["information_received_on"]),
        kind=row["kind"],
        pauses=pauses,
        extension_notified_on=_day(row["extension_notified_on"]),
        today=closed_on or today,
    )
    return RequestReport(
        request_id=row["request_id"],
        reference=row["reference"],
        subject=row["subject"],
        kind=row["kind"],
        received_on=date.fromisoformat(row["received_on"]),
        closed_on=closed_on,
        outcome=row["outcome"],
        deadline=computed,
        status=status_of(computed, closed_on, today),
    )
