"""Ambassador mode: young apprentices answer students' questions, and a careers adviser
checks every answer before any student sees it.

- **Invitations**: an adviser or admin makes a one-time link (only its hash is kept; it
  lasts 14 days); the apprentice opens it, sets a password and a profile, and joins.
- **The queue**: the questions of an ambassador's sectors that nobody has answered, or
  whose answers were not approved. An answer waiting for a check keeps its question off
  the queue, so that two ambassadors don't answer the same one. Ambassadors never see a
  question's school, conversation or anything else about the student.
- **Moderation**: advisers check the answers to questions from their own schools; admins
  check all of them, and are the only ones to check questions whose school is not known.
  They approve as written, edit then approve, or refuse with a reason the ambassador sees.
- **Approved answers** reach the student (``for_student``) and become knowledge records of
  kind ``ambassador_answer``, which the bot reuses for other students.
- **Visit requests**: a student asks for an ambassador to visit their school; the careers
  team of that school sees it in the inbox and marks it done.

Who may see a question or an answer goes through ``_visible_question`` (ambassadors) and
``_answer_to_check`` (the careers team): anything else is "not there" (404 outside).
"""

from __future__ import annotations

import datetime as dt
import re
import secrets
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from contract.payloads import QuestionIn, VisitIn
from contract.references import same_conversation
from inbox.accounts import ROLES, as_utc, create_account, token_digest
from inbox.guardrails import check
from inbox.schools import match_school, school_by_slug, school_names
from knowledge.clock import now
from knowledge.inbox_models import (
    Account,
    AmbassadorAnswer,
    AmbassadorInvitation,
    AmbassadorProfile,
    AmbassadorQuestion,
    AmbassadorVisit,
)
from knowledge.loader import link_from_data
from knowledge.models import Record
from privacy.redact import redact, without_names_of

ROLE = "ambassador"
assert ROLE in ROLES
INVITATION_LIFETIME = dt.timedelta(days=14)
LEVELS = range(2, 8)
EMPLOYER_TYPES = (
    "large employer",
    "medium-sized business",
    "small business",
    "NHS trust",
    "council",
    "charity",
    "college or university",
    "public service",
)
# The route of each apprenticeship level, as the knowledge base names them.
LEVEL_ROUTES = {
    2: "intermediate-apprenticeship",
    3: "advanced-apprenticeship",
    4: "higher-apprenticeship",
    5: "higher-apprenticeship",
    6: "degree-apprenticeship",
    7: "degree-apprenticeship",
}
ANSWER_KIND = "ambassador_answer"
# The questions an ambassador may see: checked by an adviser, not dropped.
PASSED_ON = (
    AmbassadorQuestion.checked_text.is_not(None),
    AmbassadorQuestion.dropped_at.is_(None),
)
PENDING, APPROVED, REJECTED = "pending", "approved", "rejected"
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class AmbassadorError(ValueError):
    """Something that cannot be done; the message says why, in plain words."""


class NotThereError(LookupError):
    """No such question, answer or visit for this person (the two look the same outside)."""


class TakenError(AmbassadorError):
    """Someone has already answered the question."""


# --- what the bot sends ------------------------------------------------------------------


# --- invitations and profiles ------------------------------------------------------------


@dataclass(frozen=True)
class NewInvitation:
    token: str
    expires_at: dt.datetime


@dataclass(frozen=True)
class ProfileIn:
    """What an ambassador tells us about themselves when they join."""

    first_name: str
    apprenticeship: str
    level: int
    employer_type: str
    sectors: list[str]
    place: str
    employer_name: str | None = None


def invite(db: Session, by: Account) -> NewInvitation:
    """A new one-time invitation; the token is given out once and only its hash is kept."""
    token = secrets.token_urlsafe(32)
    moment = now()
    invitation = AmbassadorInvitation(
        token_hash=token_digest(token),
        created_by_id=by.id,
        created_at=moment,
        expires_at=moment + INVITATION_LIFETIME,
    )
    db.add(invitation)
    db.flush()
    return NewInvitation(token, invitation.expires_at)


def open_invitation(db: Session, token: str) -> AmbassadorInvitation:
    """The invitation for a token if it can still be used; AmbassadorError saying why not."""
    invitation = db.scalar(
        select(AmbassadorInvitation).where(AmbassadorInvitation.token_hash == token_digest(token))
    )
    if invitation is None:
        raise AmbassadorError(
            "This link doesn't work. Please check you copied all of it, or ask the careers "
            "adviser who invited you for a new one."
        )
    if invitation.used_at is not None:
        raise AmbassadorError(
            "This link has already been used. If it was you, please log in. If not, ask the "
            "careers adviser who invited you for a new one."
        )
    if as_utc(invitation.expires_at) <= now():
        raise AmbassadorError(
            "This link has run out: links last 14 days. Please ask the careers adviser who "
            "invited you for a new one."
        )
    return invitation


def join(db: Session, token: str, email: str, password: str, profile: ProfileIn) -> Account:
    """Use an invitation: make the ambassador's account and profile, once."""
    invitation = open_invitation(db, token)
    if not EMAIL.match(email.strip()):
        raise AmbassadorError("Please give your email address, like jess@example.org.")
    _check_profile(db, profile)
    account = create_account(db, email, profile.first_name.strip(), ROLE, password)
    db.add(_profile_row(account, profile))
    invitation.used_at = now()
    invitation.used_by_id = account.id
    db.flush()
    return account


def profile_of(db: Session, account: Account) -> AmbassadorProfile:
    profile = db.get(AmbassadorProfile, account.id)
    if profile is None:
        raise NotThereError("no ambassador profile")
    return profile


def attribution(db: Session, profile: AmbassadorProfile) -> str:
    """How an answer is signed for students, e.g. "Jess, Level 3 Electrical installation
    apprentice at a large employer in Sunderland". Never the employer's name."""
    apprenticeship = _without_suffix(
        profile.apprenticeship.strip(), (" apprenticeship", " apprentice")
    )
    where = title_of(db, "place", profile.place) or "the North East"
    return (
        f"{profile.first_name}, Level {profile.level} {apprenticeship} apprentice at "
        f"{_with_article(profile.employer_type)} in {where}"
    )


def _check_profile(db: Session, profile: ProfileIn) -> None:
    name = profile.first_name.strip()
    if not name or len(name) > 40 or not all(c.isalpha() or c in "-'’" for c in name):
        raise AmbassadorError("Please give just your first name (letters only).")
    if not 2 <= len(profile.apprenticeship.strip()) <= 120:
        raise AmbassadorError(
            "Please say which apprenticeship you're doing, for example Electrician."
        )
    check(f"{name} {profile.apprenticeship}")
    if profile.level not in LEVELS:
        raise AmbassadorError("Please choose your apprenticeship's level, from 2 to 7.")
    if profile.employer_type not in EMPLOYER_TYPES:
        raise AmbassadorError("Please choose the kind of employer you work for.")
    if len(profile.employer_name or "") > 200:
        raise AmbassadorError("Please shorten your employer's name to 200 characters.")
    if not profile.sectors or not _all_exist(db, "sector", profile.sectors):
        raise AmbassadorError("Please choose at least one sector you work in.")
    if not _all_exist(db, "place", [profile.place]):
        raise AmbassadorError("Please choose the area you work in.")


def _profile_row(account: Account, profile: ProfileIn) -> AmbassadorProfile:
    return AmbassadorProfile(
        account=account,
        first_name=profile.first_name.strip(),
        apprenticeship=profile.apprenticeship.strip(),
        level=profile.level,
        employer_name=(profile.employer_name or "").strip() or None,
        employer_type=profile.employer_type,
        sectors=list(dict.fromkeys(profile.sectors)),
        place=profile.place,
    )


# --- questions and the queue -------------------------------------------------------------


def receive_question(db: Session, question: QuestionIn) -> tuple[AmbassadorQuestion, bool]:
    """Store a question once (a retried delivery changes nothing); returns it and whether new.

    An unknown sector is refused (AmbassadorError); an unknown place, job or route is left out.
    """
    existing = _by_reference(db, AmbassadorQuestion, question.reference)
    if existing:
        same_conversation(existing.conversation_id, question.conversation_id, question.reference)
        return existing, False
    if not _all_exist(db, "sector", [question.sector]):
        raise AmbassadorError(f"There's no sector '{question.sector}' in the knowledge base.")
    stored = AmbassadorQuestion(
        reference=question.reference,
        conversation_id=question.conversation_id,
        school=school_by_slug(db, question.school_slug),
        sector=question.sector,
        place=_if_exists(db, "place", question.place),
        occupation=_if_exists(db, "occupation", question.occupation),
        route=_if_exists(db, "route", question.route),
        question=without_names_of(redact(question.question), school_names(db)),
        asked_at=question.asked_at,
        received_at=now(),
    )
    db.add(stored)
    db.flush()
    return stored, True


def queue_for(db: Session, ambassador: Account) -> list[AmbassadorQuestion]:
    """The questions of the ambassador's sectors waiting for an answer, oldest first."""
    sectors = profile_of(db, ambassador).sectors
    asked = db.scalars(
        select(AmbassadorQuestion)
        .where(AmbassadorQuestion.sector.in_(sectors), *PASSED_ON)
        .order_by(AmbassadorQuestion.received_at, AmbassadorQuestion.id)
    )
    return [question for question in asked if _is_open(question)]


def answer(db: Session, ambassador: Account, reference: str, text: str) -> AmbassadorAnswer:
    """An ambassador's answer, waiting for an adviser's check. Refused (GuardrailError) if it
    holds contact details, links, social media or an offer to meet."""
    question = _visible_question(db, ambassador, reference)
    if not _is_open(question):
        raise TakenError("Someone has already answered this question. Thank you all the same!")
    written = AmbassadorAnswer(
        ambassador_id=ambassador.id,
        attribution=attribution(db, profile_of(db, ambassador)),
        text=check(text),
        status=PENDING,
        written_at=now(),
    )
    question.answers.append(written)
    db.flush()
    return written


def answers_by(db: Session, ambassador: Account) -> list[AmbassadorAnswer]:
    """The ambassador's own answers, newest first."""
    return list(
        db.scalars(
            select(AmbassadorAnswer)
            .where(AmbassadorAnswer.ambassador_id == ambassador.id)
            .order_by(AmbassadorAnswer.written_at.desc(), AmbassadorAnswer.id.desc())
        )
    )


def status_words(written: AmbassadorAnswer) -> str:
    """An answer's status as its ambassador reads it."""
    if written.status == PENDING:
        return "waiting for a check"
    if written.status == REJECTED:
        return "not approved"
    return "approved" if written.approved_text == written.text else "edited and approved"


def _visible_question(db: Session, ambassador: Account, reference: str) -> AmbassadorQuestion:
    question = _by_reference(db, AmbassadorQuestion, reference)
    sectors = profile_of(db, ambassador).sectors
    if question is None or question.sector not in sectors or not passed_on(question):
        raise NotThereError(reference)
    return question


def passed_on(question: AmbassadorQuestion) -> bool:
    """Checked by an adviser and not dropped: only then may an ambassador see it."""
    return question.checked_text is not None and question.dropped_at is None


def _is_open(question: AmbassadorQuestion) -> bool:
    return all(written.status == REJECTED for written in question.answers)


# --- moderation by the careers team ------------------------------------------------------


def awaiting_check(db: Session, account: Account) -> list[AmbassadorAnswer]:
    """The answers waiting for this adviser's (or admin's) check, oldest first."""
    waiting = db.scalars(
        select(AmbassadorAnswer)
        .where(AmbassadorAnswer.status == PENDING)
        .order_by(AmbassadorAnswer.written_at, AmbassadorAnswer.id)
    )
    return [written for written in waiting if may_moderate(account, written.question)]


def approve(
    db: Session,
    account: Account,
    reference: str,
    edited: str | None = None,
    public_question: str | None = None,
) -> AmbassadorAnswer:
    """Approve the answer waiting on a question, as written or as edited (which must pass
    the guardrails too), with the question worded as it may be published (neutral, nothing
    personal; the question as passed to apprentices unless the adviser rewords it). It then
    reaches the student and becomes a knowledge record."""
    written = _answer_to_check(db, account, reference)
    if written.ambassador_id is None:
        raise AmbassadorError("The ambassador who wrote this has left, so it can't be approved.")
    wording = (public_question or "").strip() or written.question.checked_text or ""
    if not wording:
        raise AmbassadorError("Please write the question as other students will see it.")
    written.public_question = check(redact(wording))
    written.approved_text = check(edited) if edited and edited.strip() else written.text
    _moderated(written, account, APPROVED)
    _add_knowledge_record(db, written)
    return written


def reject(db: Session, account: Account, reference: str, reason: str) -> AmbassadorAnswer:
    """Refuse the answer waiting on a question; the ambassador sees the reason, and the
    question goes back on the queue."""
    written = _answer_to_check(db, account, reference)
    if not reason.strip():
        raise AmbassadorError("Please say why, so the ambassador can learn from it.")
    written.reason = reason.strip()
    return _moderated(written, account, REJECTED)


def _answer_to_check(db: Session, account: Account, reference: str) -> AmbassadorAnswer:
    question = _by_reference(db, AmbassadorQuestion, reference)
    waiting = [a for a in question.answers if a.status == PENDING] if question else []
    if not waiting or not may_moderate(account, question):
        raise NotThereError(reference)
    return waiting[0]


def may_moderate(account: Account, question: AmbassadorQuestion) -> bool:
    """Admins check every answer; advisers those to questions from their own schools."""
    if account.role == "admin":
        return True
    return question.school_id in {school.id for school in account.schools}


def _moderated(written: AmbassadorAnswer, account: Account, status: str) -> AmbassadorAnswer:
    written.status = status
    written.moderated_by_id = account.id
    written.moderated_at = now()
    return written


# --- an approved answer as a knowledge record --------------------------------------------


def answer_record_slug(reference: str) -> str:
    return f"answer-{reference.lower()}"


def _add_knowledge_record(db: Session, written: AmbassadorAnswer) -> Record:
    question, profile = written.question, db.get(AmbassadorProfile, written.ambassador_id)
    links = _record_links(db, question, profile.level)
    approved_at = as_utc(written.moderated_at)
    data = {
        "question": written.public_question,
        "question_checked": True,  # worded by an adviser: safe to show anyone
        "answer": written.approved_text,
        "by": written.attribution,
        "ambassador": {
            "first_name": profile.first_name,
            "apprenticeship": profile.apprenticeship,
            "level": profile.level,
            "employer_type": profile.employer_type,
            "place": profile.place,
        },
        "links": links,
        "approved_at": approved_at.isoformat(),
    }
    record = Record(
        kind=ANSWER_KIND,
        slug=answer_record_slug(question.reference),
        title=_shortened(written.public_question or "", 200),
        summary=written.approved_text,
        data=data,
        sources=[],
        as_of=approved_at.date().isoformat(),
        url=None,
    )
    db.add(record)
    db.flush()
    link_from_data(db, record)
    return record


def _record_links(db: Session, question: AmbassadorQuestion, level: int) -> dict[str, list[str]]:
    """What the answer is about: the question's sector, job and route, and the routes of
    the ambassador's own apprenticeship; only the records that exist."""
    wanted = {
        "sector": [question.sector],
        "occupation": [question.occupation] if question.occupation else [],
        "route": [question.route, LEVEL_ROUTES[level], "apprenticeship"],
    }
    return {
        kind: [slug for slug in dict.fromkeys(slugs) if slug and _if_exists(db, kind, slug)]
        for kind, slugs in wanted.items()
    }


# --- what the student sees ---------------------------------------------------------------


@dataclass(frozen=True)
class ForStudent:
    reference: str
    stage: str  # "queued", "answered" or "closed" (an adviser kept it from apprentices)
    text: str | None
    by: str | None


def for_student(db: Session, conversation_id: str) -> list[ForStudent]:
    """The conversation's questions; an answer only once an adviser has approved it."""
    asked = db.scalars(
        select(AmbassadorQuestion)
        .where(AmbassadorQuestion.conversation_id == conversation_id)
        .order_by(AmbassadorQuestion.id)
    )
    return [_as_seen_by_student(question) for question in asked]


def _as_seen_by_student(question: AmbassadorQuestion) -> ForStudent:
    approved = next((a for a in question.answers if a.status == APPROVED), None)
    if question.dropped_at is not None:
        return ForStudent(question.reference, "closed", None, None)
    if approved is None:
        return ForStudent(question.reference, "queued", None, None)
    return ForStudent(question.reference, "answered", approved.approved_text, approved.attribution)


# --- visit requests ----------------------------------------------------------------------


def receive_visit(db: Session, visit: VisitIn) -> tuple[AmbassadorVisit, bool]:
    """Store a visit request once; returns it and whether it is new."""
    existing = _by_reference(db, AmbassadorVisit, visit.reference)
    if existing:
        same_conversation(existing.conversation_id, visit.conversation_id, visit.reference)
        return existing, False
    school = school_by_slug(db, visit.school_slug)
    if school is None and visit.school_given:
        school = match_school(db, visit.school_given)
    stored = AmbassadorVisit(
        reference=visit.reference,
        conversation_id=visit.conversation_id,
        school=school,
        school_given=visit.school_given,
        sector=_if_exists(db, "sector", visit.sector),
        note=redact(visit.note),
        requested_at=visit.requested_at,
        received_at=now(),
    )
    db.add(stored)
    db.flush()
    return stored, True


def visits_for(db: Session, account: Account) -> list[AmbassadorVisit]:
    """The visit requests an account may see (admins: all), those still to do first."""
    query = select(AmbassadorVisit).order_by(AmbassadorVisit.received_at.desc())
    if account.role != "admin":
        query = query.where(AmbassadorVisit.school_id.in_([s.id for s in account.schools]))
    return sorted(db.scalars(query), key=lambda visit: visit.done_at is not None)


def mark_visit_done(db: Session, account: Account, reference: str) -> AmbassadorVisit:
    visit = next((v for v in visits_for(db, account) if v.reference == reference), None)
    if visit is None:
        raise NotThereError(reference)
    if visit.done_at is None:
        visit.done_by = account
        visit.done_at = now()
    return visit


# --- erasure -----------------------------------------------------------------------------


def delete_for_conversation(db: Session, conversation_id: str) -> int:
    """Delete a conversation's questions (with their answers) and visit requests; returns
    how many questions and visits went. Approved answers stay as knowledge records: they
    hold the question and the answer, nothing about the student."""
    return _delete_where(
        db,
        AmbassadorQuestion.conversation_id == conversation_id,
        AmbassadorVisit.conversation_id == conversation_id,
    )


def delete_received_before(db: Session, before: dt.datetime) -> int:
    """Retention: delete the questions and visit requests that arrived before ``before``
    (approved answers stay as knowledge records); returns how many went."""
    return _delete_where(
        db, AmbassadorQuestion.received_at < before, AmbassadorVisit.received_at < before
    )


def _delete_where(db: Session, questions, visits) -> int:
    question_ids = list(db.scalars(select(AmbassadorQuestion.id).where(questions)))
    if question_ids:
        db.execute(delete(AmbassadorAnswer).where(AmbassadorAnswer.question_id.in_(question_ids)))
        db.execute(delete(AmbassadorQuestion).where(AmbassadorQuestion.id.in_(question_ids)))
    return len(question_ids) + db.execute(delete(AmbassadorVisit).where(visits)).rowcount


# --- small helpers -----------------------------------------------------------------------


def _by_reference(db: Session, table, reference: str):
    return db.scalar(select(table).where(table.reference == reference))


def _all_exist(db: Session, kind: str, slugs: list[str]) -> bool:
    found = set(db.scalars(select(Record.slug).where(Record.kind == kind, Record.slug.in_(slugs))))
    return found == set(slugs)


def _if_exists(db: Session, kind: str, slug: str | None) -> str | None:
    return slug if slug and _all_exist(db, kind, [slug]) else None


def title_of(db: Session, kind: str, slug: str) -> str | None:
    return db.scalar(select(Record.title).where(Record.kind == kind, Record.slug == slug))


def _with_article(words: str) -> str:
    """The words after "a" or "an", as said aloud: "a large employer", "an NHS trust"."""
    first = words.split()[0]
    vowel_sound = first[0].lower() in "aeio" or (first.isupper() and first[0] in "AEFHILMNORSX")
    return f"{'an' if vowel_sound else 'a'} {words}"


def _without_suffix(text: str, suffixes: tuple[str, ...]) -> str:
    for suffix in suffixes:
        if text.lower().endswith(suffix):
            return text[: -len(suffix)]
    return text


def _shortened(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
