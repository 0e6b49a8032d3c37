"""A classifier for the disclosures no phrase list foresees: indirect, in passing, inside a
careers question.

It is trained, in the process that uses it, on the examples in ``safeguarding/training/``
(disclosures by category, written from personas, and near misses: careers questions that
mention family, health, feelings and hard subjects, idioms, small talk) and on the bot's
own training phrases for everything else a student asks. Training is a few seconds of
numpy, deterministic (the same data always gives the same weights), so no model file is
kept: every process builds the same one.

Two models share the same features (words, word pairs and letter runs of the normalised
text, hashed into a fixed space): a logistic regression that says how likely a message is
a disclosure, and a naive Bayes over the disclosures that says which kind of harm.
"""

from __future__ import annotations

import math
import re
import threading
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import yaml

from safeguarding.detect import COMMON_WORDS, normalise

HERE = Path(__file__).resolve().parent
TRAINING = HERE / "training"
BOT_NLU = HERE.parent / "bot" / "data" / "nlu"
BOT_TEMPLATES = HERE.parent / "bot" / "templates"
CONTENT = HERE.parent / "content"
# For the bot's phrasing templates: everyday names to put in their {slots}.
SLOT_FILLERS = {
    "subject": ["maths", "art", "biology", "english", "computing", "history", "pe"],
    "opportunity_type": ["work experience", "open days", "taster days", "volunteering"],
}
BUCKETS = 1 << 18
STEPS = 800
LEARNING_RATE = 0.5
L2 = 1e-3
POSITIVE_WEIGHT = 1.0


@dataclass(frozen=True)
class Reading:
    """How likely the message is a disclosure (0 to 1), and of which kind."""

    probability: float
    category: str
    words: str  # the words that weighed most towards a disclosure


def features(text: str) -> list[int]:
    """Hashed features of the normalised text: words, word pairs, letter runs of 3 to 5."""
    return list(_features(text))


@lru_cache(maxsize=8192)  # single words recur in every message's strongest_words
def _features(text: str) -> tuple[int, ...]:
    words = normalise(text).split()
    found = [f"w:{w}" for w in words]
    found += [f"b:{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    for word in words:
        padded = f" {word} "
        for n in (3, 4, 5):
            found += [f"c:{padded[i : i + n]}" for i in range(len(padded) - n + 1)]
    return tuple(sorted({_bucket(f) for f in found}))


def _bucket(feature: str) -> int:
    return zlib.crc32(feature.encode()) % BUCKETS


def _words_of(text: str) -> list[str]:
    return normalise(text).split()


# --- the training data --------------------------------------------------------------------


def disclosures() -> list[tuple[str, str]]:
    """(text, category) for every training disclosure."""
    return [(text, path.stem) for path in _files("disclosures*") for text in _strings(path)]


def near_misses() -> list[str]:
    return [text for path in _files("near_misses*") for text in _strings(path)]


def _files(folders: str) -> list[Path]:
    """The YAML files in the training folders matching ``folders`` (several writers each
    wrote a folder of their own)."""
    return sorted(path for folder in TRAINING.glob(folders) for path in folder.glob("*.yaml"))


def bot_phrases() -> tuple[list[str], list[str]]:
    """The bot's own training phrases: (disclosures, everything else), its templates'
    {slots} filled with the content's names (everyday careers questions of every kind)."""
    risky, ordinary = [], []
    for path in sorted(BOT_NLU.glob("*.yml")) + sorted(BOT_TEMPLATES.glob("*.yml")):
        for item in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("nlu", []):
            if "intent" not in item:
                continue
            examples = [_plain(line) for line in item["examples"].splitlines() if line.strip()]
            examples = [_filled(e, i) for i, e in enumerate(examples)]
            (risky if item["intent"] == "disclosure" else ordinary).extend(examples)
    return risky, ordinary


def _filled(template: str, turn: int) -> str:
    """A template's {slots} filled with names, a different one each time (deterministic)."""
    names = _names_by_kind()
    return re.sub(
        r"\{(\w+)\}",
        lambda m: (options := names.get(m.group(1)) or ["it"])[turn % len(options)],
        template,
    )


@lru_cache(maxsize=1)
def _names_by_kind() -> dict[str, list[str]]:
    """The content's titles by kind, lower case, in a fixed order."""
    names: dict[str, list[str]] = {k: list(v) for k, v in SLOT_FILLERS.items()}
    for path in sorted(CONTENT.glob("*.yaml")) + sorted(CONTENT.glob("occupations/*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        titles = [str(r["title"]).lower() for r in data.get("records", []) if "title" in r]
        names.setdefault(str(data.get("kind")), []).extend(titles)
    return names


def _plain(line: str) -> str:
    """A Rasa example line without its dash and entity markup: "[nurse](occupation)"."""
    line = line.strip().removeprefix("- ")
    return re.sub(r"\[([^\]]+)\]\([^)]+\)|\[([^\]]+)\]\{[^}]+\}", r"\1\2", line)


def _strings(path: Path) -> list[str]:
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    return [str(item) for item in data if str(item).strip()]


# --- training -----------------------------------------------------------------------------


class Model:
    """The two trained models; ``read`` gives a message's reading."""

    def __init__(self, weights: np.ndarray, bias: float, kinds: NaiveBayes) -> None:
        self.weights = weights
        self.bias = bias
        self.kinds = kinds

    def probability(self, text: str) -> float:
        found = features(text)
        score = self.bias + float(self.weights[found].sum()) if found else self.bias
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, score))))

    def category(self, text: str) -> str:
        return self.kinds.category(features(text))

    def read(self, text: str) -> Reading:
        probability = self.probability(text)
        return Reading(probability, self.category(text), self.strongest_words(text))

    def strongest_words(self, text: str, count: int = 4) -> str:
        """The words of the message that weigh most towards a disclosure, in order."""
        words = _words_of(text)
        weighed = {
            w: float(self.weights[features(w)].sum()) for w in set(words) if w not in COMMON_WORDS
        }
        top = sorted(weighed, key=lambda w: -weighed[w])[:count]
        return " ".join(w for w in words if w in top and weighed[w] > 0)


def train(positives: list[tuple[str, str]], negatives: list[str]) -> Model:
    """Train both models on labelled examples (deterministic: full-batch descent)."""
    texts = [t for t, _ in positives] + list(negatives)
    labels = np.array([1.0] * len(positives) + [0.0] * len(negatives))
    weights, bias = _logistic(_feature_rows(texts), labels)
    return Model(weights, bias, _naive_bayes(positives))


def _feature_rows(texts: Iterable[str]) -> list[np.ndarray]:
    return [np.array(features(t), dtype=np.int64) for t in texts]


def _logistic(rows: list[np.ndarray], labels: np.ndarray) -> tuple[np.ndarray, float]:
    lengths = np.array([len(r) for r in rows])
    flat = np.concatenate(rows)
    starts = np.concatenate([[0], np.cumsum(lengths)[:-1]])
    sample_weight = np.where(labels == 1.0, POSITIVE_WEIGHT, 1.0)
    weights, bias = np.zeros(BUCKETS), 0.0
    squares, bias_square = np.full(BUCKETS, 1e-8), 1e-8
    for _ in range(STEPS):
        scores = np.add.reduceat(weights[flat], starts) + bias
        error = (1.0 / (1.0 + np.exp(-scores)) - labels) * sample_weight / len(labels)
        gradient = np.bincount(flat, weights=np.repeat(error, lengths), minlength=BUCKETS)
        gradient += L2 * weights
        squares += gradient**2  # Adagrad: a steady step for rare and common features alike
        weights -= LEARNING_RATE * gradient / np.sqrt(squares)
        bias_gradient = float(error.sum())
        bias_square += bias_gradient**2
        bias -= LEARNING_RATE * bias_gradient / math.sqrt(bias_square)
    return weights, bias


@dataclass(frozen=True)
class NaiveBayes:
    """Which kind of harm: each category's log likelihood of every feature any disclosure
    has (a column per feature), and of a feature it never saw."""

    categories: tuple[str, ...]
    priors: np.ndarray
    columns: dict[int, int]
    likelihoods: np.ndarray  # categories x columns
    unseen: np.ndarray

    def category(self, found: list[int]) -> str:
        seen = [self.columns[f] for f in found if f in self.columns]
        scores = self.priors + self.likelihoods[:, seen].sum(axis=1)
        scores += self.unseen * (len(found) - len(seen))
        return self.categories[int(np.argmax(scores))]


def _naive_bayes(positives: list[tuple[str, str]]) -> NaiveBayes:
    counts: dict[str, Counter[int]] = {}
    documents: Counter[str] = Counter()
    for text, category in positives:
        counts.setdefault(category, Counter()).update(features(text))
        documents[category] += 1
    categories = tuple(counts)
    columns = {f: i for i, f in enumerate(sorted({f for c in counts.values() for f in c}))}
    sizes = np.array([sum(c.values()) + len(c) + 1 for c in counts.values()], dtype=float)
    unseen = np.log(1 / sizes)
    likelihoods = np.repeat(unseen[:, None], len(columns), axis=1)
    for row, counted in enumerate(counts.values()):
        for feature, n in counted.items():
            likelihoods[row, columns[feature]] = math.log((n + 1) / sizes[row])
    total = sum(documents.values())
    priors = np.log(np.array([documents[c] / total for c in categories]))
    return NaiveBayes(categories, priors, columns, likelihoods, unseen)


_TRAINING = threading.Lock()


def default_model() -> Model:
    """The model trained on the shipped examples, built once per process (a caller that
    comes while it is being built waits for it rather than building another)."""
    with _TRAINING:
        return _trained_model()


@lru_cache(maxsize=1)
def _trained_model() -> Model:
    risky, ordinary = bot_phrases()
    positives = disclosures() + [(t, "unclear") for t in risky]
    return train(positives, near_misses() + ordinary)


def training_texts() -> Iterator[str]:
    """Every text the default model learns from (for checks that nothing leaks in)."""
    risky, ordinary = bot_phrases()
    yield from (t for t, _ in disclosures())
    yield from near_misses()
    yield from risky
    yield from ordinary


def cross_validate(folds: int = 4, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """Each held-out disclosure's and near miss's probability, from models trained on the
    other folds (the bot's everyday phrases always in training): for choosing thresholds
    without ever looking at the evaluation set."""
    risky, ordinary = bot_phrases()
    positives = disclosures() + [(t, "unclear") for t in risky]
    negatives = near_misses()
    order = np.random.default_rng(seed)
    positive_fold = order.integers(0, folds, len(positives))
    negative_fold = order.integers(0, folds, len(negatives))
    held_positive, held_negative = np.zeros(len(positives)), np.zeros(len(negatives))
    for fold in range(folds):
        model = train(
            [p for p, f in zip(positives, positive_fold, strict=True) if f != fold],
            [n for n, f in zip(negatives, negative_fold, strict=True) if f != fold] + ordinary,
        )
        for i in np.flatnonzero(positive_fold == fold):
            held_positive[i] = model.probability(positives[i][0])
        for i in np.flatnonzero(negative_fold == fold):
            held_negative[i] = model.probability(negatives[i])
    return held_positive, held_negative
