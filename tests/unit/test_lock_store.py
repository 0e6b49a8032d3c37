"""The lock store for several Rasa replicas (bot/lock_store.py), against the real Redis.

Rasa is installed only in the Rasa environment, so each scenario runs there in a process of
its own, with the store loaded by class path from an endpoint config as Rasa loads it; two
such processes are two replicas. This process prepares and inspects Redis (127.0.0.1:6379,
db 0), under a key prefix of each test's own that is emptied afterwards.
"""

from __future__ import annotations

import json
import os
import subprocess
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import redis

from ops.settings import BOT_DIR, RASA_ENV, free_port

REDIS_URL = "redis://127.0.0.1:6379/0"

# Run in the Rasa environment before each scenario, which defines `async def main()`.
PRELUDE = """
import asyncio, json, logging, os, sys, time
import redis
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

logging.basicConfig(level=logging.WARNING, stream=sys.stderr)
PREFIX = os.environ["LOCK_TEST_PREFIX"]
client = redis.Redis.from_url(os.environ["LOCK_TEST_REDIS"])

def store(**options):
    options.setdefault("url", os.environ["LOCK_TEST_REDIS"])
    config = EndpointConfig(
        type="lock_store.AtomicRedisLockStore", key_prefix=PREFIX + "lock:", **options
    )
    return LockStore.create(config)
"""
EPILOGUE = """
print(json.dumps(asyncio.run(main())), flush=True)
"""


@dataclass
class Space:
    client: redis.Redis
    prefix: str

    def lock_key(self, conversation_id: str) -> str:
        return f"{self.prefix}lock:{conversation_id}"

    def start(self, scenario: str, **env: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            [str(RASA_ENV / "bin" / "python"), "-c", PRELUDE + scenario + EPILOGUE],
            cwd=BOT_DIR,
            env={
                **os.environ,
                "PYTHONPATH": str(BOT_DIR),
                "RASA_TELEMETRY_ENABLED": "false",
                "PYTHONWARNINGS": "ignore",
                "LOCK_TEST_PREFIX": self.prefix,
                "LOCK_TEST_REDIS": REDIS_URL,
                **env,
            },
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )

    def run(self, scenario: str, **env: str) -> dict[str, Any]:
        return finish(self.start(scenario, **env))


def finish(process: subprocess.Popen[str], returncode: int = 0) -> dict[str, Any]:
    out, err = process.communicate(timeout=60)
    assert process.returncode == returncode, out + err[-3000:]
    return json.loads(out.splitlines()[-1]) if returncode == 0 else {"stderr": err}


@pytest.fixture
def space() -> Iterator[Space]:
    client = redis.Redis.from_url(REDIS_URL)
    prefix = f"careers-test:{uuid.uuid4().hex}:"
    try:
        yield Space(client, prefix)
    finally:
        for key in client.scan_iter(match=f"{prefix}*"):
            client.delete(key)
        client.close()


# 50 turns of one conversation, each reading a shared counter, pausing, and writing it + 1.
COUNTING_TURNS = """
async def main():
    lock_store = store()
    counter, inside = PREFIX + "counter", PREFIX + "inside"
    overlaps = 0

    async def turn():
        nonlocal overlaps
        async with lock_store.lock("student"):
            overlaps += client.incr(inside) > 1
            value = int(client.get(counter) or 0)
            await asyncio.sleep(0.002)
            client.set(counter, value + 1)
            client.decr(inside)

    print("ready", flush=True)
    sys.stdin.readline()
    await asyncio.gather(*(turn() for _ in range(50)))
    return {"overlaps": overlaps}
"""


def test_two_replicas_never_run_one_conversations_turns_at_once(space: Space) -> None:
    replicas = [space.start(COUNTING_TURNS) for _ in range(2)]
    for replica in replicas:
        assert replica.stdout is not None and replica.stdout.readline() == "ready\n"
    for replica in replicas:  # both start their 50 turns at the same moment
        assert replica.stdin is not None
        replica.stdin.write("go\n")
        replica.stdin.flush()
    overlaps = sum(finish(replica)["overlaps"] for replica in replicas)
    assert (int(space.client.get(space.prefix + "counter") or 0), overlaps) == (100, 0)
    assert not space.client.exists(space.lock_key("student"))


def test_different_conversations_do_not_wait_for_each_other(space: Space) -> None:
    result = space.run(
        """
async def main():
    lock_store = store(acquire_timeout=1)

    async def turn(n):
        async with lock_store.lock(f"student-{n}"):
            await asyncio.sleep(0.3)

    start = time.monotonic()
    await asyncio.gather(*(turn(n) for n in range(20)))
    return {"seconds": time.monotonic() - start}
"""
    )
    assert result["seconds"] < 0.9  # one after another would take 6 s


def test_a_turn_that_cannot_have_the_conversation_in_time_raises_lock_error(
    space: Space,
) -> None:
    result = space.run(
        """
async def main():
    holder, waiter = store(), store(acquire_timeout="0.3")  # from ${...}: a string
    async with holder.lock("student"):
        start = time.monotonic()
        try:
            async with waiter.lock("student"):
                return {"error": None}
        except LockError as error:
            waited = time.monotonic() - start
            still_held = client.exists(holder.key("student"))
            return {"error": str(error), "waited": waited, "still_held": still_held}
"""
    )
    assert "Could not acquire" in result["error"]
    assert 0.3 <= result["waited"] < 1.0
    assert result["still_held"] == 1


def test_a_lock_store_whose_redis_is_down_raises_lock_error(space: Space) -> None:
    result = space.run(
        """
async def main():
    lock_store = store(url=os.environ["DOWN_REDIS"], socket_timeout=1)
    try:
        async with lock_store.lock("student"):
            return {"error": None}
    except LockError as error:
        return {"error": str(error)}
""",
        DOWN_REDIS=f"redis://127.0.0.1:{free_port()}/0",
    )
    assert "Could not reach Redis" in result["error"]


def test_the_lock_of_a_replica_that_died_mid_turn_expires_and_is_taken(space: Space) -> None:
    dying = space.start(
        """
async def main():
    async with store(lock_lifetime=3).lock("student"):
        os._exit(9)  # dies holding the lock: nothing releases it
"""
    )
    finish(dying, returncode=9)
    assert 0 < space.client.pttl(space.lock_key("student")) <= 3000
    result = space.run(
        """
async def main():
    start = time.monotonic()
    async with store(acquire_timeout=10).lock("student"):
        return {"waited": time.monotonic() - start}
"""
    )
    assert 0.2 < result["waited"] < 3.5  # it waited for the expiry, then had the lock
    assert not space.client.exists(space.lock_key("student"))


def test_a_turn_whose_lock_expired_does_not_release_the_next_turns_lock(space: Space) -> None:
    result = space.run(
        """
async def main():
    slow, fast, third = store(lock_lifetime=0.3), store(), store(acquire_timeout=0.2)
    key = slow.key("student")
    slow_turn, fast_turn = slow.lock("student"), fast.lock("student")
    await slow_turn.__aenter__()
    await asyncio.sleep(0.5)  # the slow turn's lock expires mid-turn...
    await fast_turn.__aenter__()  # ...and the next turn takes the conversation
    fast_token = client.get(key)
    await slow_turn.__aexit__(None, None, None)  # the slow turn ends: the lock is not its own
    kept = fast_token is not None and client.get(key) == fast_token
    try:
        async with third.lock("student"):
            third_got_in = True
    except LockError:
        third_got_in = False
    await fast_turn.__aexit__(None, None, None)
    return {"kept": kept, "third_got_in": third_got_in, "left": client.exists(key)}
"""
    )
    assert result == {"kept": True, "third_got_in": False, "left": 0}


def test_rasa_loads_the_store_from_endpoints_yml(space: Space, tmp_path: Path) -> None:
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(
        "lock_store:\n"
        "  type: lock_store.AtomicRedisLockStore\n"
        "  url: ${LOCK_TEST_REDIS}\n"
        "  key_prefix: ${LOCK_TEST_KEY_PREFIX}\n"
        "  lock_lifetime: 7\n"
        "  acquire_timeout: ${LOCK_TEST_TIMEOUT}\n"
    )
    result = space.run(
        """
from rasa.core.utils import AvailableEndpoints, number_of_sanic_workers

async def main():
    endpoints = AvailableEndpoints.read_endpoints(os.environ["LOCK_TEST_ENDPOINTS"])
    lock_store = LockStore.create(endpoints.lock_store)
    async with lock_store.lock("student"):
        ttl = client.pttl(PREFIX + "yml:student")
    os.environ["SANIC_WORKERS"] = "2"
    return {
        "class": type(lock_store).__name__,
        "lifetime": lock_store.lock_lifetime,
        "timeout": lock_store.acquire_timeout,
        "ttl": ttl,
        "workers": number_of_sanic_workers(endpoints.lock_store),
    }
""",
        LOCK_TEST_ENDPOINTS=str(endpoints),
        LOCK_TEST_KEY_PREFIX=space.prefix + "yml:",
        LOCK_TEST_TIMEOUT="4.5",
    )
    assert result["class"] == "AtomicRedisLockStore"
    assert (result["lifetime"], result["timeout"]) == (7.0, 4.5)
    assert 6000 < result["ttl"] <= 7000
    assert result["workers"] == 2  # Rasa counts it as a store several workers can share


def test_a_misspelt_option_stops_rasa_loading_the_store(space: Space) -> None:
    failed = space.start(
        """
async def main():
    store(acquire_timout=5)
"""
    )
    assert "acquire_timout" in finish(failed, returncode=1)["stderr"]
