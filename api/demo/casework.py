"""Day-to-day case work: staff reading family members' records, and shares with partners.

This is the bulk of the ledger. Each access or share picks a household in
proportion to how busy and how long its case is, a day while it is open, a
member, and then who looks, why, and at what, from tables that follow the
roles in a Supporting Families team.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from random import Random

from api.demo.catalogue import ADULT, CHILD, COUNCIL, IDENTIFYING, PartnerProfile
from api.demo.constraints import Constraints
from api.demo.partner_network import PARTNERS
from api.demo.population import Family, Person, Staff, Workforce
from api.demo.records import PlannedAccess, PlannedShare, in_order_of
from api.demo.world import World

# Share of day-to-day shares made without citing the agreement, and of sensitive
# shares made without naming a condition: the mistakes the projections find.
MISTAKE_RATE = 0.01
RETRIES = 20


@dataclass(frozen=True, slots=True)
class AccessKind:
    """Who looks at a record, why, and at which categories (by the member's age)."""

    actor: str
    weight: int
    purposes: tuple[str, ...]
    adult_pool: tuple[str, ...]
    child_pool: tuple[str, ...]
    reasons: tuple[str, ...]


ACCESS_KINDS = (
    AccessKind(
        "key-worker",
        60,
        # Repeated terms weight the choice: most key work is service delivery.
        ("dpv:ServiceProvision",) * 5 + ("sl:EarlyHelpAndPrevention",) * 4 + ("sl:Safeguarding",),
        (
            "pd:Family",
            "sl:LifestyleAndSocialCircumstances",
            "sl:InterventionStatus",
            "sl:HousingNeeds",
            "pd:Financial",
            "pd:EmploymentHistory",
            "pd:Health",
            "pd:MentalHealth",
            "sl:SubstanceMisuse",
            "pd:PhysicalAddress",
        ),
        (
            "pd:Family",
            "sl:InterventionStatus",
            "pd:Education",
            "pd:EducationExperience",
            "sl:ChildVulnerability",
            "pd:Health",
            "sl:LifestyleAndSocialCircumstances",
        ),
        (
            "Preparing for a home visit",
            "Updating the family plan after a home visit",
            "Reviewing progress against the family plan",
            "Recording a contact with the family",
            "Preparing for a team around the family meeting",
            "Checking referral history before a first visit",
        ),
    ),
    AccessKind(
        "cover",
        4,
        ("dpv:ServiceProvision",),
        ("pd:Family", "sl:InterventionStatus", "sl:LifestyleAndSocialCircumstances"),
        ("pd:Family", "sl:InterventionStatus", "pd:EducationExperience"),
        ("Covering for the allocated key worker", "Duty contact while the key worker is on leave"),
    ),
    AccessKind(
        "social-worker",
        10,
        ("sl:Safeguarding",),
        (
            "pd:Family",
            "pd:MentalHealth",
            "sl:SubstanceMisuse",
            "pd:CriminalOffense",
            "sl:LifestyleAndSocialCircumstances",
            "pd:Health",
        ),
        (
            "sl:ChildVulnerability",
            "pd:Family",
            "pd:Health",
            "pd:Education",
            "pd:EducationExperience",
            "pd:MentalHealth",
        ),
        ("Child in need review", "Strategy discussion", "Safeguarding enquiry"),
    ),
    AccessKind(
        "coordinator",
        10,
        ("sl:IdentifyFamiliesNeedingSupport", "sl:EarlyHelpAndPrevention", "dpv:ServiceProvision"),
        ("sl:EligibilityProblems", "sl:InterventionStatus", "pd:Family", "pd:EmploymentHistory"),
        ("sl:EligibilityProblems", "sl:InterventionStatus", "pd:Family", "pd:EducationExperience"),
        (
            "Eligibility check against the programme criteria",
            "Early help allocation panel",
            "Case closure review",
            "Step-down from children's social care",
        ),
    ),
    AccessKind(
        "analyst",
        6,
        ("sl:ProgrammeEvaluation", "dpv:ServiceOptimisation"),
        ("sl:FamilyProgressData", "sl:EligibilityProblems", "sl:InterventionStatus"),
        ("sl:FamilyProgressData", "sl:EligibilityProblems", "sl:InterventionStatus"),
        (
            "Family progress data return",
            "Payment by results claim validation",
            "Service performance report",
        ),
    ),
    AccessKind(
        "education",
        6,
        ("sl:EarlyHelpAndPrevention",),
        (),
        ("pd:Education", "pd:EducationExperience", "sl:UniquePupilNumber"),
        ("Attendance review", "Exclusion prevention meeting"),
    ),
    AccessKind(
        "mash",
        4,
        ("sl:Safeguarding",),
        ("pd:Family", "pd:CriminalOffense", "sl:LifestyleAndSocialCircumstances"),
        ("pd:Family", "sl:ChildVulnerability", "pd:CriminalOffense"),
        ("MASH triage of a police referral",),
    ),
)


def _social_worker(rng: Random, family: Family, person: Person, staff: Workforce) -> Staff:
    if person.adult:
        return rng.choice(staff.adult_social_workers)
    return family.social_worker or rng.choice(staff.social_workers)


ACTORS: dict[str, Callable[[Random, Family, Person, Workforce], Staff]] = {
    "key-worker": lambda _rng, family, _person, _staff: family.key_worker,
    "cover": lambda rng, _family, _person, staff: rng.choice(staff.family_support_workers),
    "social-worker": _social_worker,
    "coordinator": lambda rng, _family, _person, staff: rng.choice(staff.coordinators),
    "analyst": lambda rng, _family, _person, staff: rng.choice(staff.analysts),
    "education": lambda rng, _family, _person, staff: rng.choice(staff.education_officers),
    "mash": lambda rng, _family, _person, staff: rng.choice(staff.mash_officers),
}


def busy_families(rng: Random, families: Sequence[Family], count: int) -> list[Family]:
    """``count`` households, each as likely as its case is busy and long."""
    weights = accumulate(f.intensity * (f.last - f.first + 1) for f in families)
    return rng.choices(families, cum_weights=list(weights), k=count)


def sample(rng: Random, pool: Sequence[str], most: int) -> set[str]:
    """Between one and ``most`` distinct terms of ``pool``."""
    return set(rng.sample(pool, min(len(pool), rng.randint(1, most))))


def _access(world: World, family: Family, kind: AccessKind) -> PlannedAccess | None:
    """One access, or None if a restriction or objection rules out what was drawn."""
    rng = world.rng
    person = rng.choice(family.members)
    pool = kind.adult_pool if person.adult else kind.child_pool
    if not pool:
        # Education staff read children's records only.
        person = rng.choice(family.children)
        pool = kind.child_pool
    at = world.period.on_working_day(rng, rng.randint(family.first, family.last))
    purpose = rng.choice(kind.purposes)
    categories = world.constraints.allowed(
        person.ref, at, purpose, in_order_of(pool, sample(rng, pool, 3))
    )
    if not categories:
        return None
    actor = ACTORS[kind.actor](rng, family, person, world.staff)
    return PlannedAccess(
        at=at,
        actor=actor,
        subject=person.ref,
        categories=categories,
        purpose=purpose,
        justification=rng.choice(kind.reasons),
        refs=world.refs,
        # A seconded police officer reads the council's records for the council's MASH.
        on_behalf_of=None if actor.organisation == COUNCIL else COUNCIL,
    )


def plan_accesses(world: World, count: int) -> list[PlannedAccess]:
    """``count`` accesses (fewer only if restrictions rule out every retry)."""
    rng = world.rng
    families = busy_families(rng, world.families, count)
    kinds = rng.choices(ACCESS_KINDS, weights=[k.weight for k in ACCESS_KINDS], k=count)
    planned: list[PlannedAccess] = []
    for family, kind in zip(families, kinds, strict=True):
        access = _access(world, family, kind)
        for _ in range(RETRIES):
            if access is not None:
                break
            access = _access(world, rng.choice(world.families), kind)
        if access is not None:
            planned.append(access)
    return planned


def _audience(family: Family, partner: PartnerProfile) -> tuple[Person, ...]:
    if partner.audience == ADULT:
        return family.adults
    if partner.audience == CHILD:
        return family.children
    return family.members


def _sharer(rng: Random, family: Family, staff: Workforce) -> Staff:
    draw = rng.random()
    if draw < 0.6:
        return family.key_worker
    if draw < 0.8 and family.social_worker is not None:
        return family.social_worker
    return rng.choice(staff.coordinators)


def plan_share(world: World, family: Family, partner: PartnerProfile) -> PlannedShare:
    """A share to ``partner`` about one member, or the whole household, while its case is open."""
    rng = world.rng
    pool = _audience(family, partner)
    whole = len(pool) > 1 and rng.random() < partner.family_share
    chosen = sample(rng, partner.identifying, 2) | sample(rng, partner.topical, 3)
    return PlannedShare(
        at=world.period.on_working_day(rng, rng.randint(family.first, family.last)),
        actor=_sharer(rng, family, world.staff),
        partner=partner,
        subjects=tuple(p.ref for p in pool) if whole else (rng.choice(pool).ref,),
        categories=in_order_of(partner.categories, chosen),
        purpose=rng.choice(partner.purposes),
        channel=rng.choice(partner.channels),
        justification=rng.choice(partner.reasons),
        agreement=world.agreements.get(partner.slug),
        refs=world.refs,
    )


def _with_mistakes(rng: Random, shares: list[PlannedShare]) -> list[PlannedShare]:
    """Drop the agreement from ~1% of shares, and the Art 9 condition from ~1% of sensitive ones."""
    count = max(1, round(len(shares) * MISTAKE_RATE))
    cited = [i for i, s in enumerate(shares) if s.agreement is not None]
    for i in rng.sample(cited, min(count, len(cited))):
        shares[i] = dataclasses.replace(shares[i], agreement=None)
    sensitive = [i for i, s in enumerate(shares) if s.sensitive and s.agreement is not None]
    for i in rng.sample(sensitive, min(count, len(sensitive))):
        shares[i] = dataclasses.replace(shares[i], omit_conditions=True)
    return shares


def plan_shares(world: World, count: int) -> list[PlannedShare]:
    """Day-to-day shares with partners, by each partner's weight, with a few mistakes."""
    rng = world.rng
    partners = [p for p in PARTNERS if p.weight]
    chosen = rng.choices(partners, weights=[p.weight for p in partners], k=count)
    if chosen:
        # At least one share goes to the partner that has no agreement at all.
        chosen[0] = next(p for p in partners if p.agreement is None)
    families = busy_families(rng, world.families, count)
    shares = [plan_share(world, f, p) for f, p in zip(families, chosen, strict=True)]
    return _with_mistakes(rng, shares)


def _honoured(share: PlannedShare, constraints: Constraints) -> PlannedShare | None:
    """The share as it would have gone ahead with restrictions and objections respected."""
    subjects: list[str] = []
    categories = share.categories
    for subject in share.subjects:
        allowed = constraints.allowed(subject, share.at, share.purpose, share.categories)
        if allowed == share.categories:
            subjects.append(subject)
        elif len(share.subjects) == 1 and not IDENTIFYING.issuperset(allowed):
            categories = allowed
            subjects.append(subject)
    if not subjects:
        return None
    return dataclasses.replace(share, subjects=tuple(subjects), categories=categories)


def respect_constraints(shares: list[PlannedShare], constraints: Constraints) -> list[PlannedShare]:
    kept: list[PlannedShare] = []
    for share in shares:
        if any(s in constraints for s in share.subjects):
            honoured = _honoured(share, constraints)
            if honoured is not None:
                kept.append(honoured)
        else:
            kept.append(share)
    return kept
