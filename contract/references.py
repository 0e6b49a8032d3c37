"""References people can read out over the phone: ``NE-`` for hand-offs, ``SG-`` for
safeguarding alerts, ``AQ-`` for questions to apprentice ambassadors and ``AV-`` for
requests for one to visit a school, then eight letters and digits (six in older ones).

Eight characters from 32 give about 10^12 references per kind, so two conversations
drawing the same one is very unlikely; the web service still refuses a reference it holds
for another conversation (409), and the outbox then draws a new one.
"""

from __future__ import annotations

import secrets

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PREFIXES = ("NE", "SG", "AQ", "AV")
LENGTH = 8


class ReferenceTakenError(ValueError):
    """The reference is already held for another conversation: the sender draws a new
    one (the web service answers 409)."""


def same_conversation(held: str, sent: str, reference: str) -> None:
    """A repeat delivery is harmless; the same reference from another conversation is not."""
    if held != sent:
        raise ReferenceTakenError(reference)


def new_reference(prefix: str) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"Unknown reference prefix {prefix!r}")
    return f"{prefix}-" + "".join(secrets.choice(LETTERS) for _ in range(LENGTH))


def reference_pattern(prefix: str) -> str:
    """The pattern of a reference of this kind, old six-character ones included."""
    return rf"^{prefix}-[A-Z0-9]{{6,{LENGTH}}}$"


def kind_of(reference: str) -> str:
    """The two-letter prefix that says where a reference belongs."""
    return reference.split("-", 1)[0]
