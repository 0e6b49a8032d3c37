"""How worried to be about a message: the one question every part of the product asks.

``assess`` returns a grade (``urgent``: clear risk of harm; ``concern``: worrying but
unclear; ``none``), the kind of harm (safeguarding/categories.py) and the words that
raised it. The bot's NLU gate, its safeguarding action and the web service's safety net
(during a live adviser chat, or when the bot is down) all call it, so they always agree.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass
from typing import Literal

from safeguarding.classifier import Reading, default_model
from safeguarding.detect import (
    GRADES,
    Concern,
    concern_in,
    default_phrasebook,
    is_idiom,
    known_words,
)
from safeguarding.unmask import starred_readings

Grade = Literal["urgent", "concern", "none"]
# The phrase list's older, broader families and the categories each spans: a phrase's
# category is the classifier's reading of the same message when that falls in its family,
# else the family's own broad name ("self-harm or suicidal thoughts"), never a guess.
CATEGORIES_OF_FAMILY = {
    "self_harm": {"suicidal-thoughts", "self-harm", "mental-health-crisis", "eating-disorder"},
    "abuse": {
        "physical-abuse", "emotional-abuse", "sexual-abuse", "neglect", "domestic-abuse",
        "relationship-abuse", "fgm", "forced-marriage", "honour-based-abuse",
    },
    "unsafe_home": {"neglect", "domestic-abuse", "running-away", "homelessness"},
    "exploitation": {
        "sexual-exploitation", "criminal-exploitation", "online-abuse", "grooming",
        "radicalisation",
    },
    "bullying": {"bullying", "peer-on-peer-abuse"},
}  # fmt: skip


@dataclass(frozen=True)
class Assessment:
    grade: Grade
    category: str = ""
    words: str = ""  # what in the message raised it, for the person who reads the alert

    @property
    def worrying(self) -> bool:
        return self.grade != "none"


NOTHING = Assessment("none")


# How likely (the classifier's probability) a message must be a disclosure to raise a
# concern; an idiom ("this homework is killing me") needs more; so sure that it is clearly
# one, an urgent alert. CONCERN_AT is where the training data's cross-validation gives
# about 3% false alarms on near misses (python -m safeguarding cross-validate;
# docs/safeguarding.md): below it, a careers question about hard things is left alone.
# URGENT_AT errs towards the URGENT email: the probability separates clear risks from
# worrying ones poorly, and a clear risk told as a mere concern waits too long (on the
# evaluation set, 0.9 left one clear risk in five non-urgent; 0.8 one in eight).
CONCERN_AT = 0.65
IDIOM_CONCERN_AT = 0.9
URGENT_AT = 0.8


# Where one part of a message ends and another begins: a disclosure told in passing is
# often one clause of a careers question ("what grades for nursing? my dad hits me btw").
CLAUSE_BREAK = re.compile(
    r"[.!?;,:\n]+|\s-+\s|\b(?:but|cos|coz|cuz|because|bc|and|so|tho|though|also|plus|btw"
    r"|anyway|tbh|like i said)\b",
    re.IGNORECASE,
)
MIN_CLAUSE_WORDS = 3


def parts_of(text: str) -> list[str]:
    """The whole message, each clause of three words or more, and each pair of clauses
    side by side: the classifier reads every one, so a careers question around a
    disclosure cannot dilute it."""
    clauses = [
        part.strip()
        for part in CLAUSE_BREAK.split(text)
        if part and len(part.split()) >= MIN_CLAUSE_WORDS
    ]
    if len(clauses) < 2:
        return [text]
    pairs = [" ".join(clauses[i : i + 2]) for i in range(len(clauses) - 1)]
    return [text, *clauses, *pairs]


_WARMING = threading.Event()  # once per process


def warm_up(background: bool = True) -> None:
    """Compile the phrases and train the classifier now (several seconds), in a thread of
    their own unless asked not to, so that the first student to write does not wait."""

    def build() -> None:
        default_phrasebook()
        known_words()
        default_model()

    if _WARMING.is_set():
        return
    _WARMING.set()
    if background:
        threading.Thread(target=build, name="safeguarding-warm-up", daemon=True).start()
    else:
        build()


def assess(text: str) -> Assessment:
    """How worried to be about ``text`` (the whole of it, however long).

    The curated phrases decide first (each is graded urgent or concern); the classifier
    catches what no phrase foresees, and can raise a phrase's concern to urgent. It reads
    the message whole and clause by clause (``parts_of``). A word with a star in it is read
    every way it can be ("b*rn": burn, born). The most worrying reading counts."""
    if not text or not text.strip():
        return NOTHING
    readings = (text, *starred_readings(text, known_words()))
    phrases = [f for f in (concern_in(t) for t in readings) if f is not None]
    parts = [part for t in readings for part in parts_of(t)]
    model = default_model()
    reading = model.read(max(parts, key=model.probability))
    if phrases:
        found = _from_phrase(min(phrases, key=lambda f: GRADES.index(f.grade)), reading)
        return _raised(found, reading)
    return _from_classifier(reading, is_idiom(text))


def _raised(found: Assessment, reading: Reading) -> Assessment:
    """A phrase's concern becomes urgent when the classifier is sure of a clear risk."""
    if found.grade == "concern" and _clear_risk(reading):
        return Assessment("urgent", found.category, found.words)
    return found


def _from_classifier(reading: Reading, idiom: bool) -> Assessment:
    if reading.probability < (IDIOM_CONCERN_AT if idiom else CONCERN_AT):
        return NOTHING
    grade: Grade = "urgent" if _clear_risk(reading) else "concern"
    return Assessment(grade, reading.category, reading.words)


def _clear_risk(reading: Reading) -> bool:
    return reading.probability >= URGENT_AT


def _from_phrase(found: Concern, reading: Reading) -> Assessment:
    family = CATEGORIES_OF_FAMILY.get(found.category)
    category = reading.category if family and reading.category in family else found.category
    return Assessment(found.grade, category, found.words)
