"""Keeps one-time codes out of uvicorn's access log, which prints each request's path.

Invitation and reset links carry their code after the ``#``, which browsers never send,
so a code is only ever in a request's body. Links made before that had it in the path
(``/ambassador/join/<code>``), and such a link may still be opened: its line is logged
with the code hidden.
"""

from __future__ import annotations

import logging
import re

ACCESS_LOGGER = "uvicorn.access"
CODE_IN_PATH = re.compile(r"^(/ambassador/join/)(?!open(?:\?|$))[^?#\s]+")
HIDDEN = r"\1[hidden]"


class HideCodes(logging.Filter):
    """Rewrites the path of uvicorn's access log records (its third argument)."""

    def filter(self, record: logging.LogRecord) -> bool:
        args = record.args
        if isinstance(args, tuple) and len(args) >= 3 and isinstance(args[2], str):
            record.args = (*args[:2], CODE_IN_PATH.sub(HIDDEN, args[2]), *args[3:])
        return True


def hide_codes_in_access_log() -> None:
    """Add the filter to uvicorn's access logger, once."""
    logger = logging.getLogger(ACCESS_LOGGER)
    if not any(isinstance(f, HideCodes) for f in logger.filters):
        logger.addFilter(HideCodes())
