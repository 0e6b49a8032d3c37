"""Limits on what one client may send: how often (rate limits) and how much (body size).

Rate limits count requests in fixed windows that start on the window's edge (a minute from
hh:mm:00, 15 minutes from hh:00, hh:15...). A request over the limit gets 429 with
``Retry-After``, the seconds until its window ends. The counts live in this process
(``MemoryLimiter``) or, when ``CAREERS_REDIS_URL`` is set, in Redis (``RedisLimiter``), so
that several web workers share them. If Redis cannot be reached, requests are let through
and a warning is logged: a student is never locked out because a counter is down.

Each kind of request has its own buckets, so one kind of traffic cannot lock out another:
- chat: per conversation, with a per-address ceiling sized for a whole school behind one
  router (``chat_per_address``);
- the public API (the knowledge base): per address;
- signed-in requests (advisers, admins, ambassadors): per login session, never sharing a
  count with the public; a made-up token that fails to log in counts against its address;
- the bot's own calls (service token): never limited by what the public does;
- logins: per account (a burst limit and a window) and, much higher, per address.

The client's address is the connection's, unless that is a proxy named in
``CAREERS_TRUSTED_PROXIES``: only then is ``X-Forwarded-For`` believed (its right-most
address the proxy did not add). uvicorn runs with ``--no-proxy-headers`` so it never
rewrites the address itself. Addresses, accounts and conversation ids are kept only
until their window ends.
"""

from __future__ import annotations

import hashlib
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

from contract.secrets import same_secret
from web.auth import SESSION_COOKIE

if TYPE_CHECKING:
    from web.settings import WebSettings

log = logging.getLogger(__name__)
Clock = Callable[[], float]

TOO_BIG = "That's too much to send in one go. Please send something shorter."
CHAT_TOO_FAST = "You're sending messages very quickly."
CHAT_CROWDED = "Lots of messages are coming from your school or home network just now."
UPDATES_TOO_FAST = "You're checking for replies very often."
LOGINS_TOO_FAST = "There have been too many tries to log in."
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

    def peek(self, bucket: str, rate: Rate) -> int | None:
        """Without counting: whole seconds to wait if ``bucket`` is already at ``rate``."""


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

    def peek(self, bucket: str, rate: Rate) -> int | None:
        moment = self.clock()
        with self._lock:
            full = self._counts_for(rate, moment)[bucket] >= rate.count
        return max(1, math.ceil(rate.seconds_left(moment))) if full else None

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
        key = self._key(bucket, rate, moment)
        try:
            with self.client.pipeline(transaction=True) as pipe:
                count, _ = pipe.incr(key).expire(key, rate.seconds + 1).execute()
        except redis.RedisError as error:
            log.warning("Rate limits not counted, Redis failed: %s", type(error).__name__)
            self._resting_until = time.monotonic() + self.REST_SECONDS
            return None
        return rate.seconds_left(moment) if count > rate.count else None

    def peek(self, bucket: str, rate: Rate) -> int | None:
        if time.monotonic() < self._resting_until:
            return None
        moment = self.clock()
        try:
            count = int(self.client.get(self._key(bucket, rate, moment)) or 0)
        except redis.RedisError:
            return None
        return max(1, math.ceil(rate.seconds_left(moment))) if count >= rate.count else None

    def _key(self, bucket: str, rate: Rate, moment: float) -> str:
        return f"{self.prefix}{bucket}:{rate.seconds}:{rate.window(moment)}"


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
    """The client's address: the connection's, or what a trusted proxy says it is."""
    peer = request.client.host if request.client else "unknown"
    trusted = request.app.state.settings.trusted_proxies
    if peer not in trusted:
        return peer
    hops = [h.strip() for h in request.headers.get("x-forwarded-for", "").split(",")]
    untrusted = [h for h in hops if h and h not in trusted]
    return untrusted[-1] if untrusted else peer


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


def limit_logins(request: Request, email: str) -> int | None:
    """Before a login attempt: the seconds to wait, if this account has failed too often
    lately (it backs off: a few quick failures, a minute's wait, then the rest of the
    quarter hour) or this address has tried far too often. Both login doors share the
    counts; only failures count against an account (``count_failed_login``)."""
    rates = request.app.state.settings.rates
    limiter = request.app.state.limiter
    account = _account_bucket(email)
    waits = [
        limiter.peek(account, rates.logins_per_account_burst),
        limiter.peek(account, rates.logins_per_account),
        seconds_to_wait(request, address_bucket("login", request), rates.logins_per_address),
    ]
    found = [w for w in waits if w is not None]
    return max(found) if found else None


def count_failed_login(request: Request, email: str) -> None:
    """A login to this account failed: count it towards the account's back-off."""
    rates = request.app.state.settings.rates
    for rate in (rates.logins_per_account_burst, rates.logins_per_account):
        request.app.state.limiter.hit(_account_bucket(email), rate)


def _account_bucket(email: str) -> str:
    return f"login:account:{email.strip().lower()[:254]}"


def bucket_rule(request: Request) -> tuple[str, Rate, str] | None:
    """Which count a request is in: its bucket, rate and 429 reason (None: not counted
    here; logins are counted by their route, which knows the account)."""
    rates, path = request.app.state.settings.rates, request.url.path
    if path == "/api/chat":
        return address_bucket("chat", request), rates.chat_per_address, CHAT_CROWDED
    if path == "/api/chat/updates":
        return address_bucket("updates", request), rates.updates_per_address, UPDATES_TOO_FAST
    if path == "/api/session" and request.method == "POST":
        return None
    if not path.startswith("/api/"):
        return None
    token = _credential(request)
    if token is None:
        return address_bucket("api", request), rates.api_per_address, API_TOO_FAST
    if same_secret(token, request.app.state.settings.service_token):
        return None  # the bot: what the public does never holds up a ticket or an alert
    session = hashlib.sha256(token.encode()).hexdigest()[:24]
    return f"signed-in:{session}", rates.signed_in_per_session, API_TOO_FAST


def _credential(request: Request) -> str | None:
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() == "bearer" and token.strip():
        return token.strip()
    return request.cookies.get(SESSION_COOKIE)


def limit_api_by_address(app: FastAPI) -> None:
    """Count every ``/api/`` request in its bucket (``bucket_rule``) before it is read; a
    credential that fails (401) counts against its address, so made-up tokens cannot be
    used to get past the public limit."""

    @app.middleware("http")
    async def per_bucket(request: Request, call_next: Callable) -> Response:
        rule = bucket_rule(request)
        signed_in = rule is not None and rule[0].startswith("signed-in:")
        if rule is not None:
            bucket, rate, reason = rule
            seconds = await run_in_threadpool(seconds_to_wait, request, bucket, rate)
            if seconds is None and signed_in:
                seconds = await run_in_threadpool(_refused_credentials_wait, request, False)
            if seconds is not None:
                return _too_many(reason, seconds)
        response = await call_next(request)
        if signed_in and response.status_code == 401:
            await run_in_threadpool(_refused_credentials_wait, request, True)
        return response


def _refused_credentials_wait(request: Request, count: bool) -> int | None:
    """The address's count of credentials that failed: counted after a 401, checked before
    any signed-in request from there."""
    rate = request.app.state.settings.rates.refused_credentials_per_address
    bucket = address_bucket("refused-credentials", request)
    if count:
        return seconds_to_wait(request, bucket, rate)
    return request.app.state.limiter.peek(bucket, rate)


def _too_many(reason: str, seconds: int) -> JSONResponse:
    detail = {"detail": please_wait(reason, seconds)}
    return JSONResponse(status_code=429, content=detail, headers=retry_after(seconds))


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
