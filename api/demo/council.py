"""The synthetic council that ``sharing-ledger demo`` fills the ledger with.

:func:`council` plans a whole period of a fictional council's Supporting
Families work (registrations, case work, shares, returns, rights requests,
restrictions, rectifications, objections, decisions not to share) and then
replays it in order of time, in batches of aggregates with pending events.
The plan is a pure function of :class:`DemoPlan`: no clock, no I/O, the same
ids and fields on every run. The day-to-day accesses are planned last, to
bring the total to about ``entries``; :func:`estimate_events` counts the same
plan without building any aggregate.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from random import Random

from eventsourcing.domain import Aggregate

from api.demo.casework import plan_accesses, plan_shares, respect_constraints
from api.demo.constraints import Constraints
from api.demo.decision_scenarios import plan_decisions
from api.demo.objection_scenarios import plan_objections
from api.demo.period import Period
from api.demo.plan_timeline import SourceRefs, Timeline, replay
from api.demo.population import MEAN_HOUSEHOLD, households, workforce
from api.demo.rectification_scenarios import plan_rectifications
from api.demo.registry import agreement_references, register, registry_events
from api.demo.request_scenarios import plan_access_requests, plan_erasure_requests
from api.demo.restriction_scenarios import plan_restrictions
from api.demo.returns import mhclg_returns, nis_returns
from api.demo.world import World

PEOPLE_PER_ENTRY = 1 / 40
SHARE_RATE = 0.15


@dataclass(frozen=True, kw_only=True)
class DemoPlan:
    """What to simulate: ``months`` months ending on ``until``, about ``entries`` events."""

    seed: int = 1
    entries: int = 30_000  # approximate number of ledger entries (events) to produce
    until: date  # last day of the simulated period (the command line passes today, UTC)
    months: int = 12  # length of the simulated period

    def __post_init__(self) -> None:
        if self.entries < 0:
            raise ValueError("entries must not be negative")
        if self.months < 1:
            raise ValueError("months must be at least 1")


@dataclass(frozen=True, slots=True)
class Sizes:
    """How many of each kind of case a plan of ``entries`` events holds."""

    shares: int
    restrictions: int
    objections: int
    rectifications: int
    access_requests: int
    erasure_requests: int
    decisions: int

    @classmethod
    def of(cls, entries: int) -> Sizes:
        return cls(
            shares=round(entries * SHARE_RATE),
            # At least four restrictions: one breached, one honoured, one standing, and
            # one between them narrowed without a reason (restriction_scenarios._fates).
            restrictions=max(4, entries // 3000),
            objections=max(3, entries // 6000),
            rectifications=max(2, entries // 1500),
            access_requests=max(5, entries // 700),
            erasure_requests=max(1, entries // 15000),
            decisions=max(3, entries // 1500),
        )


def _world(plan: DemoPlan) -> World:
    rng = Random(plan.seed)
    period = Period.ending(plan.until, plan.months)
    people = max(12, round(plan.entries * PEOPLE_PER_ENTRY))
    staff = workforce(rng, round(people / MEAN_HOUSEHOLD))
    families = tuple(households(rng, plan.seed, people, period, staff))
    return World(
        rng=rng,
        period=period,
        staff=staff,
        families=families,
        # Its own generator: source ids are drawn while replaying, after planning.
        refs=SourceRefs(Random(f"source-refs:{plan.seed}")),
        constraints=Constraints(),
        timeline=Timeline(period),
        agreements=agreement_references(plan.until),
        people={p.ref: p for f in families for p in f.members},
    )


def _plan(plan: DemoPlan) -> Timeline:
    world = _world(plan)
    timeline, sizes = world.timeline, Sizes.of(plan.entries)
    until = plan.until
    timeline.add(world.period.start, registry_events(), lambda: register(until))
    # Restrictions and objections are planned before the shares are final, so
    # that the day-to-day shares can be made to respect them.
    planned = plan_shares(world, sizes.shares)
    breaches = plan_restrictions(world, planned, sizes.restrictions)
    upheld = plan_objections(world, sizes.objections)
    shares = [
        *respect_constraints(planned, world.constraints),
        *breaches,
        *nis_returns(world),
        *mhclg_returns(world),
    ]
    for share in shares:
        timeline.add(share.at, 1, share)
    plan_rectifications(world, shares, sizes.rectifications)
    plan_access_requests(world, sizes.access_requests)
    plan_erasure_requests(world, sizes.erasure_requests)
    plan_decisions(world, upheld, sizes.decisions)
    for access in plan_accesses(world, max(0, plan.entries - timeline.events)):
        timeline.add(access.at, 1, access)
    timeline.number_tickets()
    return timeline


def council(plan: DemoPlan) -> Iterator[list[Aggregate]]:
    """Yield batches of aggregates with pending events, in chronological order of occurred_at.

    Append each batch before asking for the next: an aggregate may come back in
    a later batch with new events only (a restriction applied, then lifted).
    """
    yield from replay(_plan(plan).in_order())


def estimate_events(plan: DemoPlan) -> int:
    """The number of events :func:`council` yields for ``plan`` (planned, not built)."""
    return _plan(plan).events
