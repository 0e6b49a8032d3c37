"""Every figure a student reads is traced to a source and a date, and checked on time.

A record's ``claims`` (knowledge/schema.py ``Claim``) quote its checkable statements word
for word. ``claim_problems`` rejects content where a figure (any digit: pay, hours, ages,
years, counts, levels) in a text field lies outside every claim, where a claim quotes
words the record does not contain, or where a money claim does not say its year.
``due_for_checking`` lists what must be checked again: money older than 12 months, and
anything past its own ``valid_until``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from knowledge.schema import Claim, RecordBase, parse_as_of

# Fields that are not prose a student reads as a claim, or that carry their own source.
NOT_PROSE = {
    "kind", "slug", "title", "aliases", "sources", "as_of", "url", "claims", "website",
    "pay", "apprenticeships", "level", "starts", "ends", "closes", "min_age", "max_age",
    "dates_source", "ages_source", "towns_source", "example", "source", "type",
    "sectors", "routes", "places", "place", "provider", "related", "replaced_by",
    "strongest_in", "occupations", "status", "provider_type", "opportunity_type",
}  # fmt: skip
FIGURE = re.compile(r"\d[\d,.]*")
MONEY = re.compile(r"£|\bpounds?\b", re.IGNORECASE)
YEAR = re.compile(r"\b(19|20)\d\d\b")
MONEY_CHECK_MONTHS = 12


@dataclass(frozen=True)
class ClaimProblem:
    field: str
    message: str


@dataclass(frozen=True)
class Due:
    """A fact that must be checked again at its source before students read it as true."""

    kind: str
    slug: str
    says: str
    as_of: str
    source: str
    reason: str


def prose_fields(record: RecordBase) -> Iterator[tuple[str, str]]:
    """(field path, text) for every prose field of a record, nested ones included."""
    yield from _walk(record.model_dump(mode="json"), "")


def _walk(value: Any, path: str) -> Iterator[tuple[str, str]]:
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if key not in NOT_PROSE:
                yield from _walk(item, f"{path}.{key}" if path else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _walk(item, f"{path}[{index}]")


def claim_problems(record: RecordBase) -> list[ClaimProblem]:
    """What is wrong with the record's claims: unsourced figures, quotes not found, money
    with no year."""
    fields = list(prose_fields(record))
    problems = [_unquoted(claim) for claim in record.claims if not _found(claim, fields)]
    problems += [
        ClaimProblem("claims", f"the money claim '{claim.says}' must say its year")
        for claim in record.claims
        if MONEY.search(claim.says) and not YEAR.search(claim.says)
    ]
    for path, text in fields:
        covered = _covered(text, record.claims)
        for figure in FIGURE.finditer(text):
            if not covered & set(range(figure.start(), figure.end())):
                problems.append(ClaimProblem(path, _unsourced(text, figure)))
    return [p for p in problems if p is not None]


def _found(claim: Claim, fields: list[tuple[str, str]]) -> bool:
    return any(claim.says in text for _, text in fields)


def _unquoted(claim: Claim) -> ClaimProblem:
    return ClaimProblem(
        "claims", f"the claim '{claim.says}' is not in the record's text word for word"
    )


def _covered(text: str, claims: list[Claim]) -> set[int]:
    """The character positions of ``text`` that some claim quotes."""
    positions: set[int] = set()
    for claim in claims:
        for found in re.finditer(re.escape(claim.says), text):
            positions.update(range(found.start(), found.end()))
    return positions


def _unsourced(text: str, figure: re.Match[str]) -> str:
    start, end = max(0, figure.start() - 30), min(len(text), figure.end() + 30)
    return (
        f"the figure '{figure.group()}' in '...{text[start:end]}...' has no claim "
        "(add a claim quoting it, with its source and as_of)"
    )


def due_for_checking(record: RecordBase, today: dt.date) -> list[Due]:
    """The record's facts that are past their checking date on ``today``."""
    due = [
        Due(record.kind, record.slug, claim.says, claim.as_of, claim.source, reason)
        for claim in record.claims
        if (reason := _why_due(claim.says, claim.as_of, claim.valid_until, today))
    ]
    pay = getattr(record, "pay", None)
    if pay is not None:
        says = f"pay £{pay.starter:,} to £{pay.experienced:,}"
        if reason := _why_due("£", pay.as_of, None, today):
            due.append(Due(record.kind, record.slug, says, pay.as_of, pay.source, reason))
    return due


def _why_due(says: str, as_of: str, valid_until: dt.date | None, today: dt.date) -> str:
    if valid_until and valid_until < today:
        return f"past its valid-until date ({valid_until:%-d %B %Y})"
    if MONEY.search(says) and _months_between(parse_as_of(as_of), today) >= MONEY_CHECK_MONTHS:
        return f"a money figure from {as_of}, more than {MONEY_CHECK_MONTHS} months ago"
    return ""


def _months_between(start: dt.date, end: dt.date) -> int:
    return (end.year - start.year) * 12 + end.month - start.month


def is_being_checked(data: dict[str, Any], today: dt.date) -> bool:
    """Whether a stored record (its ``data``) has a fact due for checking: its page then
    says the figures are being checked."""
    claims = data.get("claims") or []
    pay = data.get("pay")
    if pay and _why_due("£", pay["as_of"], None, today):
        return True
    return any(
        _why_due(
            claim["says"],
            claim["as_of"],
            dt.date.fromisoformat(claim["valid_until"]) if claim.get("valid_until") else None,
            today,
        )
        for claim in claims
    )
