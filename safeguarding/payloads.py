"""Button payloads (``/ask_pay{"occupation": "plumber"}``) against what a student typed.

Rasa reads a message that starts with ``/`` as an intent the bot already knows, skipping
understanding, and the safeguarding check used to skip it too: "/<a disclosure>" got no
help. So a ``/`` message is taken as a payload only when it is exactly one of the bot's
own: a known intent, optionally with a JSON object of entity names to slugs. Any other
leading slash is removed and the words are read like anything else a student writes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection

PAYLOAD = re.compile(r"/(?P<intent>[a-z][a-z0-9_]{0,60})(?P<entities>\{.*\})?", re.DOTALL)
ENTITY_NAME = re.compile(r"[a-z][a-z0-9_]{0,40}")
SLUG_VALUE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
# What an all-slash message is read as: something the bot will say it did not understand.
NOTHING = "?"


def is_button_payload(text: str, intents: Collection[str] | None = None) -> bool:
    """Whether ``text`` is exactly a payload the bot's buttons send (of a known intent,
    when ``intents`` is given)."""
    match = PAYLOAD.fullmatch(text.strip())
    if not match or (intents is not None and match["intent"] not in intents):
        return False
    return match["entities"] is None or _are_slug_entities(match["entities"])


def _are_slug_entities(raw: str) -> bool:
    try:
        entities = json.loads(raw)
    except ValueError:
        return False
    return isinstance(entities, dict) and all(
        isinstance(name, str)
        and ENTITY_NAME.fullmatch(name)
        and isinstance(value, str)
        and SLUG_VALUE.fullmatch(value)
        for name, value in entities.items()
    )


def as_student_text(text: str, intents: Collection[str] | None = None) -> str:
    """The message as the bot should read it: a button payload unchanged, anything else
    without its leading slashes."""
    stripped = text.strip()
    if not stripped.startswith("/") or is_button_payload(stripped, intents):
        return text
    return stripped.lstrip("/").strip() or NOTHING
