"""Data subject rights requests (Arts 15-18 and 21) and their statutory clock.

Dates here are calendar dates: Art 12(3) counts in calendar months, and the
deadline arithmetic lives in :mod:`ledger.domain.deadlines`. The lifecycle
records what the council did; whether it did it in time is for projections.
A closed request (fulfilled or refused) takes no further steps.

An access request (Art 15) also records its responses: entries withheld
under a DPA 2018 exemption (:mod:`ledger.domain.exemptions`), withholdings
lifted, and each response issued with its digests and the ledger size it was
frozen at (:mod:`ledger.domain.access_responses`).
"""

from __future__ import annotations

from datetime import date
from uuid import uuid4

from eventsourcing.domain import Aggregate, event

from ledger.domain import values
from ledger.domain.access_responses import (
    Issued,
    Withholding,
    cited_checkpoint,
    ledger_size,
    sha256_hex,
)
from ledger.domain.errors import InvalidTransition, ValidationError
from ledger.domain.exemptions import EXEMPTIONS
from ledger.domain.procedure_terms import REQUEST_KINDS

ACCESS = "eu-gdpr:A15"


def _who(recorded_by: str | None) -> str | None:
    """Who recorded a step: a staff or principal identifier, never a natural identifier.

    Optional for callers that name none (the ledger names the key in its access
    log); the console always names the signed-in person (``principal:<id>``).
    """
    return None if recorded_by is None else values.identifier("recorded_by", recorded_by)


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
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class IdentityVerified(Aggregate.Event):
        verified_on: date
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class ClockPaused(Aggregate.Event):
        paused_on: date
        reason: str
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class ClockResumed(Aggregate.Event):
        resumed_on: date
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class DeadlineExtended(Aggregate.Event):
        notified_on: date
        reason: str
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class RequestFulfilled(Aggregate.Event):
        fulfilled_on: date
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    class RequestRefused(Aggregate.Event):
        refused_on: date
        reason: str
        recorded_by: str | None = None  # who recorded the step (None: entries before it)

    # Named review_date, not review_on: the date lies ahead, and *_on dates may not.
    class EntryWithheld(Aggregate.Event):
        withheld_on: date
        entry_id: str
        position: int
        exemption: str
        reason: str
        review_date: date
        decided_by: str

    class WithholdingLifted(Aggregate.Event):
        lifted_on: date
        entry_id: str
        reason: str
        lifted_by: str

    class ResponseIssued(Aggregate.Event):
        issued_on: date
        frozen_at: int
        html_sha256: str
        pdf_sha256: str
        checkpoint_size: int | None
        checkpoint_root: str | None
        withheld: tuple[str, ...]
        addressee: str
        issued_by: str

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
        self.reference = reference
        self.last_on = received_on
        self.verified_on: date | None = None
        self.identity_received_on: date | None = None
        self.paused_on: date | None = None
        self.extended = False
        self.closed_on: date | None = None
        self.withheld: dict[str, Withholding] = {}
        self.responses: list[Issued] = []

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

    def receive_identity_information(
        self, *, received_on: date, recorded_by: str | None = None
    ) -> None:
        """Art 12(6): the information asked for to confirm who is asking has arrived.

        Art 12A(3)(b) starts the clock on this day (the relevant time), not on
        the day the council finished checking it. Information may arrive more
        than once (asked again, or in parts): the latest day counts, until the
        identity is verified.
        """
        if self.verified_on is not None:
            msg = "the requester's identity has already been verified"
            raise InvalidTransition(msg)
        self._receive_identity_information(
            received_on=self._step_on("received_on", received_on), recorded_by=_who(recorded_by)
        )

    @event(IdentityInformationReceived)
    def _receive_identity_information(self, *, received_on: date, recorded_by: str | None) -> None:
        self.identity_received_on = received_on
        self.last_on = received_on

    def verify_identity(self, *, verified_on: date, recorded_by: str | None = None) -> None:
        if self.verified_on is not None:
            msg = "the requester's identity has already been verified"
            raise InvalidTransition(msg)
        self._verify_identity(
            verified_on=self._step_on("verified_on", verified_on), recorded_by=_who(recorded_by)
        )

    @event(IdentityVerified)
    def _verify_identity(self, *, verified_on: date, recorded_by: str | None) -> None:
        self.verified_on = verified_on
        self.last_on = verified_on

    def pause_clock(self, *, paused_on: date, reason: str, recorded_by: str | None = None) -> None:
        if self.paused_on is not None:
            msg = "the clock is already paused"
            raise InvalidTransition(msg)
        self._pause_clock(
            paused_on=self._step_on("paused_on", paused_on),
            reason=values.text("reason", reason),
            recorded_by=_who(recorded_by),
        )

    @event(ClockPaused)
    def _pause_clock(self, *, paused_on: date, reason: str, recorded_by: str | None) -> None:
        self.paused_on = paused_on
        self.last_on = paused_on

    def resume_clock(self, *, resumed_on: date, recorded_by: str | None = None) -> None:
        if self.paused_on is None:
            msg = "the clock is not paused"
            raise InvalidTransition(msg)
        self._resume_clock(
            resumed_on=self._step_on("resumed_on", resumed_on), recorded_by=_who(recorded_by)
        )

    @event(ClockResumed)
    def _resume_clock(self, *, resumed_on: date, recorded_by: str | None) -> None:
        self.paused_on = None
        self.last_on = resumed_on

    def extend(self, *, notified_on: date, reason: str, recorded_by: str | None = None) -> None:
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
            recorded_by=_who(recorded_by),
        )

    @event(DeadlineExtended)
    def _extend(self, *, notified_on: date, reason: str, recorded_by: str | None) -> None:
        self.extended = True
        self.last_on = notified_on

    def fulfil(self, *, fulfilled_on: date, recorded_by: str | None = None) -> None:
        self._fulfil(
            fulfilled_on=self._step_on("fulfilled_on", fulfilled_on), recorded_by=_who(recorded_by)
        )

    @event(RequestFulfilled)
    def _fulfil(self, *, fulfilled_on: date, recorded_by: str | None) -> None:
        self.closed_on = fulfilled_on
        self.last_on = fulfilled_on

    def refuse(self, *, refused_on: date, reason: str, recorded_by: str | None = None) -> None:
        self._refuse(
            refused_on=self._step_on("refused_on", refused_on),
            reason=values.text("reason", reason),
            recorded_by=_who(recorded_by),
        )

    @event(RequestRefused)
    def _refuse(self, *, refused_on: date, reason: str, recorded_by: str | None) -> None:
        self.closed_on = refused_on
        self.last_on = refused_on

    # -- Access responses (Art 15) ------------------------------------------------
    def _access_step(self, field: str, on: date) -> date:
        if self.kind != ACCESS:
            msg = "only an access request (Art 15) has a response to issue or withhold from"
            raise InvalidTransition(msg)
        return self._step_on(field, on)

    def withhold_entry(  # noqa: PLR0913 - one parameter per field of the withholding
        self,
        *,
        withheld_on: date,
        entry_id: str,
        position: int,
        exemption: str,
        reason: str,
        review_date: date,
        decided_by: str,
    ) -> None:
        """Leave one ledger entry out of the person's copy, under a DPA 2018 exemption.

        The exemption applies only "to the extent" disclosure would prejudice
        (DPA 2018 Sch 2 para 2(1)) or harm (Sch 3 para 7(2)): a review date
        makes the DPO look again, and the requests report flags it once past.
        """
        day = self._access_step("withheld_on", withheld_on)
        entry = values.identifier("entry_id", entry_id)
        if entry in self.withheld:
            msg = "that entry is already withheld from this request's response"
            raise InvalidTransition(msg)
        review = values.calendar_date("review_date", review_date)
        if review <= day:
            raise ValidationError("review_date", "must be after the day the entry is withheld")
        self._withhold_entry(
            withheld_on=day,
            entry_id=entry,
            position=ledger_size("position", position),
            exemption=EXEMPTIONS.require("exemption", exemption),
            reason=values.text("reason", reason),
            review_date=review,
            decided_by=values.identifier("decided_by", decided_by),
        )

    @event(EntryWithheld)
    def _withhold_entry(  # noqa: PLR0913
        self,
        *,
        withheld_on: date,
        entry_id: str,
        position: int,
        exemption: str,
        reason: str,
        review_date: date,
        decided_by: str,
    ) -> None:
        self.withheld[entry_id] = Withholding(
            entry_id, position, exemption, reason, review_date, withheld_on, decided_by
        )
        self.last_on = withheld_on

    def lift_withholding(
        self, *, lifted_on: date, entry_id: str, reason: str, lifted_by: str
    ) -> None:
        """The exemption no longer applies: the entry goes into the next response.

        Allowed after the request is closed too: the person is then owed a
        supplementary response with what was withheld.
        """
        if self.kind != ACCESS:
            msg = "only an access request (Art 15) has entries withheld"
            raise InvalidTransition(msg)
        if entry_id not in self.withheld:
            msg = "that entry is not withheld from this request's response"
            raise InvalidTransition(msg)
        day = values.calendar_date("lifted_on", lifted_on)
        values.not_before("lifted_on", day, self.withheld[entry_id].withheld_on, "the withholding")
        self._lift_withholding(
            lifted_on=day,
            entry_id=entry_id,
            reason=values.text("reason", reason),
            lifted_by=values.identifier("lifted_by", lifted_by),
        )

    @event(WithholdingLifted)
    def _lift_withholding(
        self, *, lifted_on: date, entry_id: str, reason: str, lifted_by: str
    ) -> None:
        del self.withheld[entry_id]
        self.last_on = max(self.last_on, lifted_on)

    def issue_response(  # noqa: PLR0913 - one parameter per field of the response
        self,
        *,
        issued_on: date,
        frozen_at: int,
        html_sha256: str,
        pdf_sha256: str,
        addressee: str,
        issued_by: str,
        checkpoint_size: int | None = None,
        checkpoint_root: str | None = None,
    ) -> None:
        """Record a response as issued: the letter's digests and the ledger size it covers.

        The identity must have been verified first (Art 12(6): the controller
        may ask for the information needed to confirm who is asking). A
        request may have more than one response (a supplementary one after
        a withholding is lifted); each is frozen at its own size.
        """
        day = self._access_step("issued_on", issued_on)
        if self.verified_on is None:
            msg = "the requester's identity has not been verified"
            raise InvalidTransition(msg)
        size = ledger_size("frozen_at", frozen_at)
        if self.responses and size < self.responses[-1].frozen_at:
            raise ValidationError("frozen_at", "must not be before the previous response's")
        checkpoint = cited_checkpoint(checkpoint_size, checkpoint_root, size)
        self._issue_response(
            issued_on=day,
            frozen_at=size,
            html_sha256=sha256_hex("html_sha256", html_sha256),
            pdf_sha256=sha256_hex("pdf_sha256", pdf_sha256),
            checkpoint_size=checkpoint[0],
            checkpoint_root=checkpoint[1],
            withheld=tuple(sorted(self.withheld)),
            addressee=values.text("addressee", addressee),
            issued_by=values.identifier("issued_by", issued_by),
        )

    @event(ResponseIssued)
    def _issue_response(  # noqa: PLR0913
        self,
        *,
        issued_on: date,
        frozen_at: int,
        html_sha256: str,
        pdf_sha256: str,
        checkpoint_size: int | None,
        checkpoint_root: str | None,
        withheld: tuple[str, ...],
        addressee: str,
        issued_by: str,
    ) -> None:
        self.responses.append(
            Issued(
                issued_on,
                frozen_at,
                html_sha256,
                pdf_sha256,
                checkpoint_size,
                checkpoint_root,
                tuple(withheld),
                addressee,
                issued_by,
            )
        )
        self.last_on = issued_on
