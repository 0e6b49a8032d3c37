"""Reading the knowledge base: the one query layer the actions and the web service use."""

from __future__ import annotations

import datetime as dt
import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from spacy.lang.en.stop_words import STOP_WORDS
from sqlalchemy import ColumnElement, and_, exists, or_, select
from sqlalchemy.orm import Session, aliased, selectinload, sessionmaker

from knowledge.clock import today as real_today
from knowledge.db import session_factory
from knowledge.models import Link, OpportunityDates, Record

T = TypeVar("T")
CACHE_SECONDS = 30
# Records people create through the web service: approved answers from apprentice
# ambassadors (inbox/ambassadors.py). Their titles are students' questions, not names.
AMBASSADOR_ANSWER = "ambassador_answer"


@dataclass(frozen=True)
class RecordRef:
    """Just enough to name and cite a record."""

    kind: str
    slug: str
    title: str

    @property
    def path(self) -> str:
        return f"/k/{self.kind}/{self.slug}"

    def as_citation(self) -> dict[str, str]:
        """The ``custom.records`` entry of the chat contract."""
        return {"kind": self.kind, "slug": self.slug, "title": self.title, "url": self.path}


@dataclass(frozen=True)
class RecordView:
    """A whole record with its outgoing and incoming links, ready to show."""

    ref: RecordRef
    summary: str
    data: dict[str, Any]
    sources: list[str]
    as_of: str
    url: str | None
    aliases: list[str]
    links: dict[str, list[RecordRef]] = field(default_factory=dict)
    linked_from: dict[str, list[RecordRef]] = field(default_factory=dict)

    def linked(self, relation: str) -> list[RecordRef]:
        return self.links.get(relation, [])

    def home_sector(self) -> RecordRef | None:
        """An occupation's own sector (the first it lists; the others are "also_sector")."""
        return next(iter(self.linked("sector")), None)

    def linked_by(self, kind: str, relation: str) -> list[RecordRef]:
        return [r for r in self.linked_from.get(relation, []) if r.kind == kind]

    def as_json(self) -> dict[str, Any]:
        return {
            "kind": self.ref.kind,
            "slug": self.ref.slug,
            "title": self.ref.title,
            "summary": self.summary,
            "data": self.data,
            "aliases": self.aliases,
            "sources": self.sources,
            "as_of": self.as_of,
            "url": self.url,
            "links": _refs_json(self.links),
            "linked_from": _refs_json(self.linked_from),
        }


def _refs_json(groups: dict[str, list[RecordRef]]) -> dict[str, list[dict[str, str]]]:
    return {relation: [r.as_citation() for r in refs] for relation, refs in groups.items()}


def _ref(row: Record) -> RecordRef:
    return RecordRef(kind=row.kind, slug=row.slug, title=row.title)


class KnowledgeBase:
    """Read-only access to the records; one instance per process is enough.

    With ``cache_seconds`` answers are kept that long, so a busy process (the action
    server) reads each record once, and still sees a new load within that time.
    """

    def __init__(self, sessions: sessionmaker[Session] | None = None, cache_seconds: float = 0):
        self._sessions = sessions or session_factory()
        self._cache_seconds = cache_seconds
        self._cache: dict[tuple, tuple[float, Any]] = {}

    def _cached(self, key: tuple, compute: Callable[[], T]) -> T:
        if not self._cache_seconds:
            return compute()
        now = time.monotonic()
        held = self._cache.get(key)
        if held and now - held[0] < self._cache_seconds:
            return held[1]
        value = compute()
        self._cache[key] = (now, value)
        return value

    def get(self, kind: str, slug: str) -> RecordView | None:
        return self._cached(("get", kind, slug), lambda: self._get(kind, slug))

    def _get(self, kind: str, slug: str) -> RecordView | None:
        with self._sessions() as session:
            row = session.scalar(
                select(Record)
                .where(Record.kind == kind, Record.slug == slug)
                .options(
                    selectinload(Record.links).selectinload(Link.target),
                    selectinload(Record.aliases),
                )
            )
            if row is None or not is_public(row):
                return None
            return RecordView(
                ref=_ref(row),
                summary=row.summary,
                data=row.data,
                sources=row.sources,
                as_of=row.as_of,
                url=row.url,
                aliases=[a.text for a in row.aliases],
                links=_group((link.relation, link.target) for link in row.links),
                linked_from=_group(self._incoming(session, row.id)),
            )

    def all_refs(self, kind: str | None = None) -> list[RecordRef]:
        with self._sessions() as session:
            query = select(Record).order_by(Record.kind, Record.title)
            if kind:
                query = query.where(Record.kind == kind)
            return [_ref(row) for row in session.scalars(query) if is_public(row)]

    def names(self) -> list[tuple[RecordRef, list[str]]]:
        """Every record with its aliases: the vocabulary the bot and resolver learn from."""
        with self._sessions() as session:
            rows = session.scalars(
                select(Record)
                .where(Record.kind != AMBASSADOR_ANSWER)
                .options(selectinload(Record.aliases))
            )
            return [(_ref(row), [a.text for a in row.aliases]) for row in rows]

    def ambassador_answers(
        self, about: list[RecordRef], question: str, limit: int = 2
    ) -> list[AmbassadorAnswer]:
        """Approved ambassador answers that fit a question, best first.

        An answer fits when it is about the same job, sector or route as the question (the
        records the question names), or shares enough of its words; see ``fit``.
        """
        found = self._ambassador_answers()  # not cached: an approved answer counts at once
        wanted = {(ref.kind, ref.slug) for ref in about}
        scored = [(fit(answer, wanted, question), answer) for answer in found]
        ranked = sorted((pair for pair in scored if pair[0] >= ENOUGH_FIT), key=lambda p: -p[0])
        return [answer for _, answer in ranked[:limit]]

    def _ambassador_answers(self) -> list[AmbassadorAnswer]:
        with self._sessions() as session:
            rows = session.scalars(
                select(Record)
                .where(Record.kind == AMBASSADOR_ANSWER)
                .order_by(Record.id.desc())
                .options(selectinload(Record.links).selectinload(Link.target))
            )
            return [AmbassadorAnswer.of(row) for row in rows if is_public(row)]

    def prose_words(self) -> frozenset[str]:
        """Every word the records' own text uses: real words, never a misspelt name, so the
        resolver leaves them alone ("training" is not a misspelt "retraining")."""
        return self._cached(("prose_words",), self._prose_words)

    def _prose_words(self) -> frozenset[str]:
        words: set[str] = set()
        with self._sessions() as session:
            for row in session.scalars(select(Record).where(Record.kind != AMBASSADOR_ANSWER)):
                for text in (row.summary, *_strings_in(row.data)):
                    words.update(WORD.findall(text.lower()))
        return frozenset(words)

    def subjects(self) -> dict[str, list[RecordRef]]:
        """School subjects named by occupations, each with the occupations that use it."""
        return self._cached(("subjects",), self._subjects)

    def _subjects(self) -> dict[str, list[RecordRef]]:
        by_subject: dict[str, list[RecordRef]] = {}
        with self._sessions() as session:
            rows = session.scalars(
                select(Record).where(Record.kind == "occupation").order_by(Record.title)
            )
            for row in rows:
                for subject in row.data.get("subjects", []):
                    by_subject.setdefault(subject.lower(), []).append(_ref(row))
        return by_subject

    def opportunities(
        self,
        today: dt.date | None = None,
        sector: str | None = None,
        place: str | None = None,
        route: str | None = None,
        age: int | None = None,
        opportunity_type: str | None = None,
    ) -> list[RecordRef]:
        """Opportunities still open for applications, soonest closing first.

        A place matches its own opportunities and the region-wide ones.
        """
        query = (
            select(Record)
            .join(OpportunityDates, OpportunityDates.record_id == Record.id)
            .where(
                or_(
                    OpportunityDates.closes.is_(None),
                    OpportunityDates.closes >= (today or real_today()),
                )
            )
            .order_by(OpportunityDates.closes.is_(None), OpportunityDates.closes, Record.title)
        )
        if sector:
            query = query.where(_links_to("sector", "sector", [sector]))
        if place:
            query = query.where(_links_to("place", "place", [place, "north-east"]))
        if route:
            query = query.where(_links_to("route", "route", [route]))
        if age is not None:
            query = query.where(OpportunityDates.min_age <= age, OpportunityDates.max_age >= age)
        if opportunity_type:
            query = query.where(OpportunityDates.opportunity_type == opportunity_type)
        return self._refs(query)

    def providers(self, place: str | None = None, route: str | None = None) -> list[RecordRef]:
        """Colleges, sixth forms and universities, by where they are and what they offer."""
        query = select(Record).where(Record.kind == "provider").order_by(Record.title)
        if place:
            query = query.where(_links_to("place", "place", [place]))
        if route:
            query = query.where(_links_to("route", "route", [route]))
        return self._refs(query)

    def _refs(self, query) -> list[RecordRef]:
        key = ("refs", str(query.compile(compile_kwargs={"literal_binds": True})))
        return self._cached(key, lambda: self._run_refs(query))

    def _run_refs(self, query) -> list[RecordRef]:
        with self._sessions() as session:
            return [_ref(row) for row in session.scalars(query)]

    @staticmethod
    def _incoming(session: Session, record_id: int) -> list[tuple[str, Record]]:
        rows = session.execute(
            select(Link.relation, Record)
            .join(Record, Record.id == Link.from_id)
            .where(Link.to_id == record_id)
            .order_by(Record.title)
        )
        return [(relation, source) for relation, source in rows if is_public(source)]


def is_public(row: Record) -> bool:
    """Every record may be shown to anyone, except an ambassador's answer whose question an
    adviser has not worded for publishing (answers approved before that check existed)."""
    return row.kind != AMBASSADOR_ANSWER or bool((row.data or {}).get("question_checked"))


@dataclass(frozen=True)
class AmbassadorAnswer:
    """An apprentice's approved answer to a student's question, and who gave it."""

    ref: RecordRef
    question: str
    answer: str
    by: str
    about: frozenset[tuple[str, str]]  # (kind, slug) of the sector, job and routes

    @classmethod
    def of(cls, row: Record) -> AmbassadorAnswer:
        return cls(
            ref=_ref(row),
            question=row.data.get("question", row.title),
            answer=row.data.get("answer", row.summary),
            by=row.data.get("by", "an apprentice"),
            about=frozenset((link.target.kind, link.target.slug) for link in row.links),
        )


# How much each shared thing counts towards an answer fitting a question.
FIT_WEIGHTS = {"occupation": 3.0, "sector": 2.0, "route": 0.5}
WORD_WEIGHT = 1.0
ENOUGH_FIT = 2.0  # the same sector at least, or the same job, or several shared words
WORD = re.compile(r"[a-z0-9]+")
# Words every "what is it really like?" question has, which say nothing of its subject.
QUESTION_FILLER = frozenset({"like", "really", "actually", "honestly", "tbh"})


def fit(answer: AmbassadorAnswer, wanted: set[tuple[str, str]], question: str) -> float:
    """How well an answer fits a question: the records both are about, then shared words."""
    shared = answer.about & wanted
    by_records = sum(FIT_WEIGHTS.get(kind, 0.0) for kind, _ in shared)
    words = content_words(question) & content_words(answer.question)
    return by_records + WORD_WEIGHT * len(words)


def content_words(text: str) -> set[str]:
    """The words of a text that carry its meaning (no "what", "is", "it", "like")."""
    words = WORD.findall(text.lower())
    return {w for w in words if len(w) > 2 and w not in STOP_WORDS and w not in QUESTION_FILLER}


def _links_to(relation: str, kind: str, slugs: list[str]) -> ColumnElement[bool]:
    """The record has a ``relation`` link to one of these records."""
    target = aliased(Record)
    return exists().where(
        and_(
            Link.from_id == Record.id,
            Link.relation == relation,
            Link.to_id == target.id,
            target.kind == kind,
            or_(*(target.slug == slug for slug in slugs)),
        )
    )


def _group(pairs) -> dict[str, list[RecordRef]]:
    groups: dict[str, list[RecordRef]] = {}
    for relation, row in pairs:
        groups.setdefault(relation, []).append(_ref(row))
    return groups


WORD = re.compile(r"[a-z]+")


def _strings_in(value: Any) -> list[str]:
    """Every string inside a record's data (nested lists and mappings included)."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings_in(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings_in(item)]
    return []


CUE_WORDS = {"in", "from", "near", "at", "around", "round", "live", "lives", "the"}


def town_named(place: RecordView, words: str) -> dict[str, Any] | None:
    """The town of ``place`` that ``words`` name ("live in stanley" -> Stanley), if any."""
    wanted = _bare(words)
    for town in place.data.get("towns") or []:
        if any(_bare(name) == wanted for name in (town["name"], *town.get("aliases", []))):
            return town
    return None


def _bare(name: str) -> str:
    return " ".join(w for w in name.lower().replace("-", " ").split() if w not in CUE_WORDS)
