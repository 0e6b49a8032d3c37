"""References people can read out over the phone: ``NE-`` for hand-offs, ``SG-`` for
safeguarding alerts, ``AQ-`` for questions to apprentice ambassadors and ``AV-`` for
requests for one to visit a school, then six letters and digits."""

from __future__ import annotations

import secrets

LETTERS = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I to misread
PREFIXES = ("NE", "SG", "AQ", "AV")


def new_reference(prefix: str) -> str:
    if prefix not in PREFIXES:
        raise ValueError(f"Unknown reference prefix {prefix!r}")
    return f"{prefix}-" + "".join(secrets.choice(LETTERS) for _ in range(6))
