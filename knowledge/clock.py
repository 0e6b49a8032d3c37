"""Today's date: the one place the code asks for it, so tests and demos can pin it.

``CAREERS_TODAY=2026-11-23`` fixes the date (the edge of the world that tests may
replace); otherwise it is the real date.
"""

from __future__ import annotations

import datetime as dt
import os


def today() -> dt.date:
    pinned = os.environ.get("CAREERS_TODAY")
    return dt.date.fromisoformat(pinned) if pinned else dt.date.today()


def now() -> dt.datetime:
    """The current moment, in UTC (timestamps of hand-offs, sessions and emails)."""
    return dt.datetime.now(dt.timezone.utc)
