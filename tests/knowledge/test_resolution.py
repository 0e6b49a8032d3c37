"""Free text resolves to the right record, the way young people actually write."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from knowledge.resolve import Resolver

PHRASINGS = yaml.safe_load(
    (Path(__file__).resolve().parent.parent / "data" / "resolution_phrasings.yaml").read_text()
)["phrasings"]
REQUIRED_ACCURACY = 0.90

NOT_ABOUT_ANY_RECORD = [
    "what's the capital of france",
    "do my homework",
    "is it a good job",
    "lol",
    "what time is it",
    "who won the match last night",
]


@pytest.fixture(scope="module")
def resolver(kb) -> Resolver:
    return Resolver.from_kb(kb)


def test_the_table_is_big_enough() -> None:
    assert len(PHRASINGS) >= 100


def test_phrasings_resolve_to_the_expected_record_first(resolver: Resolver) -> None:
    misses = []
    for row in PHRASINGS:
        matches = resolver.resolve(row["text"])
        top = f"{matches[0].ref.kind}/{matches[0].ref.slug}" if matches else "nothing"
        if top != row["expect"]:
            misses.append(f"{row['text']!r}: expected {row['expect']}, got {top}")
    accuracy = 1 - len(misses) / len(PHRASINGS)
    print(f"\nresolution accuracy {accuracy:.1%} on {len(PHRASINGS)} phrasings")
    for miss in misses:
        print("  miss:", miss)
    assert accuracy >= REQUIRED_ACCURACY, "\n".join(misses)


@pytest.mark.parametrize("text", NOT_ABOUT_ANY_RECORD)
def test_messages_about_no_record_resolve_to_nothing_sure(resolver: Resolver, text: str) -> None:
    assert all(m.confidence < 0.8 for m in resolver.resolve(text))


def test_a_word_inside_several_names_gives_candidates_not_an_answer(resolver: Resolver) -> None:
    matches = resolver.resolve("tell me about engineering")
    assert len(matches) >= 3
    assert all(m.how == "partial" for m in matches)
    assert {"advanced-manufacturing", "mechanical-engineer"} <= {m.ref.slug for m in matches}


def test_kinds_can_be_limited(resolver: Resolver) -> None:
    matches = resolver.resolve("nursing in sunderland", kinds=["place"])
    assert [m.ref.slug for m in matches] == ["sunderland"]
