"""Art 12(3) deadlines, in calendar months and UK dates: one rule for every period.

Rights requests, restrictions (applied, and the person told of the action)
and Art 19 notices are all judged by :func:`deadline` and :func:`period_end`,
on dates in Europe/London (:func:`uk_date`): a request made at 00:30 BST on
1 October was made on 1 October, although it was still 30 September in UTC.

The rules, as the ICO's guidance on the right of access applies them:

1. The clock starts on the day the request is received, or, where the
   controller needs to confirm who is asking, on the day identity is verified.
2. The deadline is the corresponding calendar date one month later; where the
   next month is shorter and has no such date, the last day of that month
   (31 January -> 28 or 29 February).
3. While the controller waits for clarification the clock stops; the deadline
   moves by the number of days it stood still.
4. It may be extended by two further months (three in all) where the request
   is complex or numerous, only if the person is told within the first month.
   A later notice does not extend it.
5. A deadline on a weekend or bank holiday (England and Wales) moves to the
   next working day.
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays

# The council's dates are England's: a period counts UK calendar days.
UK = ZoneInfo("Europe/London")


def uk_date(moment: datetime) -> date:
    """The calendar date in the UK at ``moment`` (an aware date and time)."""
    return moment.astimezone(UK).date()


def add_months(day: date, months: int) -> date:
    """The corresponding date ``months`` later, clamped to the end of a shorter month."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year))


def is_working_day(day: date) -> bool:
    """Monday to Friday and not a bank holiday in England and Wales."""
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: date, working: Callable[[date], bool] = is_working_day) -> date:
    while not working(day):
        day += timedelta(days=1)
    return day


def period_end(
    starts_on: date, months: int = 1, working: Callable[[date], bool] = is_working_day
) -> date:
    """The last day of a period of ``months`` calendar months from ``starts_on`` (rules 2, 5)."""
    return next_working_day(add_months(starts_on, months), working)


@dataclass(frozen=True, slots=True)
class Pause:
    paused_on: date
    resumed_on: date | None  # None: still paused


@dataclass(frozen=True, slots=True)
class Deadline:
    """The statutory deadline of one request, and how it was arrived at."""

    starts_on: date
    first_month_ends: date | None  # one month, after pauses: the limit for an extension notice
    due: date | None  # None while the clock is stopped
    paused_days: int
    extension_valid: bool | None  # None: no extension was notified

    def is_late(self, today: date, closed_on: date | None) -> bool:
        """Answered after the deadline, or still open after it (as of ``today``)."""
        return self.due is not None and (closed_on or today) > self.due


def deadline(
    *,
    received_on: date,
    verified_on: date | None,
    pauses: Sequence[Pause],
    extension_notified_on: date | None,
    today: date,
    working: Callable[[date], bool] = is_working_day,
) -> Deadline:
    """Apply rules 1-5 above to one request's history (``today`` ends an open pause)."""
    starts_on = verified_on or received_on
    paused = timedelta(
        days=sum(
            ((p.resumed_on or today) - max(p.paused_on, starts_on)).days
            for p in pauses
            if (p.resumed_on or today) > max(p.paused_on, starts_on)
        )
    )
    if any(p.resumed_on is None for p in pauses):
        return Deadline(starts_on, None, None, paused.days, None)
    first_month_ends = next_working_day(add_months(starts_on, 1) + paused, working)
    extension_valid = (
        None if extension_notified_on is None else extension_notified_on <= first_month_ends
    )
    due = (
        next_working_day(add_months(starts_on, 3) + paused, working)
        if extension_valid
        else first_month_ends
    )
    return Deadline(starts_on, first_month_ends, due, paused.days, extension_valid)
