"""Art 12(3) deadlines, in calendar months and UK dates: one rule for every period.

Rights requests, restrictions (applied, and the person told of the action)
and Art 19 notices are all judged by :func:`deadline` and :func:`period_end`,
on dates in Europe/London (:func:`uk_date`): a request made at 00:30 BST on
1 October was made on 1 October, although it was still 30 September in UTC.

The rules, as UK GDPR Art 12A sets them (inserted by the Data (Use and Access)
Act 2025 s.76, in force from 5 February 2026: SI 2026/82 reg 2(h)), and as the
ICO's guidance on the right of access applied Art 12(3) before then:

1. The clock starts at "the relevant time" (Art 12A(3)): the latest of the day
   the request is received and the day the controller receives the information
   it asked for to confirm who is asking (Art 12(6)). Where the ledger holds
   only the day identity was verified, not the day the information arrived,
   the verification day is used and the report says so (the statutory start
   may have been earlier).
2. The deadline is the corresponding calendar date one month later (Art
   12A(2)); where the next month is shorter and has no such date, the last day
   of that month (31 January -> 28 or 29 February).
3. Where the controller asks for information to identify what an access
   request (Art 15) is about, "the period beginning with the day on which the
   controller makes the request and ending with the day on which the
   controller receives the information does not count" (Art 12A(6)(b)): both
   days are excluded, so a question asked on the 5th and answered on the 15th
   stops the clock for 11 days. Before Art 12A, the ICO counted from asking to
   answer (10 days); requests received before 5 February 2026 are counted so.
   Only an access request's clock may stop (Art 12A(6) speaks of "a request
   under Article 15"); a pause recorded on another kind of request is shown
   and does not move its deadline.
4. It may be extended by two further months (three in all) where the request
   is complex or numerous, only if the person is told within the first month
   (Art 12A(4)-(5)); a later notice does not extend it. The first month is
   itself moved by a stopped clock (Art 12A(6)(b)(ii)).
5. A deadline on a weekend or bank holiday (England and Wales) moves to the
   next working day (the ICO's guidance).
"""

from __future__ import annotations

import calendar
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Literal
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


# UK GDPR Art 12A came into force on 5 February 2026 (Data (Use and Access) Act
# 2025 s.76; SI 2026/82 reg 2(h)); its counting applies to requests received
# from that day.
ART_12A_IN_FORCE = date(2026, 2, 5)

# Where the clock started from (rule 1), as a report says it.
StartBasis = Literal["request received", "identity information received", "identity verified"]

ACCESS_REQUEST = "eu-gdpr:A15"


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
    starts_from: StartBasis = "request received"
    under_art_12a: bool = True  # received from 5 February 2026: Art 12A's counting
    paused_days_not_counted: int = 0  # recorded pauses that cannot stop this clock (rule 3)

    def is_late(self, today: date, closed_on: date | None) -> bool:
        """Answered after the deadline, or still open after it (as of ``today``)."""
        return self.due is not None and (closed_on or today) > self.due

    @property
    def provision(self) -> str:
        """The law the deadline was counted under."""
        return "UK GDPR Art 12A" if self.under_art_12a else "UK GDPR Art 12(3) (ICO guidance)"


def clock_start(
    received_on: date, identity_received_on: date | None, verified_on: date | None
) -> tuple[date, StartBasis]:
    """Rule 1: the relevant time, and what it was taken from."""
    if identity_received_on is not None:
        if identity_received_on > received_on:
            return identity_received_on, "identity information received"
        return received_on, "request received"
    if verified_on is not None and verified_on > received_on:
        return verified_on, "identity verified"
    return received_on, "request received"


def stopped_days(pauses: Sequence[Pause], starts_on: date, today: date, *, both_days: bool) -> int:
    """Rule 3: the days the clock stood still after it started, each day counted once.

    Under Art 12A each pause covers the day asked through the day answered;
    before it, from the day asked up to (not including) the day answered.
    Pauses that touch or overlap (asked again the day an answer came) are
    merged, so no day is counted twice.
    """
    spans = sorted(
        (max(p.paused_on, starts_on), p.resumed_on or today)
        for p in pauses
        if (p.resumed_on or today) >= max(p.paused_on, starts_on)
    )
    total, current = 0, None
    for first, last in spans:
        end = last + timedelta(days=1) if both_days else last  # exclusive
        if current is not None and first <= current[1]:
            current = (current[0], max(current[1], end))
            continue
        if current is not None:
            total += (current[1] - current[0]).days
        current = (first, end)
    if current is not None:
        total += (current[1] - current[0]).days
    return total


def deadline(  # noqa: PLR0913 - keyword-only: one per fact of the request the law counts
    *,
    received_on: date,
    verified_on: date | None,
    pauses: Sequence[Pause],
    extension_notified_on: date | None,
    today: date,
    identity_received_on: date | None = None,
    kind: str = ACCESS_REQUEST,
    working: Callable[[date], bool] = is_working_day,
) -> Deadline:
    """Apply rules 1-5 above to one request's history (``today`` ends an open pause)."""
    starts_on, starts_from = clock_start(received_on, identity_received_on, verified_on)
    under_12a = received_on >= ART_12A_IN_FORCE
    stopped = stopped_days(pauses, starts_on, today, both_days=under_12a)
    if kind != ACCESS_REQUEST:
        paused = timedelta(0)
        not_counted = stopped
    else:
        paused = timedelta(days=stopped)
        not_counted = 0
        if any(p.resumed_on is None for p in pauses):
            return Deadline(starts_on, None, None, stopped, None, starts_from, under_12a)
    first_month_ends = next_working_day(add_months(starts_on, 1) + paused, working)
    extension_valid = (
        None if extension_notified_on is None else extension_notified_on <= first_month_ends
    )
    due = (
        next_working_day(add_months(starts_on, 3) + paused, working)
        if extension_valid
        else first_month_ends
    )
    return Deadline(
        starts_on,
        first_month_ends,
        due,
        paused.days,
        extension_valid,
        starts_from,
        under_12a,
        not_counted,
    )
