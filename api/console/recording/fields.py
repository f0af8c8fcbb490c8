"""The questions a recording form asks, each turning posted text into a command's argument.

A field reads the posted form (every value of every name: a checkbox list sends
one name many times), and either gives the value the domain expects or raises
:class:`FieldProblem` with a GOV.UK error message ("Enter...", "...must be a
real date"). The posted text is never put in a message: it may be personal
data. Dates are GOV.UK date inputs (day, month and year boxes); a moment adds
hour and minute boxes, read as UK time and stored in UTC, as the API's callers
send it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time
from typing import Any

from api.console.render import UK

Posted = Mapping[str, Sequence[str]]
Options = Sequence[tuple[str, str]]  # (value sent, label shown)


class FieldProblem(Exception):
    """What is wrong with the answer to one question, said to the person who typed it."""


@dataclass(frozen=True, slots=True)
class Asking:
    """What a field may need besides the posted text: the time, its choices, a lookup."""

    now: datetime
    options: Mapping[str, Options]
    # (kind of identifier, identifier) -> subject reference, or FieldProblem (recorded lookup)
    resolve: Callable[[str, str], str]

    def options_of(self, name: str) -> Options:
        return self.options.get(name, ())


class Omitted:
    """An optional question left blank: the command gets no argument for it."""


OMITTED = Omitted()


def first(posted: Posted, name: str) -> str:
    values = posted.get(name, ())
    return values[0] if values else ""


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@dataclass(frozen=True, slots=True)
class TextField:
    """Free text: a reason, an explanation, a reference."""

    name: str
    label: str
    hint: str = ""
    optional: bool = False
    long: bool = True  # a textarea; False: one line
    missing: str = ""  # the error when left blank (default: "Enter <label>")
    kind: str = "text"

    @property
    def anchor(self) -> str:
        return self.name

    @property
    def answer_label(self) -> str:
        """The answer's key on "check your answers"."""
        return self.label

    def parse(self, posted: Posted, _asking: Asking) -> object:
        value = first(posted, self.name).strip()
        if not value:
            if self.optional:
                return OMITTED
            raise FieldProblem(self.missing or f"Enter {_lower_first(self.label)}")
        return value

    def carry(self, value: object) -> list[tuple[str, str]]:
        return [] if isinstance(value, Omitted) else [(self.name, str(value))]

    def show(self, value: object, _options: Options) -> str:
        return "Not given" if isinstance(value, Omitted) else str(value)


@dataclass(frozen=True, slots=True)
class ChoiceField:
    """One answer from a list (radios), or several (checkboxes, ``multiple``)."""

    name: str
    label: str
    hint: str = ""
    multiple: bool = False
    optional: bool = False
    missing: str = ""  # the error when nothing is chosen (default: "Select <label>")
    kind: str = "choice"

    @property
    def anchor(self) -> str:
        return self.name

    @property
    def answer_label(self) -> str:
        """The answer's key on "check your answers"."""
        return self.label

    def parse(self, posted: Posted, asking: Asking) -> object:
        known = {value for value, _label in asking.options_of(self.name)}
        chosen = [v for v in posted.get(self.name, ()) if v]
        if not chosen:
            if self.optional:
                return OMITTED
            some = "at least one of " if self.multiple else ""
            raise FieldProblem(self.missing or f"Select {some}{_lower_first(self.label)}")
        if any(v not in known for v in chosen) or (not self.multiple and len(chosen) > 1):
            # S608 mistakes "Select ... from" for SQL: this is an error message.
            raise FieldProblem(f"Select {_lower_first(self.label)} from the list")  # noqa: S608
        if self.multiple:
            return tuple(dict.fromkeys(chosen))
        return chosen[0]

    def carry(self, value: object) -> list[tuple[str, str]]:
        if isinstance(value, Omitted):
            return []
        values = value if isinstance(value, tuple) else (value,)
        return [(self.name, str(v)) for v in values]

    def show(self, value: object, options: Options) -> str:
        if isinstance(value, Omitted):
            return "None"
        labels = dict(options)
        values = value if isinstance(value, tuple) else (value,)
        return ", ".join(labels.get(str(v), str(v)) for v in values)


_PARTS = ("day", "month", "year")


@dataclass(frozen=True, slots=True)
class DateField:
    """A GOV.UK date input; with ``moment``, hour and minute too (UK time)."""

    name: str
    label: str
    hint: str = ""
    moment: bool = False
    missing: str = ""  # the error when left blank (default: "Enter <label>")
    kind: str = "date"

    @property
    def anchor(self) -> str:
        return f"{self.name}-day"

    @property
    def answer_label(self) -> str:
        return self.label

    @property
    def parts(self) -> tuple[str, ...]:
        return (*_PARTS, "hour", "minute") if self.moment else _PARTS

    def parse(self, posted: Posted, asking: Asking) -> object:
        typed = {part: first(posted, f"{self.name}-{part}").strip() for part in self.parts}
        if not any(typed.values()):
            article = "the " if self.label.startswith(("Date", "Time")) else ""
            raise FieldProblem(self.missing or f"Enter {article}{_lower_first(self.label)}")
        missing = [part for part in self.parts if not typed[part]]
        if missing:
            raise FieldProblem(f"{self.label} must include a {' and a '.join(missing)}")
        if not all(text.isascii() and text.isdigit() for text in typed.values()):
            raise FieldProblem(f"{self.label} must be written in numbers, like 27 3 2026")
        numbers = {part: int(text) for part, text in typed.items()}
        if len(typed["year"]) != 4:  # GOV.UK asks for a four-digit year
            raise FieldProblem(f"The year of {_lower_first(self.label)} must have 4 numbers")
        try:
            day = date(numbers["year"], numbers["month"], numbers["day"])
        except ValueError:
            raise FieldProblem(f"{self.label} must be a real date") from None
        if not self.moment:
            if day > asking.now.astimezone(UK).date():
                raise FieldProblem(f"{self.label} must be today or in the past")
            return day
        try:
            clock = time(numbers["hour"], numbers["minute"])
        except ValueError:
            raise FieldProblem(f"{self.label} must be a real time, like 14 and 30") from None
        # Read as UK time (GMT or BST, as the person's clock said); stored as UTC.
        moment = datetime.combine(day, clock, tzinfo=UK).astimezone(UTC)
        if moment > asking.now:
            raise FieldProblem(f"{self.label} must be now or in the past")
        return moment

    def carry(self, value: object) -> list[tuple[str, str]]:
        numbers: tuple[int, ...]
        if isinstance(value, datetime):
            local = value.astimezone(UK)
            numbers = (local.day, local.month, local.year, local.hour, local.minute)
        elif isinstance(value, date):
            numbers = (value.day, value.month, value.year)
        else:
            return []
        return [(f"{self.name}-{p}", str(n)) for p, n in zip(self.parts, numbers, strict=True)]

    def show(self, value: object, _options: Options) -> str:
        if isinstance(value, datetime):
            local = value.astimezone(UK)
            return f"{local.day} {local:%B %Y, %H:%M} {local.tzname()}"
        if isinstance(value, date):
            return f"{value.day} {value:%B %Y}"
        return ""


@dataclass(frozen=True, slots=True)
class SubjectField:
    """The person: a subject reference, or a natural identifier the directory turns into one.

    The identifier is never carried on or shown again: only the reference it
    resolved to (pseudonymous) travels to "check your answers".
    """

    name: str
    label: str
    hint: str = ""
    kind: str = "subject"

    @property
    def anchor(self) -> str:
        return self.name

    @property
    def answer_label(self) -> str:
        """The person, by the reference the identifier resolved to."""
        return "Person (subject reference)"

    def parse(self, posted: Posted, asking: Asking) -> object:
        return asking.resolve(first(posted, f"{self.name}-kind"), first(posted, self.name))

    def carry(self, value: object) -> list[tuple[str, str]]:
        return [(f"{self.name}-kind", "subject-reference"), (self.name, str(value))]

    def show(self, value: object, _options: Options) -> str:
        return str(value)


Field = TextField | ChoiceField | DateField | SubjectField


def values_of(fields: Sequence[Field], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The hidden inputs that carry ``answers`` from "check your answers" to the record."""
    return [pair for f in fields if f.name in answers for pair in f.carry(answers[f.name])]
