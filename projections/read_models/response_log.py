"""Access responses: one row per response issued, one per entry withheld (until lifted).

The responses' digests are looked up when a letter is checked
(``sharing-ledger requests check-response``); the withheld entries feed the
DPO's copy, the ICO's evidence and the requests report's review flag.
"""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.rights_requests import RightsRequest
from projections.base import ReadModel, by_type, day, terms
from projections.ops import Op, insert, update
from projections.tables import Table

RESPONSES = Table(
    "rm_access_responses",
    (
        ("request_id", "text"),
        ("notification_id", "integer"),
        ("issued_on", "text"),
        ("frozen_at", "integer"),
        ("html_sha256", "text"),
        ("pdf_sha256", "text"),
        ("checkpoint_size", "integer"),
        ("checkpoint_root", "text"),
        ("withheld", "text"),  # entry ids, as ' a b c '
        ("issued_by", "text"),
    ),
    ("request_id", "notification_id"),
    # A letter is checked by its digest: HTML or PDF.
    indexes=(("html_sha256",), ("pdf_sha256",)),
)

# Keyed by entry, not by the withheld entry's id: lifted and withheld again is two rows.
WITHHELD = Table(
    "rm_withheld_entries",
    (
        ("request_id", "text"),
        ("notification_id", "integer"),
        ("entry_id", "text"),
        ("position", "integer"),
        ("exemption", "text"),
        ("reason", "text"),  # as stored: sealed for the person
        ("review_date", "text"),
        ("withheld_on", "text"),
        ("decided_by", "text"),
        ("lifted_on", "text"),
    ),
    ("request_id", "notification_id"),
)


def _issued(event: RightsRequest.ResponseIssued, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            RESPONSES.name,
            request_id=str(event.originator_id),
            notification_id=notification_id,
            issued_on=day(event.issued_on),
            frozen_at=event.frozen_at,
            html_sha256=event.html_sha256,
            pdf_sha256=event.pdf_sha256,
            checkpoint_size=event.checkpoint_size,
            checkpoint_root=event.checkpoint_root,
            withheld=terms(event.withheld),
            issued_by=event.issued_by,
        )
    ]


def _withheld(event: RightsRequest.EntryWithheld, notification_id: int) -> Sequence[Op]:
    return [
        insert(
            WITHHELD.name,
            request_id=str(event.originator_id),
            notification_id=notification_id,
            entry_id=event.entry_id,
            position=event.position,
            exemption=event.exemption,
            reason=event.reason,
            review_date=day(event.review_date),
            withheld_on=day(event.withheld_on),
            decided_by=event.decided_by,
            lifted_on=None,
        )
    ]


def _lifted(event: RightsRequest.WithholdingLifted, notification_id: int) -> Sequence[Op]:
    del notification_id  # the row to change is the withholding's
    where = {"request_id": str(event.originator_id), "entry_id": event.entry_id, "lifted_on": None}
    return [update(WITHHELD.name, where, lifted_on=day(event.lifted_on))]


project = by_type(
    (RightsRequest.ResponseIssued, _issued),
    (RightsRequest.EntryWithheld, _withheld),
    (RightsRequest.WithholdingLifted, _lifted),
)

READ_MODEL = ReadModel("responses", 1, (RESPONSES, WITHHELD), project)
