"""The plain values events carry: the window of times and dates, and the characters text may hold.

Each rule protects the read side: whatever the domain accepts, every store and
every read model must hold (issue #14). Refusals never echo the value.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ledger.domain import values
from ledger.domain.errors import ValidationError
from projections.base import utc

# The widest offsets Python allows, either side of UTC.
WIDEST = timedelta(hours=24) - timedelta(microseconds=1)
OFFSETS = st.timedeltas(min_value=-WIDEST, max_value=WIDEST).map(timezone)


def refused(check: object, value: object) -> ValidationError:
    assert callable(check)
    with pytest.raises(ValidationError) as caught:
        check("field", value)
    assert caught.value.field == "field"
    return caught.value


# -- Times ---------------------------------------------------------------------------


def test_year_one_with_a_fourteen_hour_offset_is_refused() -> None:
    """The hostile tester's time, "0001-01-01T00:00:00+14:00", is refused.

    Protects: the read models' UTC conversion (projections.base.utc), which
    overflowed on it and stopped every report on both stores.
    """
    error = refused(values.aware, datetime.fromisoformat("0001-01-01T00:00:00+14:00"))
    assert "0001" not in str(error)
    assert "1900-01-01T00:00:00Z" in error.reason


@pytest.mark.parametrize(
    "moment",
    [
        "1899-12-31T23:59:59.999999+00:00",
        "1900-01-01T13:59:59+14:00",  # 1900 where it was said, 1899 in UTC
        "9998-12-31T23:59:59-14:00",  # 9998 where it was said, 9999 in UTC
        "9999-01-01T00:00:00+00:00",
        "9999-12-31T23:59:59.999999-23:59",
    ],
)
def test_a_time_outside_the_window_is_refused_as_an_instant(moment: str) -> None:
    """The window (UTC years 1900 to 9998) is judged in UTC, not in the local time given.

    Protects: every conversion to UTC and every report's arithmetic on times.
    """
    refused(values.aware, datetime.fromisoformat(moment))


@pytest.mark.parametrize(
    "moment",
    [
        "1900-01-01T00:00:00+00:00",
        "1899-12-31T10:00:00-14:00",  # 1899 where it was said, 1900 in UTC
        "9999-01-01T13:00:00+14:00",  # 9999 where it was said, 9998 in UTC
        "9998-12-31T23:59:59.999999+00:00",
    ],
)
def test_a_time_inside_the_window_is_accepted_whatever_its_local_year(moment: str) -> None:
    """Both ends of the window are open to any offset: it is the instant that counts."""
    parsed = datetime.fromisoformat(moment)
    assert values.aware("field", parsed) is parsed


@given(
    st.datetimes(
        min_value=datetime(1899, 12, 30),  # noqa: DTZ001 - made aware by `timezones`
        max_value=datetime(9999, 1, 2),  # noqa: DTZ001
        timezones=OFFSETS,
    )
)
def test_every_accepted_time_converts_to_utc_and_to_any_offset(moment: datetime) -> None:
    """Whatever the domain accepts, a read model can write in UTC and a reader show anywhere.

    Protects: projections.base.utc and every report that shows a time in an offset.
    """
    try:
        values.aware("field", moment)
    except ValidationError:
        return
    assert utc(moment).startswith(str(moment.astimezone(UTC).year).zfill(4))
    for hours in (-23, 23):
        moment.astimezone(timezone(timedelta(hours=hours, minutes=59)))


def test_a_time_with_no_offset_is_still_refused() -> None:
    """A naive time is refused before the window is looked at (it is no instant at all)."""
    error = refused(values.aware, datetime(2026, 3, 2, 10, 15))  # noqa: DTZ001 - the point
    assert "time zone" in error.reason


# -- Dates ---------------------------------------------------------------------------


@pytest.mark.parametrize("day", [date(1, 1, 1), date(1899, 12, 31), date(9999, 1, 1)])
def test_a_date_outside_the_window_is_refused(day: date) -> None:
    """Dates keep to the same years as times, 1900 to 9998.

    Protects: the Art 12(3) deadline arithmetic (months, then working days),
    which overflows past 9999-12-31.
    """
    error = refused(values.calendar_date, day)
    assert day.isoformat() not in str(error)


@pytest.mark.parametrize("day", [date(1900, 1, 1), date(9998, 12, 31)])
def test_the_first_and_last_day_of_the_window_are_accepted(day: date) -> None:
    """The window's ends are inside it."""
    assert values.calendar_date("field", day) == day


# -- Characters ----------------------------------------------------------------------

TEXT_REFUSALS = {
    "NUL": ("case\x00review", "NUL"),
    "surrogate": ("case \ud800 review", "surrogate"),
    "C0 escape": ("case \x1b[2J review", "control"),
    "C0 bell": ("case\x07review", "control"),
    "DEL": ("case\x7freview", "control"),
    "C1 next line": ("case\x85review", "control"),
    "C1 CSI": ("case\x9breview", "control"),
}


@pytest.mark.parametrize(("value", "said"), TEXT_REFUSALS.values(), ids=TEXT_REFUSALS.keys())
def test_free_text_refuses_nul_surrogates_and_control_characters(value: str, said: str) -> None:
    """A justification may not hold NUL, an unpaired surrogate or a C0/C1 control character.

    Protects: PostgreSQL (no NUL in text), UTF-8 encoding when the text is sealed
    and stored (no surrogates), and whoever reads it in a terminal or log.
    """
    error = refused(values.text, value)
    assert said in error.reason
    assert "review" not in str(error)


def test_free_text_keeps_tabs_and_line_breaks() -> None:
    """Tab, line feed and carriage return are part of what people write, and are kept."""
    written = "Reviewed:\r\n\t- school report\n\t- GP letter"
    assert values.text("field", written) == written


def test_free_text_keeps_any_script_and_emoji() -> None:
    """Only control characters are refused: accents, other scripts and emoji are text."""
    written = "Zoë's key worker: \u0623\u062d\u0645\u062f \U0001f44d"
    assert values.text("field", written) == written


@pytest.mark.parametrize(
    "value",
    [
        "Westshire\nCouncil",
        "Westshire\rCouncil",
        "Westshire\tCouncil",
        "Westshire\u2028Council",
        "Westshire\x00Council",
        "Westshire\ud800Council",
        "Westshire\x85Council",
    ],
)
def test_a_label_is_one_line_with_no_control_character(value: str) -> None:
    """A partner's name holds no line break (any kind), tab, NUL, surrogate or control.

    Protects: rm_partners.name on PostgreSQL, and every one-line display of it.
    """
    error = refused(values.label, value)
    assert "Westshire" not in str(error)


def test_a_single_line_field_refuses_what_is_not_text() -> None:
    """single_line refuses a value that is not a string, by name."""
    assert refused(values.single_line, 42).reason == "must be text"


def test_a_reference_is_checked_before_an_id_is_derived_from_it() -> None:
    """new_id refuses a reference with a lone surrogate by name (not with UnicodeEncodeError).

    Protects: the API's answer to such a reference (a 422, not a 500): the id is
    derived from the reference, as UTF-8, before the event's fields are checked.
    """
    with pytest.raises(ValidationError) as caught:
        values.new_id("restriction", "RST-\ud800")
    assert caught.value.field == "reference"
