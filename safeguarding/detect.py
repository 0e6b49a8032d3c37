"""Spot messages suggesting a young person may be at risk.

The phrases live in ``phrases.yaml`` next to this module (its header documents the
pattern syntax). Each pattern becomes one regular expression, compiled once, and is
matched against a normalised copy of the message, so "I don't wanna be here anymore 😢"
and "i do not want to be here anymore" look the same.

Recall comes first: a false alarm costs a kind message, a miss costs far more.
Pure Python (``re`` and PyYAML) so it runs in the Rasa NLU pipeline and the action server.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from safeguarding.unmask import Vocabulary, unmask

PHRASES_FILE = Path(__file__).with_name("phrases.yaml")
TRAINING_DIR = Path(__file__).with_name("training")
# Everyday words, so that spaced-out letters split into words ("t h i s g u y").
COMMON_WORDS = frozenset(
    """a about after again all also always am an and any are as ask asked asking at away
    back be because been before being but by can come comes coming could day days did do
    does doing done down each even ever every for from get gets getting give go goes going
    gone got had has have he her here him his home how i if in into is it just keep keeps
    kept know last let like look make makes me more my never new no not now of off on once
    one only or other our out over people please really right said say says see she so
    some still stop stuff such take tell than that the their them then there they thing
    things think this those through time to told too try up us very want was way we well
    went were what when where which while who why will with would yeah yes you your""".split()  # noqa: SIM905
)

# Teen spellings, typos and Geordie, word by word, to the plain words the patterns use.
WORD_SWAPS = {
    "u": "you", "ya": "you", "yous": "you", "youse": "you", "ur": "your", "urself": "yourself",
    "r": "are", "n": "and", "2": "to", "4": "for", "ppl": "people", "pple": "people",
    "im": "i am", "ive": "i have", "dont": "do not", "dnt": "do not", "doesnt": "does not",
    "didnt": "did not", "cant": "cannot", "cnt": "cannot", "wont": "will not",
    "isnt": "is not", "arent": "are not", "wasnt": "was not", "werent": "were not",
    "havent": "have not", "hasnt": "has not", "hadnt": "had not", "aint": "is not",
    "couldnt": "could not", "wouldnt": "would not", "shouldnt": "should not",
    "hes": "he is", "hed": "he would", "shes": "she is", "theyre": "they are",
    "theyd": "they would", "theyll": "they will", "youre": "you are", "theres": "there is",
    "whats": "what is", "thats": "that is", "its": "it is", "itll": "it will",
    "wat": "what", "wot": "what",
    "wanna": "want to", "wana": "want to", "wnt": "want", "gonna": "going to",
    "gona": "going to", "gunna": "going to", "finna": "going to", "gotta": "got to",
    "tryna": "trying to", "kms": "kill myself", "kys": "kill yourself",
    "unalive": "kill", "unalives": "kills", "unalived": "killed", "unaliving": "killing",
    "cos": "because", "coz": "because", "cuz": "because", "cus": "because", "bc": "because",
    "becoz": "because", "becuz": "because", "bcoz": "because", "bcos": "because",
    "every1": "everyone", "evry1": "everyone", "evryone": "everyone", "eveyone": "everyone",
    "sum1": "someone", "some1": "someone", "sumone": "someone", "no1": "no one",
    "noone": "no one", "any1": "anyone", "skl": "school", "skool": "school", "scool": "school",
    "scard": "scared", "scaed": "scared", "skared": "scared", "hme": "home",
    "divvent": "do not", "divvint": "do not", "divint": "do not", "canna": "cannot",
    "cannit": "cannot", "gan": "go", "gans": "goes", "gannin": "going", "ganin": "going",
    "hyem": "home", "yem": "home", "hame": "home", "nowt": "nothing", "owt": "anything",
    "summat": "something", "nee": "no", "h8": "hate", "h8s": "hates", "h8ed": "hated",
    "aa": "i", "aam": "i am", "aave": "i have", "aad": "i would", "aall": "i will",
    "doon": "down", "oot": "out", "neet": "night", "wor": "our", "polis": "police",
    "hoyed": "threw", "hoy": "throw", "hoys": "throws", "telt": "told", "knaa": "know",
    "naebody": "nobody", "neebody": "nobody", "naeone": "no one", "neeone": "no one",
    "tae": "to", "wi": "with", "aal": "all", "gadgie": "man", "scran": "food",
    "clammin": "starving", "bairn": "child", "bairns": "children", "yersel": "yourself",
    "mesel": "myself", "meself": "myself", "hyemm": "home",
    "selfharm": "self harm", "selfharming": "self harming",
    "selfharmed": "self harmed", "foodbank": "food bank",
}  # fmt: skip
# Swaps that span or split words, applied to the whole text first.
PHRASE_SWAPS = (
    (re.compile(r"\bsewer ?slide\b"), "suicide"),
    (re.compile(r"\bany ?mor\b"), "anymore"),
    # A pronoun declaration, "(he/him)", says nothing about risk; its words would.
    (re.compile(r"\b(?:he|she|they|xe|ze) (?:him|her|them|his|hers|theirs|xem|zir)\b"), ""),
    (re.compile(r"\bthe neet\b"), "tonight"),
    (re.compile(r"\bthe morn\b"), "tomorrow"),
)
CURLY_QUOTES = str.maketrans({"‘": "'", "’": "'", "ʼ": "'", "`": "'", "´": "'", "“": '"', "”": '"'})
APOSTROPHE = re.compile(r"'")
NOT_WORD = re.compile(r"[^a-z0-9]+")
REPEATED_LETTER = re.compile(r"([a-z])\1{2,}")

# The pattern language (see the header of phrases.yaml).
PATTERN_TOKEN = re.compile(r"\.\.\.|\{[a-z_]+\}|[()|^$]|[^\s(){}|^$]+")
PATTERN_WORD = re.compile(r"[a-z0-9']+\*?")
GLUED_SLOT = re.compile(r"\}[a-z0-9'*.]|[a-z0-9'*.]\{")
ANY_FEW_WORDS = r"(?:[a-z0-9]+ ){0,3}"
NUMBER = r"[0-9]+[a-z]{0,2} "  # also "9s", "19yo", "100m"
BLANK = "# "
GRADES = ("urgent", "concern")


@dataclass(frozen=True)
class Concern:
    """What worried us: the category, the pattern (as written in phrases.yaml), its grade
    and the words of the (normalised) message it matched."""

    category: str
    phrase: str
    grade: str = "urgent"
    words: str = ""


class PhraseFileError(ValueError):
    """phrases.yaml (or a file in its format) is malformed."""


@dataclass(frozen=True)
class Category:
    """One concern category, its compiled patterns and the idioms that veto them."""

    name: str
    patterns: tuple[tuple[str, re.Pattern[str]], ...]
    near_misses: tuple[re.Pattern[str], ...]
    # Patterns that mean something worrying but unclear: a "concern", not "urgent".
    concern_patterns: tuple[tuple[str, re.Pattern[str]], ...] = ()

    def matching(self, message: str, grade: str) -> Concern | None:
        """The first pattern of ``grade`` in the padded message, once this category's near
        misses are blanked."""
        text = blank_out(message, self.near_misses)
        patterns = self.patterns if grade == "urgent" else self.concern_patterns
        for phrase, regex in patterns:
            found = regex.search(text)
            if found:
                return Concern(self.name, phrase, grade, found.group().strip())
        return None


@dataclass(frozen=True)
class PhraseBook:
    """Every category, most urgent first, and the near misses shared by all of them."""

    categories: tuple[Category, ...]
    shared_near_misses: tuple[re.Pattern[str], ...]


# --- Normalising a message -----------------------------------------------------------


@lru_cache(maxsize=1)
def known_words() -> Vocabulary:
    """Every word the phrases and swaps use: what a disguised word may stand for."""
    words = set(re.findall(r"[a-z]{2,}", PHRASES_FILE.read_text(encoding="utf-8")))
    words |= COMMON_WORDS
    for folder in TRAINING_DIR.glob("*/"):
        for path in folder.glob("*.yaml"):
            words |= set(re.findall(r"[a-z]{2,}", path.read_text(encoding="utf-8").lower()))
    for key, value in WORD_SWAPS.items():
        words.add(key)
        words.update(value.split())
    return Vocabulary(words)


def normalise(text: str) -> str:
    """Lower case, no apostrophes, punctuation or emoji, disguised letters read (see
    unmask.py), teen spellings made plain."""
    text = unmask(text.translate(CURLY_QUOTES), known_words())
    text = APOSTROPHE.sub("", text)
    text = NOT_WORD.sub(" ", text)
    text = REPEATED_LETTER.sub(r"\1\1", text)
    for regex, replacement in PHRASE_SWAPS:
        text = regex.sub(replacement, text)
    return " ".join(WORD_SWAPS.get(word, word) for word in text.split())


def padded(text: str) -> str:
    """The normalised text with a space either side, so every word is space-bounded."""
    return f" {normalise(text)} "


def blank_out(text: str, near_misses: tuple[re.Pattern[str], ...]) -> str:
    """Replace the words each near miss covers with a marker no pattern can match across."""
    for regex in near_misses:
        text = regex.sub(BLANK, text)
    return text


# --- Compiling patterns ----------------------------------------------------------------


class PatternError(ValueError):
    """A pattern that does not follow the syntax in phrases.yaml."""


class PatternCompiler:
    """Turns readable patterns into regular expressions, expanding {slots}."""

    def __init__(self, slots: dict[str, list[str]]) -> None:
        self.slots = slots
        self.slot_regexes: dict[str, str] = {"number": NUMBER}
        self.expanding: set[str] = set()

    def compile(self, pattern: str) -> re.Pattern[str]:
        """A regex matching the pattern's words, each followed by a space, in a padded text."""
        regex = re.compile("(?<= )" + self.body(pattern))
        if regex.search(" "):
            raise PatternError(f"pattern {pattern!r} would match an empty message")
        return regex

    def body(self, pattern: str) -> str:
        """The regex for a whole pattern, which may have top-level alternatives."""
        tokens = tokenise(pattern)
        if not tokens:
            raise PatternError("empty pattern")
        alternatives, position = self.alternatives(tokens, 0)
        if position != len(tokens):
            raise PatternError(f"unmatched ')' in {pattern!r}")
        return group(alternatives)

    def alternatives(self, tokens: list[str], position: int) -> tuple[list[str], int]:
        """Sequences separated by '|', up to a ')' or the end; returns where it stopped."""
        found = []
        while True:
            sequence, position = self.sequence(tokens, position)
            found.append(sequence)
            if position == len(tokens) or tokens[position] == ")":
                return found, position
            position += 1  # past the "|"

    def sequence(self, tokens: list[str], position: int) -> tuple[str, int]:
        """Consecutive elements up to a '|', a ')' or the end."""
        parts = []
        while position < len(tokens) and tokens[position] not in ("|", ")"):
            if tokens[position] == "(":
                alternatives, position = self.alternatives(tokens, position + 1)
                if position == len(tokens):
                    raise PatternError(f"unclosed '(' in {' '.join(tokens)!r}")
                parts.append(group(alternatives))
            else:
                parts.append(self.element(tokens[position]))
            position += 1
        return "".join(parts), position

    def element(self, token: str) -> str:
        """The regex for one word, wildcard, slot or anchor."""
        if token == "...":
            return ANY_FEW_WORDS
        if token == "^":
            return r"(?<=\A )"
        if token == "$":
            return r"\Z"
        if token.startswith("{"):
            return self.slot(token[1:-1])
        return word_regex(token)

    def slot(self, name: str) -> str:
        """The regex for a {slot}: any of its phrases (compiled once, and never in a loop)."""
        if name in self.slot_regexes:
            return self.slot_regexes[name]
        if name not in self.slots:
            raise PatternError(f"unknown slot {{{name}}}")
        if name in self.expanding:
            raise PatternError(f"slot {{{name}}} refers to itself")
        self.expanding.add(name)
        regex = group([self.body(phrase) for phrase in self.slots[name]])
        self.expanding.discard(name)
        self.slot_regexes[name] = regex
        return regex


def tokenise(pattern: str) -> list[str]:
    """Split a pattern into words, '...', {slots}, brackets, bars and anchors."""
    tokens = PATTERN_TOKEN.findall(pattern)
    if "".join(tokens) != "".join(pattern.split()):
        raise PatternError(f"stray '{{' or '}}' in {pattern!r}")
    if GLUED_SLOT.search(pattern):
        raise PatternError(f"a {{slot}} must be a word of its own in {pattern!r}")
    return tokens


def word_regex(token: str) -> str:
    """A literal word (normalised like the message) or a 'stem*' matching longer words."""
    if not PATTERN_WORD.fullmatch(token):
        raise PatternError(f"{token!r} is not a lower-case word (letters, digits, optional *)")
    if token.endswith("*"):
        return re.escape(token[:-1].replace("'", "")) + "[a-z0-9]* "
    words = normalise(token).split()
    if not words:
        raise PatternError(f"{token!r} has no letters or digits")
    return "".join(re.escape(word) + " " for word in words)


def group(alternatives: list[str]) -> str:
    """A non-capturing group of alternatives (an empty one makes the group optional)."""
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


# --- Loading phrases.yaml --------------------------------------------------------------


def load_phrasebook(path: Path) -> PhraseBook:
    """Read and compile a phrases file; a PhraseFileError names the file and the culprit."""
    data = read_mapping(path)
    compiler = PatternCompiler(slots_in(data, path))
    categories = tuple(
        category_from(name, body, compiler, path)
        for name, body in mapping_at(data, "categories", path).items()
    )
    if not categories:
        raise PhraseFileError(f"{path}: 'categories' is empty")
    shared = compile_all(
        strings_at(data, "shared_near_misses", path, "'shared_near_misses'", required=False),
        compiler,
        path,
        "shared_near_misses",
    )
    return PhraseBook(categories, shared)


def read_mapping(path: Path) -> dict[str, Any]:
    """The YAML file's top-level mapping."""
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as error:
        raise PhraseFileError(f"{path}: cannot read phrases: {error}") from error
    if not isinstance(data, dict):
        raise PhraseFileError(f"{path}: expected a mapping with 'slots' and 'categories'")
    return data


def mapping_at(data: dict[str, Any], key: str, path: Path) -> dict[str, Any]:
    """A mapping that must be present under key."""
    value = data.get(key)
    if not isinstance(value, dict):
        raise PhraseFileError(f"{path}: '{key}' must be a mapping, not {kind(value)}")
    return value


def strings_at(
    data: dict[str, Any], key: str, path: Path, where: str, required: bool = True
) -> list[str]:
    """A list of strings under key; `where` says whose list it is in the error."""
    value = data.get(key, None if required else [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise PhraseFileError(
            f"{path}: {where}: '{key}' must be a list of strings (quote patterns that start "
            f"with {{ or *), not {kind(value)}"
        )
    return value


def slots_in(data: dict[str, Any], path: Path) -> dict[str, list[str]]:
    """The {slot} definitions: each name with its list of phrases."""
    slots = data.get("slots", {})
    if not isinstance(slots, dict):
        raise PhraseFileError(f"{path}: 'slots' must be a mapping, not {kind(slots)}")
    return {name: strings_at(slots, name, path, f"slot '{name}'") for name in slots}


def category_from(name: str, body: Any, compiler: PatternCompiler, path: Path) -> Category:
    """One category: a mapping with 'patterns' (urgent) or 'concern_patterns' or both, and
    a 'near_misses' list."""
    where = f"category '{name}'"
    if not isinstance(body, dict):
        raise PhraseFileError(
            f"{path}: {where} must be a mapping with 'patterns' or 'concern_patterns' and "
            f"'near_misses' lists, "
            f"not {kind(body)}"
        )
    concerns = strings_at(body, "concern_patterns", path, where, required=False)
    patterns = strings_at(body, "patterns", path, where, required=not concerns)
    if not patterns and not concerns:
        raise PhraseFileError(f"{path}: {where} has no patterns")
    near_misses = strings_at(body, "near_misses", path, where)
    return Category(
        name,
        tuple(zip(patterns, compile_all(patterns, compiler, path, where), strict=True)),
        compile_all(near_misses, compiler, path, f"{where} near_misses"),
        tuple(zip(concerns, compile_all(concerns, compiler, path, where), strict=True)),
    )


def compile_all(
    patterns: list[str], compiler: PatternCompiler, path: Path, where: str
) -> tuple[re.Pattern[str], ...]:
    """Compile each pattern, naming the file, the place and the pattern on failure."""
    compiled = []
    for pattern in patterns:
        try:
            compiled.append(compiler.compile(pattern))
        except (PatternError, re.error) as error:
            raise PhraseFileError(f"{path}: {where}: pattern {pattern!r}: {error}") from error
    return tuple(compiled)


def kind(value: Any) -> str:
    """A value's YAML-ish type name, for error messages."""
    return "nothing" if value is None else type(value).__name__


# --- Detecting ---------------------------------------------------------------------------


@lru_cache(maxsize=1)
def default_phrasebook() -> PhraseBook:
    """The packaged phrases, loaded and compiled on first use."""
    return load_phrasebook(PHRASES_FILE)


def concern_in(text: str, phrasebook: PhraseBook | None = None) -> Concern | None:
    """The most urgent concern the message suggests (urgent patterns of every category
    before any concern pattern), or None if nothing worrying."""
    if not text or not text.strip():
        return None
    book = phrasebook or default_phrasebook()
    message = blank_out(padded(text), book.shared_near_misses)
    for grade in GRADES:
        for category in book.categories:
            found = category.matching(message, grade)
            if found is not None:
                return found
    return None


def is_idiom(text: str, phrasebook: PhraseBook | None = None) -> bool:
    """Whether the message holds one of the listed idioms ("this homework is killing me"):
    then only the phrase list, not a guess, may call it a disclosure."""
    book = phrasebook or default_phrasebook()
    message = padded(text)
    vetoes = [*book.shared_near_misses, *(r for c in book.categories for r in c.near_misses)]
    return any(regex.search(message) for regex in vetoes)
