"""Art 19: telling earlier recipients about a rectification, erasure or restriction.

Restrictions and rectifications both oblige the controller to notify each
recipient to whom the data were disclosed, "unless this proves impossible or
involves disproportionate effort" (Art 19), so both aggregates inherit the
same events from :class:`Art19Change`: a notice sent, a notice acknowledged,
and that exemption, recorded with the DPO's reason. The partner's
acknowledgement is recorded separately so that "sent" and "received" can be
told apart; Art 19 asks the controller to tell, not to collect
acknowledgements, so the reports show it as information.
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
    exempted: dict[str, datetime]

    class RecipientNotified(Aggregate.Event):
        occurred_at: datetime
        recipient: str
        channel: str
        notified_by: str

    class NoticeAcknowledged(Aggregate.Event):
        occurred_at: datetime
        recipient: str

    class NoticeExempted(Aggregate.Event):
        """Art 19: telling this recipient proves impossible or involves disproportionate effort."""

        occurred_at: datetime
        recipient: str
        explanation: str  # why: free text, sealed for the person like every explanation
        recorded_by: str

    def notify_recipient(
        self, *, occurred_at: datetime, recipient: str, channel: str, notified_by: str
    ) -> None:
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.occurred_at, "the change itself")
        partner = values.organisation("recipient", recipient)
        if partner in self.notified:
            msg = "that recipient has already been notified of this change"
            raise InvalidTransition(msg)
        # A recipient exempted earlier may still be told (the effort proved less than feared).
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

    def exempt_recipient(
        self, *, occurred_at: datetime, recipient: str, explanation: str, recorded_by: str
    ) -> None:
        """Record that notifying ``recipient`` is impossible or disproportionate, and why."""
        when = values.aware("occurred_at", occurred_at)
        values.not_before("occurred_at", when, self.occurred_at, "the change itself")
        partner = values.organisation("recipient", recipient)
        if partner in self.notified:
            msg = "that recipient has already been notified of this change"
            raise InvalidTransition(msg)
        if partner in self.exempted:
            msg = "that recipient's notice is already recorded as exempt"
            raise InvalidTransition(msg)
        self._exempt_recipient(
            occurred_at=when,
            recipient=partner,
            explanation=values.text("explanation", explanation),
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    @event(NoticeExempted)
    def _exempt_recipient(
        self, *, occurred_at: datetime, recipient: str, explanation: str, recorded_by: str
    ) -> None:
        self.exempted = {**self.exempted, recipient: occurred_at}
