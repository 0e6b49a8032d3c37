"""A reply the bot sends, and small helpers for writing one."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from knowledge.query import RecordRef

MAX_WORDS = 80


@dataclass
class Reply:
    text: str
    records: list[RecordRef] = field(default_factory=list)
    buttons: list[dict[str, str]] = field(default_factory=list)
    unanswered: bool = False


def button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A quick reply that asks ``intent`` about the given records directly."""
    payload = f"/{intent}{json.dumps(entities)}" if entities else f"/{intent}"
    return {"title": title, "payload": payload}


def join(*sentences: str) -> str:
    return " ".join(s.strip() for s in sentences if s and s.strip())


def clip(text: str, max_words: int = MAX_WORDS) -> str:
    """Keep whole sentences up to about ``max_words`` words."""
    words = 0
    kept = []
    for sentence in text.replace("\n", " ").split(". "):
        count = len(sentence.split())
        if kept and words + count > max_words:
            break
        kept.append(sentence)
        words += count
    clipped = ". ".join(kept)
    return clipped if clipped.endswith((".", "!", "?")) else clipped + "."


def in_words(items: list[str], last: str = "and") -> str:
    """ "a, b and c" (or "a, b or c")."""
    if len(items) <= 1:
        return "".join(items)
    return f"{', '.join(items[:-1])} {last} {items[-1]}"


def sentence_case(text: str) -> str:
    """The first letter a capital, the rest as written ("in April 2026" -> "In April 2026")."""
    return text[:1].upper() + text[1:]


def when(as_of: str) -> str:
    """A figure's date as a student reads it: "in April 2026", "in 2026"."""
    parts = as_of.split("-")
    if len(parts) >= 2:
        month = dt.date(int(parts[0]), int(parts[1]), 1)
        return f"in {month:%B %Y}"
    return f"in {parts[0]}"


def when_to_apply(opportunity: dict) -> str:
    """When to apply, only as its source says: a closing date, the month a recurring
    programme usually opens, or where to check."""
    if opportunity.get("closes"):
        return f"apply by {dt.date.fromisoformat(opportunity['closes']):%-d %B %Y}"
    if opportunity.get("usually_opens"):
        return f"usually opens in {opportunity['usually_opens']}: check the link for dates"
    return "no set dates: check the link for the next one"


def example_label(opportunity: dict) -> str:
    """Made-up demo data says so wherever a student sees it."""
    return "Example (made up for the demo): " if opportunity.get("example") else ""


def money(pounds: int) -> str:
    return f"£{pounds:,}"


def lower_title(ref: RecordRef) -> str:
    """A job title inside a sentence: "software developer" (acronyms kept: "HGV driver")."""
    return " ".join(w if w.isupper() else w.lower() for w in ref.title.split())
