"""Contact details taken out of text before it is stored (transcripts, summaries)."""

from __future__ import annotations

import re

EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}")
# UK phone numbers: 07700 900123, +44 7700 900123, (0191) 123 4567, 0191-123-4567.
PHONE = re.compile(r"(?<![\w+])(?:\+44\s?\(?0?\)?|\(?0)(?:[\s\-()]*\d){9,10}(?!\d)")

REPLACEMENTS = ((EMAIL, "[email removed]"), (PHONE, "[phone number removed]"))


def redact(text: str) -> str:
    for pattern, replacement in REPLACEMENTS:
        text = pattern.sub(replacement, text)
    return text
