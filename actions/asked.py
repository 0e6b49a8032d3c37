"""What the student's latest message asks about: the records it names, or candidates."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rasa_sdk import Tracker

from knowledge.query import KnowledgeBase, RecordRef
from knowledge.resolve import Resolver
from knowledge.vocabulary import PROGRAMME_OPPORTUNITY_TYPES

# Kinds the conversation keeps as context (one slot each), and kinds a message may name.
SLOT_KINDS = ("occupation", "sector", "route", "place", "provider", "programme")
RECORD_KINDS = (*SLOT_KINDS, "opportunity")
CONFIDENT = 0.75
REFERS_BACK = re.compile(r"\b(that|it|this|them|those|there|they)\b", re.IGNORECASE)
BUTTON_RECORD = re.compile(r'^/\w+\{"(?P<kind>[a-z_]+)": ?"(?P<slug>[a-z0-9-]+)"')
STOP = {"the", "a", "an", "one", "i", "mean", "that", "and", "or", "of", "in", "for", "to"}
# Words a follow-up may open with: "ok what about joiners", "right, how about welders".
FILLER = (
    r"^\s*(?:(?:ok|okay|k|right|so|alright|hmm+|cool|nice|thanks|ta|cheers|yeah|and)\b"
    r"[\s,!.]*)*"
)
MAX_SUBJECT_WORDS = 3
NOT_A_SUBJECT = {
    "for", "in", "at", "with", "if", "when", "is", "are", "do", "does", "can", "the", "a",
    "an", "you", "me", "i", "my", "what", "how", "why", "where", "who", "which", "after",
    "before", "instead", "then", "also", "so", "pay", "money", "wages", "salary",
}  # fmt: skip
WHAT_ABOUT = re.compile(
    rf"{FILLER}(what|wat|wot|how)\s+(about|bout)\b|^\s*(ok\w*\s+)?and\b|{FILLER}same (for|with)\b",
    re.IGNORECASE,
)


@dataclass
class Asked:
    intent: str
    text: str
    named: list[RecordRef] = field(default_factory=list)
    candidates: list[RecordRef] = field(default_factory=list)
    subject: str | None = None
    opportunity_type: str | None = None
    # The words that named each record ("wallsend" for North Tyneside).
    words: dict[RecordRef, str] = field(default_factory=dict)
    # How well each candidate fits the words used (candidates are best first).
    fit: dict[RecordRef, float] = field(default_factory=dict)
    # The records the bot's last clarifying question offered as buttons, best first.
    choices: list[RecordRef] = field(default_factory=list)

    def first(self, *kinds: str) -> RecordRef | None:
        """The best-ranked named record of the first of ``kinds`` that has one."""
        for kind in kinds:
            for ref in self.named:
                if ref.kind == kind:
                    return ref
        return None

    def all(self, kind: str) -> list[RecordRef]:
        return [ref for ref in self.named if ref.kind == kind]

    @property
    def refers_back(self) -> bool:
        return bool(REFERS_BACK.search(self.text))

    @property
    def asks_the_same_again(self) -> bool:
        """ "what about sunderland?": the last question again, about something else."""
        return bool(WHAT_ABOUT.search(self.text))

    @property
    def unknown_subject(self) -> str | None:
        """ "and roofers?" when no record is named: the words asked about instead, if they
        are a name of something (not "and for girls?", "what about that one?")."""
        found = WHAT_ABOUT.search(self.text)
        if found is None or self.named or self.candidates:
            return None
        rest = self.text[found.end() :].strip(" ?!.,")
        words = rest.lower().split()
        if not 1 <= len(words) <= MAX_SUBJECT_WORDS or words[0] in NOT_A_SUBJECT:
            return None
        return None if REFERS_BACK.search(rest) else rest

    @property
    def clearly_best(self) -> RecordRef | None:
        """The one candidate that fits the words clearly better than the others, if any."""
        if len(self.candidates) < 2:
            return None
        first, second = (self.fit.get(ref, 0.0) for ref in self.candidates[:2])
        return self.candidates[0] if first > second else None

    @property
    def names_something(self) -> bool:
        return bool(self.named or self.subject or len(self.candidates) > 1)


# When the classifier's intent does not fit a message that clearly names records, the
# kind of question is read from its words instead: first match wins.
QUESTION_WORDS: list[tuple[str, re.Pattern[str]]] = [
    ("ask_duration", re.compile(r"\bhow long\b")),
    ("ask_cost", re.compile(r"\b(cost|costs|fees?|price|pay for|who pays|pays for|free)\b")),
    ("ask_pay", re.compile(r"\b(earn|earns|paid|pay|money|salary|wages?)\b")),
    ("ask_entry_requirements", re.compile(r"\b(grades?|gcses?|requirements?|need|can i)\b")),
    ("ask_how_to_become", re.compile(r"\b(become|get into|how do i|how to)\b")),
    ("ask_where_to_study", re.compile(r"\b(where|colleges?|courses?|study)\b")),
    ("ask_leads_to", re.compile(r"\b(after|lead to|leads to)\b")),
]


# Words that say the aspect outright, strong enough to trust over the classifier's guess:
# the kind of question is read apart from the records the message names.
CLEAR_ASPECTS: list[tuple[str, re.Pattern[str]]] = [
    ("ask_duration", re.compile(
        r"\bhow (long|many (years|months|weeks|days))\b|\bhow long does it take\b", re.I)),
    ("ask_cost", re.compile(
        r"\b(how much (does it|do they|will it|would it) cost|costs? (me )?anything|who pays"
        r"|pay for (it|the course|uni|college|training)|tuition|fees?\b|is it free)", re.I)),
    ("ask_pay", re.compile(
        r"\b(earn|earns|earning|salary|salaries|wages?|paid|pay (like|rate)|starting pay"
        r"|how much (do|does|can|could|will|would) (a |an |they |you |u |i )?\w* ?(get|make|earn))",
        re.I)),
    ("ask_entry_requirements", re.compile(
        r"\b(what|which|wat) (grades|gcses|qualifications|a levels)\b|\b(entry )?requirements\b"
        r"|\bgrades (do|would|will) (i|you|u) need\b|\bwhat do (i|you|u) need to (get|have)\b",
        re.I)),
    ("ask_leads_to", re.compile(
        r"\bwhat (can|could) (i|you|u) do after\b|\bleads? (on )?to\b|\bwhat comes after\b", re.I)),
    ("ask_how_to_become", re.compile(
        r"\bhow (do|can|would) (i|you|u|ya) (become|be an?|get into|train to be|start as)\b"
        r"|\bhow to (become|get into|be an?)\b|\bwhere do i start\b", re.I)),
]
ASPECT_INTENTS = {
    "ask_about", "ask_how_to_become", "ask_pay", "ask_duration", "ask_entry_requirements",
    "ask_cost", "ask_leads_to", "ask_where_to_study", "ask_sector_jobs", "ask_place",
}  # fmt: skip


def clear_aspect(text: str) -> str | None:
    """The kind of question when its words say so outright ("how much do welders earn")."""
    return next((intent for intent, words in CLEAR_ASPECTS if words.search(text)), None)


def question_from_words(asked: Asked) -> str:
    """The kind of question a message asks, read from its words."""
    if asked.opportunity_type and not asked.first("opportunity"):
        return "ask_opportunities"
    if asked.subject and not asked.named:
        return "ask_subject"
    text = asked.text.lower()
    return next((intent for intent, words in QUESTION_WORDS if words.search(text)), "ask_about")


def read_message(tracker: Tracker, kb: KnowledgeBase, resolver: Resolver) -> Asked:
    message = tracker.latest_message or {}
    text = message.get("text") or ""
    intent = (message.get("intent") or {}).get("name") or ""
    entities = message.get("entities") or []
    asked = Asked(intent=intent, text=text)
    asked.subject = _entity(entities, "subject")
    asked.opportunity_type = _entity(entities, "opportunity_type")
    if text.startswith("/"):
        asked.named = _from_entities(entities, kb)
    else:
        _from_text(asked, resolver)
        asked.choices = offered_choices(tracker, kb)
        _picked_from_choices(asked)
    for ref in asked.all("programme"):
        asked.opportunity_type = asked.opportunity_type or PROGRAMME_OPPORTUNITY_TYPES.get(ref.slug)
    return asked


def offered_choices(tracker: Tracker, kb: KnowledgeBase) -> list[RecordRef]:
    """The records the bot's last message offered as buttons ("which one do you mean?")."""
    users_seen = 0
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            users_seen += 1
            if users_seen > 1:
                return []  # only the bot's reply to the message before this one counts
        elif event.get("event") == "bot" and users_seen == 1:
            buttons = (event.get("data") or {}).get("buttons") or []
            return [ref for b in buttons if (ref := _button_record(b.get("payload", ""), kb))]
    return []


def _button_record(payload: str, kb: KnowledgeBase) -> RecordRef | None:
    match = BUTTON_RECORD.search(payload)
    if not match or match["kind"] not in RECORD_KINDS:
        return None
    view = kb.get(match["kind"], match["slug"])
    return view.ref if view else None


def _picked_from_choices(asked: Asked) -> None:
    """A student answering a clarifying question by typing ("secondary") picks that one; a
    student who names nothing and asks on ("whats the starting pay") means the best one."""
    if not asked.choices or asked.named:
        return
    words = set(re.findall(r"[a-z]+", asked.text.lower())) - STOP
    picked = [ref for ref in asked.choices if words & set(re.findall(r"[a-z]+", ref.title.lower()))]
    if len(picked) == 1:
        asked.named, asked.candidates = picked, []
    elif not picked and not asked.candidates and question_from_words(asked) != "ask_about":
        asked.named = asked.choices[:1]


def _same_words(text: str, asked: Asked) -> bool:
    return text.lower() == (asked.subject or "").lower()


def _entity(entities: list[dict], name: str) -> str | None:
    return next((str(e["value"]) for e in entities if e.get("entity") == name), None)


def _from_entities(entities: list[dict], kb: KnowledgeBase) -> list[RecordRef]:
    """A button's payload names records by slug."""
    named = []
    for entity in entities:
        if entity.get("entity") in RECORD_KINDS:
            view = kb.get(entity["entity"], str(entity["value"]))
            if view:
                named.append(view.ref)
    return named


def _from_text(asked: Asked, resolver: Resolver) -> None:
    matches = resolver.resolve(asked.text, kinds=RECORD_KINDS, limit=12)
    if asked.subject:  # "chemistry" is the subject, not a misspelt "chemist"
        matches = [m for m in matches if not (m.how == "fuzzy" and _same_words(m.text, asked))]
    asked.named = [m.ref for m in matches if m.confidence >= CONFIDENT]
    asked.words = {m.ref: m.text for m in matches if m.confidence >= CONFIDENT}
    if not asked.named:
        partial = [m for m in matches if m.how == "partial"][:6]
        asked.candidates = [m.ref for m in partial]
        asked.fit = {m.ref: m.confidence for m in partial}
