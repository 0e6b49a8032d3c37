"""Ambassador mode's JSON API (documented at /docs); the rules are in inbox/ambassadors.py.

- the bot: ``POST /api/ambassador-questions`` and ``POST /api/ambassador-visits``
  (service token);
- the careers team (advisers and admins, never ambassadors): invitations, checking
  answers, and visit requests;
- ambassadors (and nobody else): ``/api/ambassador/...``, their queue and their answers.
  Nothing here lets an ambassador reach a student, or see who asked.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Depends, HTTPException, Request
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.orm import Session

from contract.payloads import QuestionIn, VisitIn
from inbox import ambassadors, question_checks
from inbox.ambassadors import NotThereError
from inbox.guardrails import GuardrailError
from inbox.notify import notify_visit_request
from knowledge.inbox_models import AmbassadorAnswer, AmbassadorQuestion, AmbassadorVisit
from web.audit import audited
from web.auth import Caller, ambassador, bot_service, caller
from web.database import DB
from web.mail import send_emails_now

router = APIRouter(prefix="/api", tags=["ambassadors"])
NOT_THERE = "There's nothing with that reference for you."


class AnswerIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=2000)


class ApproveIn(BaseModel):
    """Leave out ``text`` to approve the answer as written; give it to approve your edit.
    ``question`` is the question as other students will read it beside the answer (leave
    it out to publish the wording you passed to apprentices)."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(default=None, max_length=2000)
    question: str | None = Field(default=None, max_length=1000)


class PassOnIn(BaseModel):
    """The question as apprentices will read it: nothing that says who asked."""

    model_config = ConfigDict(extra="forbid")
    text: str = Field(min_length=1, max_length=1000)


class RejectIn(BaseModel):
    model_config = ConfigDict(extra="forbid")
    reason: str = Field(min_length=1, max_length=1000)


class InvitationOut(BaseModel):
    link: str
    expires_at: dt.datetime


class QueuedQuestion(BaseModel):
    """A question as an ambassador sees it: never who asked, their school or conversation."""

    reference: str
    question: str
    sector: str
    sector_title: str | None
    place: str | None
    place_title: str | None
    asked_at: dt.datetime

    @classmethod
    def of(cls, db: Session, question: AmbassadorQuestion) -> QueuedQuestion:
        return cls(
            reference=question.reference,
            question=question.checked_text or "",
            sector=question.sector,
            sector_title=ambassadors.title_of(db, "sector", question.sector),
            place=question.place,
            place_title=ambassadors.title_of(db, "place", question.place or ""),
            asked_at=question.asked_at,
        )


class MyAnswer(BaseModel):
    """An ambassador's own answer and what became of it."""

    reference: str
    question: str
    text: str
    status: str
    status_words: str
    approved_text: str | None
    reason: str | None
    written_at: dt.datetime

    @classmethod
    def of(cls, written: AmbassadorAnswer) -> MyAnswer:
        return cls(
            reference=written.question.reference,
            question=written.question.checked_text or "",
            text=written.text,
            status=written.status,
            status_words=ambassadors.status_words(written),
            approved_text=written.approved_text,
            reason=written.reason,
            written_at=written.written_at,
        )


class QuestionToCheck(BaseModel):
    """A student's question as the careers team checks it, before any apprentice sees it
    (contact details, social media names and school names already taken out)."""

    reference: str
    question: str
    sector: str
    school: str | None
    asked_at: dt.datetime

    @classmethod
    def of(cls, question: AmbassadorQuestion) -> QuestionToCheck:
        return cls(
            reference=question.reference,
            question=question.question,
            sector=question.sector,
            school=question.school.name if question.school else None,
            asked_at=question.asked_at,
        )


class AnswerToCheck(BaseModel):
    """An answer as the careers team checks it."""

    reference: str
    question: str
    passed_on_as: str | None
    public_question: str | None
    sector: str
    school: str | None
    answer: str
    by: str
    status: str
    approved_text: str | None
    written_at: dt.datetime

    @classmethod
    def of(cls, written: AmbassadorAnswer) -> AnswerToCheck:
        question = written.question
        return cls(
            reference=question.reference,
            question=question.question,
            passed_on_as=question.checked_text,
            public_question=written.public_question,
            sector=question.sector,
            school=question.school.name if question.school else None,
            answer=written.text,
            by=written.attribution,
            status=written.status,
            approved_text=written.approved_text,
            written_at=written.written_at,
        )


class VisitOut(BaseModel):
    reference: str
    school: str | None
    school_given: str | None
    sector: str | None
    note: str
    requested_at: dt.datetime
    done_by: str | None
    done_at: dt.datetime | None

    @classmethod
    def of(cls, visit: AmbassadorVisit) -> VisitOut:
        return cls(
            reference=visit.reference,
            school=visit.school.name if visit.school else None,
            school_given=visit.school_given,
            sector=visit.sector,
            note=visit.note,
            requested_at=visit.requested_at,
            done_by=visit.done_by.display_name if visit.done_by else None,
            done_at=visit.done_at,
        )


# --- the bot -----------------------------------------------------------------------------


@router.post("/ambassador-questions", status_code=201, dependencies=[Depends(bot_service)])
def receive_question(question: QuestionIn, db: Session = DB) -> dict[str, Any]:
    """For the bot: store a student's question for an ambassador (idempotent by reference)."""
    stored, is_new = refusing_kindly(ambassadors.receive_question, db, question)
    return {"reference": stored.reference, "new": is_new}


@router.post("/ambassador-visits", status_code=201, dependencies=[Depends(bot_service)])
def receive_visit(
    visit: VisitIn, request: Request, later: BackgroundTasks, db: Session = DB
) -> dict[str, Any]:
    """For the bot: store a request for an ambassador's visit (idempotent by reference) and
    email the school's advisers."""
    stored, is_new = ambassadors.receive_visit(db, visit)
    if is_new:
        notify_visit_request(db, stored, request.app.state.settings.mail.inbox_url)
        later.add_task(send_emails_now, request.app)
    return {"reference": stored.reference, "new": is_new}


# --- the careers team --------------------------------------------------------------------


@router.post("/ambassador-invitations", response_model=InvitationOut, status_code=201)
def invite(request: Request, found: Caller = Depends(caller), db: Session = DB) -> InvitationOut:
    """A one-time link, valid for 14 days, for an apprentice to join as an ambassador."""
    made = ambassadors.invite(db, found.account)
    audit_invitation(request, db, found, made.expires_at)
    return InvitationOut(link=invitation_link(request, made.token), expires_at=made.expires_at)


@router.get("/ambassador-questions", response_model=list[QuestionToCheck])
def questions_to_check(found: Caller = Depends(caller), db: Session = DB) -> list[QuestionToCheck]:
    """Students' questions waiting for your check before apprentices see them: of your
    schools (admins: all, including those whose school is not known)."""
    waiting = question_checks.questions_to_check(db, found.account)
    return [QuestionToCheck.of(q) for q in waiting]


@router.post("/ambassador-questions/{reference}/pass-on", response_model=QuestionToCheck)
def pass_on(
    reference: str,
    body: PassOnIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> QuestionToCheck:
    """Pass a question to the apprentices of its sector, in the wording you give."""
    passed = refusing_kindly(question_checks.pass_on, db, found.account, reference, body.text)
    audited(request, db, found.account, "question_pass_on", reference)
    return QuestionToCheck.of(passed)


@router.post("/ambassador-questions/{reference}/drop", response_model=QuestionToCheck)
def drop(
    reference: str,
    body: RejectIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> QuestionToCheck:
    """Keep a question from apprentices for good, saying why (for the record)."""
    dropped = refusing_kindly(question_checks.drop, db, found.account, reference, body.reason)
    audited(request, db, found.account, "question_drop", reference)
    return QuestionToCheck.of(dropped)


@router.get("/ambassador-answers", response_model=list[AnswerToCheck])
def answers_to_check(found: Caller = Depends(caller), db: Session = DB) -> list[AnswerToCheck]:
    """Answers waiting for a check: of your schools' questions (admins: all)."""
    return [AnswerToCheck.of(a) for a in ambassadors.awaiting_check(db, found.account)]


@router.post("/ambassador-answers/{reference}/approve", response_model=AnswerToCheck)
def approve(
    reference: str,
    body: ApproveIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> AnswerToCheck:
    """Approve the answer waiting on a question, as written or with your edit."""
    approved = refusing_kindly(
        ambassadors.approve, db, found.account, reference, body.text, body.question
    )
    audit_moderation(request, db, found, approved)
    return AnswerToCheck.of(approved)


@router.post("/ambassador-answers/{reference}/reject", response_model=AnswerToCheck)
def reject(
    reference: str,
    body: RejectIn,
    request: Request,
    found: Caller = Depends(caller),
    db: Session = DB,
) -> AnswerToCheck:
    """Refuse the answer waiting on a question; the ambassador sees the reason."""
    refused = refusing_kindly(ambassadors.reject, db, found.account, reference, body.reason)
    audit_moderation(request, db, found, refused)
    return AnswerToCheck.of(refused)


@router.get("/ambassador-visits", response_model=list[VisitOut])
def visits(found: Caller = Depends(caller), db: Session = DB) -> list[VisitOut]:
    return [VisitOut.of(v) for v in ambassadors.visits_for(db, found.account)]


@router.post("/ambassador-visits/{reference}/done", response_model=VisitOut)
def visit_done(
    reference: str, request: Request, found: Caller = Depends(caller), db: Session = DB
) -> VisitOut:
    visit = refusing_kindly(ambassadors.mark_visit_done, db, found.account, reference)
    audited(request, db, found.account, "visit_done", visit.reference)
    return VisitOut.of(visit)


# --- ambassadors -------------------------------------------------------------------------


@router.get("/ambassador/questions", response_model=list[QueuedQuestion])
def my_queue(found: Caller = Depends(ambassador), db: Session = DB) -> list[QueuedQuestion]:
    """Students' questions in your sectors that are waiting for an answer."""
    queue = refusing_kindly(ambassadors.queue_for, db, found.account)
    return [QueuedQuestion.of(db, q) for q in queue]


@router.post("/ambassador/questions/{reference}/answer", response_model=MyAnswer, status_code=201)
def answer(
    reference: str, body: AnswerIn, found: Caller = Depends(ambassador), db: Session = DB
) -> MyAnswer:
    """Answer in your own words; a careers adviser checks it before any student sees it."""
    written = refusing_kindly(ambassadors.answer, db, found.account, reference, body.text)
    return MyAnswer.of(written)


@router.get("/ambassador/answers", response_model=list[MyAnswer])
def my_answers(found: Caller = Depends(ambassador), db: Session = DB) -> list[MyAnswer]:
    return [MyAnswer.of(a) for a in ambassadors.answers_by(db, found.account)]


# --- shared ------------------------------------------------------------------------------


def invitation_link(request: Request, token: str) -> str:
    """The link to give an apprentice. Its secret is after the ``#``, which browsers never
    send: the page's script posts it, so it reaches no access log."""
    return f"{request.app.state.settings.mail.inbox_url}/ambassador/join#{token}"


def audit_invitation(request: Request, db: Session, found: Caller, expires: dt.datetime) -> None:
    audited(request, db, found.account, "invitation", detail=f"runs out {expires:%d %b %Y}")


def audit_moderation(request: Request, db: Session, found: Caller, done: AmbassadorAnswer) -> None:
    """Record an approval (saying if it was edited first) or a refusal of an answer."""
    if done.status == ambassadors.REJECTED:
        action = "answer_reject"
    else:
        action = "answer_approve" if done.approved_text == done.text else "answer_edit"
    audited(request, db, found.account, action, done.question.reference)


def refusing_kindly(action: Callable, db: Session, *args: Any) -> Any:
    """Run a rule, turning its refusals into kind HTTP answers: 404 for what is not there
    (or not yours), 409 for a question already answered, 422 for what can't be written."""
    try:
        result = action(db, *args)
    except NotThereError:
        raise HTTPException(status_code=404, detail=NOT_THERE) from None
    except ambassadors.TakenError as refusal:
        raise HTTPException(status_code=409, detail=str(refusal)) from None
    except (GuardrailError, ambassadors.AmbassadorError) as refusal:
        raise HTTPException(status_code=422, detail=str(refusal)) from None
    db.flush()
    return result
