"""Art 18 restrictions: requested, applied, processed under, notified, lifted (or not).

Each restriction is planned around a person who was shared with before, so
that Art 19 has earlier recipients to tell. Their fates are dealt so that the
restriction-compliance projection has every verdict to show: the first is
breached (a share of restricted data with no Art 18(2) exception) and lifted
without telling the person first (Art 18(3)); the second is honoured and
lifted properly; the last still stands at the end of the period. Each also
carries one of the rarer judgements a DPO should see once (``Fate.variant``):
an access "justified" as storage only (a breach: storage is what a
restriction still allows, not an exception), an Art 19 notice the DPO
exempted as disproportionate, and restrictions applied to fewer categories
than asked, one with its reason and one without (flagged).
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass
from datetime import datetime, timedelta

from api.demo.casework import sample
from api.demo.catalogue import PartnerProfile
from api.demo.constraints import RESTRICTION, Block
from api.demo.partner_network import BY_SLUG
from api.demo.plan_timeline import Handle, Run
from api.demo.recipient_notices import earlier_recipients, notify_recipients
from api.demo.records import PlannedAccess, PlannedShare, in_order_of
from api.demo.request_scenarios import RESTRICT, Request
from api.demo.world import World
from ledger.domain.processing import Access
from ledger.domain.restrictions import Restriction

INFORMED, UNINFORMED, STANDING = "informed", "uninformed", "standing"
DAY = timedelta(days=1)

# What people ask to have restricted: what is going on in their lives, never
# who they are (identity stays processable, e.g. to find the record at all).
RESTRICTABLE = frozenset(
    {
        "pd:MentalHealth",
        "pd:Health",
        "pd:PhysicalHealth",
        "sl:SubstanceMisuse",
        "pd:CriminalOffense",
        "sl:ChildVulnerability",
        "sl:LifestyleAndSocialCircumstances",
        "sl:HousingNeeds",
        "pd:Financial",
        "pd:Family",
        "pd:EmploymentHistory",
    }
)
# Art 18(1) ground -> why it was later lifted.
GROUNDS = {
    "sl:A18-1-a": "Accuracy checked with the person and the disputed entries corrected",
    "sl:A18-1-b": "The person withdrew the complaint after the records were reviewed",
    "sl:A18-1-c": "The person's legal claim has concluded",
    "sl:A18-1-d": "The objection was decided: the council's grounds override",
}


@dataclass(frozen=True, slots=True)
class Exception18:
    """An Art 18(2) exception, and the access it made necessary."""

    exception: str
    purpose: str
    access_reason: str
    justification: str


EXCEPTIONS = (
    Exception18(
        "sl:A18-2-OtherPersonsRights",
        "sl:Safeguarding",
        "Child protection enquiry concerning a sibling",
        "Needed to protect a child in the household (Art 18(2): rights of another person)",
    ),
    Exception18(
        "sl:A18-2-LegalClaims",
        "dpv:LegalCompliance",
        "Records reviewed for the council's legal team",
        "Care proceedings: establishment of legal claims (Art 18(2))",
    ),
    Exception18(
        "sl:A18-2-Consent",
        "sl:EarlyHelpAndPrevention",
        "Preparing for a multi-agency meeting the person asked for",
        "The person consented in writing to these records being read for the meeting",
    ),
)


@dataclass(frozen=True, slots=True)
class Fate:
    """How a restriction ends, whether it is breached, how likely partners acknowledge."""

    lift: str
    breach: bool
    acknowledged: float = 0.7
    # storage | exempt | narrowed | narrowed-unexplained | "" (see the module docstring)
    variant: str = ""


@dataclass(frozen=True, slots=True)
class Origin:
    """Whose data, which categories, and the partner that first received them."""

    subject: str
    categories: tuple[str, ...]
    partner: PartnerProfile


def _fates(world: World, count: int) -> list[Fate]:
    """The first breached and lifted unannounced, the second honoured, the last standing."""
    middle = world.rng.choices((INFORMED, STANDING), weights=(3, 1), k=max(0, count - 3))
    # The honoured one needs every Art 19 notice acknowledged, or it stays pending.
    fates = [
        Fate(UNINFORMED, breach=True, variant="storage"),
        Fate(INFORMED, breach=False, acknowledged=1.0, variant="exempt"),
    ]
    fates += [
        Fate(lift, breach=False, variant="narrowed-unexplained" if i == 0 else "")
        for i, lift in enumerate(middle)
    ]
    fates.append(Fate(STANDING, breach=False, variant="narrowed"))
    return fates[:count]


def _origin(
    world: World, shares: list[PlannedShare], times: list[datetime], before: datetime
) -> Origin:
    """Someone shared with before ``before``, and some of what was shared about them."""
    rng = world.rng
    known = bisect.bisect_left(times, before)
    for _ in range(200 if known else 0):
        share = shares[rng.randrange(known)]
        subject = rng.choice(share.subjects)
        restrictable = [c for c in share.categories if c in RESTRICTABLE]
        if restrictable and subject not in world.constraints:
            chosen = sample(rng, restrictable, 2)
            return Origin(subject, in_order_of(share.categories, chosen), share.partner)
    # Nobody shared with yet (a tiny plan): restrict someone's mental health records.
    return Origin(world.anyone().ref, ("pd:MentalHealth",), BY_SLUG["westshire-dee-nhs-trust"])


def _justify(handle: Handle[Restriction], planned: PlannedAccess, reason: Exception18) -> Run:
    """The access and its Art 18(2) justification, recorded together in one step."""

    def run() -> tuple[Access, Restriction]:
        access = planned.record()
        restriction = handle.get()
        restriction.justify_processing(
            occurred_at=planned.at,
            processing=access.id,
            exception=reason.exception,
            justification=reason.justification,
            actor=planned.actor.id,
        )
        return access, restriction

    return run


# Not an exception at all: Art 18(2) lets restricted data be stored, and only
# processed otherwise under its exceptions. Given as the reason for an access,
# it justifies nothing, and the report says so.
STORAGE_ONLY = Exception18(
    "sl:A18-2-Storage",
    "dpv:LegalCompliance",
    "Checked the restricted records were filed in the right place",
    "Records management: the records are only being stored (Art 18(2))",
)


def _justified(
    world: World,
    handle: Handle[Restriction],
    origin: Origin,
    applied: datetime,
    upper: datetime,
    *,
    storage_only: bool = False,
) -> None:
    """One to three accesses to the restricted data, each under an Art 18(2) exception.

    With ``storage_only``, the first is "justified" as storage, which is no exception.
    """
    rng = world.rng
    earliest, latest = applied + DAY, upper - DAY
    if earliest >= latest:
        return
    family = world.household(origin.subject)
    for index in range(rng.randint(1, 3)):
        reason = STORAGE_ONLY if storage_only and index == 0 else rng.choice(EXCEPTIONS)
        planned = PlannedAccess(
            at=world.period.between(rng, earliest, latest),
            actor=family.social_worker or family.key_worker,
            subject=origin.subject,
            categories=origin.categories,
            purpose=reason.purpose,
            justification=reason.access_reason,
            refs=world.refs,
        )
        world.timeline.add(planned.at, 2, _justify(handle, planned, reason))


def _breach(world: World, origin: Origin, applied: datetime, upper: datetime) -> PlannedShare:
    """A share of the restricted data while the restriction stands, with no exception."""
    rng, partner = world.rng, origin.partner
    latest = max(applied + DAY, upper - DAY)
    return PlannedShare(
        at=world.period.between(rng, applied + DAY, latest),
        actor=world.household(origin.subject).key_worker,
        partner=partner,
        subjects=(origin.subject,),
        categories=in_order_of(partner.categories, {partner.identifying[0], *origin.categories}),
        purpose=rng.choice(partner.purposes),
        channel=rng.choice(partner.channels),
        justification=rng.choice(partner.reasons),
        agreement=world.agreements.get(partner.slug),
        refs=world.refs,
    )


def _lift(
    world: World, handle: Handle[Restriction], fate: Fate, applied: datetime, ground: str
) -> tuple[datetime | None, datetime | None]:
    """Inform the person (or not), then lift; return when each happened (None: never)."""
    if fate.lift == STANDING:
        return None, None
    rng, period, timeline = world.rng, world.period, world.timeline
    span = max(14, int(period.length.days * rng.uniform(0.08, 0.25)))
    officer = rng.choice(world.staff.governance)
    informed: datetime | None = None
    if fate.lift == INFORMED:
        told = period.later(rng, applied, span - 8, span - 4)
        channel = rng.choice(("sl:Post", "sl:SecureEmail", "sl:Telephone"))
        timeline.change(
            told,
            handle,
            lambda r: r.inform_subject_of_lift(
                occurred_at=told, channel=channel, informed_by=officer.id
            ),
        )
        informed, lifted = told, period.later(rng, told, 3, 8)
    else:
        lifted = period.later(rng, applied, span, span)
    timeline.change(
        lifted,
        handle,
        lambda r: r.lift(occurred_at=lifted, reason=GROUNDS[ground], lifted_by=officer.id),
    )
    return informed, lifted


def _request(
    world: World, request: Request, origin: Origin, ground: str, asked: tuple[str, ...]
) -> Handle[Restriction]:
    """The restriction itself, recorded the day the request arrives, linked to it."""
    handle: Handle[Restriction] = Handle()
    requested = request.after(0, 0)
    ticket = world.timeline.ticket("RST", requested)
    recorder, rights_request = world.staff.dpo, request.handle

    def create() -> tuple[Restriction]:
        restriction = Restriction.request(
            occurred_at=requested,
            subject=origin.subject,
            ground=ground,
            categories=asked,
            recorded_by=recorder.id,
            rights_request=rights_request.get().id,
            reference=ticket.reference,
        )
        return (handle.set(restriction),)

    world.timeline.add(requested, 1, create)
    request.last = requested
    return handle


def _lifecycle(
    world: World, fate: Fate, at: datetime, origin: Origin, shared: list[PlannedShare]
) -> PlannedShare | None:
    """Plan one restriction from request to lift; return its breach, if it has one."""
    rng, period = world.rng, world.period
    request = Request(world, at, origin.subject, RESTRICT)
    if not request.live:
        return None
    ground = rng.choice(tuple(GROUNDS))
    # A narrowed restriction is asked for one category more than it is applied to.
    narrowed = fate.variant.startswith("narrowed")
    extra = next(c for c in sorted(RESTRICTABLE) if c not in origin.categories)
    asked = (*origin.categories, extra) if narrowed else origin.categories
    handle = _request(world, request, origin, ground, asked)
    requested = request.last
    request.verify(request.after(0, 2))
    applied = request.after(1, 8)
    officer = rng.choice(world.staff.governance)
    explanation = (
        f"{extra} is not held by the council: the person's records of it are the "
        "health trust's, and the person was told to ask the trust"
        if fate.variant == "narrowed"
        else None
    )
    world.timeline.change(
        applied,
        handle,
        lambda r: r.apply(
            occurred_at=applied,
            ground=ground,
            categories=origin.categories,
            applied_by=officer.id,
            explanation=explanation,
        ),
    )
    request.last = applied
    request.fulfil(request.after(0, 1))
    recipients = earlier_recipients(shared, requested, origin.categories)
    notify_recipients(
        world,
        handle,
        recipients,
        applied,
        ack=fate.acknowledged,
        exempt_last=fate.variant == "exempt",
    )
    informed, lifted = _lift(world, handle, fate, applied, ground)
    world.constraints.add(
        Block(
            RESTRICTION,
            origin.subject,
            requested,
            lifted or period.end,
            frozenset(origin.categories),
            None,
        )
    )
    upper = informed or lifted or period.end
    _justified(world, handle, origin, applied, upper, storage_only=fate.variant == "storage")
    return _breach(world, origin, applied, upper) if fate.breach else None


def plan_restrictions(world: World, shares: list[PlannedShare], count: int) -> list[PlannedShare]:
    """``count`` restrictions (at least three for every verdict); return the breaching shares."""
    rng, period = world.rng, world.period
    ordered = sorted(shares, key=lambda s: s.at)
    times = [s.at for s in ordered]
    shared: dict[str, list[PlannedShare]] = {}
    for share in ordered:
        for subject in share.subjects:
            shared.setdefault(subject, []).append(share)
    breaches: list[PlannedShare] = []
    for fate in _fates(world, count):
        if fate.lift == STANDING:
            at = period.between(rng, period.fraction(0.55), period.fraction(0.85))
        else:
            at = period.between(rng, period.fraction(0.05), period.fraction(0.6))
        origin = _origin(world, ordered, times, at)
        breach = _lifecycle(world, fate, at, origin, shared.get(origin.subject, []))
        if breach is not None:
            breaches.append(breach)
    return breaches
