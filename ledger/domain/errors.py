"""Errors the domain raises when a command would record something invalid."""

from __future__ import annotations

from collections.abc import Iterable


class DomainError(Exception):
    """Base class: a command was refused and nothing was recorded."""


class ValidationError(DomainError):
    """A field of a command holds a value the domain does not accept.

    ``field`` names the command field, ``reason`` says what is wrong with it and
    ``allowed`` (when the field takes a closed vocabulary) lists what it accepts.
    The value itself is deliberately *not* kept: it may be personal data, and
    these messages reach logs and HTTP problem documents.
    """

    def __init__(self, field: str, reason: str, allowed: Iterable[str] = ()) -> None:
        self.field = field
        self.reason = reason
        self.allowed = tuple(allowed)
        message = f"{field}: {reason}"
        if self.allowed:
            message += f" (allowed: {', '.join(self.allowed)})"
        super().__init__(message)


class InvalidTransition(DomainError):
    """The command is not allowed in the aggregate's current state.

    For example lifting a restriction that was never applied, or fulfilling a
    rights request twice.
    """
