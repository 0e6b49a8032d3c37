"""How worried to be about a message: the one question every part of the product asks.

``assess`` returns a grade (``urgent``: clear risk of harm; ``concern``: worrying but
unclear; ``none``), the kind of harm (safeguarding/categories.py) and the words that
raised it. The bot's NLU gate, its safeguarding action and the web service's safety net
(during a live adviser chat, or when the bot is down) all call it, so they always agree.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from safeguarding.detect import GRADES, Concern, concern_in, known_words
from safeguarding.unmask import starred_readings

Grade = Literal["urgent", "concern", "none"]
# The phrase list's older, broader families, read as the categories schools use.
CATEGORY_OF_FAMILY = {
    "self_harm": "suicidal-thoughts",
    "abuse": "physical-abuse",
    "unsafe_home": "neglect",
    "exploitation": "sexual-exploitation",
    "bullying": "bullying",
}


@dataclass(frozen=True)
class Assessment:
    grade: Grade
    category: str = ""
    words: str = ""  # what in the message raised it, for the person who reads the alert

    @property
    def worrying(self) -> bool:
        return self.grade != "none"


NOTHING = Assessment("none")


def assess(text: str) -> Assessment:
    """How worried to be about ``text`` (the whole of it, however long). A word with a
    star in it is read every way it can be ("b*rn": burn, born), and the most worrying
    reading counts."""
    found = [concern_in(t) for t in (text, *starred_readings(text, known_words()))]
    phrases = [f for f in found if f is not None]
    if not phrases:
        return NOTHING
    return _from_phrase(min(phrases, key=lambda f: GRADES.index(f.grade)))


def _from_phrase(found: Concern) -> Assessment:
    category = CATEGORY_OF_FAMILY.get(found.category, found.category)
    return Assessment(found.grade, category, found.words)
