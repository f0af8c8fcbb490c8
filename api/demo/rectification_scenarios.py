"""Art 16 rectifications, some asked for by the person, each followed by Art 19 notices.

A rectification corrects something that was shared before, so every one is
planned after a real earlier share about that person; the partners that got
the corrected categories earlier are then told.
"""

from __future__ import annotations

import bisect
from datetime import datetime

from api.demo.casework import sample
from api.demo.catalogue import COUNCIL
from api.demo.plan_timeline import Handle
from api.demo.recipient_notices import earlier_recipients, notify_recipients
from api.demo.records import PlannedShare, in_order_of
from api.demo.request_scenarios import RECTIFY, Request
from api.demo.world import World
from ledger.domain.rectifications import Rectification

# Category -> what was corrected, in words that carry no personal data.
SUMMARIES = {
    "pd:PhysicalAddress": "Corrected an out-of-date address",
    "pd:BirthDate": "Corrected a date of birth entered wrongly at referral",
    "pd:PostalCode": "Corrected a postcode entered wrongly at referral",
    "pd:Gender": "Corrected the recorded gender at the person's request",
    "pd:Family": "Corrected the recorded household composition",
    "sl:HousingNeeds": "Corrected the housing section after the tenancy changed",
    "sl:InterventionStatus": "Corrected the recorded reason for referral",
    "pd:EducationExperience": "Corrected attendance figures the school had reported twice",
    "pd:EmploymentHistory": "Corrected the employment section after the person started work",
    "pd:Health": "Corrected a health entry recorded against the wrong family member",
    "pd:MentalHealth": "Corrected a mental health entry recorded against the wrong person",
    "sl:LifestyleAndSocialCircumstances": "Completed an incomplete social circumstances entry",
    "pd:Financial": "Corrected the recorded debts after the person supplied statements",
    "sl:ChildVulnerability": "Corrected the child's recorded plan status",
}


def _rectify(
    world: World, subject: str, categories: tuple[str, ...], at: datetime, request: Request | None
) -> Handle[Rectification]:
    handle: Handle[Rectification] = Handle()
    ticket = world.timeline.ticket("RECT", at)
    actor = world.household(subject).key_worker
    linked = None if request is None else request.handle
    summary = "; ".join(SUMMARIES[c] for c in categories)

    def create() -> tuple[Rectification]:
        rectification = Rectification.record(
            occurred_at=at,
            subject=subject,
            categories=categories,
            actor=actor.id,
            actor_organisation=COUNCIL,
            summary=summary,
            rights_request=None if linked is None else linked.get().id,
            reference=ticket.reference,
        )
        return (handle.set(rectification),)

    world.timeline.add(at, 1, create)
    return handle


def _one(
    world: World, share: PlannedShare, shared: dict[str, list[PlannedShare]], *, asked: bool
) -> None:
    """Correct something ``share`` disclosed, then tell everyone who received it before."""
    rng, period = world.rng, world.period
    subject = rng.choice(share.subjects)
    correctable = [c for c in share.categories if c in SUMMARIES]
    categories = in_order_of(share.categories, sample(rng, correctable, 2))
    if asked:
        request = Request(world, period.later(rng, share.at, 3, 40), subject, RECTIFY)
        if not request.live:
            return
        request.verify(request.after(0, 3))
        at = request.after(2, 15)
        request.last = at
        request.fulfil(request.after(0, 2))
    else:
        request, at = None, period.later(rng, share.at, 3, 60)
    if not period.contains(at):
        return
    handle = _rectify(world, subject, categories, at, request)
    recipients = earlier_recipients(shared[subject], at, categories)
    notify_recipients(world, handle, recipients, at, ack=0.6)


def plan_rectifications(world: World, shares: list[PlannedShare], count: int) -> None:
    """Half asked for by the person (Art 16 requests), half found by staff."""
    rng, period = world.rng, world.period
    ordered = sorted(
        (s for s in shares if any(c in SUMMARIES for c in s.categories)), key=lambda s: s.at
    )
    known = bisect.bisect_left([s.at for s in ordered], period.fraction(0.85))
    shared: dict[str, list[PlannedShare]] = {}
    for share in ordered:
        for subject in share.subjects:
            shared.setdefault(subject, []).append(share)
    for n in range(count if known else 0):
        share = ordered[rng.randrange(known)]
        _one(world, share, shared, asked=n % 2 == 0)
