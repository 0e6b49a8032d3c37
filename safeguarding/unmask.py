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
    return SINGLE_LETTERS.sub(lambda m: _joined(m.group(), words), text)


def _joined(run: str, words: Vocabulary) -> str:
    """Letters spaced out or dotted ("k i l l m e", "k.i.l.l m.e") as words. Where dots
    join letters and spaces part them, the spaces are the word breaks."""
    if re.search(r"[.\-_]", run) and " " in run:
        return " ".join(re.sub(r"[^a-z]", "", part) for part in run.split())
    return words.split(re.sub(r"[^a-z]", "", run))


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

    def fills(self, starred: str) -> list[str]:
        """Every known word a starred word may stand for, shortest first; failing those,
        the star read as each vowel ("f*rces" -> "forces")."""
        if not starred.strip("*"):
            return []
        pattern = re.compile(starred.replace("*", "[a-z]{0,2}"))
        known = sorted((w for w in self.words if pattern.fullmatch(w)), key=lambda w: (len(w), w))
        return known or [starred.replace("*", vowel) for vowel in VOWELS]

    def fill(self, starred: str) -> str:
        """The known word a starred word stands for ("su*cide" -> "suicide"), if one fits."""
        fits = self.fills(starred)
        return fits[0] if fits else starred.replace("*", "")

    def split(self, letters: str) -> str:
        """The cheapest reading of run-together letters as words ("killmyself" -> "kill
        myself"): a known word costs 1, a lone letter far more, and an unknown stretch
        (a word we do not know, like "lighter") more than a known word but less than
        spelling it out letter by letter."""
        cost: list[float] = [0.0] + [float("inf")] * len(letters)
        back = [0] * (len(letters) + 1)
        for end in range(1, len(letters) + 1):
            for start in range(max(0, end - max(self.longest, UNKNOWN_LONGEST)), end):
                piece_cost = cost[start] + self._cost(letters[start:end])
                if piece_cost < cost[end]:
                    cost[end], back[end] = piece_cost, start
        pieces, end = [], len(letters)
        while end:
            pieces.append(letters[back[end] : end])
            end = back[end]
        return " ".join(reversed(pieces))

    def _cost(self, piece: str) -> float:
        if piece in self.words:
            return 1.0 if len(piece) > 1 else 1.5 if piece in "ai" else 6.0
        return 3.0 + 0.5 * len(piece) if len(piece) <= UNKNOWN_LONGEST else float("inf")


UNKNOWN_LONGEST = 12
VOWELS = "aeiou"


STARRED_WORD = re.compile(r"[a-z]*\*[a-z*]*")


def starred_readings(text: str, vocabulary: Vocabulary, limit: int = 10) -> list[str]:
    """The text with each starred word read every way the vocabulary allows ("b*rn" may be
    "burn" or "born"), up to ``limit`` readings; [] when nothing is starred."""
    plain = _plain_letters(text)
    starred = [m for m in STARRED_WORD.finditer(plain) if m.group().strip("*")]
    if not starred:
        return []
    readings = [plain]
    for match in reversed(starred):
        options = vocabulary.fills(match.group())[:5] or [match.group().replace("*", "")]
        readings = [
            r[: match.start()] + option + r[match.end() :] for r in readings for option in options
        ][:limit]
    return readings
