"""Reading the details a student types into the hand-off form, and why each one is asked.

Pure functions: no Rasa here, so each rule is easy to test on its own.
"""

from __future__ import annotations

import re

from contract.emails import is_one_address
from privacy.redact import EMAIL

MAX_EMAIL_CHARS = 254  # what the inbox stores

WHY = {
    "handoff_name": "So the adviser knows what to call you. Your first name or initials is plenty.",
    "handoff_school": (
        "So your request goes to the advisers who work with your school. "
        "We don't need your address or anything else."
    ),
    "handoff_year": (
        "So the adviser knows which choices are coming up for you, like GCSEs or post-16."
    ),
    "handoff_topic": "So the adviser can get ready to help with the right thing.",
    "handoff_contact": (
        "So the adviser can reply. Through school means your school's careers team passes it on. "
        "By email means the adviser writes to you."
    ),
    "handoff_email": (
        "So the adviser can write back to you. Only the careers adviser sees it, and we "
        "delete it when your request is closed and its time is up."
    ),
    "handoff_confirmed": "So nothing is sent until you've checked it.",
}

FIELD_WORDS = {
    "handoff_name": ("name",),
    "handoff_school": ("school", "college"),
    "handoff_year": ("year", "yr"),
    "handoff_topic": ("help", "topic", "about", "question"),
    "handoff_contact": ("contact", "email", "e-mail", "touch", "reach"),
}

_NAME_LEAD = re.compile(
    r"^(?:hi|hiya|hey|ok|okay)?[\s,]*(?:my name is|my names|my name's|name's|names|"
    r"i am|i'm|im|it's|its|call me|me name's|me names)\s+",
    re.IGNORECASE,
)
_NAME = re.compile(r"^[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'\-]*(?:\s+[A-Za-zÀ-ÿ][A-Za-zÀ-ÿ.'\-]*){0,2}$")
_NUMBER_WORDS = {
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
}
_YEAR = re.compile(r"\b(?:year|yr|y)\s*(\d{1,2}|[a-z]+)\b", re.IGNORECASE)
_SCHOOL_LEAD = re.compile(
    r"^(?:i\s*(?:go|am|'m)\s*(?:to|at)|im at|i'm at|my school is|it's|its|at)\s+", re.IGNORECASE
)


_NOT_NAMES = {
    "yes",
    "yeah",
    "yep",
    "aye",
    "no",
    "nah",
    "nope",
    "ok",
    "okay",
    "sure",
    "hi",
    "hiya",
    "hello",
    "hey",
    "why",
    "what",
    "stop",
    "skip",
    "pass",
    "idk",
    "dunno",
    "cancel",
    "quit",
    "help",
}
_QUESTION = re.compile(
    r"\?|^\s*(what|wat|wot|how|hw|where|when|why|which|who|can|could|do|does|is|are|should|will)\b",
    re.IGNORECASE,
)


_STOP = re.compile(
    r"^\W*(stop|cancel|quit|abort|forget (it|that|about it)|never ?mind|changed? my mind|"
    r"leave it|scrap (it|that)|end this|i don'?t want to (do this|carry on))\b",
    re.IGNORECASE,
)


_WHY = re.compile(
    r"^\W*(but )?(why|y tho|how come|wat for|what for)\b|\bwhy (do|d'?|does|is|are|should)\b|"
    r"\b(what|wat)('?s| is| are)? (that|this|it)? ?(for|needed for)\b|\bwho('?s| will| gets to)? "
    r"(see|read|reads)\b|\bdo i (have|need) to (tell|say|answer|give)",
    re.IGNORECASE,
)
_DECLINE = re.compile(
    r"\b(rather not|prefer not|sooner not|not (telling|saying|sharing|giving)|"
    r"dont (want|wanna) to (say|tell|give|share)|none of (your|ur) business|"
    r"keep (that|it) (private|to myself)|too personal)\b|^\W*(skip|pass)\b",
    re.IGNORECASE,
)


def asks_why(text: str) -> bool:
    """ "why do you need that?" and its plain variants, whatever the classifier says."""
    return bool(_WHY.search(text))


def declines(text: str) -> bool:
    """ "i'd rather not say" and its plain variants, whatever the classifier says."""
    return bool(_DECLINE.search(text.replace("'", "")))


def wants_to_stop(text: str) -> bool:
    """A plain "stop", "cancel", "forget it": caught even when the classifier is unsure."""
    return bool(_STOP.search(text))


def is_bare_reply(text: str) -> bool:
    """ "yes", "nah", "ok": a reply to a question, not an answer to be stored."""
    return text.lower().strip(" .!?") in _NOT_NAMES


def looks_like_question(text: str) -> bool:
    return bool(_QUESTION.search(text))


def parse_name(text: str) -> str | None:
    """A first name or initials: "im sam" -> "Sam"; "Sam Smith" -> "Sam S."."""
    cleaned = _NAME_LEAD.sub("", text.strip()).strip(" !,")
    if cleaned.endswith(".") and "." not in cleaned[:-1]:  # "Sam." but not "J.B."
        cleaned = cleaned[:-1]
    if not cleaned or len(cleaned) > 40 or not _NAME.match(cleaned):
        return None
    if is_bare_reply(cleaned) or looks_like_question(cleaned):
        return None
    first, *rest = cleaned.split()
    name = first[0].upper() + first[1:]
    initials = "".join(f" {part[0].upper()}." for part in rest)
    return name + initials


def parse_year(text: str) -> int | None:
    """The school year group, 7 to 13: "yr 10", "year eleven", "10", "upper sixth"."""
    lowered = text.lower()
    if "lower sixth" in lowered:
        return 12
    if "upper sixth" in lowered:
        return 13
    match = _YEAR.search(lowered)
    token = match.group(1) if match else lowered.strip(" .!")
    number = _NUMBER_WORDS.get(token)
    if number is None and token.isdigit():
        number = int(token)
    return number if number is not None and 7 <= number <= 13 else None


def parse_school(text: str) -> str | None:
    cleaned = _SCHOOL_LEAD.sub("", text.strip()).strip(" .!")
    if is_bare_reply(cleaned) or looks_like_question(cleaned):
        return None
    if len(cleaned) < 2 or len(cleaned) > 120 or EMAIL.search(cleaned):
        return None
    return cleaned


def parse_contact(text: str) -> str | None:
    """ "school" or "email" (an email address typed here counts as choosing email)."""
    lowered = text.lower()
    if "email" in lowered or "e-mail" in lowered or EMAIL.search(text):
        return "email"
    if "school" in lowered or "teacher" in lowered or "college" in lowered:
        return "school"
    return None


def parse_email(text: str) -> str | None:
    """The one email address in the text, if it is valid and short enough to send."""
    match = EMAIL.search(text)
    if not match or len(match.group(0)) > MAX_EMAIL_CHARS or not is_one_address(match.group(0)):
        return None
    return match.group(0).lower()


def mask_email(email: str) -> str:
    """Enough for the student to recognise it, never the whole address: s•••@g•••.com."""
    local, _, domain = email.partition("@")
    host, _, suffix = domain.rpartition(".")
    return f"{local[:1]}•••@{host[:1]}•••.{suffix}"


def field_named(text: str) -> str | None:
    """Which detail a student wants to change: "change my year" -> "handoff_year"."""
    lowered = text.lower()
    for slot, words in FIELD_WORDS.items():
        if any(re.search(rf"\b{re.escape(word)}\b", lowered) for word in words):
            return slot
    return None
