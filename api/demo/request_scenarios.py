"""Data subject rights requests: their lifecycle steps, and the access and erasure requests.

Requests count in calendar dates (Art 12(3)); each step still gets a moment in
office hours so that the timeline can order it among the other steps. The
restriction, rectification and objection planners open their requests here
too, so every request is numbered in one sequence ("DSR-2026-0042").
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

from api.demo.catalogue import LEGAL_OBLIGATION
from api.demo.plan_timeline import Handle, Ticket
from api.demo.population import Person, Staff
from api.demo.records import PlannedAccess, in_order_of
from api.demo.world import World
from ledger.domain.rights_requests import RightsRequest

ACCESS, RECTIFY, ERASE, RESTRICT, OBJECT = (
    "eu-gdpr:A15",
    "eu-gdpr:A16",
    "eu-gdpr:A17",
    "eu-gdpr:A18",
    "eu-gdpr:A21",
)

# What the information governance team reads to answer a subject access request.
SAR_POOL = (
    "pd:Family",
    "sl:InterventionStatus",
    "sl:LifestyleAndSocialCircumstances",
    "sl:HousingNeeds",
    "pd:Education",
    "pd:Health",
    "sl:ChildVulnerability",
)
SAR_PURPOSE = "dpv:RightsFulfillment"
ERASURE_REFUSAL = (
    "Art 17(3)(b): the records are needed for the council's public task and are kept for "
    "the periods in the retention schedule"
)


class Request:
    """The steps of one rights request, planned in order on the world's timeline.

    If the request itself falls outside the period, so does every later step
    (``live`` is False) and none is planned.
    """

    def __init__(self, world: World, at: datetime, subject: str, kind: str) -> None:
        self.world = world
        self.handle: Handle[RightsRequest] = Handle()
        self.ticket: Ticket = world.timeline.ticket("DSR", at)
        self.received = at
        self.last = at
        recorder = world.rng.choice(world.staff.governance)
        self.recorder = recorder.id  # the officer who records every step of this request
        handle, ticket = self.handle, self.ticket

        def receive() -> tuple[RightsRequest]:
            request = RightsRequest.receive(
                received_on=at.date(),
                subject=subject,
                kind=kind,
                recorded_by=recorder.id,
                reference=ticket.reference,
            )
            return (handle.set(request),)

        self.live = world.timeline.add(at, 1, receive)

    def _step(self, at: datetime, command: Callable[[RightsRequest], None]) -> datetime:
        if self.live:
            self.world.timeline.change(at, self.handle, command)
            self.last = at
        return at

    def after(self, low_days: int, high_days: int) -> datetime:
        """A moment ``low_days``..``high_days`` after the last step."""
        return self.world.period.later(self.world.rng, self.last, low_days, high_days)

    def at_days(self, low_days: int, high_days: int) -> datetime:
        """A moment ``low_days``..``high_days`` after receipt, never before the last step."""
        moment = self.world.period.later(self.world.rng, self.received, low_days, high_days)
        return max(moment, self.last + timedelta(minutes=30))

    def identity_received(self, at: datetime) -> datetime:
        return self._step(
            at,
            lambda r: r.receive_identity_information(
                received_on=at.date(), recorded_by=self.recorder
            ),
        )

    def verify(self, at: datetime) -> datetime:
        return self._step(
            at, lambda r: r.verify_identity(verified_on=at.date(), recorded_by=self.recorder)
        )

    def pause(self, at: datetime, reason: str) -> datetime:
        return self._step(
            at,
            lambda r: r.pause_clock(paused_on=at.date(), reason=reason, recorded_by=self.recorder),
        )

    def resume(self, at: datetime) -> datetime:
        return self._step(
            at, lambda r: r.resume_clock(resumed_on=at.date(), recorded_by=self.recorder)
        )

    def extend(self, at: datetime, reason: str) -> datetime:
        return self._step(
            at, lambda r: r.extend(notified_on=at.date(), reason=reason, recorded_by=self.recorder)
        )

    def fulfil(self, at: datetime) -> datetime:
        return self._step(at, lambda r: r.fulfil(fulfilled_on=at.date(), recorded_by=self.recorder))

    def refuse(self, at: datetime, reason: str) -> datetime:
        return self._step(
            at, lambda r: r.refuse(refused_on=at.date(), reason=reason, recorded_by=self.recorder)
        )


def _compile_response(world: World, request: Request, person: Person, reader: Staff) -> None:
    """The information governance officer reads the records to answer the request."""
    rng = world.rng
    for _ in range(rng.randint(1, 2)):
        at = request.after(0, 4)
        drawn = in_order_of(SAR_POOL, set(rng.sample(SAR_POOL, 3)))
        categories = world.constraints.allowed(person.ref, at, SAR_PURPOSE, drawn)
        if request.live and categories:
            access = PlannedAccess(
                at=at,
                actor=reader,
                subject=person.ref,
                categories=categories,
                purpose=SAR_PURPOSE,
                justification="Compiling the response to a subject access request",
                refs=world.refs,
                legal_basis=LEGAL_OBLIGATION,
            )
            world.timeline.add(at, 1, access)
            request.last = at


FULFIL_DAYS = {"late": (33, 55), "extended": (45, 80), "late-extension": (50, 70)}


def _access_request(world: World, person: Person, at: datetime, style: str) -> None:
    request = Request(world, at, person.ref, ACCESS)
    if style == "identity":
        # Asked for proof of identity (Art 12(6)): the month runs from the day it
        # arrived (Art 12A(3)(b)), not from the day it was checked.
        request.identity_received(request.after(3, 8))
    request.verify(request.after(0, 5))
    if style == "paused":
        request.pause(request.after(1, 3), "Asked the requester which records and dates they mean")
        request.resume(request.after(4, 14))
    elif style == "extended":
        request.extend(request.at_days(10, 24), "Complex request: records held in several systems")
    elif style == "late-extension":
        # Notified after the first month: Art 12(3) does not allow it; recorded as it happened.
        request.extend(request.at_days(35, 42), "More records than first thought")
    _compile_response(world, request, person, world.rng.choice(world.staff.governance))
    if style != "open":
        request.fulfil(request.at_days(*FULFIL_DAYS.get(style, (8, 27))))


def _received(world: World, style: str) -> datetime:
    rng, period = world.rng, world.period
    if style == "open":
        # Received six to thirteen weeks before the end and not answered: overdue.
        return period.between(rng, period.end - timedelta(days=90), period.end - timedelta(days=42))
    if style in {"extended", "late-extension"}:
        return period.between(rng, period.fraction(0.1), period.fraction(0.6))
    return period.between(rng, period.start, period.end)


def plan_access_requests(world: World, count: int) -> None:
    """Subject access requests: most answered within the month, a few late, a few still open."""
    styles = ["extended", "late-extension", "open", "open", "identity"][:count]
    styles += world.rng.choices(
        ("normal", "paused", "late"), weights=(80, 12, 8), k=count - len(styles)
    )
    for style in styles:
        _access_request(world, world.anyone(), _received(world, style), style)


def plan_erasure_requests(world: World, count: int) -> None:
    """Erasure requests, refused: the records are kept for the council's public task."""
    rng, period = world.rng, world.period
    for _ in range(count):
        at = period.between(rng, period.start, period.fraction(0.9))
        request = Request(world, at, world.anyone().ref, ERASE)
        request.verify(request.after(0, 5))
        request.refuse(request.at_days(10, 25), ERASURE_REFUSAL)
