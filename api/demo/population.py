"""The people in the demo: households supported by the programme, and the council's staff.

Nobody here has a name, a date of birth or a national identifier: the ledger
holds none. A person is only an opaque subject reference, derived from the
seed and an index so that the same plan always yields the same references.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from random import Random

from api.demo.catalogue import CAPITA_ONE, COUNCIL, EARLY_HELP, LIQUIDLOGIC, MOSAIC
from api.demo.partner_network import POLICE
from api.demo.period import Period

HOUSEHOLD_SIZES = (2, 3, 4, 5, 6)
HOUSEHOLD_WEIGHTS = (15, 30, 30, 17, 8)
MEAN_HOUSEHOLD = 3.73
# A Supporting Families case stays open for months, not weeks.
CASE_WORKING_DAYS = (60, 280)


@dataclass(frozen=True, slots=True)
class Staff:
    """Someone who reads or shares data, as the source system names them."""

    id: str
    role: str
    organisation: str
    system: str


@dataclass(frozen=True, slots=True)
class Person:
    ref: str
    adult: bool
    family: int


@dataclass(frozen=True, slots=True)
class Family:
    """A household and its case: who works with it, and when (working-day indices)."""

    index: int
    members: tuple[Person, ...]
    key_worker: Staff
    social_worker: Staff | None
    first: int
    last: int
    intensity: float

    def active(self, day: int) -> bool:
        return self.first <= day <= self.last

    @property
    def adults(self) -> tuple[Person, ...]:
        return tuple(p for p in self.members if p.adult)

    @property
    def children(self) -> tuple[Person, ...]:
        return tuple(p for p in self.members if not p.adult)


@dataclass(frozen=True, slots=True)
class Workforce:
    family_support_workers: tuple[Staff, ...]
    social_workers: tuple[Staff, ...]
    adult_social_workers: tuple[Staff, ...]
    coordinators: tuple[Staff, ...]
    analysts: tuple[Staff, ...]
    education_officers: tuple[Staff, ...]
    mash_officers: tuple[Staff, ...]
    dpo: Staff
    governance: tuple[Staff, ...]


def subject_ref(seed: int, index: int) -> str:
    """The opaque reference of person ``index``: 'sr_' and 26 base32 characters."""
    digest = hashlib.sha256(f"sharing-ledger-demo:{seed}:{index}".encode()).digest()
    return "sr_" + base64.b32encode(digest).decode("ascii").lower()[:26]


def _team(
    rng: Random, size: int, prefix: str, role: str, system: str, organisation: str = COUNCIL
) -> tuple[Staff, ...]:
    # Staff numbers up to 999, as before, for every team that fits (the same seed
    # gives the same ledger); a larger team (a council of millions of entries)
    # takes as many numbers as it has people.
    numbers = rng.sample(range(1, max(1000, size + 1)), max(1, size))
    return tuple(Staff(f"{prefix}-{n:04d}", role, organisation, system) for n in numbers)


def workforce(rng: Random, families: int) -> Workforce:
    """A team sized to the caseload: a family support worker holds about a dozen families."""
    return Workforce(
        family_support_workers=_team(
            rng, families // 12 + 2, "fsw", "family-support-worker", EARLY_HELP
        ),
        social_workers=_team(rng, families // 30 + 1, "sw", "social-worker", LIQUIDLOGIC),
        adult_social_workers=_team(rng, families // 60 + 1, "asw", "adult-social-worker", MOSAIC),
        coordinators=_team(rng, families // 70 + 2, "ehc", "early-help-coordinator", EARLY_HELP),
        analysts=_team(rng, 2, "da", "data-analyst", EARLY_HELP),
        education_officers=_team(
            rng, families // 80 + 1, "ewo", "education-welfare-officer", CAPITA_ONE
        ),
        mash_officers=_team(
            rng, 2, "mash-pc", "mash-police-officer", LIQUIDLOGIC, organisation=POLICE.slug
        ),
        dpo=Staff("dpo-0001", "data-protection-officer", COUNCIL, LIQUIDLOGIC),
        governance=_team(rng, 2, "ig", "information-governance-officer", LIQUIDLOGIC),
    )


def _members(
    seed: int, first_index: int, size: int, family: int, rng: Random
) -> tuple[Person, ...]:
    adults = 1 if size == 2 else rng.choice((1, 2, 2))
    return tuple(
        Person(subject_ref(seed, first_index + n), n < adults, family) for n in range(size)
    )


def households(
    rng: Random, seed: int, people: int, period: Period, staff: Workforce
) -> list[Family]:
    """Households until ``people`` people are supported; cases open before or during the period."""
    days = len(period.working_days)
    families: list[Family] = []
    index = 0
    while index < people:
        size = rng.choices(HOUSEHOLD_SIZES, HOUSEHOLD_WEIGHTS)[0]
        length = rng.randint(*CASE_WORKING_DAYS)
        # Cases already open when the period starts, and cases opened during it.
        first = rng.randint(-length // 2, max(0, days - 20))
        last = first + length
        number = len(families)
        families.append(
            Family(
                index=number,
                members=_members(seed, index, size, number, rng),
                key_worker=rng.choice(staff.family_support_workers),
                social_worker=rng.choice(staff.social_workers) if rng.random() < 0.3 else None,
                first=max(0, first),
                last=min(days - 1, last),
                intensity=rng.uniform(0.4, 1.8),
            )
        )
        index += size
    return families
