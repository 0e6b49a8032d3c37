"""Ambassador mode, as the people in it would notice: apprentices join by invitation, answer
the questions of their own sectors once an adviser has read and passed them on, an adviser
checks every answer, and only an approved one reaches the student and the knowledge base.
On SQLite and PostgreSQL, with real email."""

from __future__ import annotations

import datetime as dt
import itertools
import re
from html import unescape

import pytest
from sqlalchemy import select

from inbox import ambassadors as rules
from inbox.guardrails import problems
from knowledge.content import read_content_dir
from knowledge.db import session_factory
from knowledge.inbox_models import AmbassadorQuestion, AmbassadorVisit
from knowledge.loader import load_content
from knowledge.models import Link, Record
from knowledge.query import KnowledgeBase
from tests.inbox.conftest import SERVICE_TOKEN, Inbox
from tests.people import ADA, AMIR, AMY, BEN, CAL, DEV, HUB, PASSWORD, seed_ambassadors

BOT = {"Authorization": f"Bearer {SERVICE_TOKEN}"}
_numbers = itertools.count(1)


@pytest.fixture
def amb(inbox: Inbox) -> Inbox:
    """The inbox with the real content loaded and three ambassadors who have joined."""
    seed_ambassadors(inbox.database_url)
    return inbox


def reference(prefix: str) -> str:
    return f"{prefix}-T{next(_numbers):05d}"


def ask(inbox: Inbox, passed_on: bool = True, **fields) -> dict:
    """Send a student's question the way the action server does, then (unless told not to)
    have an admin pass it on to apprentices as it stands; returns what was sent."""
    question = {
        "reference": reference("AQ"),
        "conversation_id": f"student-conversation-{next(_numbers)}",
        "school_slug": "north-academy",
        "sector": "construction",
        "place": "sunderland",
        "occupation": None,
        "route": None,
        "question": "What is a normal day like as an electrician apprentice?",
        "asked_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    question.update(fields)
    response = inbox.client.post("/api/ambassador-questions", json=question, headers=BOT)
    assert response.status_code == 201, response.text
    if passed_on:
        stored = {q["reference"]: q["question"] for q in to_check(inbox, HUB)}
        passed = pass_on(inbox, HUB, question, stored[question["reference"]])
        assert passed.status_code == 200, passed.text
    return question


def pass_on(inbox: Inbox, who: str, question: dict, text: str = "") -> object:
    path = f"/api/ambassador-questions/{question['reference']}/pass-on"
    body = {"text": text or question["question"]}
    return inbox.client.post(path, json=body, headers=inbox.login(who))


def to_check(inbox: Inbox, who: str) -> list[dict]:
    listed = inbox.client.get("/api/ambassador-questions", headers=inbox.login(who))
    assert listed.status_code == 200, listed.text
    return listed.json()


def answer(inbox: Inbox, who: str, question: dict, text: str = "") -> object:
    text = text or "Every day is different. I'm on site by 8 with my supervisor and learn loads."
    path = f"/api/ambassador/questions/{question['reference']}/answer"
    return inbox.client.post(path, json={"text": text}, headers=inbox.login(who))


def updates(inbox: Inbox, question: dict) -> list[dict]:
    response = inbox.client.post("/api/chat/updates", json={"sender": question["conversation_id"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert set(body) == {"handoffs", "messages", "ambassador"}
    return body["ambassador"]


def queue(inbox: Inbox, who: str) -> list[str]:
    listed = inbox.client.get("/api/ambassador/questions", headers=inbox.login(who))
    assert listed.status_code == 200, listed.text
    return [q["reference"] for q in listed.json()]


def moderate(inbox: Inbox, who: str, question: dict, action: str, body: dict) -> object:
    path = f"/api/ambassador-answers/{question['reference']}/{action}"
    return inbox.client.post(path, json=body, headers=inbox.login(who))


def invitation_code(inbox: Inbox, who: str = ADA) -> str:
    """A new invitation's code: the part of its link after the #, never sent in an address."""
    made = inbox.client.post("/api/ambassador-invitations", headers=inbox.login(who))
    assert made.status_code == 201, made.text
    link = made.json()["link"]
    assert link.startswith("http://inbox.test/ambassador/join#")
    return link.partition("#")[2]


def open_link(inbox: Inbox, code: str) -> object:
    """What the link's page does with its code: post it, for the join form."""
    return inbox.client.post("/ambassador/join/open", data={"token": code})


JOIN_FORM = {
    "email": "jess@apprentice.example.org",
    "password": PASSWORD,
    "first_name": "Jess",
    "apprenticeship": "Electrical installation",
    "level": "3",
    "employer_type": "large employer",
    "employer_name": "Wearside Electrics",
    "sectors": ["construction", "energy"],
    "place": "sunderland",
}


def fill_in(inbox: Inbox, code: str, **changes) -> object:
    page = open_link(inbox, code)
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    form = {**JOIN_FORM, **changes, "csrf_token": token, "token": code}
    return inbox.client.post("/ambassador/join", data=form, follow_redirects=False)


# --- invitations and profiles ------------------------------------------------------------


def test_an_invitation_works_once(amb: Inbox) -> None:
    code = invitation_code(amb)
    joined = fill_in(amb, code)
    assert joined.status_code == 303 and joined.headers["location"] == "/ambassador"
    home = amb.client.get("/ambassador")
    assert home.status_code == 200 and "Hello Jess" in home.text

    amb.client.cookies.clear()
    again = open_link(amb, code)
    assert again.status_code == 410 and "already been used" in again.text
    assert "<form" not in again.text
    login = amb.client.post(
        "/api/session", json={"email": JOIN_FORM["email"], "password": PASSWORD}
    )
    assert login.json()["role"] == "ambassador"


def test_an_ambassador_logs_in_like_everyone_and_lands_on_their_own_page(amb: Inbox) -> None:
    form = amb.client.get("/inbox/login")
    login = amb.client.post(
        "/inbox/login",
        data={"email": AMY, "password": PASSWORD, "csrf_token": csrf_of(form.text)},
    )
    assert login.status_code == 200 and str(login.url).endswith("/ambassador")
    assert "Hello Amy" in login.text
    out = amb.client.post("/ambassador/logout", data={"csrf_token": csrf_of(login.text)})
    assert str(out.url).endswith("/inbox/login")
    assert amb.client.get("/api/ambassador/questions").status_code == 401


def test_an_ambassador_logs_out_through_the_api(amb: Inbox) -> None:
    headers = amb.login(AMY)
    assert amb.client.delete("/api/session", headers=headers).status_code == 204
    assert amb.client.get("/api/ambassador/questions", headers=headers).status_code == 401


def test_an_invitation_runs_out_after_14_days(amb: Inbox, monkeypatch: pytest.MonkeyPatch) -> None:
    code = invitation_code(amb, HUB)
    later = dt.datetime.now(dt.timezone.utc) + dt.timedelta(days=14, minutes=1)
    monkeypatch.setattr(rules, "now", lambda: later)
    page = open_link(amb, code)
    assert page.status_code == 410 and "run out" in page.text
    assert "run out" in fill_in_without_page(amb, code).text


def fill_in_without_page(inbox: Inbox, code: str) -> object:
    """The form posted from a page opened before the link ran out."""
    inbox.client.cookies.set("careers_join_csrf", "opened-earlier", path="/ambassador/join")
    form = {**JOIN_FORM, "csrf_token": "opened-earlier", "token": code}
    return inbox.client.post("/ambassador/join", data=form, follow_redirects=False)


def test_a_made_up_invitation_gets_a_kind_message(amb: Inbox) -> None:
    page = open_link(amb, "not-a-real-invitation")
    assert page.status_code == 410 and "doesn't work" in unescape(page.text)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"first_name": "Jess Smith"}, "just your first name"),
        ({"first_name": ""}, "just your first name"),
        ({"level": "9"}, "from 2 to 7"),
        ({"level": "three"}, "from 2 to 7"),
        ({"sectors": []}, "at least one sector"),
        ({"sectors": ["construction", "space-piracy"]}, "at least one sector"),
        ({"place": "atlantis"}, "area you work in"),
        ({"employer_type": "secret society"}, "kind of employer"),
        ({"apprenticeship": "see www.jess.com"}, "take out the link"),
        ({"password": "short"}, "at least 12 characters"),
        ({"email": "not-an-email"}, "email address"),
        ({"email": ADA}, "already an account"),
    ],
)
def test_the_profile_is_checked_and_nothing_typed_is_lost(
    amb: Inbox, changes: dict, message: str
) -> None:
    code = invitation_code(amb)
    refused = fill_in(amb, code, **changes)
    assert refused.status_code == 422
    assert message in unescape(refused.text)
    kept = changes.get("email", JOIN_FORM["email"])
    assert f'value="{kept}"' in refused.text
    assert "Electrical installation" in refused.text or "apprenticeship" in changes
    assert open_link(amb, code).status_code == 200, "a refused form leaves the link unused"


# --- the queue ---------------------------------------------------------------------------


def test_an_ambassador_sees_only_their_sectors_and_nothing_about_who_asked(amb: Inbox) -> None:
    theirs = ask(amb, conversation_id="secret-conversation-42", school_slug="north-academy")
    other = ask(amb, sector="digital", question="Do software apprentices work from home?")
    listed = amb.client.get("/api/ambassador/questions", headers=amb.login(AMY))
    assert [q["reference"] for q in listed.json()] == [theirs["reference"]]
    shown = listed.json()[0]
    assert shown["question"] == theirs["question"]
    assert (shown["sector_title"], shown["place_title"]) == (
        "Construction and the built environment",
        "Sunderland",
    )

    page = amb.client.get("/ambassador", headers=amb.login(AMY))
    assert theirs["question"] in unescape(page.text)
    assert other["question"] not in unescape(page.text)
    for secret in ("secret-conversation-42", "north-academy", "North Academy", "conversation"):
        assert secret not in listed.text
        assert secret not in page.text
    assert queue(amb, DEV) == [other["reference"]]


def test_another_sectors_question_is_not_there(amb: Inbox) -> None:
    digital = ask(amb, sector="digital")
    refused = answer(amb, AMY, digital)
    assert refused.status_code == 404
    assert answer(amb, AMY, {"reference": "AQ-NOSUCH"}).status_code == 404
    assert queue(amb, DEV) == [digital["reference"]], "still waiting for a digital ambassador"


def test_the_bot_stores_a_question_once_and_refuses_an_unknown_sector(amb: Inbox) -> None:
    question = ask(amb, passed_on=False, question="Call me on 07700 900123, is it hard?")
    again = amb.client.post("/api/ambassador-questions", json=question, headers=BOT)
    assert again.status_code == 201 and again.json()["new"] is False
    [stored] = to_check(amb, ADA)
    assert "07700" not in stored["question"], "redacted again when stored"
    refused = pass_on(amb, ADA, question, stored["question"])
    assert refused.status_code == 422 and "contact" in refused.json()["detail"]
    assert pass_on(amb, ADA, question, "Is it hard?").status_code == 200
    assert queue(amb, AMY) == [question["reference"]]

    unknown = {**question, "reference": reference("AQ"), "sector": "space-piracy"}
    refused = amb.client.post("/api/ambassador-questions", json=unknown, headers=BOT)
    assert refused.status_code == 422 and "space-piracy" in refused.json()["detail"]
    no_token = amb.client.post("/api/ambassador-questions", json=question)
    assert no_token.status_code == 401


def test_an_answer_waiting_for_a_check_keeps_the_question_off_the_queue(amb: Inbox) -> None:
    question = ask(amb)
    assert queue(amb, AMIR) == [question["reference"]]
    assert answer(amb, AMY, question).status_code == 201
    assert queue(amb, AMIR) == [] and queue(amb, AMY) == []
    second = answer(amb, AMIR, question)
    assert second.status_code == 409 and "already answered" in second.json()["detail"]


# --- guardrails --------------------------------------------------------------------------

REFUSED = [
    ("Email me at jess.sparks@example.com and I'll tell you more", "email address"),
    ("my email is JESS@SPARKS.CO.UK", "email address"),
    ("Text me on 07700 900123", "phone number"),
    ("Ring +44 191 496 0000 any time", "phone number"),
    ("Have a look at https://example.org/apprentices", "link"),
    ("Search www.findapprenticeship.service.gov.uk", "link"),
    ("It's all on sparkyjobs.com", "link"),
    ("Follow @jess.sparks for site pics", "social media"),
    ("add me on snap and I'll show you", "social media"),
    ("My insta is jess_on_site", "social media"),
    ("dm me if you want to know more", "social media"),
    ("We could meet up after school", "offer to meet"),
    ("Come and see me at the depot", "offer to meet"),
    ("I’ll meet you outside college", "offer to meet"),
    ("happy to meet me at the open day", "offer to meet"),
]
CLEAN = [
    "I left school at 16 with grade 4s in maths and English. Year 1 was hard but worth it.",
    "You get paid from day one: about £6.40 an hour at first, more each year.",
    "I meet new customers every day, which helped my confidence a lot.",
    "Ask your careers adviser about taster days, e.g. at a local college.",
    "I saw loads of videos on TikTok before I applied, but the real job is better.",
]


@pytest.mark.parametrize(("text", "named"), REFUSED)
def test_an_answer_with_a_way_to_reach_the_ambassador_is_refused(text: str, named: str) -> None:
    found = problems(text)
    assert found and any(named in problem and "Please take out" in problem for problem in found)


@pytest.mark.parametrize("text", CLEAN)
def test_an_ordinary_answer_passes(text: str) -> None:
    assert problems(text) == []


def test_the_api_and_the_page_explain_a_refusal_and_keep_the_text(amb: Inbox) -> None:
    question = ask(amb)
    text = "Great job! Add me on snap: amy_sparks"
    refused = answer(amb, AMY, question, text)
    assert refused.status_code == 422
    assert "social media" in refused.json()["detail"]

    page = amb.client.get("/ambassador", headers=amb.login(AMY))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    amb.client.cookies.set("careers_session", amb.login(AMY)["Authorization"].split()[1])
    form = amb.client.post(
        f"/ambassador/questions/{question['reference']}/answer",
        data={"text": "See www.sparks.com", "csrf_token": token},
    )
    assert form.status_code in (403, 422)  # a token of another session, or the link
    csrf = csrf_of(amb.client.get("/ambassador").text)
    form = amb.client.post(
        f"/ambassador/questions/{question['reference']}/answer",
        data={"text": "See www.sparks.com", "csrf_token": csrf},
    )
    assert form.status_code == 422
    assert "take out the link" in unescape(form.text)
    assert "See www.sparks.com</textarea>" in form.text
    assert queue(amb, AMY) == [question["reference"]], "nothing was stored"

    sent = amb.client.post(
        f"/ambassador/questions/{question['reference']}/answer",
        data={"text": CLEAN[0], "csrf_token": csrf},
    )
    assert sent.status_code == 200 and "waiting for a check" in sent.text


def csrf_of(page: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


# --- who may do what ---------------------------------------------------------------------


def test_an_ambassador_reaches_none_of_the_careers_teams_endpoints(amb: Inbox) -> None:
    ticket = amb.as_bot()
    amy = amb.login(AMY)
    for method, path in [
        ("GET", "/api/handoffs"),
        ("GET", f"/api/handoffs/{ticket['reference']}"),
        ("POST", f"/api/handoffs/{ticket['reference']}/claim"),
        ("GET", "/api/alerts"),
        ("GET", "/api/schools"),
        ("GET", "/api/accounts"),
        ("GET", "/api/ambassador-answers"),
        ("POST", "/api/ambassador-invitations"),
        ("GET", "/api/ambassador-visits"),
        ("DELETE", "/api/handoffs/NE-XXXXXX"),
    ]:
        response = amb.client.request(method, path, headers=amy)
        assert response.status_code in (403, 404, 405), (path, response.status_code)
        if response.status_code == 403:
            assert "careers team" in response.json()["detail"]
    for page in ("/inbox", f"/inbox/handoffs/{ticket['reference']}", "/inbox/admin",
                 "/inbox/ambassadors"):  # fmt: skip
        sent = amb.client.get(page, headers=amy, follow_redirects=False)
        assert sent.status_code == 303 and sent.headers["location"] == "/ambassador"


def test_the_careers_team_cannot_use_the_ambassadors_endpoints(amb: Inbox) -> None:
    question = ask(amb)
    for who in (ADA, HUB):
        headers = amb.login(who)
        assert amb.client.get("/api/ambassador/questions", headers=headers).status_code == 403
        path = f"/api/ambassador/questions/{question['reference']}/answer"
        sent = amb.client.post(path, json={"text": "Hello"}, headers=headers)
        assert sent.status_code == 403
        page = amb.client.get("/ambassador", headers=headers, follow_redirects=False)
        assert page.headers["location"] == "/inbox"


def test_an_adviser_of_another_school_cannot_check_the_answer(amb: Inbox) -> None:
    question = ask(amb, school_slug="north-academy")
    answer(amb, AMY, question)
    assert amb.client.get("/api/ambassador-answers", headers=amb.login(CAL)).json() == []
    assert moderate(amb, CAL, question, "approve", {}).status_code == 404
    assert moderate(amb, CAL, question, "reject", {"reason": "No"}).status_code == 404
    assert updates(amb, question)[0]["stage"] == "queued"
    listed = amb.client.get("/api/ambassador-answers", headers=amb.login(BEN)).json()
    assert [a["reference"] for a in listed] == [question["reference"]]


def test_a_question_with_no_school_is_checked_by_admins(amb: Inbox) -> None:
    question = ask(amb, school_slug=None)
    answer(amb, AMY, question)
    assert moderate(amb, ADA, question, "approve", {}).status_code == 404
    assert moderate(amb, HUB, question, "approve", {}).status_code == 200


# --- an adviser reads every question first -----------------------------------------------


def test_no_apprentice_sees_a_question_until_an_adviser_passes_it_on(amb: Inbox) -> None:
    question = ask(amb, passed_on=False, question="my mum says im rubbish, is electrics hard?")
    assert queue(amb, AMY) == [] and queue(amb, AMIR) == []
    assert answer(amb, AMY, question).status_code == 404
    assert [q["reference"] for q in to_check(amb, ADA)] == [question["reference"]]
    assert to_check(amb, CAL) == [], "another school's adviser never sees it"
    assert pass_on(amb, CAL, question).status_code == 404
    assert pass_on(amb, AMY, question).status_code == 403, "nor does an ambassador"

    worded = "Is an electrical apprenticeship hard?"
    assert pass_on(amb, ADA, question, worded).status_code == 200
    shown = amb.client.get("/api/ambassador/questions", headers=amb.login(AMY)).json()
    assert [q["question"] for q in shown] == [worded]
    page = unescape(amb.client.get("/ambassador", headers=amb.login(AMY)).text)
    assert worded in page and "mum" not in page and "mum" not in str(shown)
    assert to_check(amb, ADA) == []
    assert pass_on(amb, ADA, question, "again").status_code == 404, "checked once"


def test_a_question_kept_back_never_reaches_an_apprentice_and_the_student_is_told(
    amb: Inbox,
) -> None:
    question = ask(amb, passed_on=False)
    drop = f"/api/ambassador-questions/{question['reference']}/drop"
    no_reason = amb.client.post(drop, json={"reason": " "}, headers=amb.login(BEN))
    assert no_reason.status_code == 422 and "why" in no_reason.json()["detail"]
    kept_back = amb.client.post(
        drop, json={"reason": "Personal: passed to DSL"}, headers=amb.login(BEN)
    )
    assert kept_back.status_code == 200, kept_back.text
    assert queue(amb, AMY) == [] and to_check(amb, BEN) == []
    assert updates(amb, question) == [
        {"reference": question["reference"], "stage": "closed", "answer": None}
    ]


def test_school_names_and_contact_details_are_gone_before_an_adviser_reads_it(
    amb: Inbox,
) -> None:
    question = ask(
        amb,
        passed_on=False,
        question="Do people from north academy get on? msg me 07700 900123",
    )
    [seen] = to_check(amb, ADA)
    assert "north academy" not in seen["question"].lower() and "07700" not in seen["question"]
    assert seen["school"] == "North Academy", "the adviser knows which school asked"
    assert pass_on(amb, ADA, question, "Do people get on? 07700 900123").status_code == 200
    [queued] = amb.client.get("/api/ambassador/questions", headers=amb.login(AMY)).json()
    assert "07700" not in queued["question"], "the adviser's wording is redacted too"


def test_other_students_read_the_question_as_an_adviser_worded_it(amb: Inbox) -> None:
    question = ask(amb, question="I'm Jo in year 10, what's a normal day for an electrician?")
    answer(amb, AMY, question)
    public = "What is a normal day like for an electrician apprentice?"
    approved = moderate(amb, ADA, question, "approve", {"question": public})
    assert approved.status_code == 200 and approved.json()["public_question"] == public
    record, _ = record_of(amb, question)
    assert record.title == public and record.data["question"] == public
    assert "Jo" not in str(record.data)
    kb = KnowledgeBase(session_factory(amb.database_url))
    [found] = kb.ambassador_answers([], "normal day electrician apprentice")
    assert found.question == public


def test_an_answer_approved_before_questions_were_checked_is_never_shown(amb: Inbox) -> None:
    with session_factory(amb.database_url)() as db, db.begin():
        db.add(
            Record(
                kind="ambassador_answer",
                slug="answer-aq-old00001",
                title="im sam from year 9 is welding hard",
                summary="It takes practice.",
                data={"question": "im sam from year 9 is welding hard", "answer": "Practice."},
                sources=[],
                as_of="2026-01-01",
            )
        )
    kb = KnowledgeBase(session_factory(amb.database_url))
    assert kb.get("ambassador_answer", "answer-aq-old00001") is None
    assert kb.ambassador_answers([], "is welding hard") == []
    assert "answer-aq-old00001" not in [ref.slug for ref in kb.all_refs("ambassador_answer")]


def test_an_adviser_passes_questions_on_and_keeps_them_back_on_the_inbox_page(
    amb: Inbox,
) -> None:
    first, second = ask(amb, passed_on=False), ask(amb, passed_on=False)
    amb.client.cookies.set("careers_session", amb.login(ADA)["Authorization"].split()[1])
    page = amb.client.get("/inbox/ambassadors")
    assert f"Question {first['reference']}" in page.text
    base = "/inbox/ambassadors/questions"
    passed = amb.client.post(
        f"{base}/{first['reference']}/pass-on",
        data={"text": "What is a day on site like?", "csrf_token": csrf_of(page.text)},
    )
    assert passed.status_code == 200 and "Done." in passed.text
    no_reason = amb.client.post(
        f"{base}/{second['reference']}/drop", data={"reason": "", "csrf_token": csrf_of(page.text)}
    )
    assert no_reason.status_code == 422 and "why" in no_reason.text
    assert f"Question {second['reference']}" in no_reason.text, "still waiting"
    forged = amb.client.post(
        f"{base}/{second['reference']}/drop", data={"reason": "x", "csrf_token": "no"}
    )
    assert forged.status_code == 403
    assert [
        q["question"]
        for q in amb.client.get("/api/ambassador/questions", headers=amb.login(AMY)).json()
    ] == ["What is a day on site like?"]


# --- checking answers, and what the student sees -----------------------------------------


def test_a_refused_answer_goes_back_to_the_ambassador_never_to_the_student(amb: Inbox) -> None:
    question = ask(amb)
    answer(amb, AMY, question)
    assert updates(amb, question) == [
        {"reference": question["reference"], "stage": "queued", "answer": None}
    ]
    empty = moderate(amb, ADA, question, "reject", {"reason": " "})
    assert empty.status_code == 422
    reason = "Please say a bit more about what a typical day involves."
    refused = moderate(amb, ADA, question, "reject", {"reason": reason})
    assert refused.status_code == 200, refused.text

    mine = amb.client.get("/api/ambassador/answers", headers=amb.login(AMY)).json()
    assert (mine[0]["status_words"], mine[0]["reason"]) == ("not approved", reason)
    assert reason in unescape(amb.client.get("/ambassador", headers=amb.login(AMY)).text)
    seen = amb.client.post("/api/chat/updates", json={"sender": question["conversation_id"]})
    assert reason not in seen.text and "typical day" not in seen.text
    assert updates(amb, question)[0] == {
        "reference": question["reference"],
        "stage": "queued",
        "answer": None,
    }
    assert queue(amb, AMY) == [question["reference"]] == queue(amb, AMIR)
    assert record_of(amb, question) is None


def test_an_approved_answer_reaches_the_student_and_the_knowledge_base(amb: Inbox) -> None:
    question = ask(amb, occupation="electrician", route="apprenticeship")
    text = "I'm on site by 8. My supervisor shows me each job, then I try it myself."
    answer(amb, AMY, question, text)
    approved = moderate(amb, BEN, question, "approve", {})
    assert approved.status_code == 200, approved.text
    by = "Amy, Level 3 Electrical installation apprentice at a large employer in Sunderland"
    assert updates(amb, question) == [
        {
            "reference": question["reference"],
            "stage": "answered",
            "answer": {"text": text, "by": by},
        }
    ]
    assert (
        "Sparks Ltd"
        not in amb.client.post(
            "/api/chat/updates", json={"sender": question["conversation_id"]}
        ).text
    ), "the employer's name is never shown"
    mine = amb.client.get("/api/ambassador/answers", headers=amb.login(AMY)).json()
    assert mine[0]["status_words"] == "approved"
    assert queue(amb, AMIR) == []

    record, links = record_of(amb, question)
    assert record.slug == f"answer-{question['reference'].lower()}"
    assert (record.title, record.summary, record.sources, record.url) == (
        question["question"],
        text,
        [],
        None,
    )
    today = dt.datetime.now(dt.timezone.utc).date().isoformat()
    assert record.as_of == today
    expected_links = {
        "sector": ["construction"],
        "occupation": ["electrician"],
        "route": ["apprenticeship", "advanced-apprenticeship"],
    }
    assert record.data["links"] == expected_links
    assert record.data["question"] == question["question"] and record.data["answer"] == text
    assert record.data["by"] == by
    assert record.data["ambassador"] == {
        "first_name": "Amy",
        "apprenticeship": "Electrical installation",
        "level": 3,
        "employer_type": "large employer",
        "place": "sunderland",
    }
    assert dt.datetime.fromisoformat(record.data["approved_at"]).date().isoformat() == today
    assert links == {(kind, slug) for kind, slugs in expected_links.items() for slug in slugs}


def test_an_edited_answer_is_checked_again_then_shown_as_edited(amb: Inbox) -> None:
    question = ask(amb, sector="digital", place=None)
    answer(amb, DEV, question, "It's great, u should totally do it!!")
    still_linked = moderate(amb, ADA, question, "approve", {"text": "See devjobs.io"})
    assert still_linked.status_code == 422 and "link" in still_linked.json()["detail"]
    assert updates(amb, question)[0]["stage"] == "queued"

    edited = "It's great: I learn something new every week."
    assert moderate(amb, ADA, question, "approve", {"text": edited}).status_code == 200
    seen = updates(amb, question)[0]
    assert seen["stage"] == "answered" and seen["answer"]["text"] == edited
    assert seen["answer"]["by"] == (
        "Dev, Level 4 Software developer apprentice at an NHS trust in Gateshead"
    )
    mine = amb.client.get("/api/ambassador/answers", headers=amb.login(DEV)).json()
    assert mine[0]["status_words"] == "edited and approved"
    record, links = record_of(amb, question)
    assert record.summary == edited and "devjobs" not in str(record.data)
    assert ("route", "higher-apprenticeship") in links and ("sector", "digital") in links


def test_an_approved_answer_keeps_its_links_after_the_content_is_reloaded(amb: Inbox) -> None:
    question = ask(amb, occupation="electrician")
    answer(amb, AMY, question)
    moderate(amb, ADA, question, "approve", {})
    before = record_of(amb, question)[1]
    with session_factory(amb.database_url)() as db:
        load_content(db, read_content_dir())
    record, after = record_of(amb, question)
    assert after == before and ("occupation", "electrician") in after
    assert updates(amb, question)[0]["stage"] == "answered"


def record_of(inbox: Inbox, question: dict) -> tuple[Record, set[tuple[str, str]]] | None:
    """The answer's knowledge record and the (kind, slug) of the records it links to."""
    slug = f"answer-{question['reference'].lower()}"
    with session_factory(inbox.database_url)() as db:
        record = db.scalar(
            select(Record).where(Record.kind == "ambassador_answer", Record.slug == slug)
        )
        if record is None:
            return None
        targets = db.execute(
            select(Link.relation, Record.slug)
            .join(Record, Record.id == Link.to_id)
            .where(Link.from_id == record.id)
        )
        return record, {(relation, target) for relation, target in targets}


def test_an_adviser_checks_answers_on_the_inbox_page(amb: Inbox) -> None:
    question = ask(amb)
    answer(amb, AMY, question)
    amb.client.cookies.set("careers_session", amb.login(ADA)["Authorization"].split()[1])
    page = amb.client.get("/inbox/ambassadors")
    assert page.status_code == 200 and question["question"] in unescape(page.text)
    approved = amb.client.post(
        f"/inbox/ambassadors/answers/{question['reference']}/approve",
        data={"text": "Edited on the page.", "csrf_token": csrf_of(page.text)},
    )
    assert approved.status_code == 200 and question["question"] not in unescape(approved.text)
    assert updates(amb, question)[0]["answer"]["text"] == "Edited on the page."

    invited = amb.client.post(
        "/inbox/ambassadors/invitations", data={"csrf_token": csrf_of(page.text)}
    )
    link = re.search(r'<code id="invitation-link">([^<]+)</code>', invited.text).group(1)
    assert open_link(amb, link.partition("#")[2]).status_code == 200


# --- visit requests ----------------------------------------------------------------------


def visit(**fields) -> dict:
    request = {
        "reference": reference("AV"),
        "conversation_id": f"student-conversation-{next(_numbers)}",
        "school_slug": "north-academy",
        "school_given": None,
        "sector": "construction",
        "note": "Could an electrician come to our careers fair?",
        "requested_at": dt.datetime.now(dt.timezone.utc).isoformat(),
    }
    request.update(fields)
    return request


def test_a_visit_request_reaches_the_schools_advisers(amb: Inbox) -> None:
    request = visit()
    sent = amb.client.post("/api/ambassador-visits", json=request, headers=BOT)
    assert sent.status_code == 201 and sent.json()["new"] is True
    again = amb.client.post("/api/ambassador-visits", json=request, headers=BOT)
    assert again.json()["new"] is False

    listed = amb.client.get("/api/ambassador-visits", headers=amb.login(ADA)).json()
    assert [v["reference"] for v in listed] == [request["reference"]]
    assert amb.client.get("/api/ambassador-visits", headers=amb.login(CAL)).json() == []
    done = f"/api/ambassador-visits/{request['reference']}/done"
    assert amb.client.post(done, headers=amb.login(CAL)).status_code == 404
    assert amb.client.post(done, headers=amb.login(BEN)).json()["done_by"] == "Ben"

    for adviser in (ADA, BEN):
        email = amb.mailbox.wait_for(adviser, subject="Ambassador visit request")
        body = email.get_content()
        assert request["reference"] in body and "North Academy" in body
        assert request["conversation_id"] not in body and "careers fair" not in body
    mails = [m for m in amb.mailbox.messages if m["Subject"].startswith("Ambassador visit")]
    assert sorted(m["To"] for m in mails) == [ADA, BEN], "one email each, once"


def test_a_visit_request_from_an_unknown_school_goes_to_admins(amb: Inbox) -> None:
    request = visit(school_slug=None, school_given="Hogwarts")
    amb.client.post("/api/ambassador-visits", json=request, headers=BOT)
    assert amb.client.get("/api/ambassador-visits", headers=amb.login(ADA)).json() == []
    listed = amb.client.get("/api/ambassador-visits", headers=amb.login(HUB)).json()
    assert listed[0]["school"] is None and listed[0]["school_given"] == "Hogwarts"
    assert "Ambassador visit" in amb.mailbox.wait_for(HUB)["Subject"]


# --- erasure -----------------------------------------------------------------------------


def test_a_conversations_questions_can_be_deleted_but_approved_answers_stay(amb: Inbox) -> None:
    approved = ask(amb)
    waiting = ask(amb, conversation_id=approved["conversation_id"])
    someone_elses = ask(amb)
    answer(amb, AMY, approved)
    moderate(amb, ADA, approved, "approve", {})
    answer(amb, AMIR, waiting)
    request = visit(conversation_id=approved["conversation_id"])
    amb.client.post("/api/ambassador-visits", json=request, headers=BOT)
    with session_factory(amb.database_url)() as db, db.begin():
        assert rules.delete_for_conversation(db, approved["conversation_id"]) == 3
    with session_factory(amb.database_url)() as db:
        left = [q.reference for q in db.scalars(select(AmbassadorQuestion))]
        assert left == [someone_elses["reference"]]
        assert db.scalars(select(AmbassadorVisit)).all() == []
    assert updates(amb, approved) == []
    assert record_of(amb, approved) is not None
