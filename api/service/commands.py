"""Named commands: the ledger's service layer for callers that speak JSON.

A command is a mapping such as ``{"command": "record_access", "occurred_at":
"2026-03-02T10:15:00Z", ...}``. Each name maps to a domain factory (which
creates an aggregate) or to a method of an existing aggregate (which changes
it, found by ``"id"``). Argument types come from the domain's own signatures,
so a new field needs no change here. A batch is applied all or nothing: every
command is decided first, then all resulting events are appended in one
transaction. Later commands in a batch may change aggregates created earlier
in the same batch.
"""

from __future__ import annotations

import inspect
import types
import typing
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache
from typing import Any, Union
from uuid import UUID

from eventsourcing.domain import Aggregate

from ledger.application import Appended, LedgerApplication, NotFound
from ledger.domain.errors import DomainError, ValidationError
from ledger.domain.objections import Objection
from ledger.domain.partners import Agreement, Partner
from ledger.domain.processing import LEDGER_READER_ROLE, Access, Share, SharingDecision
from ledger.domain.rectifications import Rectification
from ledger.domain.restrictions import Restriction
from ledger.domain.rights_requests import RightsRequest


@dataclass(frozen=True, slots=True)
class Create:
    factory: Callable[..., Aggregate]


@dataclass(frozen=True, slots=True)
class Change:
    kind: type[Aggregate]
    method: str


COMMANDS: dict[str, Create | Change] = {
    "register_partner": Create(Partner.register),
    "register_partner_key": Change(Partner, "register_key"),
    "retire_partner_key": Change(Partner, "retire_key"),
    "register_agreement": Create(Agreement.register),
    "record_access": Create(Access.record),
    "record_share": Create(Share.record),
    "decline_sharing": Create(SharingDecision.record),
    "record_rectification": Create(Rectification.record),
    "request_restriction": Create(Restriction.request),
    "apply_restriction": Change(Restriction, "apply"),
    "justify_processing": Change(Restriction, "justify_processing"),
    "inform_subject_of_lift": Change(Restriction, "inform_subject_of_lift"),
    "lift_restriction": Change(Restriction, "lift"),
    "notify_recipient_of_restriction": Change(Restriction, "notify_recipient"),
    "acknowledge_restriction_notice": Change(Restriction, "acknowledge_notice"),
    "exempt_recipient_of_restriction": Change(Restriction, "exempt_recipient"),
    "notify_recipient_of_rectification": Change(Rectification, "notify_recipient"),
    "acknowledge_rectification_notice": Change(Rectification, "acknowledge_notice"),
    "exempt_recipient_of_rectification": Change(Rectification, "exempt_recipient"),
    "receive_objection": Create(Objection.receive),
    "decide_objection": Change(Objection, "decide"),
    "receive_request": Create(RightsRequest.receive),
    "receive_identity_information": Change(RightsRequest, "receive_identity_information"),
    "verify_identity": Change(RightsRequest, "verify_identity"),
    "pause_clock": Change(RightsRequest, "pause_clock"),
    "resume_clock": Change(RightsRequest, "resume_clock"),
    "extend_deadline": Change(RightsRequest, "extend"),
    "fulfil_request": Change(RightsRequest, "fulfil"),
    "refuse_request": Change(RightsRequest, "refuse"),
}


class CommandError(ValidationError):
    """A command in a batch is malformed; ``index`` says which one (0-based)."""

    def __init__(self, index: int, error: ValidationError) -> None:
        self.index = index
        super().__init__(error.field, error.reason, error.allowed)
        self.args = (f"command {index}: {error}",)


class ConflictingCommands(DomainError):
    """Two commands of one batch would record the same entry (the same derived id)."""

    def __init__(self, first: int, second: int) -> None:
        self.indexes = (first, second)
        super().__init__(
            f"commands {first} and {second} record the same entry (the same source system "
            "and source_ref, or the same reference); the batch was refused whole"
        )


def execute(app: LedgerApplication, commands: Iterable[Mapping[str, Any]]) -> tuple[Appended, ...]:
    """Decide every command, then append all their events in one transaction."""
    return app.append(*decide(app, commands))


def decide(app: LedgerApplication, commands: Iterable[Mapping[str, Any]]) -> list[Aggregate]:
    """Decide every command (nothing is stored); return the aggregates with pending events.

    For callers that append themselves, e.g. through the group committer.
    """
    touched: dict[UUID, Aggregate] = {}
    created: dict[UUID, int] = {}  # aggregates this batch creates, by the command that did
    for index, command in enumerate(commands):
        try:
            aggregate = _decide(app, command, touched)
        except ValidationError as error:
            raise CommandError(index, error) from None
        if aggregate.id in touched and touched[aggregate.id] is not aggregate:
            # A second creation under an id the batch already created: storing
            # both would collide, and keeping one would drop the other silently.
            raise ConflictingCommands(created[aggregate.id], index)
        if aggregate.id not in touched:
            created[aggregate.id] = index
        touched[aggregate.id] = aggregate
    return list(touched.values())


def command_callable(name: str) -> Callable[..., Any]:
    """The domain function a command name maps to (its signature is the command's fields)."""
    spec = COMMANDS[name]
    return spec.factory if isinstance(spec, Create) else getattr(spec.kind, spec.method)


def _decide(
    app: LedgerApplication, command: Mapping[str, Any], touched: dict[UUID, Aggregate]
) -> Aggregate:
    if not isinstance(command, Mapping):
        raise ValidationError("command", "must be an object")
    name = command.get("command")
    spec = COMMANDS.get(name) if isinstance(name, str) else None
    if spec is None:
        raise ValidationError("command", "unknown command", sorted(COMMANDS))
    arguments = {k: v for k, v in command.items() if k != "command"}
    if arguments.get("actor_role") == LEDGER_READER_ROLE:
        # Restriction verdicts do not count this role's reads as processing.
        raise ValidationError("actor_role", "is reserved for the ledger's own reads")
    if isinstance(spec, Create):
        return spec.factory(**_bind(spec.factory, arguments))
    target = _parse_value("id", arguments.pop("id", None), UUID)
    aggregate = touched.get(target)
    if aggregate is None:
        try:
            aggregate = app.get(spec.kind, target)
        except NotFound:
            raise ValidationError("id", f"no {spec.kind.__name__.lower()} with that id") from None
    if not isinstance(aggregate, spec.kind):
        raise ValidationError("id", f"is not a {spec.kind.__name__.lower()}")
    method = getattr(aggregate, spec.method)
    method(**_bind(method, arguments))
    return aggregate


@cache
def _signature(
    function: Callable[..., Any], *, bound: bool
) -> tuple[dict[str, Any], dict[str, inspect.Parameter]]:
    # Resolving annotations is slow and never changes: once per function, not per command.
    parameters = dict(inspect.signature(function).parameters)
    if bound:  # a method or classmethod: its first parameter is self or cls
        parameters.pop(next(iter(parameters)))
    return typing.get_type_hints(function), parameters


def _bind(function: Callable[..., Any], arguments: dict[str, Any]) -> dict[str, Any]:
    """Check names against the function's keyword parameters and parse typed values."""
    underlying = getattr(function, "__func__", None)
    hints, parameters = (
        _signature(function, bound=False)
        if underlying is None
        else _signature(underlying, bound=True)
    )
    for name in arguments:
        if name not in parameters:
            raise ValidationError(name, "unknown field", sorted(parameters))
    bound = {}
    for name, parameter in parameters.items():
        if name in arguments:
            bound[name] = _parse_value(name, arguments[name], hints[name])
        elif parameter.default is inspect.Parameter.empty:
            raise ValidationError(name, "is required")
    return bound


# What a JSON value must be to stand for each parsed type: only text. A number is
# not a time (Unix seconds? milliseconds? 1 once became 1970-01-01) nor an id.
_PARSED = {datetime: "an ISO 8601 date and time", date: "an ISO 8601 date", UUID: "a UUID"}


def _parse_value(field: str, value: Any, hint: Any) -> Any:
    """Turn a JSON value into what the domain expects; leave validation to the domain.

    A time, date or id is parsed from text only (a caller in Python may pass the
    object itself); anything else (a number, a bool, a list) is refused by name.
    """
    origin = typing.get_origin(hint)
    if origin in (Union, types.UnionType):
        if value is None:
            return None
        (hint,) = (arg for arg in typing.get_args(hint) if arg is not type(None))
    if value is None:
        raise ValidationError(field, "is required")
    if hint not in _PARSED or isinstance(value, hint):
        return value
    # ISO 8601 text is printable ASCII. CPython 3.11's fromisoformat reads
    # "2026-06-05T09:00:00\x00+00:00" as 09:00 UTC, so that is checked first.
    if not isinstance(value, str) or not (value.isascii() and value.isprintable()):
        raise ValidationError(field, f"must be {_PARSED[hint]}")
    try:
        if hint is datetime:
            return datetime.fromisoformat(value)
        if hint is date:
            return date.fromisoformat(value)
        return UUID(value)
    except ValueError:
        raise ValidationError(field, f"must be {_PARSED[hint]}") from None
