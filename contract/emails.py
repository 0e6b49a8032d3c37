"""An email address is exactly one valid address: no line breaks, no lists, no names."""

from __future__ import annotations

from email_validator import EmailNotValidError, validate_email


class BadEmailError(ValueError):
    """Not exactly one usable email address; the message says why, kindly."""


def one_address(text: str) -> str:
    """The address, normalised (the domain in lower case), or ``BadEmailError``.

    Deliverability is not checked: it needs the network, and the mail loop retries anyway.
    """
    candidate = text.strip()
    if any(c in candidate for c in "\r\n,;<> "):
        raise BadEmailError("Please give exactly one email address, with nothing else in it.")
    try:
        return validate_email(candidate, check_deliverability=False).normalized
    except EmailNotValidError as error:
        raise BadEmailError(f"That email address isn't valid: {error}") from error


def is_one_address(text: str) -> bool:
    try:
        one_address(text)
    except BadEmailError:
        return False
    return True
