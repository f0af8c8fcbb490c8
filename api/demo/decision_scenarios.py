"""Decisions not to share, with their reasons (the ICO Data Sharing Code asks for these).

Most are everyday refusals; one refuses because a restriction stands and one
because an objection was upheld, so those reasons appear next to the
restriction and objection they rest on.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from api.demo.catalogue import COUNCIL
from api.demo.constraints import RESTRICTION
from api.demo.objection_scenarios import Upheld
from api.demo.partner_network import BY_SLUG, MHCLG, NIS, POLICE
from api.demo.population import Staff
from api.demo.world import World
from ledger.domain.processing import SharingDecision


@dataclass(frozen=True, slots=True)
class Refusal:
    requester: str
    reasons: tuple[str, ...]
    purpose: str
    categories: tuple[str, ...]
    explanation: str


EVERYDAY = (
    Refusal(
        "westshire-fire-rescue",
        ("sl:NoAgreement", "sl:NotNecessary"),
        "sl:Safeguarding",
        ("pd:Family", "sl:InterventionStatus", "pd:MentalHealth"),
        "Asked for the family's case history; no agreement covers it and the home fire "
        "safety referral already gives what the visit needs",
    ),
    Refusal(
        POLICE.slug,
        ("sl:NotNecessary",),
        "sl:CrimePrevention",
        ("pd:MentalHealth", "pd:HealthRecord"),
        "Asked for full health records; a summary of the safeguarding concern met the need",
    ),
    Refusal(
        POLICE.slug,
        ("sl:RecipientNotVerified",),
        "sl:Safeguarding",
        ("pd:PhysicalAddress", "pd:Family"),
        "Telephone request from a caller giving an officer's details; the force control room "
        "could not confirm it",
    ),
    Refusal(
        "safer-homes-westshire",
        ("sl:RiskOfHarm",),
        "sl:Safeguarding",
        ("pd:PhysicalAddress",),
        "Asked for a current address; sharing it could put the person at risk",
    ),
    Refusal(
        "westshire-homes",
        ("sl:NoLawfulBasis", "sl:NotNecessary"),
        "dpv:ServiceProvision",
        ("pd:MentalHealth", "sl:ChildVulnerability"),
        "The landlord asked for social care records to support possession proceedings; "
        "no lawful basis to share them for that",
    ),
    Refusal(
        "dwp-westshire",
        ("sl:NotNecessary",),
        "sl:IdentifyFamiliesNeedingSupport",
        ("pd:Health", "pd:Family"),
        "Asked for health details; not necessary for the employment support referral",
    ),
    Refusal(
        "westshire-education-partnership",
        ("sl:NotNecessary",),
        "sl:EarlyHelpAndPrevention",
        ("pd:MentalHealth", "pd:CriminalOffense"),
        "The school asked about a parent's health and offending; a summary of the support in "
        "place was shared instead",
    ),
)
# The partner that would have received data for each purpose people object to.
OBJECTED_REQUESTERS = {
    "dpv:ResearchAndDevelopment": NIS,
    "sl:ProgrammeEvaluation": MHCLG,
    "dpv:ServiceOptimisation": BY_SLUG["westshire-health-wellbeing-consortium"],
}


def _decline(
    world: World, at: datetime, actor: Staff, subjects: tuple[str, ...], refusal: Refusal
) -> None:
    ticket = world.timeline.ticket("DNS", at)

    def record() -> tuple[SharingDecision]:
        decision = SharingDecision.record(
            occurred_at=at,
            actor=actor.id,
            actor_organisation=COUNCIL,
            requester=refusal.requester,
            subjects=subjects,
            categories=refusal.categories,
            purpose=refusal.purpose,
            reasons=refusal.reasons,
            explanation=refusal.explanation,
            reference=ticket.reference,
        )
        return (decision,)

    world.timeline.add(at, 1, record)


def _restriction_refusal(world: World) -> int:
    block = next(world.constraints.blocks(RESTRICTION), None)
    if block is None or block.categories is None:
        return 0
    end = min(block.end, world.period.end) - timedelta(days=1)
    at = world.period.between(world.rng, block.start + timedelta(days=12), end)
    refusal = Refusal(
        POLICE.slug,
        ("sl:RestrictionInForce",),
        "sl:Safeguarding",
        tuple(sorted(block.categories)),
        "The person's restriction of processing stands and no Art 18(2) exception applies",
    )
    _decline(world, at, world.staff.dpo, (block.subject,), refusal)
    return 1


def _objection_refusal(world: World, upheld: list[Upheld]) -> int:
    if not upheld:
        return 0
    first = upheld[0]
    partner = OBJECTED_REQUESTERS[first.purposes[0]]
    refusal = Refusal(
        partner.slug,
        ("sl:ObjectionUpheld",),
        first.purposes[0],
        partner.categories[:3],
        "The person's objection to this use of their data was upheld",
    )
    at = world.period.later(world.rng, first.decided, 5, 40)
    _decline(world, at, world.rng.choice(world.staff.analysts), (first.subject,), refusal)
    return 1


def plan_decisions(world: World, upheld: list[Upheld], count: int) -> None:
    """``count`` decisions not to share: one per standing rule, the rest everyday refusals."""
    rng, period = world.rng, world.period
    left = count - _restriction_refusal(world) - _objection_refusal(world, upheld)
    for _ in range(max(0, left)):
        family = rng.choice(world.families)
        person = rng.choice(family.adults)
        whole = rng.random() < 0.2
        subjects = tuple(p.ref for p in family.members) if whole else (person.ref,)
        at = period.on_working_day(rng, rng.randint(family.first, family.last))
        actor = rng.choice((*world.staff.coordinators, world.staff.dpo))
        _decline(world, at, actor, subjects, rng.choice(EVERYDAY))
