"""What makes a password too easy to guess: too short, common, or built from the account's
email name or the product's name. Used for new accounts, changed and reset passwords.

``common_passwords.txt`` is SecLists' ``Passwords/Common-Credentials/10k-most-common.txt``
(https://github.com/danielmiessler/SecLists, MIT licence), the 10,000 passwords seen most
often in leaks, one a line, with its line endings made plain ``\\n``. It ships with the
code: nothing is downloaded at run time.
"""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

MIN_PASSWORD_LENGTH = 12
COMMON_FILE = Path(__file__).with_name("common_passwords.txt")
PRODUCT_WORDS = ("careers",)  # "North East careers assistant"
PADDING = string.digits + string.punctuation + string.whitespace
ADVICE = "Three or four unrelated words make a good one."


@cache
def common_passwords() -> frozenset[str]:
    return frozenset(COMMON_FILE.read_text(encoding="utf-8").lower().split("\n")) - {""}


def password_problem(password: str, email: str) -> str | None:
    """Why ``password`` will not do for the account with ``email``, kindly, or None."""
    lowered = password.lower()
    if len(password) < MIN_PASSWORD_LENGTH:
        return f"Passwords need at least {MIN_PASSWORD_LENGTH} characters. {ADVICE}"
    if is_common(lowered):
        return f"That password is one of the most common ones, so it's easy to guess. {ADVICE}"
    squashed = re.sub(r"[^a-z0-9]", "", lowered)
    if any(name in squashed for name in email_names(email)):
        return (
            "Please choose a password that doesn't include your email address or the name "
            f"in it. {ADVICE}"
        )
    if any(word in squashed for word in PRODUCT_WORDS):
        return f"Please choose a password that doesn't include the word 'careers'. {ADVICE}"
    return None


def is_common(lowered: str) -> bool:
    """A common password, perhaps with digits or symbols around it ("password1234!"),
    only digits and symbols, or one piece repeated ("abcabcabcabc")."""
    core = lowered.strip(PADDING)
    repeated = (lowered + lowered).find(lowered, 1) < len(lowered)
    return lowered in common_passwords() or core in common_passwords() or not core or repeated


def email_names(email: str) -> list[str]:
    """The parts of an email address's name (before the @) long enough to matter."""
    local = email.strip().lower().partition("@")[0]
    return [part for part in re.split(r"[^a-z0-9]+", local) if len(part) >= 3]
