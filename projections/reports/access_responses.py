"""Access responses as the read side holds them: issued, withheld, found by digest, overdue.

The letter's own content is built by ``api.service.access_response`` from who
saw what frozen at the response's size; here are the facts around it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from projections.base import split_terms
from projections.read_models.request_log import REQUESTS
from projections.read_models.response_log import RESPONSES, WITHHELD
from projections.read_models.share_register import PARTNERS
from projections.reports.common import ReportContext


@dataclass(frozen=True, slots=True)
class IssuedResponse:
    request_id: str
    reference: str | None
    subject: str
    number: int  # 1 for the request's first response, 2 for a supplementary one...
    issued_on: date
    frozen_at: int
    html_sha256: str
    pdf_sha256: str
    checkpoint_size: int | None
    checkpoint_root: str | None
    withheld: tuple[str, ...]
    issued_by: str


@dataclass(frozen=True, slots=True)
class WithheldEntry:
    request_id: str
    reference: str | None
    subject: str
    entry_id: str
    position: int
    exemption: str
    reason: str  # sealed
    review_date: date
    withheld_on: date
    decided_by: str
    lifted_on: date | None

    def review_due(self, today: date) -> bool:
        """Past its review date and still withheld: the DPO must look again."""
        return self.lifted_on is None and self.review_date < today


_REQUEST_COLUMNS = "q.reference AS reference, q.subject AS subject"


def issued_responses(context: ReportContext, request_id: str) -> list[IssuedResponse]:
    """The request's responses, first issued first."""
    rows = context.rows(
        f"SELECT r.*, {_REQUEST_COLUMNS} FROM {RESPONSES.name} r "
        f"JOIN {REQUESTS.name} q ON q.request_id = r.request_id "
        "WHERE r.request_id = {p} ORDER BY r.notification_id",
        [request_id],
    )
    return [_issued(row, number) for number, row in enumerate(rows, start=1)]


def with_digest(context: ReportContext, digest: str) -> list[IssuedResponse]:
    """Every response whose HTML or PDF has this SHA-256 (normally one, or none)."""
    found = context.rows(
        f"SELECT request_id, notification_id FROM {RESPONSES.name} "
        "WHERE html_sha256 = {p} OR pdf_sha256 = {p}",
        [digest, digest],
    )
    return [
        response
        for request_id in sorted({row["request_id"] for row in found})
        for response in issued_responses(context, request_id)
        if digest in (response.html_sha256, response.pdf_sha256)
    ]


def withheld_entries(
    context: ReportContext, request_id: str | None = None, *, current: bool = True
) -> list[WithheldEntry]:
    """Entries withheld (only those not lifted, if ``current``), for one request or all."""
    conditions = []
    params = []
    if request_id is not None:
        conditions.append("w.request_id = {p}")
        params.append(request_id)
    if current:
        conditions.append("w.lifted_on IS NULL")
    where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
    rows = context.rows(
        f"SELECT w.*, {_REQUEST_COLUMNS} FROM {WITHHELD.name} w "
        f"JOIN {REQUESTS.name} q ON q.request_id = w.request_id "
        f"{where}ORDER BY w.review_date, w.notification_id",
        params,
    )
    return [_withheld(row) for row in rows]


def reviews_due(context: ReportContext) -> list[WithheldEntry]:
    """Withheld entries past their review date, oldest review first."""
    today = context.now.date()
    return [w for w in withheld_entries(context) if w.review_due(today)]


def partner_names(context: ReportContext) -> dict[str, str]:
    """Each registered partner's name, by organisation id (for the letter's rows)."""
    rows = context.rows(f"SELECT organisation, name FROM {PARTNERS.name}")
    return {str(r["organisation"]): str(r["name"]) for r in rows if r["name"]}


def _issued(row: dict[str, object], number: int) -> IssuedResponse:
    return IssuedResponse(
        request_id=str(row["request_id"]),
        reference=_optional(row["reference"]),
        subject=str(row["subject"]),
        number=number,
        issued_on=date.fromisoformat(str(row["issued_on"])),
        frozen_at=int(str(row["frozen_at"])),
        html_sha256=str(row["html_sha256"]),
        pdf_sha256=str(row["pdf_sha256"]),
        checkpoint_size=_count(row["checkpoint_size"]),
        checkpoint_root=_optional(row["checkpoint_root"]),
        withheld=split_terms(str(row["withheld"])),
        issued_by=str(row["issued_by"]),
    )


def _withheld(row: dict[str, object]) -> WithheldEntry:
    lifted = row["lifted_on"]
    return WithheldEntry(
        request_id=str(row["request_id"]),
        reference=_optional(row["reference"]),
        subject=str(row["subject"]),
        entry_id=str(row["entry_id"]),
        position=int(str(row["position"])),
        exemption=str(row["exemption"]),
        reason=str(row["reason"]),
        review_date=date.fromisoformat(str(row["review_date"])),
        withheld_on=date.fromisoformat(str(row["withheld_on"])),
        decided_by=str(row["decided_by"]),
        lifted_on=None if lifted is None else date.fromisoformat(str(lifted)),
    )


def _count(value: object) -> int | None:
    return None if value is None else int(str(value))


def _optional(value: object) -> str | None:
    return None if value is None else str(value)
