"""The simulated period: its bounds, its working days, and plausible times within it.

Every time the demo produces comes from here, derived from ``until`` and the
random generator, never from a clock. The period ends at midnight *starting*
``until`` (UTC): the command line passes today's date, and the ledger refuses
entries from the future, so nothing may fall later on that day than the
moment the demo runs.
"""

from __future__ import annotations

import bisect
import calendar
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from random import Random

# Staff work roughly 08:45-18:15 UK time; in UTC (GMT or BST) that is near enough.
OFFICE_OPENS = time(7, 45)
OFFICE_SECONDS = int(9.5 * 3600)
SATURDAY = 5


def add_months(day: date, months: int) -> date:
    """The same day ``months`` calendar months away, clipped to the month's length."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def midnight(day: date) -> datetime:
    return datetime.combine(day, time(0), UTC)


@dataclass(frozen=True, slots=True)
class Period:
    """``[start, end)``: ``months`` calendar months ending at the start of ``until``."""

    start: datetime
    end: datetime
    working_days: tuple[date, ...]

    @classmethod
    def ending(cls, until: date, months: int) -> Period:
        first = add_months(until, -months)
        days = (first + timedelta(days=n) for n in range((until - first).days))
        return cls(
            start=midnight(first),
            end=midnight(until),
            working_days=tuple(d for d in days if d.weekday() < SATURDAY),
        )

    @property
    def length(self) -> timedelta:
        return self.end - self.start

    def contains(self, at: datetime) -> bool:
        return self.start <= at < self.end

    def fraction(self, share: float) -> datetime:
        """The instant ``share`` (0..1) of the way through the period."""
        return self.start + self.length * share

    def office_time(self, rng: Random, day: date) -> datetime:
        seconds = rng.randrange(OFFICE_SECONDS)
        return datetime.combine(day, OFFICE_OPENS, UTC) + timedelta(seconds=seconds)

    def on_working_day(self, rng: Random, index: int) -> datetime:
        return self.office_time(rng, self.working_days[index])

    def day_index(self, at: datetime) -> int:
        """Index of the first working day on or after ``at``'s date."""
        return bisect.bisect_left(self.working_days, at.date())

    def between(self, rng: Random, earliest: datetime, latest: datetime) -> datetime:
        """An office-hours moment on a working day in ``[earliest, latest]``, else ``earliest``."""
        first = self.day_index(earliest)
        last = bisect.bisect_right(self.working_days, latest.date()) - 1
        if first > last:
            return earliest
        moment = self.on_working_day(rng, rng.randint(first, last))
        return min(max(moment, earliest), latest)

    def later(self, rng: Random, after: datetime, low_days: int, high_days: int) -> datetime:
        """An office-hours moment ``low_days``..``high_days`` after ``after``, strictly later.

        Weekends move to the next Monday. The result may lie beyond the period:
        the timeline drops such steps, which is how cases come to be still open.
        """
        day = after.date() + timedelta(days=rng.randint(low_days, high_days))
        while day.weekday() >= SATURDAY:
            day += timedelta(days=1)
        moment = self.office_time(rng, day)
        if moment <= after:
            moment = after + timedelta(minutes=rng.randint(5, 90))
        return moment
