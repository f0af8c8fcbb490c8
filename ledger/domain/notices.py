"""Art 19: telling earlier recipients about a rectification, erasure or restriction.

Restrictions and rectifications both oblige the controller to notify each
recipient to whom the data were disclosed (unless impossible or
disproportionate), so both aggregates inherit the same two events from
:class:`Art19Change`. The partner's acknowledgement is recorded separately so
that "sent" and "received" can be told apart.
"""

from __future__ import annotations

from datetime import datetime

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import InvalidTransition
from ledger.domain.procedure_terms import CHANNELS


class Art19Change(Aggregate):
    """A change to a person's data that earlier recipients must be told about."""

    occurred_at: datetime
    notified: dict[str, datetime]
    acknowledged: dict[str, datetime]

    class RecipientNotified(Aggregate.Event):
        occurred_at: datetime
        recipient: str
        channel: str
        notified_by: str

    class NoticeAcknowledged(Aggregate.Event):
        occurred_at: datetime
        recipient: str

    def notify_recipient(
        self, *, occurred_at: datetime, recipient: str, channel: str, notified_by: str
    ) -> None:
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.occurred_at, "the change itself")
        partner = values.organisation("recipient", recipient)
        if partner in self.notified:
            msg = "that recipient has already been notified of this change"
            raise InvalidTransition(msg)
        self._notify_recipient(
            occurred_at=when,
            recipient=partner,
            channel=CHANNELS.require("channel", channel),
            notified_by=values.identifier("notified_by", notified_by),
        )

    @event(RecipientNotified)
    def _notify_recipient(
        self, *, occurred_at: datetime, recipient: str, channel: str, notified_by: str
    ) -> None:
        self.notified = {**self.notified, recipient: occurred_at}

    def acknowledge_notice(self, *, occurred_at: datetime, recipient: str) -> None:
        when = values.aware("occurred_at", occurred_at)
        partner = values.organisation("recipient", recipient)
        sent = self.notified.get(partner)
        if sent is None:
            msg = "that recipient was never notified of this change"
            raise InvalidTransition(msg)
        if partner in self.acknowledged:
            msg = "that recipient has already acknowledged this notice"
            raise InvalidTransition(msg)
        values.not_before("occurred_at", when, sent, "the notice")
        self._acknowledge_notice(occurred_at=when, recipient=partner)

    @event(NoticeAcknowledged)
    def _acknowledge_notice(self, *, occurred_at: datetime, recipient: str) -> None:
        self.acknowledged = {**self.acknowledged, recipient: occurred_at}
