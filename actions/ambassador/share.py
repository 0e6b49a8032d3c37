"""Sharing approved answers from apprentice ambassadors, then offering to ask one."""

from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.asked import CONFIDENT, Asked
from actions.compose.reply import Reply, button
from actions.context import Context
from actions.knowledge_base import knowledge_base, resolver
from actions.replies import send_reply
from knowledge.query import KnowledgeBase, RecordRef
from privacy.redact import redact

ABOUT_KINDS = ("occupation", "sector", "route")
QUESTION_SLOTS = ("ambassador_question", "ambassador_sector")
OFFER_BUTTONS = [button("Yes, ask an apprentice", "affirm"), button("No thanks", "deny")]
CHECKED_FIRST = (
    "A careers adviser reads every question before an apprentice sees it, and every answer "
    "before you do."
)
# "What is it really like?": questions about experience, which apprentices answer best.
WHAT_ITS_LIKE = re.compile(
    r"\b(really|actually|honestly|truly) like\b|\bwhat'?s? (is )?(it|that|the job|the work) like\b"
    r"|\bwhat'?s? (is )?(it )?like (being|working|doing|to be|as)\b|\bday in the life\b"
    r"|\bday to day\b|\b(is|are) (it|(an )?apprenticeships?|the work|the job) "
    r"(hard|fun|boring|stressful|worth it|good|tough)\b"
    r"|\bdo (you|apprentices|people) (actually |really )?(enjoy|like) (it|them|the)\b"
    # wanting to hear from, or ask, someone doing it
    r"|\b(hear|hearing) from (someone|somebody|an? |real )"
    r"|\b(ask|message|talk to|speak to|chat to|chat with) (an? |some |any )?(real )?apprentices?\b"
    r"|\bapprentices?\b.*\b(i|we) (can|could) (ask|message|talk to|chat to)\b"
    r"|\bis (being )?an? [a-z ]{0,24}apprentice(ship)? (just|really|actually|all)\b"
    r"|\bfrom (someone|somebody|a person) (who'?s|who is|that'?s|doing|on)\b"
    r"|\bwhat do (apprentices|they) (say|think|reckon)\b|\bapprentices? (tell|say)\b"
    r"|\b(normal|typical|usual) (day|week)\b|\bcheap labour\b|\btreated like\b"
    r"|\b(do|does) (loads of |lots of |many )?(people|apprentices) (quit|drop out|leave)\b"
    r"|\bwant(s)? to answer a question\b"
    r"|\b(worst|best|hardest|toughest) (bit|part|thing)s? (of|about) (being |doing )?an? "
    r"|\b(i'?d|i would|i'?m dying to|i want to) (love |like )?(to )?ask (one|an? |some)"
    r"|\bask (a|an|some) \w+ who'?s (doing|on)\b",
    re.IGNORECASE,
)


# Someone who is, or has been, an apprentice: the person, not "an apprenticeship".
AN_APPRENTICE = re.compile(
    r"\b(apprentices?|ambassadors?)\b|\bsome(one|body|1) (doing|on|who)\b", re.IGNORECASE
)


# Asking to ask ("can i ask an apprentice a question"): the request, not a question yet.
REQUEST_TO_ASK = re.compile(
    r"\b(ask|message|talk to|speak to|speak with|chat to|chat with|contact|hear from)\s+"
    r"(an?\s+|some\s+|any\s+|one\s+|to\s+)?(real\s+|actual\s+)?"
    r"(apprentices?|ambassadors?|some(one|body|1)\s+(who'?s\s+)?(doing|on)\s+(an?\s+)?"
    r"apprenticeships?)"
    r"(\s+(a|some|any|one|few|a few|my|me)?\s*(questions?|qs?|q's|something|stuff|things?))?",
    re.IGNORECASE,
)
FILLER = re.compile(
    r"\b(can|could|may|i|i'?d|id|would|like|love|to|want|wanna|please|pls|plz|hi|hey|hiya|"
    r"is|it|there|anyone|possible|do|you|u|me|just|quick|a|an|the|ok|okay|yes|so)\b",
    re.IGNORECASE,
)


def question_in(text: str) -> str | None:
    """The student's own question in a message asking for an apprentice, if it has one:
    "can i ask an apprentice what a normal day is like" has; "can i ask an apprentice a
    question" has not (the bot then asks for it)."""
    rest = FILLER.sub(" ", REQUEST_TO_ASK.sub(" ", text))
    return text if len(re.findall(r"[a-z]{2,}", rest.lower())) >= 2 else None


def mentions_an_apprentice(text: str) -> bool:
    return bool(AN_APPRENTICE.search(text))


def asks_what_its_like(text: str) -> bool:
    return bool(WHAT_ITS_LIKE.search(text.replace("’", "'")))


def about_records(asked: Asked, context: Context, kb: KnowledgeBase) -> list[RecordRef]:
    """The job, sector and route a question is about: named in it, else the current ones."""
    named = [r for r in asked.named if r.kind in ABOUT_KINDS]
    if named:
        return named
    current = [kb.get(kind, context.get(kind)) for kind in ABOUT_KINDS if context.get(kind)]
    return [view.ref for view in current if view]


def sector_of(refs: list[RecordRef], kb: KnowledgeBase) -> RecordRef | None:
    """The sector a question belongs to: a job's own sector, or a sector named."""
    for ref in refs:
        if ref.kind == "sector":
            return ref
        if ref.kind == "occupation":
            view = kb.get("occupation", ref.slug)
            if view and view.home_sector():
                return view.home_sector()
    return None


def sector_in(text: str, exact: bool = False) -> RecordRef | None:
    """The sector that a typed answer ("nursing", "building sites") names, if any.

    With ``exact``, only names as written count: in a whole question a near miss is
    likelier another word ("solar" is not a misspelt "soldier").
    """
    matches = resolver().resolve(text, kinds=("occupation", "sector"), limit=3)
    confident = [
        m.ref for m in matches if m.confidence >= CONFIDENT and not (exact and m.how == "fuzzy")
    ]
    return sector_of(confident, knowledge_base())


def share_and_offer(
    dispatcher: CollectingDispatcher, tracker: Tracker, asked: Asked, question: str | None
) -> list[dict[str, Any]]:
    """Send the approved answers that fit, then offer to pass ``question`` to an apprentice.

    Returns the slot events that prepare the question form (bot/domain/ambassador.yml).
    """
    kb = knowledge_base()
    about = about_records(asked, Context.from_tracker(tracker), kb)
    text = question or asked.text
    answers = kb.ambassador_answers(about, text)
    for answer in answers:
        send_reply(
            dispatcher,
            Reply(f'An apprentice said: "{answer.answer}" ({answer.by})', records=[answer.ref]),
            ambassador={"stage": "answered"},
        )
    sector = sector_of(about, kb)
    send_reply(
        dispatcher,
        Reply(offer_text(bool(answers), sector), buttons=OFFER_BUTTONS),
        ambassador={"stage": "offered"},
    )
    return [
        SlotSet("ambassador_offer", True),
        SlotSet("ambassador_question", redact(question)[:1000] if question else None),
        SlotSet("ambassador_sector", sector.slug if sector else None),
    ]


def offer_text(found: bool, sector: RecordRef | None) -> str:
    opening = (
        "Would you like to ask an apprentice a question of your own?"
        if found
        else "I don't have an answer from an apprentice about that yet. "
        "Would you like me to pass your question to one?"
    )
    who = f" It will go to an apprentice who works in {sector.title.lower()}." if sector else ""
    return f"{opening}{who} {CHECKED_FIRST}"


class ActionAmbassadorDeclined(Action):
    def name(self) -> str:
        return "action_ambassador_declined"

    def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]
    ) -> list[dict[str, Any]]:
        send_reply(
            dispatcher,
            Reply(
                "No problem, I haven't sent anything. You can ask to hear from an apprentice "
                "any time."
            ),
        )
        return nothing_pending()


def nothing_pending() -> list[dict[str, Any]]:
    """Forget a question or visit that was being prepared."""
    return [
        SlotSet("ambassador_offer", False),
        *(SlotSet(slot, None) for slot in (*QUESTION_SLOTS, "visit_school")),
    ]
