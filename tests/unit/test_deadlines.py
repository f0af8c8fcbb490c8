"""Art 12(3) deadline arithmetic: calendar months, month ends, pauses, extensions, bank holidays."""

from __future__ import annotations

from datetime import date

import pytest

from ledger.domain.deadlines import Pause, add_months, deadline, is_working_day


def every_day(_day: date) -> bool:
    return True


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),  # leap year
        (date(2026, 3, 31), 1, date(2026, 4, 30)),
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2026, 12, 15), 1, date(2027, 1, 15)),
        (date(2026, 9, 3), 1, date(2026, 10, 3)),
    ],
)
def test_a_calendar_month_is_the_corresponding_date_or_the_month_end(
    start: date, months: int, expected: date
) -> None:
    """31 January + 1 month is the last day of February; otherwise the same day number."""
    assert add_months(start, months) == expected


def test_the_clock_starts_at_identity_verification() -> None:
    """Where identity had to be verified, the month runs from verification."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=date(2026, 3, 10),
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 3, 10),
        working=every_day,
    )
    assert result.due == date(2026, 4, 10)


def test_a_pause_moves_the_deadline_by_the_days_stopped() -> None:
    """Ten days waiting for clarification move the deadline ten days."""
    result = deadline(
        received_on=date(2026, 1, 31),
        verified_on=None,
        pauses=[Pause(date(2026, 2, 5), date(2026, 2, 15))],
        extension_notified_on=None,
        today=date(2026, 3, 1),
        working=every_day,
    )
    assert (result.paused_days, result.due) == (10, date(2026, 3, 10))


def test_while_paused_there_is_no_deadline() -> None:
    """An open pause stops the clock: no due date until it resumes."""
    result = deadline(
        received_on=date(2026, 1, 5),
        verified_on=None,
        pauses=[Pause(date(2026, 1, 10), None)],
        extension_notified_on=None,
        today=date(2026, 1, 20),
        working=every_day,
    )
    assert result.due is None
    assert not result.is_late(date(2026, 6, 1), None)


def test_an_extension_notified_in_the_first_month_adds_two_months() -> None:
    """Notice within the first month: due three months after the start."""
    result = deadline(
        received_on=date(2026, 1, 10),
        verified_on=None,
        pauses=[],
        extension_notified_on=date(2026, 2, 1),
        today=date(2026, 2, 1),
        working=every_day,
    )
    assert (result.extension_valid, result.due) == (True, date(2026, 4, 10))


def test_a_late_extension_notice_extends_nothing() -> None:
    """Notice after the first month: the deadline stays at one month, and is late."""
    result = deadline(
        received_on=date(2026, 1, 10),
        verified_on=None,
        pauses=[],
        extension_notified_on=date(2026, 2, 20),
        today=date(2026, 2, 20),
        working=every_day,
    )
    assert (result.extension_valid, result.due) == (False, date(2026, 2, 10))
    assert result.is_late(date(2026, 2, 20), None)


def test_a_deadline_on_a_bank_holiday_moves_to_the_next_working_day() -> None:
    """Due on Christmas Day 2026 (a Friday): Boxing Day is observed on Monday 28th, so Tuesday."""
    result = deadline(
        received_on=date(2026, 11, 25),
        verified_on=None,
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 11, 25),
    )
    assert result.due == date(2026, 12, 29)


def test_weekends_and_bank_holidays_are_not_working_days() -> None:
    """Saturday, Sunday and Easter Monday 2026 are not working days; the Tuesday is."""
    assert not is_working_day(date(2026, 4, 4))
    assert not is_working_day(date(2026, 4, 5))
    assert not is_working_day(date(2026, 4, 6))
    assert is_working_day(date(2026, 4, 7))


def test_answering_on_the_due_date_is_in_time() -> None:
    """Closed on the due date: not late; a day after: late."""
    result = deadline(
        received_on=date(2026, 9, 3),
        verified_on=None,
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 9, 3),
        working=every_day,
    )
    assert not result.is_late(date(2026, 12, 1), closed_on=date(2026, 10, 3))
    assert result.is_late(date(2026, 12, 1), closed_on=date(2026, 10, 4))


def test_a_request_on_the_last_day_of_the_window_has_a_deadline() -> None:
    """The domain's last day (9998-12-31), extended by three months, still has a due date.

    Protects: the request report, whose arithmetic (months, then working days)
    the window of dates leaves a year for (ledger.domain.values.LAST_DAY).
    """
    result = deadline(
        received_on=date(9998, 12, 31),
        verified_on=None,
        pauses=[],
        extension_notified_on=date(9998, 12, 31),
        today=date(9998, 12, 31),
    )
    assert result.due is not None
    assert result.due.year == 9999


def test_a_pause_spanning_the_whole_window_still_has_a_deadline() -> None:
    """A pause from the first day of the window to its last moves the deadline, no overflow."""
    result = deadline(
        received_on=date(1900, 1, 1),
        verified_on=None,
        pauses=[Pause(date(1900, 1, 1), date(9998, 12, 31))],
        extension_notified_on=date(1900, 1, 2),
        today=date(9998, 12, 31),
    )
    assert result.due is not None


# -- UK GDPR Art 12A (Data (Use and Access) Act 2025 s.76, in force 5 February 2026) --
def test_the_clock_starts_when_identity_information_is_received_not_verified() -> None:
    """Art 12A(3)(b): the relevant time is "when the controller receives the information ...
    requested in connection with a request under Article 12(6)", not when it was checked."""
    result = deadline(
        received_on=date(2026, 3, 2),
        identity_received_on=date(2026, 3, 6),
        verified_on=date(2026, 3, 12),
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 3, 12),
        working=every_day,
    )
    assert (result.starts_on, result.starts_from, result.due) == (
        date(2026, 3, 6),
        "identity information received",
        date(2026, 4, 6),
    )


def test_identity_information_before_the_request_starts_nothing_earlier() -> None:
    """Art 12A(3): "the latest of" the request and the information: the request's day."""
    result = deadline(
        received_on=date(2026, 3, 2),
        identity_received_on=date(2026, 3, 2),
        verified_on=date(2026, 3, 9),
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 3, 9),
        working=every_day,
    )
    assert (result.starts_on, result.starts_from) == (date(2026, 3, 2), "request received")


def test_only_a_verification_date_is_used_and_said_so() -> None:
    """Without the day the information arrived, the verification day starts the clock, and
    the report names it (the statutory start may have been earlier)."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=date(2026, 3, 10),
        pauses=[],
        extension_notified_on=None,
        today=date(2026, 3, 10),
        working=every_day,
    )
    assert (result.starts_from, result.due) == ("identity verified", date(2026, 4, 10))


def test_under_art_12a_the_day_asked_and_the_day_answered_both_do_not_count() -> None:
    """Art 12A(6)(b): "the period beginning with the day on which the controller makes the
    request and ending with the day on which the controller receives the information does not
    count": asked on the 5th, answered on the 15th, 11 days."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=None,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 15))],
        extension_notified_on=None,
        today=date(2026, 4, 20),
        working=every_day,
    )
    assert (result.paused_days, result.due, result.provision) == (
        11,
        date(2026, 4, 13),
        "UK GDPR Art 12A",
    )


def test_a_request_received_before_art_12a_counts_as_the_ico_did() -> None:
    """Requests received before 5 February 2026 (SI 2026/82 reg 2(h)) keep the ICO's count,
    from the day asked to the day answered: 10 days for the 5th to the 15th."""
    result = deadline(
        received_on=date(2026, 1, 2),
        verified_on=None,
        pauses=[Pause(date(2026, 1, 5), date(2026, 1, 15))],
        extension_notified_on=None,
        today=date(2026, 3, 1),
        working=every_day,
    )
    assert (result.paused_days, result.under_art_12a) == (10, False)


def test_a_question_asked_and_answered_the_same_day_stops_the_clock_for_that_day() -> None:
    """Art 12A(6)(b) counts the day itself: asked and answered on one day, one day."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=None,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 5))],
        extension_notified_on=None,
        today=date(2026, 4, 20),
        working=every_day,
    )
    assert (result.paused_days, result.due) == (1, date(2026, 4, 3))


def test_only_an_access_requests_clock_can_stop() -> None:
    """Art 12A(6) applies to "a request under Article 15": a pause recorded on an erasure
    request is shown as not counted and does not move its deadline."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=None,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 15))],
        extension_notified_on=None,
        today=date(2026, 4, 20),
        kind="eu-gdpr:A17",
        working=every_day,
    )
    assert (result.paused_days, result.paused_days_not_counted, result.due) == (
        0,
        11,
        date(2026, 4, 2),
    )


def test_a_stopped_clock_moves_the_window_for_an_extension_notice() -> None:
    """Art 12A(6)(b)(ii): the stopped days do not count towards the month within which an
    extension must be notified (Art 12A(5)) either."""
    result = deadline(
        received_on=date(2026, 3, 2),
        verified_on=None,
        pauses=[Pause(date(2026, 3, 5), date(2026, 3, 14))],
        extension_notified_on=date(2026, 4, 10),
        today=date(2026, 4, 10),
        working=every_day,
    )
    assert (result.first_month_ends, result.extension_valid) == (date(2026, 4, 12), True)
