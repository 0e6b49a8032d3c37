"""Markup, SQL-looking text and awkward Unicode are only ever data: stored and given back
byte for byte through the API (SQLite and PostgreSQL), and the tables are all still there.
The one character a database cannot store, the null character, is refused kindly."""

from __future__ import annotations

from sqlalchemy import inspect, text

from knowledge.db import engine_for
from tests.abuse.conftest import BOT, Service
from tests.inbox.conftest import new_ticket
from tests.people import ADA, CAL
from web.app import NULL_CHARACTER, UNSTORABLE

NASTY = {
    "markup": '<script>alert("hi")</script><img src=x onerror="alert(1)"> &amp; </textarea>',
    "sql": "'; DROP TABLE handoff; --",
    "more sql": "Robert'); DROP TABLE handoff_message; SELECT * FROM account WHERE '1'='1",
    "right-to-left": "\u202eevil.exe\u202c \u200fmark\u200f \u2067isolated\u2069 \u061cend",
    "zero-width": "\u200bzero\u200cwidth\u200djoiner\u2060word\ufeffjoiner",
    "emoji sequences": "👩‍💻 👨‍👩‍👧‍👦 🏳️‍🌈 🧑🏽‍🔧 ❤️‍🔥 🇬🇧",
    "combining marks": "Zalgo Z̷̢a̶l̵g̴o̸, e\u0301 and é, Å and \u212b",
    "other scripts": "مرحبا שלום 你好 Ｆｕｌｌｗｉｄｔｈ",
    "template syntax": "{{ 7*7 }} {% raw %} ${7*7} #{7*7} %s %(name)s",
    "backslashes": "C:\\new\\table \\u0041 \\x00 '\\'",
}
# The reply endpoints strip spaces from the ends; these survive as they are not spaces.
EDGES = "\u200f\u200b" + "".join(NASTY.values()) + "\u200d\ufeff"


def ticket_full_of(value: str) -> dict:
    return new_ticket(
        first_name=value[:80],
        school_given=value[:200],
        help_with=value,
        topics=[{"kind": "route", "slug": "apprenticeship", "title": value[:200]}],
        transcript=[{"who": "student", "text": value}, {"who": "bot", "text": value}],
    )


def assert_tables_intact(database_url: str) -> None:
    engine = engine_for(database_url)
    tables = set(inspect(engine).get_table_names())
    assert {"handoff", "handoff_message", "account", "school"} <= tables
    with engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM account")).scalar() == 4


def test_a_tickets_fields_come_back_exactly_as_sent(service: Service) -> None:
    ada = service.login(ADA)
    for value in NASTY.values():
        ticket = service.as_bot(**ticket_full_of(value))
        detail = service.client.get(f"/api/handoffs/{ticket['reference']}", headers=ada).json()
        assert detail["first_name"] == value[:80]
        assert detail["school_given"] == value[:200]
        assert detail["help_with"] == value
        assert detail["topics"][0]["title"] == value[:200]
        assert [turn["text"] for turn in detail["transcript"]] == [value, value]
    listed = service.client.get("/api/handoffs", headers=ada).json()
    assert {h["help_with"] for h in listed} == set(NASTY.values())
    assert_tables_intact(service.database_url)


def test_replies_outcomes_and_live_messages_come_back_exactly_as_sent(service: Service) -> None:
    ticket, ada = service.as_bot(), service.login(ADA)
    path = f"/api/handoffs/{ticket['reference']}"
    reply = service.client.post(f"{path}/replies", json={"text": EDGES}, headers=ada)
    assert reply.status_code == 201 and reply.json()["text"] == EDGES
    outcome = service.client.put(f"{path}/outcome", json={"text": EDGES}, headers=ada)
    assert outcome.json()["outcome"] == EDGES
    service.client.post(f"{path}/live", headers=ada)
    said = service.client.post(
        "/api/chat", json={"sender": ticket["conversation_id"], "message": EDGES}
    )
    assert said.status_code == 200

    detail = service.client.get(path, headers=ada).json()
    texts = [(m["author"], m["text"]) for m in detail["messages"]]
    assert ("adviser", EDGES) in texts and ("student", EDGES) in texts
    updates = service.client.post(
        "/api/chat/updates", json={"sender": ticket["conversation_id"]}
    ).json()
    assert [m["text"] for m in updates["messages"] if m["author"] == "adviser"] == [EDGES]
    assert_tables_intact(service.database_url)


def test_sql_in_a_filter_or_a_path_finds_nothing(service: Service) -> None:
    service.as_bot(school_slug="north-academy")
    cal = service.login(CAL)
    for value in [NASTY["sql"], "north-academy' OR '1'='1", "%", "_"]:
        listed = service.client.get("/api/handoffs", params={"school": value}, headers=cal)
        assert listed.json() == []
        assert service.client.get(f"/api/handoffs/{value}", headers=cal).status_code == 404
        assert service.client.get(f"/api/knowledge/sector/{value}").status_code == 404
        login = service.client.post("/api/session", json={"email": value, "password": value})
        assert login.status_code == 401
    assert_tables_intact(service.database_url)


def test_a_null_character_is_refused_kindly_or_stored(service: Service) -> None:
    """PostgreSQL cannot store one and the service says so kindly; SQLite can."""
    ticket, ada = service.as_bot(), service.login(ADA)
    reply = service.client.post(
        f"/api/handoffs/{ticket['reference']}/replies", json={"text": "a\x00b"}, headers=ada
    )
    sent = service.client.post("/api/handoffs", json=new_ticket(help_with="a\x00b"), headers=BOT)
    login = service.client.post("/api/session", json={"email": "a\x00b", "password": "x"})
    found = service.client.get("/api/handoffs", params={"school": "a\x00b"}, headers=ada)
    if service.database_url.startswith("postgresql"):
        for refused in (reply, sent, login, found):
            assert refused.status_code == 422
            assert refused.json() == {"detail": NULL_CHARACTER}
    else:
        assert (reply.status_code, sent.status_code, login.status_code) == (201, 201, 401)
    chat = service.client.post("/api/chat", json={"sender": "abc", "message": "a\x00b"})
    assert chat.status_code == 422  # never passed on to Rasa


def test_a_time_zone_the_database_cannot_store_is_refused_kindly(service: Service) -> None:
    """Found by fuzzing on PostgreSQL, which knows no offset beyond ±15:59."""
    far_off = "2026-05-27T08:25:35+22:37"
    sent = service.client.post("/api/handoffs", json=new_ticket(requested_at=far_off), headers=BOT)
    if service.database_url.startswith("postgresql"):
        assert sent.status_code == 422
        assert sent.json() == {"detail": UNSTORABLE}
    else:
        assert sent.status_code == 201
    assert_tables_intact(service.database_url)
