"""The recording forms' questions: what each makes of posted text, and what it says when wrong."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from api.console.recording.fields import (
    OMITTED,
    Asking,
    ChoiceField,
    DateField,
    FieldProblem,
    SubjectField,
    TextField,
    values_of,
)

NOW = datetime(2026, 7, 10, 12, 0, tzinfo=UTC)


def nobody(_kind: str, _text: str) -> str:
    raise FieldProblem("no directory here")


ASKING = Asking(now=NOW, options={"kind": [("a", "Apple"), ("b", "Banana")]}, resolve=nobody)


def posted(**fields: str | list[str]) -> dict[str, list[str]]:
    return {k.replace("_", "-"): v if isinstance(v, list) else [v] for k, v in fields.items()}


def test_a_date_is_read_from_its_three_boxes() -> None:
    """Day, month and year boxes give the calendar date."""
    field = DateField("on", "Date received")
    assert field.parse(posted(on_day="3", on_month="7", on_year="2026"), ASKING) == date(2026, 7, 3)


@pytest.mark.parametrize(
    ("boxes", "message"),
    [
        ({}, "Enter the date received"),
        ({"on_day": "3", "on_month": "7"}, "Date received must include a year"),
        ({"on_day": "3"}, "Date received must include a month and a year"),
        ({"on_day": "31", "on_month": "6", "on_year": "2026"}, "Date received must be a real date"),
        ({"on_day": "x", "on_month": "6", "on_year": "2026"}, "must be written in numbers"),
        ({"on_day": "1", "on_month": "6", "on_year": "26"}, "must have 4 numbers"),
        ({"on_day": "11", "on_month": "7", "on_year": "2026"}, "must be today or in the past"),
    ],
)
def test_a_wrong_date_says_what_is_wrong(boxes: dict[str, str], message: str) -> None:
    """Each GOV.UK date error: missing, incomplete, impossible, not numbers, short year, future."""
    with pytest.raises(FieldProblem, match=message):
        DateField("on", "Date received").parse(posted(**boxes), ASKING)


def test_a_moment_is_read_as_uk_time_and_kept_in_utc() -> None:
    """10:30 on a July day in the boxes is 09:30 UTC (British Summer Time)."""
    field = DateField("at", "Date and time", moment=True)
    boxes = posted(at_day="10", at_month="7", at_year="2026", at_hour="10", at_minute="30")
    moment = field.parse(boxes, ASKING)
    assert moment == datetime(2026, 7, 10, 9, 30, tzinfo=UTC)
    assert field.carry(moment) == [
        ("at-day", "10"),
        ("at-month", "7"),
        ("at-year", "2026"),
        ("at-hour", "10"),
        ("at-minute", "30"),
    ]


def test_an_impossible_time_is_refused() -> None:
    """Hour 25 is not a time."""
    boxes = posted(at_day="10", at_month="7", at_year="2026", at_hour="25", at_minute="0")
    with pytest.raises(FieldProblem, match="must be a real time"):
        DateField("at", "Date and time", moment=True).parse(boxes, ASKING)


def test_a_choice_must_be_one_offered() -> None:
    """A value not among the options is refused; one offered is kept."""
    field = ChoiceField("kind", "Fruit")
    assert field.parse(posted(kind="b"), ASKING) == "b"
    with pytest.raises(FieldProblem, match="Select fruit from the list"):
        field.parse(posted(kind="c"), ASKING)
    with pytest.raises(FieldProblem, match="Select fruit"):
        field.parse(posted(), ASKING)


def test_several_choices_keep_their_order_without_repeats() -> None:
    """Checkboxes give a tuple of the values ticked, each once, shown by their labels."""
    field = ChoiceField("kind", "Fruit", multiple=True)
    chosen = field.parse(posted(kind=["b", "a", "b"]), ASKING)
    assert chosen == ("b", "a")
    assert field.show(chosen, ASKING.options["kind"]) == "Banana, Apple"


def test_an_optional_question_left_blank_is_omitted() -> None:
    """Blank optional text and choices give no argument at all (and carry nothing)."""
    assert TextField("ref", "Reference", optional=True).parse(posted(ref="  "), ASKING) is OMITTED
    assert ChoiceField("kind", "Fruit", optional=True).parse(posted(), ASKING) is OMITTED
    assert values_of([TextField("ref", "Reference", optional=True)], {"ref": OMITTED}) == []


def test_required_text_says_what_to_enter() -> None:
    """Blank required text gets "Enter ..." or the field's own message."""
    with pytest.raises(FieldProblem, match="Enter the reason"):
        TextField("reason", "The reason").parse(posted(reason=""), ASKING)
    with pytest.raises(FieldProblem, match="Say why"):
        TextField("reason", "The reason", missing="Say why").parse(posted(), ASKING)


def test_a_person_is_carried_on_by_reference_only() -> None:
    """Whatever identified the person, the check page carries the reference it resolved to."""
    field = SubjectField("subject", "Identifier")
    found = SubjectField("subject", "Identifier").parse(
        posted(subject_kind="nhs", subject="943 476 5919"),
        Asking(now=NOW, options={}, resolve=lambda _k, _t: "sr_x"),
    )
    assert found == "sr_x"
    assert field.carry(found) == [("subject-kind", "subject-reference"), ("subject", "sr_x")]
