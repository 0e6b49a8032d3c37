"""Rate limits: per conversation and per address, counted in memory or in Redis (for real),
with a clock the test moves on instead of waiting for a window to pass."""

from __future__ import annotations

import dataclasses
import html
import time
from collections.abc import Iterator
from contextlib import ExitStack
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from ops.settings import free_port
from tests.abuse.conftest import (
    BOT,
    GENEROUS,
    FakeClock,
    RedisSpace,
    Service,
    serving,
    settings_for,
)
from tests.inbox.conftest import new_ticket
from tests.people import ADA, BEN, PASSWORD
from web.limits import Limiter, MemoryLimiter, Rate, RedisLimiter, limiter_for, redis_client
from web.settings import RateLimits

CHAT_WAIT = "You're sending messages very quickly. Please wait a minute and try again."


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture(params=["memory", "redis"])
def limiter(request: pytest.FixtureRequest, clock: FakeClock) -> Limiter:
    """Each backend, on the test's clock; Redis in a key space of the test's own."""
    if request.param == "memory":
        return MemoryLimiter(clock)
    space: RedisSpace = request.getfixturevalue("redis_space")
    return RedisLimiter(space.client, space.prefix, clock)


def rated(sqlite_database: str, tmp_path: Path, limiter: Limiter, **rates: Rate):
    """The service with some rates lowered and the others never met."""
    settings = settings_for(sqlite_database, tmp_path, rates=dataclasses.replace(GENEROUS, **rates))
    return serving(settings, limiter=limiter)


def say(service: Service, sender: str, message: str = "what jobs are there in digital?"):
    return service.client.post("/api/chat", json={"sender": sender, "message": message})


# --- the counters ------------------------------------------------------------------------


def test_a_bucket_takes_its_count_then_says_how_long_to_wait(
    limiter: Limiter, clock: FakeClock
) -> None:
    rate = Rate(3, 60)
    assert [limiter.hit("chat:conversation:a", rate) for _ in range(3)] == [None] * 3
    clock.advance(20)
    assert limiter.hit("chat:conversation:a", rate) == pytest.approx(40)


def test_buckets_are_counted_apart(limiter: Limiter) -> None:
    rate = Rate(1, 60)
    assert limiter.hit("chat:conversation:a", rate) is None
    assert limiter.hit("chat:conversation:b", rate) is None
    assert limiter.hit("chat:conversation:a", rate) is not None


def test_a_new_window_starts_afresh(limiter: Limiter, clock: FakeClock) -> None:
    rate = Rate(1, 60)
    limiter.hit("bucket", rate)
    assert limiter.hit("bucket", rate) is not None
    clock.advance(60)
    assert limiter.hit("bucket", rate) is None


def test_redis_keys_expire_with_their_window(redis_space: RedisSpace, clock: FakeClock) -> None:
    RedisLimiter(redis_space.client, redis_space.prefix, clock).hit("bucket", Rate(5, 60))
    (key,) = redis_space.stored_keys()
    assert 0 < redis_space.client.ttl(key) <= 61


def test_when_redis_is_down_nobody_is_locked_out_or_kept_waiting(clock: FakeClock) -> None:
    limiter = RedisLimiter(redis_client(f"redis://127.0.0.1:{free_port()}/0"), "test:", clock)
    started = time.monotonic()
    assert [limiter.hit("bucket", Rate(1, 60)) for _ in range(3)] == [None] * 3
    assert time.monotonic() - started < 3


def test_redis_is_used_when_its_address_is_set(sqlite_database: str, tmp_path: Path) -> None:
    assert isinstance(limiter_for(settings_for(sqlite_database, tmp_path)), MemoryLimiter)
    settings = settings_for(sqlite_database, tmp_path, redis_url="redis://127.0.0.1:6379/0")
    assert isinstance(limiter_for(settings), RedisLimiter)


@pytest.mark.parametrize("text", ["20", "0/60", "20/0", "twenty/60", "-1/60"])
def test_a_rate_must_be_a_count_and_seconds(text: str) -> None:
    with pytest.raises(ValueError):
        Rate.parse(text)


# --- the chat ----------------------------------------------------------------------------


def test_a_conversation_over_its_limit_is_asked_kindly_to_wait(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(3, 60)
    with rated(sqlite_database, tmp_path, limiter, chat_per_conversation=rate) as service:
        # Rasa is not running: a message that gets through gets the relay's 503.
        assert [say(service, "student1").status_code for _ in range(3)] == [503] * 3
        refused = say(service, "student1")
    assert refused.status_code == 429
    assert refused.json() == {"detail": CHAT_WAIT}
    assert refused.headers["Retry-After"] == "60"


def test_a_widget_on_another_website_can_read_the_refusal(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(1, 60)
    with rated(sqlite_database, tmp_path, limiter, chat_per_conversation=rate) as service:
        say(service, "student1")
        refused = service.client.post(
            "/api/chat",
            json={"sender": "student1", "message": "hello", "metadata": {"school": "demo"}},
            headers={"Origin": "https://school.example.org"},
        )
    assert refused.status_code == 429
    assert refused.headers["Access-Control-Allow-Origin"] == "https://school.example.org"


def test_one_conversation_at_its_limit_does_not_block_another(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(2, 60)
    with rated(sqlite_database, tmp_path, limiter, chat_per_conversation=rate) as service:
        for _ in range(3):
            say(service, "student1")
        assert say(service, "student1").status_code == 429
        assert say(service, "student2").status_code == 503


def test_the_limit_lifts_when_the_window_has_passed(
    sqlite_database: str, tmp_path: Path, limiter: Limiter, clock: FakeClock
) -> None:
    rate = Rate(2, 60)
    with rated(sqlite_database, tmp_path, limiter, chat_per_conversation=rate) as service:
        for _ in range(2):
            say(service, "student1")
        clock.advance(45)
        refused = say(service, "student1")
        assert refused.status_code == 429 and refused.headers["Retry-After"] == "15"
        clock.advance(15)
        assert say(service, "student1").status_code == 503


def test_many_conversations_from_one_address_meet_its_limit(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(3, 60)
    with rated(sqlite_database, tmp_path, limiter, chat_per_address=rate) as service:
        assert [say(service, f"student{n}").status_code for n in range(3)] == [503] * 3
        crowded = say(service, "student4")
        elsewhere = TestClient(service.app, client=("203.0.113.9", 50000))
        from_elsewhere = elsewhere.post("/api/chat", json={"sender": "student4", "message": "hi"})
    assert crowded.status_code == 429
    assert crowded.json()["detail"] == (
        "Lots of messages are coming from your school or home network just now. "
        "Please wait a minute and try again."
    )
    assert crowded.headers["Retry-After"] == "60"
    assert from_elsewhere.status_code == 503


def test_checking_for_replies_leaves_the_chat_allowance_alone(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rates = {"chat_per_conversation": Rate(2, 60), "updates_per_conversation": Rate(5, 60)}
    with rated(sqlite_database, tmp_path, limiter, **rates) as service:
        checks = [
            service.client.post("/api/chat/updates", json={"sender": "student1"}).status_code
            for _ in range(6)
        ]
        assert say(service, "student1").status_code == 503
    assert checks == [200] * 5 + [429]


# --- logins and the rest of the API ------------------------------------------------------


def test_both_login_doors_share_one_count(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(3, 900)
    with rated(sqlite_database, tmp_path, limiter, logins_per_account=rate) as service:
        wrong = {"email": ADA, "password": "guess number one"}
        assert service.client.post("/api/session", json=wrong).status_code == 401
        assert service.client.post("/api/session", json=wrong).status_code == 401
        page = service.client.get("/inbox/login")
        assert page.status_code == 200
        form = {"email": ADA, "password": "guess number two", "csrf_token": "x"}
        assert service.client.post("/inbox/login", data=form).status_code == 200
        right = {"email": ADA, "password": PASSWORD}
        by_api = service.client.post("/api/session", json=right)
        by_form = service.client.post("/inbox/login", data=dict(form, password=PASSWORD))
    wait = "There have been too many tries to log in. Please wait 15 minutes and try again."
    assert by_api.status_code == 429 and by_api.json() == {"detail": wait}
    assert by_api.headers["Retry-After"] == "900"
    assert by_form.status_code == 429 and by_form.headers["Retry-After"] == "900"
    assert wait in html.unescape(by_form.text)


def test_the_rest_of_the_api_is_limited_per_address(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(2, 60)
    with rated(sqlite_database, tmp_path, limiter, api_per_address=rate) as service:
        statuses = [service.client.get("/api/handoffs").status_code for _ in range(3)]
        refused = service.client.get("/api/knowledge/sector/digital")
        assert service.client.get("/health").status_code == 200
    assert statuses == [401, 401, 429]
    assert refused.json() == {
        "detail": "You're doing that very quickly. Please wait a minute and try again."
    }


# --- the production path: several workers sharing Redis ----------------------------------


@pytest.fixture
def two_workers(
    sqlite_database: str, tmp_path: Path, redis_space: RedisSpace, clock: FakeClock
) -> Iterator[list[Service]]:
    """Two web services counting in the same Redis, as set by CAREERS_REDIS_URL."""
    settings = settings_for(
        sqlite_database,
        tmp_path,
        redis_url="redis://127.0.0.1:6379/0",
        redis_key_prefix=redis_space.prefix,
        rates=dataclasses.replace(GENEROUS, chat_per_conversation=Rate(4, 60)),
    )
    with ExitStack() as stack:
        workers = [stack.enter_context(serving(settings)) for _ in range(2)]
        for worker in workers:
            worker.app.state.limiter.clock = clock
        yield workers


def test_workers_sharing_redis_share_the_counts(two_workers: list[Service]) -> None:
    first, second = two_workers
    statuses = [say(worker, "student1").status_code for worker in (first, second) * 2]
    assert statuses == [503] * 4
    assert say(first, "student1").status_code == 429
    assert say(second, "student1").status_code == 429
    assert say(second, "student2").status_code == 503


def test_a_service_whose_redis_is_down_still_answers(sqlite_database: str, tmp_path: Path) -> None:
    settings = settings_for(
        sqlite_database,
        tmp_path,
        redis_url=f"redis://127.0.0.1:{free_port()}/0",
        rates=dataclasses.replace(GENEROUS, chat_per_conversation=Rate(1, 60)),
    )
    with serving(settings) as service:
        assert [say(service, "student1").status_code for _ in range(3)] == [503] * 3


# --- buckets apart: no kind of traffic locks out another ---------------------------------


def test_a_whole_school_behind_one_router_can_chat_at_once(
    sqlite_database: str, tmp_path: Path
) -> None:
    """The default per-address ceiling is sized for a school of 1,500."""
    with serving(settings_for(sqlite_database, tmp_path, rates=RateLimits())) as service:
        statuses = {say(service, f"student{n}").status_code for n in range(400)}
    assert statuses == {503}, "no 429: only Rasa's absence answers"


def test_a_flood_of_the_public_api_does_not_lock_advisers_out(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    with rated(sqlite_database, tmp_path, limiter, api_per_address=Rate(3, 60)) as service:
        ada = service.login(ADA)
        for _ in range(5):
            service.client.get("/api/knowledge/sector/digital")
        assert service.client.get("/api/knowledge/sector/digital").status_code == 429
        assert service.client.get("/api/handoffs", headers=ada).status_code == 200
        ticket = service.client.post("/api/handoffs", json=new_ticket(), headers=BOT)
        assert ticket.status_code == 201, "the bot's tickets are never held up by the public"


def test_made_up_tokens_count_against_their_address(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rate = Rate(3, 60)
    with rated(sqlite_database, tmp_path, limiter, refused_credentials_per_address=rate) as service:
        forged = [
            service.client.get("/api/handoffs", headers={"Authorization": f"Bearer guess{n}"})
            for n in range(5)
        ]
        elsewhere = TestClient(service.app, client=("203.0.113.9", 50000))
        response = elsewhere.post("/api/session", json={"email": ADA, "password": PASSWORD})
        real = elsewhere.get("/api/handoffs", headers=bearer(response))
    assert [f.status_code for f in forged] == [401, 401, 401, 429, 429]
    assert real.status_code == 200, "an adviser elsewhere is not held up"


def test_failed_logins_to_one_account_do_not_lock_out_another_at_that_address(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    with rated(
        sqlite_database,
        tmp_path,
        limiter,
        logins_per_account_burst=Rate(3, 60),
        logins_per_account=Rate(10, 900),
        logins_per_address=Rate(100, 900),
    ) as service:
        wrong = {"email": ADA, "password": "not the password"}
        tries = [service.client.post("/api/session", json=wrong).status_code for _ in range(4)]
        right = service.client.post("/api/session", json={"email": ADA, "password": PASSWORD})
        other = service.client.post("/api/session", json={"email": BEN, "password": PASSWORD})
    assert tries == [401, 401, 401, 429], "the account backs off after a few quick tries"
    assert right.status_code == 429 and int(right.headers["Retry-After"]) <= 60
    assert other.status_code == 200, "another adviser at the same address logs in"


def test_x_forwarded_for_is_believed_only_from_a_trusted_proxy(
    sqlite_database: str, tmp_path: Path, limiter: Limiter
) -> None:
    rates = dataclasses.replace(GENEROUS, chat_per_address=Rate(2, 60))
    for trusted, expected in ((frozenset(), [503, 503, 429]), ({"testclient"}, [503] * 3)):
        settings = settings_for(sqlite_database, tmp_path, rates=rates, trusted_proxies=trusted)
        with serving(settings, limiter=MemoryLimiter()) as service:
            statuses = [
                service.client.post(
                    "/api/chat",
                    json={"sender": f"student{n}", "message": "hi"},
                    headers={"X-Forwarded-For": f"198.51.100.{n}"},
                ).status_code
                for n in range(3)
            ]
        assert statuses == expected, f"trusted proxies: {trusted or 'none'}"


def bearer(response) -> dict[str, str]:
    assert response.status_code == 200, response.text
    return {"Authorization": f"Bearer {response.json()['token']}"}
