"""Data subject rights requests (Arts 15-18 and 21) and their statutory clock.

Dates here are calendar dates: Art 12(3) counts in calendar months, and the
deadline arithmetic lives in :mod:`ledger.domain.deadlines`. The lifecycle
records what the council did; whether it did it in time is for projections.
A closed request (fulfilled or refused) takes no further steps.
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.errors import InvalidTransition
from ledger.domain.procedure_terms import REQUEST_KINDS


class RightsRequest(Aggregate):
    """One request from a person exercising a data protection right."""

    class RequestReceived(Aggregate.Created):
        received_on: date
        subject: str
        kind: str
        reference: str | None
        recorded_by: str

    class IdentityInformationReceived(Aggregate.Event):
        received_on: date

    class IdentityVerified(Aggregate.Event):
        verified_on: date

    class ClockPaused(Aggregate.Event):
        paused_on: date
        reason: str

    class ClockResumed(Aggregate.Event):
        resumed_on: date

    class DeadlineExtended(Aggregate.Event):
        notified_on: date
        reason: str

    class RequestFulfilled(Aggregate.Event):
        fulfilled_on: date

    class RequestRefused(Aggregate.Event):
        refused_on: date
        reason: str

    @event(RequestReceived)
    def __init__(
        self,
        *,
        received_on: date,
        subject: str,
        kind: str,
        reference: str | None,
        recorded_by: str,
    ) -> None:
        self.received_on = received_on
        self.subject = subject
        self.kind = kind
        self.last_on = received_on
        self.verified_on: date | None = None
        self.identity_received_on: date | None = None
        self.paused_on: date | None = None
        self.extended = False
        self.closed_on: date | None = None

    @classmethod
    def receive(
        cls,
        *,
        received_on: date,
        subject: str,
        kind: str,
        recorded_by: str,
        reference: str | None = None,
    ) -> RightsRequest:
        return cls._create(
            cls.RequestReceived,
            id=(
                uuid4()
                if reference is None
                else values.derived_id("request", values.reference("reference", reference))
            ),
            received_on=values.calendar_date("received_on", received_on),
            subject=values.subject_ref("subject", subject),
            kind=REQUEST_KINDS.require("kind", kind),
            reference=reference,
            recorded_by=values.identifier("recorded_by", recorded_by),
        )

    def _step_on(self, field: str, on: date) -> date:
        if self.closed_on is not None:
            msg = "the request is closed"
            raise InvalidTransition(msg)
        day = values.calendar_date(field, on)
        values.not_before(field, day, self.last_on, "the previous step")
        return day

    def receive_identity_information(self, *, received_on: date) -> None:
        """Art 12(6): the information asked for to confirm who is asking has arrived.

        Art 12A(3)(b) starts the clock on this day (the relevant time), not on
        the day the council finished checking it. Information may arrive more
        than once (asked again, or in parts): the latest day counts, until the
        identity is verified.
        """
        if self.verified_on is not None:
            msg = "the requester's identity has already been verified"
            raise InvalidTransition(msg)
        self._receive_identity_information(received_on=self._step_on("received_on", received_on))

    @event(IdentityInformationReceived)
    def _receive_identity_information(self, *, received_on: date) -> None:
        self.identity_received_on = received_on
        self.last_on = received_on

    def verify_identity(self, *, verified_on: date) -> None:
        if self.verified_on is not None:
            msg = "the requester's identity has already been verified"
            raise InvalidTransition(msg)
        self._verify_identity(verified_on=self._step_on("verified_on", verified_on))

    @event(IdentityVerified)
    def _verify_identity(self, *, verified_on: date) -> None:
        self.verified_on = verified_on
        self.last_on = verified_on

    def pause_clock(self, *, paused_on: date, reason: str) -> None:
        if self.paused_on is not None:
            msg = "the clock is already paused"
            raise InvalidTransition(msg)
        self._pause_clock(
            paused_on=self._step_on("paused_on", paused_on),
            reason=values.text("reason", reason),
        )

    @event(ClockPaused)
    def _pause_clock(self, *, paused_on: date, reason: str) -> None:
        self.paused_on = paused_on
        self.last_on = paused_on

    def resume_clock(self, *, resumed_on: date) -> None:
        if self.paused_on is None:
            msg = "the clock is not paused"
            raise InvalidTransition(msg)
        self._resume_clock(resumed_on=self._step_on("resumed_on", resumed_on))

    @event(ClockResumed)
    def _resume_clock(self, *, resumed_on: date) -> None:
        self.paused_on = None
        self.last_on = resumed_on

    def extend(self, *, notified_on: date, reason: str) -> None:
        """Art 12(3): two further months, if the person is told within the first month.

        A late notice is still recorded (it was sent); the deadline projection
        does not honour it.
        """
        if self.extended:
            msg = "the deadline has already been extended"
            raise InvalidTransition(msg)
        self._extend(
            notified_on=self._step_on("notified_on", notified_on),
            reason=values.text("reason", reason),
        )

    @event(DeadlineExtended)
    def _extend(self, *, notified_on: date, reason: str) -> None:
        self.extended = True
        self.last_on = notified_on

    def fulfil(self, *, fulfilled_on: date) -> None:
        self._fulfil(fulfilled_on=self._step_on("fulfilled_on", fulfilled_on))

    @event(RequestFulfilled)
    def _fulfil(self, *, fulfilled_on: date) -> None:
        self.closed_on = fulfilled_on
        self.last_on = fulfilled_on

    def refuse(self, *, refused_on: date, reason: str) -> None:
        self._refuse(
            refused_on=self._step_on("refused_on", refused_on),
            reason=values.text("reason", reason),
        )

    @event(RequestRefused)
    def _refuse(self, *, refused_on: date, reason: str) -> None:
        self.closed_on = refused_on
        self.last_on = refused_on
