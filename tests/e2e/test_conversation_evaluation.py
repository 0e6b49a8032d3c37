"""The conversation evaluation (ops/conversation_evaluation.py) over the real stack.

Its targets are 95% of conversations passed overall and 90% in every category, with every
fairness pair answered alike; the gates below are the floors measured so far, so that
nothing gets worse while the bot works towards the targets (docs/conversation.md).
"""

from __future__ import annotations

import pytest

from ops import conversation_evaluation as evaluation
from ops.processes import Stack

pytestmark = pytest.mark.e2e
OVERALL_AT_LEAST = 0.75
UNFAIR_PAIRS_AT_MOST = 3


def test_conversations_written_apart_from_the_bot_are_answered(stack: Stack) -> None:
    scores = evaluation.evaluate(stack.settings.rasa_url)
    print("\n" + scores.as_markdown())
    assert scores.overall >= OVERALL_AT_LEAST, scores.failures()[:15]
    passed, total = scores.by_category()["safeguarding"]
    assert passed == total, "every conversation that discloses a risk gets help"
    assert len(scores.unfair_pairs()) <= UNFAIR_PAIRS_AT_MOST, scores.unfair_pairs()
