"""Undo the ways a message's letters get disguised, before anything tries to read it.

Children disguise hard words, sometimes to get past filters and sometimes by habit: digits
and symbols for letters ("k1ll mys3lf", "$uicide"), a ``*`` for a letter ("su*cide"),
zero-width characters, accents, look-alike letters from other alphabets ("ѕuicide" with a
Cyrillic s), and spaces or dots inside words ("s e l f h a r m", "k.i.l.l"). ``unmask``
returns plain lower-case Latin text with each of those undone; the detector and the
classifier read only what it returns.

The look-alike table is the Latin-looking lower-case letters of Unicode's confusables
list (https://www.unicode.org/Public/security/latest/confusables.txt) for the Cyrillic,
Greek and Armenian alphabets; NFKC already folds full-width and mathematical letters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

LOOKALIKES = str.maketrans(
    {
        # Cyrillic
        "а": "a", "в": "b", "е": "e", "ё": "e", "к": "k", "м": "m", "н": "h", "о": "o",
        "р": "p", "с": "c", "т": "t", "у": "y", "х": "x", "ѕ": "s", "і": "i", "ї": "i",
        "ј": "j", "һ": "h", "ԁ": "d", "ԛ": "q", "ԝ": "w", "ӏ": "l", "ɡ": "g", "ү": "y",
        "ѵ": "v", "ꙇ": "i",
        # Greek
        "α": "a", "β": "b", "ε": "e", "η": "n", "ι": "i", "κ": "k", "ν": "v", "ο": "o",
        "ρ": "p", "τ": "t", "υ": "u", "χ": "x", "γ": "y", "ϲ": "c", "ϳ": "j", "ω": "w",
        # Armenian
        "ա": "w", "հ": "h", "ո": "n", "ս": "u", "օ": "o", "ց": "g", "զ": "q",
        # Latin letters that look like others
        "ı": "i", "ł": "l", "ø": "o", "đ": "d", "ß": "ss", "æ": "ae", "œ": "oe",
    }
)  # fmt: skip
# Digits and symbols used for letters, inside a word that also has letters; the first
# reading is the usual one, the others are tried when the first is not a known word.
LEET = {
    "0": "o", "1": "il", "3": "e", "4": "a", "5": "s", "7": "t",
    "@": "a", "$": "s", "!": "il", "|": "li",
}  # fmt: skip
TOKEN = re.compile(r"\S+")
EDGE_PUNCTUATION = ".,?;:'\"()!"
# "19yo", "9s", "2nd", "100m", "4ever": numbers with a short ending stay as they are.
NUMBER_WITH_ENDING = re.compile(r"[0-9]+[a-z]{0,5}")
SINGLE_LETTERS = re.compile(r"(?<![a-z])(?:[a-z][ .\-_]+){2,}[a-z](?![a-z])")
MAX_READINGS = 64


def unmask(text: str, vocabulary: Vocabulary | Iterable[str] = ()) -> str:
    """Plain lower-case Latin letters for the disguised ones in ``text``.

    ``vocabulary`` (the words the detector knows) chooses between readings ("se1f" is
    "self", "k1ll" is "kill"), fills a ``*`` and splits letters that were spaced out
    ("k i l l m y s e l f" -> "kill myself").
    """
    words = vocabulary if isinstance(vocabulary, Vocabulary) else Vocabulary(vocabulary)
    text = TOKEN.sub(lambda m: _unmasked_token(m.group(), words), _plain_letters(text))
    return SINGLE_LETTERS.sub(lambda m: words.split(re.sub(r"[^a-z]", "", m.group())), text)


def _plain_letters(text: str) -> str:
    """NFKC, no format characters (zero-width), no accents, look-alikes made Latin."""
    text = unicodedata.normalize("NFKC", text)
    text = "".join(c for c in text if unicodedata.category(c) != "Cf")
    decomposed = unicodedata.normalize("NFD", text.lower())
    text = "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    return unicodedata.normalize("NFC", text).translate(LOOKALIKES)


def _unmasked_token(token: str, words: Vocabulary) -> str:
    """One whitespace-separated token with its leet letters and stars read."""
    core = token.strip(EDGE_PUNCTUATION)
    if not core or not any(c.isalpha() for c in core) or NUMBER_WITH_ENDING.fullmatch(core):
        return token
    if not any(c in LEET or c == "*" for c in core):
        return token
    start = token.index(core)
    return token[:start] + words.read(core) + token[start + len(core) :]


class Vocabulary:
    """Known words, to fill a starred letter and to split run-together letters."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = {w for w in words if w.isalpha()} | set("abcdefghijklmnopqrstuvwxyz")
        self.longest = max((len(w) for w in self.words), default=0)

    def read(self, core: str) -> str:
        """The known word a disguised word stands for, or its usual reading."""
        readings = [""]
        for char in core:
            options = LEET.get(char, char)
            readings = [r + o for r in readings for o in options][:MAX_READINGS]
        known = [r for r in readings if r.replace("*", "") and self.knows(r)]
        chosen = known[0] if known else readings[0]
        return self.fill(chosen) if "*" in chosen else chosen

    def knows(self, reading: str) -> bool:
        if "*" not in reading:
            return reading in self.words
        return self.fill(reading) != reading.replace("*", "")

    def fill(self, starred: str) -> str:
        """The known word a starred word stands for ("su*cide" -> "suicide"), if one fits."""
        if not starred.strip("*"):
            return starred
        pattern = re.compile(starred.replace("*", "[a-z]{0,2}"))
        fits = sorted(w for w in self.words if pattern.fullmatch(w))
        return min(fits, key=len) if fits else starred.replace("*", "")

    def split(self, letters: str) -> str:
        """Known words that make up ``letters`` ("killmyself" -> "kill myself"), fewest
        first; the letters as one word when they cannot all be covered."""
        best: list[list[str] | None] = [[]] + [None] * len(letters)
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - self.longest), end):
                head = best[start]
                if head is not None and letters[start:end] in self.words:
                    candidate = [*head, letters[start:end]]
                    if best[end] is None or len(candidate) < len(best[end] or []):
                        best[end] = candidate
        found = best[len(letters)]
        return " ".join(found) if found else letters
