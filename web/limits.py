"""Limits on what one client may send: how often (rate limits) and how much (body size).

Rate limits count requests in fixed windows that start on the window's edge (a minute from
hh:mm:00, 15 minutes from hh:00, hh:15...). A request over the limit gets 429 with
``Retry-After``, the seconds until its window ends. The counts live in this process
(``MemoryLimiter``) or, when ``CAREERS_REDIS_URL`` is set, in Redis (``RedisLimiter``), so
that several web workers share them. If Redis cannot be reached, requests are let through
and a warning is logged: a student is never locked out because a counter is down.

The client's address is ``request.client.host``. Behind a reverse proxy that is the proxy's
address, and everyone would share one count, unless uvicorn is told to trust the proxy's
``X-Forwarded-For``: ``--proxy-headers --forwarded-allow-ips=<the proxy's address>``.
Addresses and conversation ids are kept only until their window ends.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

import redis
from fastapi import FastAPI, HTTPException, Request, Response
from fastapi.responses import JSONResponse
from redis.backoff import NoBackoff
from redis.retry import Retry
from starlette.concurrency import run_in_threadpool
from starlette.types import ASGIApp, Message, Receive, Scope, Send

if TYPE_CHECKING:
    from web.settings import WebSettings

log = logging.getLogger(__name__)
Clock = Callable[[], float]

TOO_BIG = "That's too much to send in one go. Please send something shorter."
CHAT_TOO_FAST = "You're sending messages very quickly."
CHAT_CROWDED = "Lots of messages are coming from your school or home network just now."
UPDATES_TOO_FAST = "You're checking for replies very often."
LOGINS_TOO_FAST = "There have been too many tries to log in from here."
API_TOO_FAST = "You're doing that very quickly."


# --- rates and the two ways of counting -------------------------------------------------


@dataclass(frozen=True)
class Rate:
    """At most ``count`` requests in each window of ``seconds``."""

    count: int
    seconds: int

    @classmethod
    def parse(cls, text: str) -> Rate:
        """``"20/60"``: 20 requests a minute."""
        count, _, seconds = text.partition("/")
        rate = cls(int(count), int(seconds))
        if rate.count < 1 or rate.seconds < 1:
            raise ValueError(f"A rate needs a count and seconds of at least 1, not {text!r}.")
        return rate

    def window(self, moment: float) -> int:
        return int(moment // self.seconds)

    def seconds_left(self, moment: float) -> float:
        return (self.window(moment) + 1) * self.seconds - moment


class Limiter(Protocol):
    def hit(self, bucket: str, rate: Rate) -> float | None:
        """Count one request in ``bucket``; the seconds to wait if it is over ``rate``."""


class MemoryLimiter:
    """Counts in this process: the default, for one web worker."""

    def __init__(self, clock: Clock = time.time) -> None:
        self.clock = clock
        self._lock = threading.Lock()
        # Per window length: the current window and its counts (older windows are dropped).
        self._windows: dict[int, tuple[int, Counter[str]]] = {}

    def hit(self, bucket: str, rate: Rate) -> float | None:
        moment = self.clock()
        with self._lock:
            counts = self._counts_for(rate, moment)
            counts[bucket] += 1
            over = counts[bucket] > rate.count
        return rate.seconds_left(moment) if over else None

    def _counts_for(self, rate: Rate, moment: float) -> Counter[str]:
        window, counts = self._windows.get(rate.seconds, (None, None))
        if window != rate.window(moment):
            window, counts = rate.window(moment), Counter()
            self._windows[rate.seconds] = (window, counts)
        return counts


class RedisLimiter:
    """Counts in Redis, shared by every web worker; one key per bucket and window.

    After Redis fails, it is left alone for ``REST_SECONDS`` (requests go through
    uncounted), so that a Redis that is down does not slow every request.
    """

    REST_SECONDS = 5.0

    def __init__(self, client: redis.Redis, prefix: str, clock: Clock = time.time) -> None:
        self.client = client
        self.prefix = prefix
        self.clock = clock
        self._resting_until = 0.0

    def hit(self, bucket: str, rate: Rate) -> float | None:
        if time.monotonic() < self._resting_until:
            return None
        moment = self.clock()
        key = f"{self.prefix}{bucket}:{rate.seconds}:{rate.window(moment)}"
        try:
            with self.client.pipeline(transaction=True) as pipe:
                count, _ = pipe.incr(key).expire(key, rate.seconds + 1).execute()
        except redis.RedisError as error:
            log.warning("Rate limits not counted, Redis failed: %s", type(error).__name__)
            self._resting_until = time.monotonic() + self.REST_SECONDS
            return None
        return rate.seconds_left(moment) if count > rate.count else None


def redis_client(url: str) -> redis.Redis:
    """A client that gives up quickly: a slow Redis must not make the service slow."""
    return redis.Redis.from_url(
        url, socket_timeout=0.5, socket_connect_timeout=0.5, retry=Retry(NoBackoff(), 1)
    )


def limiter_for(settings: WebSettings) -> Limiter:
    """Redis when ``CAREERS_REDIS_URL`` is set, otherwise this process's memory."""
    if not settings.redis_url:
        return MemoryLimiter()
    return RedisLimiter(redis_client(settings.redis_url), settings.redis_key_prefix)


# --- counting a request ------------------------------------------------------------------


def client_address(request: Request) -> str:
    return request.client.host if request.client else "unknown"


def seconds_to_wait(request: Request, bucket: str, rate: Rate) -> int | None:
    """Count this request in ``bucket``; whole seconds to wait if it is one too many."""
    waited = request.app.state.limiter.hit(bucket, rate)
    return None if waited is None else max(1, math.ceil(waited))


def please_wait(reason: str, seconds: int) -> str:
    """A kind 429 message: what happened, and how long to wait in words."""
    minutes = math.ceil(seconds / 60)
    wait = "a minute" if minutes <= 1 else f"{minutes} minutes"
    return f"{reason} Please wait {wait} and try again."


def retry_after(seconds: int) -> dict[str, str]:
    return {"Retry-After": str(seconds)}


def refuse_if_too_many(request: Request, bucket: str, rate: Rate, reason: str) -> None:
    """429 if this request is over ``rate`` for ``bucket``. It may wait on Redis: from
    async code, run it in the thread pool."""
    seconds = seconds_to_wait(request, bucket, rate)
    if seconds is not None:
        raise HTTPException(
            status_code=429, detail=please_wait(reason, seconds), headers=retry_after(seconds)
        )


def limit_chat_messages(request: Request, sender: str) -> None:
    """The per-conversation limit of ``POST /api/chat``."""
    rate = request.app.state.settings.rates.chat_per_conversation
    refuse_if_too_many(request, f"chat:conversation:{sender}", rate, CHAT_TOO_FAST)


def limit_reply_checks(request: Request, sender: str) -> None:
    """The per-conversation limit of ``POST /api/chat/updates``, counted apart from the
    messages: the widget checks every few seconds while an adviser may reply."""
    rate = request.app.state.settings.rates.updates_per_conversation
    refuse_if_too_many(request, f"updates:conversation:{sender}", rate, UPDATES_TOO_FAST)


def address_bucket(name: str, request: Request) -> str:
    return f"{name}:address:{client_address(request)}"


def limit_logins(request: Request) -> int | None:
    """Count a login attempt from this address (both login doors share the count); the
    seconds to wait if it is one too many."""
    rate = request.app.state.settings.rates.logins_per_address
    return seconds_to_wait(request, address_bucket("login", request), rate)


def address_rule(request: Request) -> tuple[str, Rate, str] | None:
    """Which per-address count a request is in: its name, rate and 429 reason."""
    rates, path = request.app.state.settings.rates, request.url.path
    if path == "/api/chat":
        return "chat", rates.chat_per_address, CHAT_CROWDED
    if path == "/api/chat/updates":
        return "updates", rates.updates_per_address, UPDATES_TOO_FAST
    if path == "/api/session" and request.method == "POST":
        return "login", rates.logins_per_address, LOGINS_TOO_FAST
    if path.startswith("/api/"):
        return "api", rates.api_per_address, API_TOO_FAST
    return None


def limit_api_by_address(app: FastAPI) -> None:
    """Count every ``/api/`` request against its client address before it is read."""

    @app.middleware("http")
    async def per_address(request: Request, call_next: Callable) -> Response:
        rule = address_rule(request)
        if rule is None:
            return await call_next(request)
        name, rate, reason = rule
        bucket = address_bucket(name, request)
        seconds = await run_in_threadpool(seconds_to_wait, request, bucket, rate)
        if seconds is None:
            return await call_next(request)
        return JSONResponse(
            status_code=429,
            content={"detail": please_wait(reason, seconds)},
            headers=retry_after(seconds),
        )


# --- body size ---------------------------------------------------------------------------


class BodyTooLarge(HTTPException):
    def __init__(self) -> None:
        super().__init__(status_code=413, detail=TOO_BIG)


class BodySizeLimit:
    """413 for a request body over ``max_bytes``: at once when ``Content-Length`` says so,
    otherwise as soon as the bytes received pass it."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        if (declared_length(scope) or 0) > self.max_bytes:
            return await too_big(scope, receive, send)
        received, started = 0, False

        async def counted_receive() -> Message:
            nonlocal received
            message = await receive()
            received += len(message.get("body", b""))
            if received > self.max_bytes:
                raise BodyTooLarge()
            return message

        async def watched_send(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted_receive, watched_send)
        except BodyTooLarge:
            # Read outside FastAPI's own body parsing, which answers 413 itself.
            if started:
                raise
            await too_big(scope, receive, send)


def declared_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            return int(value) if value.isdigit() else None
    return None


async def too_big(scope: Scope, receive: Receive, send: Send) -> None:
    await JSONResponse(status_code=413, content={"detail": TOO_BIG})(scope, receive, send)
