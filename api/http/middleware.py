"""Pure ASGI middleware every request goes through: request ids, the access log, a body limit
and deadline, and a refusal of paths and queries no store could hold.

Pure ASGI rather than Starlette's BaseHTTPMiddleware: it wraps every route
(and the router's own 404 and 405 answers), never buffers a body, and sees a
request body arrive chunk by chunk, which is what the size limit needs.

The access log is one structlog line per request: request id, principal id,
method, route *template*, status and latency. Never the raw path (paths hold
subject references), a query string, a header, or a body. The same request is
counted in the app's latency histogram (api/http/traffic.py), labelled alike.
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from typing import Any
from urllib.parse import unquote_to_bytes
from uuid import uuid4

import structlog
from fastapi import FastAPI
from starlette.datastructures import Headers, MutableHeaders
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.http import traffic
from api.http.problems import Problem, from_http, internal_error, problem_response

DEFAULT_MAX_BODY_BYTES = 1024 * 1024  # 1 MiB: a batch of a few thousand commands
# A body must arrive whole within this many seconds of its first read: a client
# trickling a byte now and then would otherwise hold a connection open for ever.
# (Headers arrive before the app sees the request: their deadline is the reverse
# proxy's, docs/operations.md.)
DEFAULT_BODY_SECONDS = 30.0
REQUEST_ID_HEADER = "X-Request-ID"
QUIET_PATHS = frozenset({"/healthz", "/readyz", "/metrics"})  # logged at DEBUG
# An incoming id is reused only if it is short and plain: it reaches logs.
_SANE_REQUEST_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]{0,127}")


class BodyTooLarge(StarletteHTTPException):
    """The request body passed the limit; raised from ``receive`` while it streams in.

    An HTTPException so that FastAPI lets it through its body parsing, and
    the problem handlers answer it with 413.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"the request body is larger than the limit of {limit} bytes")


class BodyTooSlow(StarletteHTTPException):
    """The request body did not arrive within its deadline; raised from ``receive``."""

    def __init__(self, seconds: float) -> None:
        super().__init__(408, f"the request body did not arrive within {seconds:g} seconds")


class UnreadableInput(StarletteHTTPException):
    """A path or query string no store can hold: a control character, or not UTF-8."""

    def __init__(self) -> None:
        super().__init__(
            400,
            "the path or query string holds a control character or is not UTF-8; nothing was "
            "read or recorded",
        )


def _unreadable(scope: Scope) -> bool:
    """Whether the request's path or query, percent-decoded, has a C0 control, DEL or bad UTF-8.

    PostgreSQL refuses a NUL in text outright (a 500 deep in a query); no
    identifier, reference or filter the API takes holds any of these.
    """
    raw_path = scope.get("raw_path") or str(scope.get("path", "")).encode("utf-8", "surrogatepass")
    for part in (raw_path, scope.get("query_string", b"")):
        decoded = unquote_to_bytes(part.replace(b"+", b" "))
        try:
            text = decoded.decode("utf-8")
        except UnicodeDecodeError:
            return True
        if _CONTROL.search(text):
            return True
    return False


_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


class RequestContextMiddleware:
    """Request id in and out, one access-log line, and a last-resort 500 problem.

    Outermost, so the access log sees every answer, including the 413s the
    body limit gives and any error that escaped the app's handlers. Such an
    error is logged by type only and never re-raised: the server would
    otherwise log its message and traceback, which may quote input.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = _request_id(Headers(scope=scope).get(REQUEST_ID_HEADER))
        state: dict[str, Any] = scope.setdefault("state", {})
        state["request_id"] = request_id
        started = time.perf_counter()
        sent = _Sent()

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent.status = message["status"]
                MutableHeaders(scope=message)[REQUEST_ID_HEADER] = request_id
            await send(message)

        log = structlog.get_logger()
        with structlog.contextvars.bound_contextvars(request_id=request_id):
            try:
                await self.app(scope, receive, send_with_id)
            except Exception as error:  # noqa: BLE001 - the last resort: answer, log the type
                # No traceback: its messages and locals may quote input or SQL parameters.
                log.error("http.unhandled", error=type(error).__name__, request_id=request_id)  # noqa: TRY400
                if sent.status is None:
                    await _answer(scope, internal_error(), send_with_id)
            # Probes and scrapes arrive every few seconds; at INFO they would bury real traffic.
            level = logging.DEBUG if scope["path"] in QUIET_PATHS else logging.INFO
            seconds = time.perf_counter() - started
            route = _route_template(scope)
            log.log(
                level,
                "http.request",
                request_id=request_id,
                principal=state.get("principal_id"),
                method=scope["method"],
                route=route,
                status=sent.status,
                latency_ms=round(seconds * 1000, 1),
            )
            counted = traffic.of(scope.get("app"))
            if counted is not None:
                counted.observe(scope["method"], route, sent.status, seconds)


class BodySizeLimitMiddleware:
    """Refuse request bodies over ``max_bytes`` with a 413 problem, before reading them.

    A declared Content-Length over the limit is refused at once, unread; a
    body without one (chunked) is counted as it streams in and refused the
    moment it passes the limit, so it is never held in memory whole.
    """

    def __init__(
        self,
        app: ASGIApp,
        *,
        max_bytes: int = DEFAULT_MAX_BODY_BYTES,
        body_seconds: float = DEFAULT_BODY_SECONDS,
    ) -> None:
        if max_bytes < 0:
            msg = "max_bytes must not be negative"
            raise ValueError(msg)
        self.app = app
        self.max_bytes = max_bytes
        self.body_seconds = body_seconds

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await _answer(scope, from_http(BodyTooLarge(self.max_bytes)), send)
            return
        sent = _Sent()
        counted_receive = _MeteredReceive(receive, self.max_bytes, self.body_seconds)

        async def watched_send(message: Message) -> None:
            if message["type"] == "http.response.start":
                sent.status = message["status"]
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except (BodyTooLarge, BodyTooSlow) as error:
            # Reached here only when no problem handler answered it (e.g. the
            # body was read outside a route); answer it the same way.
            if sent.status is not None:
                raise
            await _answer(scope, from_http(error), send)


class _MeteredReceive:
    """``receive``, counting the body's bytes and holding it to its deadline."""

    def __init__(self, receive: Receive, max_bytes: int, seconds: float) -> None:
        self.receive = receive
        self.max_bytes = max_bytes
        self.seconds = seconds
        self.received = 0
        self.deadline: float | None = None  # set at the first read

    async def __call__(self) -> Message:
        if self.deadline is None:
            self.deadline = asyncio.get_running_loop().time() + self.seconds
        try:
            async with asyncio.timeout_at(self.deadline):
                message = await self.receive()
        except TimeoutError:
            raise BodyTooSlow(self.seconds) from None
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.max_bytes:
                raise BodyTooLarge(self.max_bytes)
        return message


class ReadableInputMiddleware:
    """Refuse, with a 400 problem, a path or query string that no store could hold."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and _unreadable(scope):
            await _answer(scope, from_http(UnreadableInput()), send)
            return
        await self.app(scope, receive, send)


def install_middleware(
    app: FastAPI,
    *,
    max_body_bytes: int = DEFAULT_MAX_BODY_BYTES,
    body_seconds: float = DEFAULT_BODY_SECONDS,
) -> None:
    """Add the middlewares to ``app``, the request context outermost."""
    # Starlette wraps in reverse order of adding: the last added runs first.
    app.add_middleware(BodySizeLimitMiddleware, max_bytes=max_body_bytes, body_seconds=body_seconds)
    app.add_middleware(ReadableInputMiddleware)
    app.add_middleware(RequestContextMiddleware)


class _Sent:
    """The status of the response once it has started (None before)."""

    __slots__ = ("status",)

    def __init__(self) -> None:
        self.status: int | None = None


def _request_id(incoming: str | None) -> str:
    if incoming is not None and _SANE_REQUEST_ID.fullmatch(incoming):
        return incoming
    return uuid4().hex


def _content_length(scope: Scope) -> int | None:
    value = Headers(scope=scope).get("content-length")
    # A malformed Content-Length is the server's to refuse; here it is just unknown.
    return int(value) if value is not None and value.isdigit() else None


def _route_template(scope: Scope) -> str | None:
    # The router puts the matched route in the scope; its path is the template
    # ("/v1/subjects/{subject}/who-saw"). None when nothing matched (a 404).
    path = getattr(scope.get("route"), "path", None)
    return path if isinstance(path, str) else None


async def _answer(scope: Scope, problem: Problem, send: Send) -> None:
    state: dict[str, Any] = scope.get("state", {})
    response = problem_response(
        problem,
        instance=str(scope.get("path", "")),
        request_id=str(state.get("request_id", "")) or uuid4().hex,
    )

    async def no_body() -> Message:
        return {"type": "http.disconnect"}

    await response(scope, no_body, send)
