"""The hand-off form steps aside for exactly the questions the bot answers."""

from __future__ import annotations

import yaml

from actions.handoff.form import LEAVE_FORM_INTENTS
from actions.reading import CLASSIFIER_KINDS
from ops.settings import BOT_DIR


def test_every_careers_question_is_answered_in_the_middle_of_the_form() -> None:
    rules = yaml.safe_load((BOT_DIR / "data" / "rules" / "adviser.yml").read_text())["rules"]
    mid_form = next(rule for rule in rules if rule["rule"].startswith("A careers question"))
    intents = {step["intent"] for step in mid_form["steps"][0]["or"]}
    assert intents == CLASSIFIER_KINDS
    assert intents <= LEAVE_FORM_INTENTS
