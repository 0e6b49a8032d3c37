"""Shared secrets: generated per run on the embedded default, required in production.

Each process reads its secrets from the environment. With ``CAREERS_ENV=production`` a
process refuses to start while a secret it needs is missing, short or a documented example.
"""

from __future__ import annotations

import hmac

MIN_SECRET_CHARS = 32
# Values shown in .env.example, the docs and the tests: known to everyone, never a secret.
EXAMPLE_SECRETS = frozenset(
    {
        "replace-with-a-long-random-secret-of-32-or-more-characters",
        "test-service-token",
    }
)
ADVICE = (
    f"It must be a random secret of at least {MIN_SECRET_CHARS} characters, e.g. from "
    "`python -c 'import secrets; print(secrets.token_urlsafe(32))'`."
)


class UnsafeSettingsError(RuntimeError):
    """A production setting that would leave the service open; the message says which."""


def secret_problem(name: str, value: str | None) -> str | None:
    """Why ``value`` is not a usable production secret for the variable ``name``, or None."""
    if not value:
        return f"{name} is not set. {ADVICE}"
    if value in EXAMPLE_SECRETS:
        return f"{name} is an example value from the documentation. {ADVICE}"
    if len(value) < MIN_SECRET_CHARS:
        return f"{name} is too short ({len(value)} characters). {ADVICE}"
    return None


def refuse_unsafe(problems: list[str | None]) -> None:
    """Raise ``UnsafeSettingsError`` naming every problem, if there are any."""
    found = [p for p in problems if p]
    if found:
        raise UnsafeSettingsError("Not starting in production: " + " ".join(found))


def same_secret(sent: str | None, expected: str | None) -> bool:
    """Constant-time comparison of two secrets of any characters (bytes, never str: a
    non-ASCII str makes ``hmac.compare_digest`` raise)."""
    if not sent or not expected:
        return False
    return hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8"))
