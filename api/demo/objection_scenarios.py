"""Art 21 objections: received with an Art 21 request, then upheld or rejected, or pending.

People object mostly to research and evaluation uses. While an objection is
pending the person is entitled to a restriction (Art 18(1)(d)), and once it is
upheld the council stops, so both keep the person out of later returns.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from api.demo.constraints import OBJECTION, Block
from api.demo.plan_timeline import Handle
from api.demo.request_scenarios import OBJECT, Request
from api.demo.world import World
from ledger.domain.objections import Objection

UPHELD = "sl:ObjectionUpheld"
OUTCOMES = {
    UPHELD: "No compelling legitimate grounds: the person is left out of these uses from now on",
    "sl:CompellingGrounds": (
        "The return is required of every council, used for research only and never for "
        "decisions about the person: compelling legitimate grounds override"
    ),
    "sl:LegalClaims": "The records are needed to defend a claim brought against the council",
}
PURPOSE_SETS = (
    ("dpv:ResearchAndDevelopment",),
    ("sl:ProgrammeEvaluation", "dpv:ResearchAndDevelopment"),
    ("dpv:ServiceOptimisation", "sl:AnonymisedResearch"),
)
GROUNDS = (
    "The person objects, on grounds relating to their particular situation, to their "
    "family's records being used for research and evaluation"
)


@dataclass(frozen=True, slots=True)
class Upheld:
    subject: str
    purposes: tuple[str, ...]
    decided: datetime


def _receive(
    world: World, request: Request, subject: str, purposes: tuple[str, ...]
) -> Handle[Objection]:
    handle: Handle[Objection] = Handle()
    received = request.after(0, 0)
    ticket = world.timeline.ticket("OBJ", received)
    recorder, rights_request = world.staff.dpo, request.handle

    def create() -> tuple[Objection]:
        objection = Objection.receive(
            occurred_at=received,
            subject=subject,
            purposes=purposes,
            grounds=GROUNDS,
            recorded_by=recorder.id,
            rights_request=rights_request.get().id,
            reference=ticket.reference,
        )
        return (handle.set(objection),)

    world.timeline.add(received, 1, create)
    request.last = received
    return handle


def _decide(world: World, request: Request, handle: Handle[Objection], outcome: str) -> datetime:
    decided = request.after(7, 35)
    dpo = world.staff.dpo
    world.timeline.change(
        decided,
        handle,
        lambda o: o.decide(
            occurred_at=decided, outcome=outcome, explanation=OUTCOMES[outcome], decided_by=dpo.id
        ),
    )
    request.last = decided
    request.fulfil(request.after(0, 1))
    return decided


def _objection(world: World, outcome: str | None, at: datetime) -> Upheld | None:
    """One objection; ``outcome`` None leaves it pending. Return it if it was upheld."""
    subject = world.anyone().ref
    request = Request(world, at, subject, OBJECT)
    if not request.live:
        return None
    purposes = world.rng.choice(PURPOSE_SETS)
    handle = _receive(world, request, subject, purposes)
    received = request.last
    request.verify(request.after(0, 3))
    # Pending or upheld, the person is kept out of these uses to the end of the period;
    # a rejected objection only until it is decided.
    end, upheld = world.period.end, None
    if outcome is not None:
        decided = _decide(world, request, handle, outcome)
        if outcome != UPHELD:
            end = decided
        elif world.period.contains(decided):
            upheld = Upheld(subject, purposes, decided)
    world.constraints.add(Block(OBJECTION, subject, received, end, None, frozenset(purposes)))
    return upheld


def plan_objections(world: World, count: int) -> list[Upheld]:
    """``count`` objections: decided either way, the last one still pending."""
    rng, period = world.rng, world.period
    decided = [tuple(OUTCOMES)[n % len(OUTCOMES)] for n in range(max(0, count - 1))]
    upheld: list[Upheld] = []
    for outcome in [*decided, None][:count]:
        if outcome is None:
            at = period.between(rng, period.fraction(0.8), period.fraction(0.97))
        else:
            at = period.between(rng, period.fraction(0.1), period.fraction(0.7))
        found = _objection(world, outcome, at)
        if found is not None:
            upheld.append(found)
    return upheld
