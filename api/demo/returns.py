"""Returns to central government: the National Impact Study and the payment-by-results samples.

The privacy notice says the government asks every council for family
progress data every six months, for all individuals in supported families,
for research only. A share names at
most 500 subjects (values.MAX_SUBJECTS_PER_SHARE), so a return goes as
several files. Objections to research, and restrictions, keep people out.
"""

from __future__ import annotations

from datetime import date, timedelta

from api.demo.catalogue import MHCLG_CATEGORIES, MHCLG_PURPOSE, NIS_CATEGORIES, NIS_PURPOSE
from api.demo.partner_network import MHCLG, NIS
from api.demo.period import add_months, midnight
from api.demo.population import Family
from api.demo.records import PlannedShare
from api.demo.world import World
from ledger.domain.values import MAX_SUBJECTS_PER_SHARE

# Six months of working days: the families "being supported" since the last return.
SIX_MONTHS = 126


def _return_days(start: date, every: int, day: int, end: date) -> list[date]:
    days: list[date] = []
    months = every - 1
    while (when := add_months(start, months).replace(day=day)) < end:
        if when > start:
            days.append(when)
        months += every
    return days


def _nis_files(world: World, families: list[Family], day: date) -> list[PlannedShare]:
    period = world.period
    at = period.between(world.rng, midnight(day), midnight(day + timedelta(days=6)))
    subjects = [
        p.ref
        for f in families
        for p in f.members
        if world.constraints.allowed(p.ref, at, NIS_PURPOSE, NIS_CATEGORIES) == NIS_CATEGORIES
    ]
    files = [
        tuple(subjects[i : i + MAX_SUBJECTS_PER_SHARE])
        for i in range(0, len(subjects), MAX_SUBJECTS_PER_SHARE)
    ]
    return [
        PlannedShare(
            at=at + timedelta(minutes=10 * n),
            actor=world.staff.analysts[0],
            partner=NIS,
            subjects=chunk,
            categories=NIS_CATEGORIES,
            purpose=NIS_PURPOSE,
            channel="sl:SecurePortal",
            justification=f"National Impact Study six-monthly return, file {n + 1} of {len(files)}",
            agreement=world.agreements[NIS.slug],
            refs=world.refs,
        )
        for n, chunk in enumerate(files)
    ]


def nis_returns(world: World) -> list[PlannedShare]:
    """Every six months, family progress data on everyone supported in the last six months."""
    period = world.period
    planned: list[PlannedShare] = []
    for day in _return_days(period.start.date(), 6, 10, period.end.date()):
        index = period.day_index(midnight(day))
        supported = [f for f in world.families if f.first <= index and f.last >= index - SIX_MONTHS]
        planned.extend(_nis_files(world, supported, day))
    return planned


def mhclg_returns(world: World) -> list[PlannedShare]:
    """Every quarter, a handful of families' progress data, sampled to validate the claim."""
    rng, period = world.rng, world.period
    planned: list[PlannedShare] = []
    for day in _return_days(period.start.date(), 3, 15, period.end.date()):
        at = period.between(rng, midnight(day), midnight(day + timedelta(days=6)))
        index = period.day_index(at)
        open_cases = [f for f in world.families if f.active(index)]
        sampled = rng.sample(open_cases, min(len(open_cases), rng.randint(4, 10)))
        subjects = tuple(
            p.ref
            for f in sampled
            for p in f.members
            if world.constraints.allowed(p.ref, at, MHCLG_PURPOSE, MHCLG_CATEGORIES)
            == MHCLG_CATEGORIES
        )
        if subjects:
            planned.append(
                PlannedShare(
                    at=at,
                    actor=rng.choice(world.staff.analysts),
                    partner=MHCLG,
                    subjects=subjects,
                    categories=MHCLG_CATEGORIES,
                    purpose=MHCLG_PURPOSE,
                    channel="sl:SecurePortal",
                    justification=MHCLG.reasons[0],
                    agreement=world.agreements[MHCLG.slug],
                    refs=world.refs,
                )
            )
    return planned
