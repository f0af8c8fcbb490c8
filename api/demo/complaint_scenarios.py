"""Complaints (DPA 2018 s.164A): a person's, answered; one from the ICO, answered and decided
by the ICO; and a recent one not yet acknowledged.

Planned with a generator of their own, so the rest of the council's plan is the
same with or without them. A complaint is planned only if every step it takes
falls inside the period (a step outside it would be dropped, and a later step
would then change a complaint never received).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta
from random import Random

from api.demo.plan_timeline import Handle
from api.demo.world import World
from ledger.domain.complaints import Complaint
from ledger.domain.deadlines import uk_date

PERSON_SUMMARY = (
    "The person says their request for a copy of their family's records was answered weeks "
    "after the one-month deadline, and only after they chased it twice."
)
PERSON_FINDINGS = (
    "The request was logged on receipt but waited in a shared mailbox for 24 days; the "
    "answer went out 19 days after the deadline."
)
PERSON_REMEDY = "Apology sent; requests now go to a monitored queue with a 7-day reminder."
ICO_SUMMARY = (
    "The ICO asks how the council decided to share the family's health records with the "
    "school, after the person complained to it that they were shared without their knowledge."
)
ICO_FINDINGS = (
    "The share was made under the education agreement for safeguarding, but the "
    "family was not told, as the privacy notice promises."
)
ICO_REMEDY = "The family was written to; the privacy notice is now sent with every referral."
RECENT_SUMMARY = "The person disputes a record of a missed appointment and says it is wrong."

Steps = list[tuple[int, Callable[[Complaint, datetime], object]]]


def _plan(
    world: World, rng: Random, received: datetime, create: Callable[[], Complaint], steps: Steps
) -> None:
    """``create`` at ``received``, then each step ``days`` after the one before."""
    times = [received]
    for days, _ in steps:
        times.append(world.period.later(rng, times[-1], days, days + 2))
    if not all(world.period.contains(t) for t in times):
        return
    handle: Handle[Complaint] = Handle()
    world.timeline.add(received, 1, lambda: (handle.set(create()),))
    for at, (_, step) in zip(times[1:], steps, strict=True):
        world.timeline.change(at, handle, _at(step, at))


def _at(
    step: Callable[[Complaint, datetime], object], at: datetime
) -> Callable[[Complaint], object]:
    """The step, taken at ``at`` (bound now: a closure in the loop would see the last one)."""
    return lambda complaint: step(complaint, at)


def plan_complaints(world: World, seed: int) -> None:
    """A person's complaint, an ICO complaint with its case reference, and a recent one."""
    rng = Random(f"complaints:{seed}")
    dpo = world.staff.dpo.id
    people = [p.ref for family in world.families for p in family.members if p.adult]
    person, ico_person, recent_person = rng.sample(people, 3)
    case_reference = f"IC-{rng.randrange(100_000, 999_999)}-{rng.randrange(16**4):04X}"

    def acknowledge(c: Complaint, at: datetime) -> None:
        c.acknowledge(acknowledged_on=uk_date(at), recorded_by=dpo)

    def findings(text: str) -> Callable[[Complaint, datetime], None]:
        return lambda c, at: c.record_findings(
            recorded_on=uk_date(at), findings=text, recorded_by=dpo
        )

    def close(outcome: str, remedy: str) -> Callable[[Complaint, datetime], None]:
        return lambda c, at: c.close(
            closed_on=uk_date(at), outcome=outcome, remedial_action=remedy, decided_by=dpo
        )

    def receive(
        subject: str, at: datetime, issue: str, summary: str, case: str | None = None
    ) -> Callable[[], Complaint]:
        # A council reference (numbered once planning ends) gives a stable id, run after run.
        ticket = world.timeline.ticket("CMP", at)
        return lambda: Complaint.receive(
            reference=ticket.reference,
            received_on=uk_date(at),
            subject=subject,
            complainant="sl:ComplainantDataSubject" if case is None else "sl:ComplainantICO",
            issues=[issue],
            summary=summary,
            recorded_by=dpo,
            ico_case_reference=case,
        )

    at = world.period.between(rng, world.period.fraction(0.4), world.period.fraction(0.6))
    _plan(
        world,
        rng,
        at,
        receive(person, at, "sl:IssueLateResponse", PERSON_SUMMARY),
        [
            (4, acknowledge),
            (18, findings(PERSON_FINDINGS)),
            (3, close("sl:ComplaintUpheld", PERSON_REMEDY)),
        ],
    )
    at = world.period.between(rng, world.period.fraction(0.2), world.period.fraction(0.35))
    ico_steps: Steps = [
        (2, acknowledge),
        (14, findings(ICO_FINDINGS)),
        (5, close("sl:ComplaintPartlyUpheld", ICO_REMEDY)),
        (
            45,
            lambda c, at: c.record_ico_decision(
                decided_on=uk_date(at), decision="sl:ICOInfringementAdvice", recorded_by=dpo
            ),
        ),
    ]
    ico = receive(ico_person, at, "sl:IssueUnlawfulSharing", ICO_SUMMARY, case_reference)
    _plan(world, rng, at, ico, ico_steps)
    at = world.period.end - timedelta(days=10)
    _plan(world, rng, at, receive(recent_person, at, "sl:IssueInaccurateData", RECENT_SUMMARY), [])
