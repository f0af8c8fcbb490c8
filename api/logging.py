"""structlog configuration, done once, at the entry point.

JSON lines for machines (production, CI, anything not a terminal), readable
console output for a person at a terminal. Events carry names and counts,
never payloads, keys or personal data: call sites log what happened, not
what was in it.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import MutableMapping
from typing import Any, Literal

import structlog

LogFormat = Literal["console", "json", "auto"]

REDACTED = "[redacted]"
# Fields that may carry a secret or a person's words, whoever logs them.
SENSITIVE_FIELDS = frozenset(
    {
        "password", "passwd", "secret", "token", "api_key", "key", "authorization",
        "cookie", "signing_key", "kek", "directory_key",
        "justification", "explanation", "summary", "grounds", "reason", "display_name",
        "nhs", "nino", "upn", "case", "identifier", "identifiers", "body", "payload",
    }
)  # fmt: skip
# Shapes of identifiers and secrets, wherever they appear in a value.
SENSITIVE_PATTERNS = (
    re.compile(r"\b\d{3}[ -]?\d{3}[ -]?\d{4}\b"),  # NHS number
    re.compile(r"\b[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]\b", re.IGNORECASE),  # NI number
    re.compile(r"\b[A-Z]\d{12}\b"),  # unique pupil number
    re.compile(r"\bsl_[a-z2-7]{16}_[a-z2-7]{20,}\b"),  # an API key
    re.compile(r"PRIVATE\+KEY\+\S+"),  # a signing key
)


def redact(
    _logger: object, _method: str, event: MutableMapping[str, Any]
) -> MutableMapping[str, Any]:
    """structlog processor: drop sensitive fields, mask identifier shapes in every value."""
    for field, value in list(event.items()):
        if field.lower() in SENSITIVE_FIELDS:
            event[field] = REDACTED
        elif isinstance(value, str):
            event[field] = _mask(value)
    return event


def _mask(text: str) -> str:
    for pattern in SENSITIVE_PATTERNS:
        text = pattern.sub(REDACTED, text)
    return text


def configure_logging(log_format: LogFormat = "auto", level: str = "INFO") -> None:
    resolved = log_format
    if resolved == "auto":
        resolved = "console" if sys.stderr.isatty() else "json"
    renderer: structlog.types.Processor = (
        structlog.dev.ConsoleRenderer(colors=sys.stderr.isatty())
        if resolved == "console"
        else structlog.processors.JSONRenderer()
    )
    structlog.configure(
        processors=[
            structlog.contextvars.merge_contextvars,
            redact,
            structlog.processors.add_log_level,
            structlog.processors.TimeStamper(fmt="iso", utc=True),
            renderer,
        ],
        wrapper_class=structlog.make_filtering_bound_logger(
            logging.getLevelNamesMapping().get(level.upper(), logging.INFO)
        ),
        logger_factory=structlog.PrintLoggerFactory(file=sys.stderr),
        cache_logger_on_first_use=False,
    )
