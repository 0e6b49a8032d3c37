"""Reading a bot reply list the way a chat client does.

Rasa's REST channel sends a message's ``custom`` object as a message of its own, right
after the text, so a client reads the whole list of one turn together.
"""

from __future__ import annotations


def text_of(replies: list[dict]) -> str:
    return "\n".join(m["text"] for m in replies if m.get("text"))


def custom_of(replies: list[dict]) -> dict:
    """The turn's custom objects merged; lists (such as records) are joined."""
    merged: dict = {}
    for message in replies:
        for key, value in (message.get("custom") or {}).items():
            if isinstance(value, list):
                merged.setdefault(key, []).extend(value)
            else:
                merged[key] = value
    return merged


def cited(replies: list[dict]) -> list[tuple[str, str]]:
    return [(r["kind"], r["slug"]) for r in custom_of(replies).get("records", [])]
