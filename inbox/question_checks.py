"""A careers adviser checks every student's question before any apprentice sees it.

The bot has already taken out contact details, social media names and the names of
registered schools; an adviser reads what is left, may edit it (a name, a health or family
detail), and passes it on, or drops it with a reason. Advisers check their own schools'
questions; admins check every one, including those whose school is not known.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from inbox.ambassadors import AmbassadorError, NotThereError, may_moderate
from inbox.guardrails import check
from knowledge.clock import now
from knowledge.inbox_models import Account, AmbassadorQuestion
from privacy.redact import redact

MAX_QUESTION_CHARS = 1000


def questions_to_check(db: Session, account: Account) -> list[AmbassadorQuestion]:
    """The questions waiting for this adviser's (or admin's) check, oldest first."""
    waiting = db.scalars(
        select(AmbassadorQuestion)
        .where(AmbassadorQuestion.checked_text.is_(None), AmbassadorQuestion.dropped_at.is_(None))
        .order_by(AmbassadorQuestion.received_at, AmbassadorQuestion.id)
    )
    return [question for question in waiting if may_moderate(account, question)]


def pass_on(db: Session, account: Account, reference: str, text: str) -> AmbassadorQuestion:
    """Pass a question to apprentices in the wording the adviser has checked."""
    question = _to_check(db, account, reference)
    wording = check(redact(text.strip()))
    if not wording or len(wording) > MAX_QUESTION_CHARS:
        raise AmbassadorError(
            f"Please give the question in a sentence or two (up to {MAX_QUESTION_CHARS} "
            "characters)."
        )
    question.checked_text = wording
    question.checked_at = now()
    question.checked_by_id = account.id
    return question


def drop(db: Session, account: Account, reference: str, reason: str) -> AmbassadorQuestion:
    """Keep a question from apprentices for good (the student is not told why)."""
    question = _to_check(db, account, reference)
    if not reason.strip():
        raise AmbassadorError("Please say why, for the record.")
    question.dropped_at = now()
    question.drop_reason = reason.strip()[:1000]
    question.checked_by_id = account.id
    return question


def _to_check(db: Session, account: Account, reference: str) -> AmbassadorQuestion:
    question = db.scalar(
        select(AmbassadorQuestion).where(AmbassadorQuestion.reference == reference)
    )
    waiting = question is not None and question.checked_text is None and not question.dropped_at
    if not waiting or not may_moderate(account, question):
        raise NotThereError(reference)
    return question
