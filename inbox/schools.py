"""The schools that embed the widget, and matching what a student typed to one of them."""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from sqlalchemy import select
from sqlalchemy.orm import Session

from contract.emails import BadEmailError, one_address
from inbox.accounts import AccountError
from knowledge.inbox_models import School

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_FILLER = {"the", "school", "academy", "college", "high", "sixth", "form", "of", "and"}


def add_school(
    db: Session,
    slug: str,
    name: str,
    safeguarding_email: str | None = None,
    allowed_origins: Iterable[str] = (),
) -> School:
    if not SLUG.match(slug):
        raise AccountError("A school's identifier is lower-case letters, digits and hyphens.")
    if db.scalar(select(School).where(School.slug == slug)):
        raise AccountError(f"A school is already registered as '{slug}'.")
    if safeguarding_email:
        try:
            safeguarding_email = one_address(safeguarding_email)
        except BadEmailError as error:
            raise AccountError(f"The safeguarding lead's email: {error}") from error
    school = School(
        slug=slug,
        name=name.strip(),
        safeguarding_email=safeguarding_email or None,
        allowed_origins=normal_origins(allowed_origins),
    )
    db.add(school)
    db.flush()
    return school


def school_names(db: Session) -> list[str]:
    """Every registered school's name, to take out of text others will read."""
    return list(db.scalars(select(School.name)))


def school_by_slug(db: Session, slug: str | None) -> School | None:
    return db.scalar(select(School).where(School.slug == slug)) if slug else None


def match_school(db: Session, typed: str) -> School | None:
    """The one registered school whose distinctive name words the student typed, if any."""
    words = _distinctive(typed)
    if not words:
        return None
    matches = [
        school
        for school in db.scalars(select(School))
        if _distinctive(school.name) and _distinctive(school.name) <= words
    ]
    return matches[0] if len(matches) == 1 else None


def _distinctive(name: str) -> set[str]:
    return {w for w in re.findall(r"[a-z0-9]+", name.lower()) if w not in _FILLER}


def normal_origins(websites: Iterable[str]) -> list[str]:
    """Each website as a browser sends it in ``Origin`` (``https://host[:port]``), once each.

    Raises AccountError naming the first one that is not a web address.
    """
    origins: list[str] = []
    for website in websites:
        origin = normal_origin(website)
        if origin not in origins:
            origins.append(origin)
    return origins


_DEFAULT_PORTS = {"http": 80, "https": 443}


def normal_origin(website: str) -> str:
    parts = urlsplit(website.strip())
    try:
        port = parts.port
    except ValueError:
        port = -1
    if parts.scheme not in _DEFAULT_PORTS or not parts.hostname or port == -1:
        raise AccountError(
            f"'{website}' is not a website address: write it like https://www.myschool.org.uk"
        )
    shown_port = f":{port}" if port and port != _DEFAULT_PORTS[parts.scheme] else ""
    return f"{parts.scheme}://{parts.hostname}{shown_port}"


def allows_origin(school: School | None, origin: str) -> bool:
    """Whether the widget may speak for ``school`` from a page at ``origin``."""
    return school is not None and origin in (school.allowed_origins or [])
