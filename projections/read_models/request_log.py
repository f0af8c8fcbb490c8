"""Rights requests and their clock: one row per request, one per pause, one per identity."""

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
    # reference: a request is found by id or by the council's reference (request_report,
    # for every restriction and objection linked to one); without it, each was a scan.
    indexes=(("subject",), ("closed_on",), ("reference",)),
)

# One row per pause, keyed by its entry: a request may be paused more than once
# on one day. Asked for clarification, answered, and asked again the same day,
# the clock stood still for zero days and then stopped again. Both pauses are
# lawful (the clock stops from asking to being answered: UK GDPR Art 12A, as the
# Data (Use and Access) Act 2025 s.76 put the ICO's guidance into law) and the
# ledger records what happened, so the domain accepts them and this table holds
# them. Keyed by day, as version 1's rm_request_pauses was, the second pause
# broke the key and stopped every read model at that entry (issue #14). A
# version bump empties a read model's tables but cannot change their keys:
# hence a new table (version 1's is left behind, unread, in older databases).
PAUSES = Table(
    "rm_clock_pauses",
    (
        ("request_id", "text"),
        ("notification_id", "integer"),
        ("paused_on", "text"),
        ("resumed_on", "text"),
    ),
    ("request_id", "notification_id"),
)

# The day the information asked for to confirm identity arrived (Art 12A(3)(b):
# the clock's start), the latest if it came more than once; NULL until it
# arrives (one row per request, so arrivals are updates). A table of its own
# because a version bump empties a read model's tables but cannot add columns
# to them (see PAUSES); version 3 added it.
IDENTITY = Table(
    "rm_request_identity",
    (("request_id", "text"), ("information_received_on", "text")),
    ("request_id",),
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
            ),
            insert(
                IDENTITY.name,
                request_id=str(event.originator_id),
                information_received_on=None,
            ),
        ]
    key = {"request_id": str(getattr(event, "originator_id", ""))}
    if isinstance(event, RightsRequest.IdentityInformationReceived):
        return [update(IDENTITY.name, key, information_received_on=day(event.received_on))]
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
            RightsRequest.IdentityInformationReceived,
            RightsRequest.IdentityVerified,
            RightsRequest.ClockPaused,
            RightsRequest.ClockResumed,
            RightsRequest.DeadlineExtended,
            RightsRequest.RequestFulfilled,
            RightsRequest.RequestRefused,
        )
    )
)


# Version 2: pauses keyed by entry, in rm_clock_pauses (see PAUSES). Version 3:
# the day identity information arrived, in rm_request_identity (see IDENTITY).
READ_MODEL = ReadModel("requests", 3, (REQUESTS, PAUSES, IDENTITY), project)
