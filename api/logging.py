"""structlog configuration, done once, at the entry point.

JSON lines for machines (production, CI, anything not a terminal), readable
console output for a person at a terminal. Events carry names and counts,
never payloads, keys or personal data: call sites log what happened, not
what was in it.
"""

from __future__ import annotations

import logging
import sys
from typing import Literal

import structlog

LogFormat = Literal["console", "json", "auto"]


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
