"""Request and reply models. Command bodies are generated from the domain's own signatures,
so the OpenAPI document and the domain cannot drift apart."""

from __future__ import annotations

import inspect
import types
import typing
from datetime import date, datetime
from functools import cache
from typing import Annotated, Any
from uuid import UUID

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema, create_model

from api.http.vocabulary_schema import term_field, vocabulary_of
from api.service.commands import command_callable
from ledger.application import Appended

# Fields the domain types as `object` take a list of vocabulary terms or references.
_LIST_FIELDS = {"categories", "purposes", "reasons", "subjects", "issues"}

# Times and dates are documented as ISO 8601 text and passed on as sent, for the
# command layer (ledger.commands) to parse and refuse as it does in a batch, in
# the same words. pydantic would take a JSON number for Unix time and record
# `"occurred_at": 1` as 1970-01-01T00:00:01Z.
_AS_TEXT: dict[Any, Any] = {
    datetime: Annotated[Any, WithJsonSchema({"type": "string", "format": "date-time"})],
    date: Annotated[Any, WithJsonSchema({"type": "string", "format": "date"})],
}


def _wire_type(hint: Any) -> Any:
    """The type a body field is validated as: the domain's, with times and dates as text."""
    if typing.get_origin(hint) in (typing.Union, types.UnionType):
        return typing.Union[tuple(_wire_type(arg) for arg in typing.get_args(hint))]  # noqa: UP007
    return _AS_TEXT.get(hint, hint)


@cache
def command_body(name: str, *, without: tuple[str, ...] = ()) -> type[BaseModel]:
    """A pydantic model of one command's fields (``without``: fields taken from the path)."""
    function = command_callable(name)
    hints = typing.get_type_hints(function)
    fields: dict[str, Any] = {}
    for parameter in inspect.signature(function).parameters.values():
        if parameter.name in ("self", *without):
            continue
        hint = hints[parameter.name]
        default = ... if parameter.default is inspect.Parameter.empty else parameter.default
        vocabulary = vocabulary_of(name, parameter.name)
        if vocabulary is not None:
            many = hint is object and parameter.name in _LIST_FIELDS
            hint = term_field(vocabulary, many=many, optional=default is None)
        elif hint is object:
            hint = list[str] if parameter.name in _LIST_FIELDS else Any
        hint = _wire_type(hint)
        fields[parameter.name] = (hint, default)
    model_name = "".join(part.title() for part in name.split("_")) + "Body"
    return create_model(model_name, __config__=ConfigDict(extra="forbid"), **fields)


class Entry(BaseModel):
    """Where an appended entry landed."""

    position: int = Field(description="Chain position (0, 1, 2, ... without gaps)")
    hash: str = Field(description="Chain hash at that position, hex (docs/chain-format.md)")
    event: str
    id: UUID = Field(description="The aggregate the event belongs to")
    version: int

    @classmethod
    def of(cls, appended: Appended) -> Entry:
        return cls.model_validate(appended.public())


class Appends(BaseModel):
    entries: list[Entry]


class Batch(BaseModel):
    """Several commands, applied together or not at all."""

    model_config = ConfigDict(extra="forbid")
    commands: list[dict[str, Any]] = Field(min_length=1, max_length=1000)


class FieldProblem(BaseModel):
    """One invalid field: its name and why; for a closed vocabulary, the allowed terms."""

    field: str
    reason: str
    loc: list[str] | None = None
    code: str | None = None
    allowed: list[str] | None = None


class ProblemDocument(BaseModel):
    """An RFC 9457 problem document (``application/problem+json``); docs/api-security.md."""

    model_config = ConfigDict(extra="allow")
    type: str = Field(description="A URI naming the kind of problem (one slug per kind)")
    title: str = Field(description="The same for every problem of this type")
    status: int
    detail: str = Field(description="This occurrence; never echoes the value sent")
    instance: str = Field(description="The request path (never its query string)")
    request_id: str = Field(description="The id the access log carries for this request")
    errors: list[FieldProblem] | None = Field(default=None, description="For 422s: each field")
