"""Synthetic natural identifiers for the demo's people, for the subject directory.

Every value is made up: NHS numbers in the 999 range (never issued to
patients), National Insurance numbers and unique pupil numbers of the valid
shape, names drawn from short lists and paired at random. They go into the
directory (as keyed digests) and nowhere else, which the privacy tests check
byte by byte. A few adults' cases closed long ago, so that `retention due`
has something to show.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from random import Random

from api.demo.council import DemoPlan, _world
from ledger.privacy.identifiers import Identifier, Kind, nhs_check_digit, parse, upn_check_letter
from ledger.privacy.retention import dispose_on

FIRST = (
    "Alex",
    "Amara",
    "Ben",
    "Chloe",
    "Dylan",
    "Ella",
    "Finn",
    "Grace",
    "Harvey",
    "Isla",
    "Jamie",
    "Kai",
    "Leah",
    "Mason",
    "Nia",
    "Oscar",
    "Poppy",
    "Reece",
    "Sophie",
    "Tyler",
)
LAST = (
    "Ashby",
    "Brook",
    "Carver",
    "Dale",
    "Ellery",
    "Fenwick",
    "Garside",
    "Holt",
    "Ingram",
    "Jessop",
    "Kirkby",
    "Lowther",
    "Marsden",
    "Norwood",
    "Oakes",
    "Pickering",
)
_NINO_FIRST = "ABCEGHJKLMNPRSTWXYZ"
_NINO_SECOND = "ABCEGHJKLMNPRSTWXYZ"


@dataclass(frozen=True, slots=True)
class Identity:
    subject: str
    family: str
    identifiers: tuple[Identifier, ...]
    display_name: str
    rule: str
    dispose_on: date


def _nhs(rng: Random) -> Identifier:
    while True:
        first_nine = "999" + "".join(str(rng.randint(0, 9)) for _ in range(6))
        check = nhs_check_digit(first_nine)
        if check is not None:
            return parse(Kind.NHS, first_nine + str(check))


def _nino(rng: Random) -> Identifier:
    while True:
        text = rng.choice(_NINO_FIRST) + rng.choice(_NINO_SECOND)
        if text in ("BG", "GB", "KN", "NK", "NT", "TN", "ZZ"):
            continue
        text += "".join(str(rng.randint(0, 9)) for _ in range(6)) + rng.choice("ABCD")
        return parse(Kind.NINO, text)


def _upn(rng: Random) -> Identifier:
    digits = "".join(str(rng.randint(0, 9)) for _ in range(12))
    return parse(Kind.UPN, upn_check_letter(digits) + digits)


def _case(rng: Random) -> Identifier:
    return parse(Kind.CASE, f"WS-{rng.randint(100000, 999999)}")


class _Unique:
    """Draws identifiers that no one else in the council has: a directory refuses to give
    two people one identifier, and a few thousand random draws from a million collide."""

    def __init__(self, rng: Random) -> None:
        self.rng = rng
        self.used: set[Identifier] = set()

    def __call__(self, draw: Callable[[Random], Identifier]) -> Identifier:
        while (found := draw(self.rng)) in self.used:
            continue
        self.used.add(found)
        return found


def identities(plan: DemoPlan) -> list[Identity]:
    """One identity per person in the demo's council, deterministic for the plan."""
    world = _world(plan)
    rng = Random(f"identities:{plan.seed}")
    unique = _Unique(rng)
    found = []
    for family in world.families:
        family_ref = "fr_" + hashlib.sha256(f"{plan.seed}:{family.index}".encode()).hexdigest()[:26]
        surname = rng.choice(LAST)
        for person in family.members:
            found_ids = [unique(_nhs), unique(_case)]
            if person.adult:
                found_ids.append(unique(_nino))
                # One adult in 40 had an earlier case that closed more than six years ago.
                closed = plan.until - timedelta(days=rng.randint(0, 5 * 365))
                if rng.random() < 1 / 40:
                    closed = plan.until - timedelta(days=rng.randint(6 * 365 + 30, 8 * 365))
                rule, due = "adult-social-care", dispose_on("adult-social-care", closed)
            else:
                found_ids.append(unique(_upn))
                born = plan.until - timedelta(days=rng.randint(365, 17 * 365))
                rule, due = "children-other", dispose_on("children-other", born)
            found.append(
                Identity(
                    subject=person.ref,
                    family=family_ref,
                    identifiers=tuple(found_ids),
                    display_name=f"{rng.choice(FIRST)} {surname}",
                    rule=rule,
                    dispose_on=due,
                )
            )
    return found
