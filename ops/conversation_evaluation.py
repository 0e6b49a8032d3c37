"""The conversation evaluation: whole conversations written apart from the bot, run over
the real stack as new users would (Rasa's REST channel, one new conversation each).

``evaluation/conversations/`` holds conversations written from personas (students of each
age, parents, teachers, employers) by someone who never saw the training data; its README
says what each turn's ``expect`` keys mean. A conversation passes when every turn meets
its expectations. Fairness pairs (the same question with another name, gender or
background) must also be answered with the same records.
"""

from __future__ import annotations

import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import yaml

from ops.evaluation import write_between_markers
from ops.settings import REPO

SETS = REPO / "evaluation" / "conversations"
TARGETS = {"overall": 0.95, "category": 0.90}


@dataclass(frozen=True)
class TurnResult:
    user: str
    failures: list[str]
    records: list[tuple[str, str]]


@dataclass(frozen=True)
class ConversationResult:
    id: str
    category: str
    pair: str | None
    turns: list[TurnResult]

    @property
    def passed(self) -> bool:
        return all(not turn.failures for turn in self.turns)


@dataclass
class ConversationScores:
    results: list[ConversationResult] = field(default_factory=list)

    @property
    def overall(self) -> float:
        return sum(r.passed for r in self.results) / len(self.results)

    def by_category(self) -> dict[str, tuple[int, int]]:
        total, passed = Counter[str](), Counter[str]()
        for result in self.results:
            total[result.category] += 1
            passed[result.category] += result.passed
        return {c: (passed[c], total[c]) for c in sorted(total)}

    def multi_turn(self) -> tuple[int, int]:
        several = [r for r in self.results if len(r.turns) > 1]
        return sum(r.passed for r in several), len(several)

    def unfair_pairs(self) -> list[str]:
        """Pairs whose members were answered with different records."""
        pairs: dict[str, list[ConversationResult]] = {}
        for result in self.results:
            if result.pair:
                pairs.setdefault(result.pair, []).append(result)
        return [
            pair
            for pair, members in sorted(pairs.items())
            if len({tuple(tuple(t.records) for t in m.turns) for m in members}) > 1
        ]

    def failures(self) -> list[str]:
        return [
            f"{r.id} turn {i + 1} {t.user!r}: {'; '.join(t.failures)}"
            for r in self.results
            for i, t in enumerate(r.turns)
            if t.failures
        ]

    def as_markdown(self) -> str:
        passed, several = self.multi_turn()
        lines = [
            "| category | passed |",
            "| --- | --- |",
            *(
                f"| {c} | {p} of {n} ({p / n:.0%}) |"
                for c, (p, n) in self.by_category().items()
            ),
            f"| **overall** | **{sum(r.passed for r in self.results)} of {len(self.results)} "
            f"({self.overall:.1%})** |",
            f"| conversations of several turns | {passed} of {several} |",
            f"| fairness pairs answered differently | {len(self.unfair_pairs())} |",
        ]
        return "\n".join(lines)


def load(sets: Path = SETS) -> list[dict]:
    return [
        conversation
        for path in sorted(sets.glob("*.yaml"))
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8")) or []
    ]


def run_conversation(rasa_url: str, conversation: dict) -> ConversationResult:
    sender = f"eval-{uuid.uuid4().hex[:16]}"
    results = []
    with httpx.Client(timeout=120) as client:
        for turn in conversation["turns"]:
            body: dict = {"sender": sender, "message": turn["user"]}
            if conversation.get("school"):
                body["metadata"] = {"school": conversation["school"]}
            replies = client.post(f"{rasa_url}/webhooks/rest/webhook", json=body).json()
            results.append(check_turn(turn, replies))
    return ConversationResult(
        conversation["id"], conversation["category"], conversation.get("pair"), results
    )


def check_turn(turn: dict, replies: list[dict]) -> TurnResult:
    """Which of a turn's expectations its replies did not meet."""
    expect = turn["expect"]
    text = "\n".join(m.get("text") or "" for m in replies).lower()
    custom: dict = {}
    records: list[tuple[str, str]] = []
    for message in replies:
        for key, value in (message.get("custom") or {}).items():
            if key == "records":
                records += [(r["kind"], r["slug"]) for r in value]
            else:
                custom[key] = value
    failures = [
        message
        for key, wanted in expect.items()
        if (message := CHECKS[key](wanted, text, custom, records)) is not None
    ]
    return TurnResult(turn["user"], failures, records)


def _records_any(wanted, text, custom, records) -> str | None:
    if any((r["kind"], r["slug"]) in records for r in wanted):
        return None
    return f"none of {[r['slug'] for r in wanted]} among {[s for _, s in records]}"


def _records_none(wanted, text, custom, records) -> str | None:
    found = [r["slug"] for r in wanted if (r["kind"], r["slug"]) in records]
    return f"drew on {found}" if found else None


def _words_any(wanted, text, custom, records) -> str | None:
    return None if any(w.lower() in text for w in wanted) else f"no word of {wanted}"


def _words_none(wanted, text, custom, records) -> str | None:
    found = [w for w in wanted if w.lower() in text]
    return f"said {found}" if found else None


def _stage(key: str):
    def check(wanted, text, custom, records) -> str | None:
        stage = (custom.get(key) or {}).get("stage")
        if stage and (wanted == "any" or stage == wanted):
            return None
        return f"{key} stage {stage!r}, wanted {wanted!r}"

    return check


def _no_handoff(wanted, text, custom, records) -> str | None:
    return f"hand-off {custom['handoff']}" if wanted and custom.get("handoff") else None


def _flag(key: str):
    def check(wanted, text, custom, records) -> str | None:
        present = bool(custom.get(key))
        return None if present == bool(wanted) else f"{key} {'missing' if wanted else 'given'}"

    return check


CHECKS = {
    "records_any": _records_any,
    "records_none": _records_none,
    "words_any": _words_any,
    "words_none": _words_none,
    "handoff": _stage("handoff"),
    "ambassador": _stage("ambassador"),
    "no_handoff": _no_handoff,
    "safeguarding": _flag("safeguarding"),
    "unanswered": _flag("unanswered"),
}


def evaluate(rasa_url: str, sets: Path = SETS, workers: int = 4) -> ConversationScores:
    conversations = load(sets)
    with ThreadPoolExecutor(workers) as pool:
        results = list(pool.map(lambda c: run_conversation(rasa_url, c), conversations))
    return ConversationScores(results)


def record(scores: ConversationScores, docs: Path = REPO / "docs") -> None:
    """Replace the measured figures in docs/conversation.md."""
    write_between_markers(docs / "conversation.md", scores.as_markdown())
