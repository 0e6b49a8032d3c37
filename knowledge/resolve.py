"""Resolve free text to knowledge records, tolerant of how young people write.

Built on ``spacy.blank("en")``: a small component sets each token's NORM to a lower-case,
singular form, and two PhraseMatchers hold every record's names from the knowledge base
(titles, slug words, aliases): one on NORM (case and plurals do not matter) and one on
the exact text for names that are also everyday words ("IT"). Words the matchers miss are
compared with the names by spelling and by a rough sound key, so "electrishun" still
finds the electrician.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path

import spacy
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from knowledge.query import KnowledgeBase, RecordRef

EXACT = 1.0
PARTIAL = 0.5
PARTIAL_BEST = 0.74  # a partial match never counts as naming a record outright
PARTIAL_MAX_OWNERS = 12
PARTIAL_KINDS = {"sector", "occupation", "programme"}
# Words too general to point at a record on their own, though they appear inside names.
GENERAL_WORDS = {
    "job", "work", "worker", "career", "good", "guidance", "course", "industry", "sector",
    "service", "people", "young", "local", "north", "east", "level", "school", "area",
    "general", "team", "assistant", "support", "operative", "technician", "manager",
    "train", "training", "learn", "study", "money", "pay", "salary", "company", "companies",
    "business", "firm", "year", "years", "website", "online", "thing", "things", "place",
    "places", "near", "someone", "somebody", "person", "want", "like", "really", "help",
    "helping", "helps", "college", "colleges", "university", "uni", "adult", "adults",
    "need", "needs", "needed", "employer", "employers", "subject", "subjects", "grade",
    "grades", "instead", "other", "others", "option", "options", "kind", "sort",
}
SOUND_NEEDS_SPELLING = 0.6  # a sound-alike counts only for a word spelt roughly alike
LENGTH_SLACK = 0.35
FUZZY_THRESHOLD = 0.84
FUZZY_OVER_EXACT_THRESHOLD = 0.9  # a misspelt longer name must be closer to beat an exact one
FUZZY_MIN_LETTERS = 5
CONTENT_MIN_LETTERS = 4
CANDIDATES_PER_WORD = 25
MAX_FUZZY_WORDS = 3
# Text-speak that stands for a word inside names ("hair n beauty").
TEXT_SPEAK = {
    "n": "and", "&": "and", "+": "and", "4": "for", "wiv": "with", "u": "you", "r": "are",
    "ur": "your", "2": "to",
}

SOUND_RULES = [
    (r"(tion|sion|cian|shun|shon|shan)", "shn"),
    (r"ph", "f"),
    (r"ck", "k"),
    (r"qu", "kw"),
    (r"c(?=[eiy])", "s"),
    (r"c", "k"),
    (r"x", "ks"),
    (r"z", "s"),
    (r"(.)\1+", r"\1"),
]


EVERYDAY_WORDS = Path(__file__).with_name("everyday_words.txt")
# Debian's British English word list (package wbritish, installed by ops/setup.sh): when
# present, every real word of five letters or more is protected too.
DICTIONARY = Path("/usr/share/dict/british-english")


@lru_cache(maxsize=1)
def everyday_words() -> frozenset[str]:
    """Real English words: the project's own list, and the system dictionary if there is one."""
    words = {
        line.strip() for line in EVERYDAY_WORDS.read_text().splitlines() if line[:1].isalpha()
    }
    if DICTIONARY.exists():
        words |= {
            w.strip() for w in DICTIONARY.read_text(errors="ignore").splitlines()
            if len(w.strip()) >= FUZZY_MIN_LETTERS and w.strip().isalpha() and w.strip().islower()
        }
    return frozenset(words)


@dataclass(frozen=True)
class Match:
    """A record the text refers to, how sure we are (0 to 1), and the words that matched."""

    ref: RecordRef
    confidence: float
    text: str
    how: str


def singular(word: str) -> str:
    """A rough singular, applied alike to names and messages, so only consistency matters."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("sses"):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def stem(word: str) -> str:
    """"engineering" and "engineer" share a stem; used only for words within names."""
    for ending in ("ing", "er", "ist", "ian"):
        if len(word) > len(ending) + 3 and word.endswith(ending):
            return stem(word[: -len(ending)])
    return word


def sound_key(word: str) -> str:
    """A rough key of how a word sounds: spelling slips that sound alike share a key."""
    key = word.lower()
    for pattern, replacement in SOUND_RULES:
        key = re.sub(pattern, replacement, key)
    return key[:1] + re.sub(r"[aeiouy]", "", key[1:])


@Language.component("careers_normaliser")
def careers_normaliser(doc: Doc) -> Doc:
    for token in doc:
        word = token.lower_.replace("’", "'")
        token.norm_ = TEXT_SPEAK.get(word) or singular(word)
    return doc


def make_nlp() -> Language:
    nlp = spacy.blank("en")
    nlp.add_pipe("careers_normaliser")
    return nlp


def similarity(a: str, b: str) -> float:
    """How alike two names are, by spelling or, for words spelt roughly alike, by sound."""
    if abs(len(a) - len(b)) > max(2, LENGTH_SLACK * max(len(a), len(b))):
        return 0.0
    spelled = SequenceMatcher(None, a, b).ratio()
    if spelled < SOUND_NEEDS_SPELLING:
        return spelled
    return max(spelled, SequenceMatcher(None, sound_key(a), sound_key(b)).ratio())


def trigrams(word: str) -> set[str]:
    padded = f"^{word}$"
    return {padded[i : i + 3] for i in range(len(padded) - 2)}


class Resolver:
    """Build once per process from the knowledge base's names; resolve() is fast after."""

    def __init__(
        self,
        names: Iterable[tuple[RecordRef, list[str]]],
        kinds: Iterable[str] | None = None,
        known_words: Iterable[str] = (),
    ):
        wanted = set(kinds) if kinds else None
        # Real words (from the records' own text): never read as a misspelt name.
        self.known_words = frozenset(known_words)
        self.nlp = make_nlp()
        self.by_norm = PhraseMatcher(self.nlp.vocab, attr="NORM")
        self.by_text = PhraseMatcher(self.nlp.vocab, attr="ORTH")
        self.owners: dict[str, set[RecordRef]] = {}
        self.fuzzy_owners: dict[str, set[RecordRef]] = {}
        self.fuzzy_index: dict[str, set[str]] = {}
        self.word_owners: dict[str, set[RecordRef]] = {}
        for ref, aliases in names:
            if wanted and ref.kind not in wanted:
                continue
            for name in {ref.title, ref.slug.replace("-", " "), *aliases}:
                self._add_name(ref, name)

    @classmethod
    def from_kb(cls, kb: KnowledgeBase, kinds: Iterable[str] | None = None) -> Resolver:
        """A resolver for the knowledge base's names (of only ``kinds``, if given); the
        words of its prose and everyday English are never read as misspelt names."""
        return cls(kb.names(), kinds, kb.prose_words() | everyday_words())

    def _add_name(self, ref: RecordRef, name: str) -> None:
        doc = self.nlp(name)
        if not len(doc):
            return
        everyday = len(doc) == 1 and doc[0].lower_ in STOP_WORDS
        key = ("text:" + doc.text) if everyday else ("norm:" + " ".join(t.norm_ for t in doc))
        if key not in self.owners:
            matcher = self.by_text if everyday else self.by_norm
            matcher.add(key, [doc])
        self.owners.setdefault(key, set()).add(ref)
        if not everyday and len(doc) <= MAX_FUZZY_WORDS:
            self._index_fuzzy(" ".join(t.norm_ for t in doc), ref)
        if len(doc) > 1 and ref.kind in PARTIAL_KINDS:
            for token in doc:
                if _is_content_word(token.lower_) and token.norm_ not in GENERAL_WORDS:
                    self.word_owners.setdefault(stem(token.norm_), set()).add(ref)

    def _index_fuzzy(self, form: str, ref: RecordRef) -> None:
        if len(form.replace(" ", "")) < FUZZY_MIN_LETTERS:
            return
        self.fuzzy_owners.setdefault(form, set()).add(ref)
        for gram in trigrams(form) | trigrams(sound_key(form)):
            self.fuzzy_index.setdefault(gram, set()).add(form)

    def resolve(
        self, text: str, kinds: Iterable[str] | None = None, limit: int = 5
    ) -> list[Match]:
        """Records the text refers to, best first."""
        doc = self.nlp(text[:1000])
        spans = self._exact_spans(doc)
        fuzzy = self._fuzzy_spans(doc, spans)
        spans = [s for s in spans if not any(_inside(s, f) for f, _, _ in fuzzy)]
        found = [
            Match(ref, EXACT, span.text, "exact")
            for span in spans
            for ref in self.owners[span.label_]
        ]
        found += [
            Match(ref, round(0.9 * score, 3), span.text, "fuzzy")
            for span, form, score in fuzzy
            for ref in self.fuzzy_owners[form]
        ]
        matched = spans + [span for span, _, _ in fuzzy]
        covered = {i for span in matched for i in range(span.start, span.end)}
        found += self._partial(doc, covered)
        return _best_first(found, set(kinds) if kinds else None, limit)

    def _partial(self, doc: Doc, covered: set[int]) -> list[Match]:
        """Words found inside several names ("engineering"): candidates, not an answer. A
        record whose names hold more of the message's words fits better ("build houses"
        fits a bricklayer better than the whole construction sector)."""
        words_of: dict[RecordRef, list[str]] = {}
        for token in doc:
            if token.i in covered or not _is_content_word(token.lower_):
                continue
            if token.norm_ in GENERAL_WORDS:
                continue
            owners = self.word_owners.get(stem(token.norm_), set())
            if len(owners) <= PARTIAL_MAX_OWNERS:
                for ref in owners:
                    words_of.setdefault(ref, []).append(token.text)
        return [
            Match(ref, _partial_fit(words), " ".join(words), "partial")
            for ref, words in words_of.items()
        ]

    def _exact_spans(self, doc: Doc) -> list[Span]:
        spans = [
            Span(doc, start, end, label=match_id)
            for matcher in (self.by_norm, self.by_text)
            for match_id, start, end in matcher(doc)
        ]
        return filter_spans(spans)

    def _fuzzy_spans(self, doc: Doc, exact: list[Span]) -> list[tuple[Span, str, float]]:
        """Misspelt names: runs of up to three words close to a name, longest first.

        A single word is tried only where no exact name matched. A run of words may
        cover shorter exact matches ("vetinary nurse" covers "nurse"), and then wins.
        """
        found: list[tuple[Span, str, float]] = []
        taken: set[int] = set()
        for size in range(MAX_FUZZY_WORDS, 0, -1):
            for start in range(len(doc) - size + 1):
                span = doc[start : start + size]
                if taken & set(range(span.start, span.end)) or not _worth_trying(span, exact):
                    continue
                if all(t.lower_ in self.known_words or t.norm_ in self.known_words for t in span):
                    continue  # real words, spelt right: not a misspelt name
                form, score = self._closest(" ".join(t.norm_ for t in span))
                covered = [e for e in exact if _inside(e, span)]
                bar = FUZZY_OVER_EXACT_THRESHOLD if covered else FUZZY_THRESHOLD
                if form and score >= bar and _agrees(span, covered, form):
                    found.append((span, form, score))
                    taken |= set(range(span.start, span.end))
        return found

    def _closest(self, query: str) -> tuple[str | None, float]:
        counts = Counter(
            form
            for gram in trigrams(query) | trigrams(sound_key(query))
            for form in self.fuzzy_index.get(gram, ())
        )
        best, best_score = None, 0.0
        for form, _ in counts.most_common(CANDIDATES_PER_WORD):
            score = similarity(query, form)
            if score > best_score:
                best, best_score = form, score
        return best, best_score


def _partial_fit(words: list[str]) -> float:
    """How well a record fits the message's words found in its names: more words, better."""
    return min(PARTIAL_BEST, PARTIAL * (1 + 0.25 * (len(set(words)) - 1)))


def _worth_trying(span: Span, exact: list[Span]) -> bool:
    """A run that starts and ends on a real word and cuts no exact match in two."""
    if len(span) == 1:
        word = span[0].lower_
        return len(word) >= FUZZY_MIN_LETTERS and _is_content_word(word) and not any(
            e.start <= span.start < e.end for e in exact
        )
    ends = (span[0], span[-1])
    if not all(t.is_alpha and t.norm_ not in STOP_WORDS for t in ends):
        return False
    overlapping = [e for e in exact if e.start < span.end and e.end > span.start]
    return all(_inside(e, span) for e in overlapping)


def _norms(span: Span) -> str:
    return " ".join(t.norm_ for t in span)


def _agrees(span: Span, covered: list[Span], form: str) -> bool:
    """A misspelt run that covers exact words must keep them, and its other words must be
    close to the rest of the name ("vetinary nurse" ~ "veterinary nurse", not "qa nurse")."""
    rest_of_span, rest_of_form = _norms(span), form
    for exact in covered:
        if _norms(exact) not in rest_of_form:
            return False
        rest_of_span = rest_of_span.replace(_norms(exact), " ")
        rest_of_form = rest_of_form.replace(_norms(exact), " ", 1)
    if not covered:
        return True
    return similarity(" ".join(rest_of_span.split()), " ".join(rest_of_form.split())) >= 0.75


def _inside(inner: Span, outer: Span) -> bool:
    """``inner`` lies within ``outer`` and is shorter."""
    return outer.start <= inner.start and inner.end <= outer.end and len(inner) < len(outer)


def _is_content_word(word: str) -> bool:
    return word.isalpha() and len(word) >= CONTENT_MIN_LETTERS and word not in STOP_WORDS


def _best_first(matches: list[Match], kinds: set[str] | None, limit: int) -> list[Match]:
    best: dict[RecordRef, Match] = {}
    for match in matches:
        if kinds and match.ref.kind not in kinds:
            continue
        held = best.get(match.ref)
        if held is None or (match.confidence, len(match.text)) > (held.confidence, len(held.text)):
            best[match.ref] = match
    ranked = sorted(best.values(), key=lambda m: (-m.confidence, -len(m.text), m.ref.slug))
    return ranked[:limit]
