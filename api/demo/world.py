"""Everything the planners share for one demo run: randomness, period, people, rules, timeline."""

from __future__ import annotations

from dataclasses import dataclass
from random import Random

from api.demo.constraints import Constraints
from api.demo.period import Period
from api.demo.plan_timeline import SourceRefs, Timeline
from api.demo.population import Family, Person, Workforce


@dataclass(frozen=True, slots=True)
class World:
    rng: Random
    period: Period
    staff: Workforce
    families: tuple[Family, ...]
    refs: SourceRefs
    constraints: Constraints
    timeline: Timeline
    agreements: dict[str, str]
    people: dict[str, Person]

    def household(self, subject: str) -> Family:
        return self.families[self.people[subject].family]

    def anyone(self) -> Person:
        """A random person not already under a restriction or objection."""
        for _ in range(100):
            person = self.rng.choice(self.rng.choice(self.families).members)
            if person.ref not in self.constraints:
                return person
        return self.families[0].members[0]
