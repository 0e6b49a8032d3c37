"""What an ambassador may not write in an answer to a student, and why.

Ambassadors never talk to a student directly: everything goes through a careers adviser,
and an answer may not carry a way to reach, find or meet the ambassador. Each check names
what it found in plain words, so the ambassador knows what to take out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from privacy.redact import EMAIL, PHONE, SPELLED_EMAIL
from safeguarding.unmask import unmask

WHY = "so that students stay safe"


@dataclass(frozen=True)
class Rule:
    pattern: re.Pattern[str]
    explanation: str


_LINK = re.compile(
    r"https?:|www\.|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\."
    r"(?:com|co\.uk|org\.uk|org|net|uk|io|ly|me|info|gov|ac\.uk|edu|app|tv|gg|link|site)\b",
    re.IGNORECASE,
)
_PLATFORMS = (
    r"insta|instagram|snap|snapchat|tiktok|tik tok|twitter|facebook|fb|discord|"
    r"whatsapp|telegram|linkedin|socials?|youtube|twitch|threads"
)
_HANDLE = re.compile(
    r"(?<![\w.])@[a-z0-9_.]{2,}"
    rf"|\bmy\s+(?:{_PLATFORMS})\b"
    rf"|\b(?:add|follow|find|message|msg|dm|d\s*\.?\s*m|pm|p\s*\.?\s*m|inbox|text|ring|snap|"
    rf"whatsapp|call)\s+me\b"
    rf"|\b(?:on|via)\s+(?:{_PLATFORMS})\s+(?:i'?m|is|at)\b"
    r"|\bhmu\b",
    re.IGNORECASE,
)
_MEETING = re.compile(
    r"\bmeet\s*(?:up|me|you|u|ya|with\s+(?:me|you|u))\b"
    r"|\blet'?s\s+meet\b|\b(?:we|i)\s+(?:could|can|will|should)\s+meet\b"
    r"|\bcome\s+(?:and\s+|&\s+)?(?:see|visit|find)\s+me\b"
    r"|\b(?:pop|come)\s+(?:in|round|over|by)\s+(?:to\s+)?(?:see\s+me|mine|my\s+work)\b",
    re.IGNORECASE,
)

# In this order: an email address is named as one, not as a link or a handle.
RULES = (
    Rule(
        EMAIL, f"Please take out the email address: answers can't include contact details, {WHY}."
    ),
    Rule(
        SPELLED_EMAIL,
        f"Please take out the email address: answers can't include contact details, {WHY}.",
    ),
    Rule(PHONE, f"Please take out the phone number: answers can't include contact details, {WHY}."),
    Rule(_LINK, f"Please take out the link: answers can't include websites, {WHY}."),
    Rule(
        _HANDLE,
        "Please take out the social media name or the invitation to message you: answers "
        f"can't include ways to find or contact you online, {WHY}.",
    ),
    Rule(
        _MEETING,
        "Please take out the offer to meet: ambassadors don't meet students on their own, "
        f"{WHY}. A careers adviser can arrange a visit to a school instead.",
    ),
)


class GuardrailError(ValueError):
    """An answer that may not reach a student as written; the message says what to change."""


def problems(text: str) -> list[str]:
    """What must come out of ``text`` before a student may read it, one sentence each.

    The text is read as written and with disguises undone (zero-width characters,
    look-alike letters, "d.m me", spaced letters), so hiding a handle does not get it past."""
    found = []
    for version in (text, unmask(text)):
        for rule in RULES:
            if rule.pattern.search(version) and rule.explanation not in found:
                found.append(rule.explanation)
    return found


def check(text: str) -> str:
    """``text`` with its ends trimmed, if a student may read it; GuardrailError if not."""
    text = _normal(text)
    found = problems(text)
    if found:
        raise GuardrailError(" ".join(found))
    return text.strip()


def _normal(text: str) -> str:
    """Curly apostrophes as straight ones, so that "let’s meet" is read as "let's meet"."""
    return text.replace("\u2019", "'").replace("\u2018", "'")
