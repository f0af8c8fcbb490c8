"""Rights requests and their clock: one row per request, one per pause."""

from __future__ import annotations

from collections.abc import Sequence

from ledger.domain.rights_requests import RightsRequest
from projections.base import ReadModel, by_type, day
from projections.ops import Op, insert, update
from projections.tables import Table

REQUESTS = Table(
    "rm_requests",
    (
        ("request_id", "text"),
        ("reference", "text"),
        ("subject", "text"),
        ("kind", "text"),
        ("received_on", "text"),
        ("verified_on", "text"),
        ("extension_notified_on", "text"),
        ("closed_on", "text"),
        ("outcome", "text"),  # fulfilled | refused
        ("notification_id", "integer"),
    ),
    ("request_id",),
    indexes=(("subject",), ("closed_on",)),
)

PAUSES = Table(
    "rm_request_pauses",
    (
        ("request_id", "text"),
        ("paused_on", "text"),
        ("resumed_on", "text"),
        ("notification_id", "integer"),
    ),
    ("request_id", "paused_on"),
)


def _request(event: object, notification_id: int) -> Sequence[Op]:
    if isinstance(event, RightsRequest.RequestReceived):
        return [
            insert(
                REQUESTS.name,
                request_id=str(event.originator_id),
                reference=event.reference,
                subject=event.subject,
                kind=event.kind,
                received_on=day(event.received_on),
                verified_on=None,
                extension_notified_on=None,
                closed_on=None,
                outcome=None,
                notification_id=notification_id,
            )
        ]
    key = {"request_id": str(getattr(event, "originator_id", ""))}
    if isinstance(event, RightsRequest.IdentityVerified):
        return [update(REQUESTS.name, key, verified_on=day(event.verified_on))]
    if isinstance(event, RightsRequest.ClockPaused):
        return [
            insert(
                PAUSES.name,
                request_id=key["request_id"],
                paused_on=day(event.paused_on),
                resumed_on=None,
                notification_id=notification_id,
            )
        ]
    if isinstance(event, RightsRequest.ClockResumed):
        return [update(PAUSES.name, {**key, "resumed_on": None}, resumed_on=day(event.resumed_on))]
    if isinstance(event, RightsRequest.DeadlineExtended):
        return [update(REQUESTS.name, key, extension_notified_on=day(event.notified_on))]
    if isinstance(event, RightsRequest.RequestFulfilled):
        return [update(REQUESTS.name, key, closed_on=day(event.fulfilled_on), outcome="fulfilled")]
    if isinstance(event, RightsRequest.RequestRefused):
        return [update(REQUESTS.name, key, closed_on=day(event.refused_on), outcome="refused")]
    return []


project = by_type(
    *(
        (kind, _request)
        for kind in (
            RightsRequest.RequestReceived,
            RightsRequest.IdentityVerified,
            RightsRequest.ClockPaused,
            RightsRequest.ClockResumed,
            RightsRequest.DeadlineExtended,
            RightsRequest.RequestFulfilled,
            RightsRequest.RequestRefused,
        )
    )
)


READ_MODEL = ReadModel("requests", 1, (REQUESTS, PAUSES), project)
