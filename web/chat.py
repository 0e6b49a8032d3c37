"""The student's side of the web service.

``POST /api/chat`` relays a message to Rasa's REST channel and back, unless an adviser is
chatting with the student live: then the message goes to the adviser and the bot keeps
quiet. ``POST /api/chat/updates`` gives the widget what advisers have written since, and
the answers to the student's questions for ambassadors once an adviser has approved them.
"""

from __future__ import annotations

import logging
from typing import Any, Literal

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from starlette.concurrency import run_in_threadpool

from inbox import ambassadors, handoffs
from safeguarding.payloads import as_student_text
from web.database import DB
from web.handoff_views import MessageOut
from web.limits import limit_chat_messages, limit_reply_checks
from web.origins import refuse_foreign_origin
from web.safeguarding_net import help_if_at_risk

log = logging.getLogger(__name__)
router = APIRouter(tags=["chat"])

UNAVAILABLE = (
    "Sorry, I can't answer just now. Please try again in a minute. "
    "You can also call the National Careers Service free on 0800 100 900."
)
SENDER = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")


class ChatMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore")
    school: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9-]+$")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = SENDER
    # No null characters: they go on to Rasa's and the inbox's databases, which refuse them.
    message: str = Field(min_length=1, max_length=2000, pattern=r"^[^\x00]*$")
    metadata: ChatMetadata | None = None


class UpdatesRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = SENDER
    after: int = Field(default=0, ge=0)
    school: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9-]+$")


class HandoffState(BaseModel):
    reference: str
    stage: str


class AmbassadorAnswerOut(BaseModel):
    text: str
    by: str  # who answered: first name, apprenticeship, level, kind of employer, place


class AmbassadorQuestionState(BaseModel):
    reference: str
    stage: Literal["queued", "answered", "closed"]  # closed: kept from apprentices
    answer: AmbassadorAnswerOut | None


class Updates(BaseModel):
    handoffs: list[HandoffState]
    messages: list[MessageOut]
    ambassador: list[AmbassadorQuestionState]


@router.post("/api/chat")
async def chat(body: ChatRequest, request: Request) -> Any:
    await run_in_threadpool(limit_chat_messages, request, body.sender)
    with request.app.state.sessions() as db:
        refuse_foreign_origin(request, db, body.metadata.school if body.metadata else None)
    settings = request.app.state.settings
    limit = settings.max_message_chars
    if len(body.message) > limit:
        return JSONResponse(
            status_code=413, content={"detail": f"Please keep messages under {limit} characters."}
        )
    school = body.metadata.school if body.metadata else None
    # Only the bot's own button payloads may start with "/" (safeguarding/payloads.py).
    body = body.model_copy(update={"message": as_student_text(body.message)})
    reference = await run_in_threadpool(_pass_to_live_adviser, request, body)
    if reference:
        live = [{"custom": {"handoff": {"stage": "live", "reference": reference}}}]
        return live + await run_in_threadpool(
            help_if_at_risk, request.app, body.sender, school, body.message
        )
    answer = await _ask_rasa(settings, body.model_dump(exclude_none=True))
    if isinstance(answer, JSONResponse):  # the bot failed: safeguarding still comes first
        return (
            await run_in_threadpool(help_if_at_risk, request.app, body.sender, school, body.message)
            or answer
        )
    return answer


def _pass_to_live_adviser(request: Request, body: ChatRequest) -> str | None:
    """Give the message to the adviser chatting live, if there is one; their reference.

    If the database cannot be reached, the bot answers: a student is never left hanging.
    """
    try:
        with request.app.state.sessions() as db, db.begin():
            live = handoffs.live_ticket(db, body.sender)
            if live is None:
                return None
            handoffs.student_says(db, live, body.message)
            return live.reference
    except SQLAlchemyError as error:
        log.warning("Could not check for a live adviser: %s", type(error).__name__)
        return None


async def _ask_rasa(settings, payload: dict[str, Any]) -> Any:
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.post(f"{settings.rasa_url}/webhooks/rest/webhook", json=payload)
            response.raise_for_status()
            answer = response.json()
    except (httpx.HTTPError, ValueError) as error:
        log.warning("The Rasa server did not answer: %s", type(error).__name__)
        return _unavailable()
    if not isinstance(answer, list) or not answer:
        # Rasa answers 200 with [] when an action or its tracker store failed: the turn
        # may be lost, so the student is told to try again rather than left hanging.
        log.warning("The Rasa server gave an empty answer")
        return _unavailable()
    return answer


def _unavailable() -> JSONResponse:
    return JSONResponse(
        status_code=503, content=[{"text": UNAVAILABLE, "custom": {"unanswered": True}}]
    )


@router.post("/api/chat/updates", response_model=Updates)
def updates(body: UpdatesRequest, request: Request, db: Session = DB) -> Updates:
    """Advisers' messages to this conversation newer than ``after``, its hand-offs' stages,
    and its questions for ambassadors (an answer only once an adviser has approved it).

    The conversation id is the widget's own random id, known only to that browser.
    """
    limit_reply_checks(request, body.sender)
    refuse_foreign_origin(request, db, body.school)
    tickets, messages = handoffs.messages_for_student(db, body.sender, body.after)
    return Updates(
        handoffs=[HandoffState(reference=t.reference, stage=stage_of(t)) for t in tickets],
        messages=[MessageOut.of(m) for m in messages],
        ambassador=[_question_state(q) for q in ambassadors.for_student(db, body.sender)],
    )


def _question_state(question: ambassadors.ForStudent) -> AmbassadorQuestionState:
    answered = question.stage == "answered"
    return AmbassadorQuestionState(
        reference=question.reference,
        stage=question.stage,
        answer=AmbassadorAnswerOut(text=question.text, by=question.by) if answered else None,
    )


def stage_of(handoff) -> str:
    """The contract's hand-off stage as the student sees it."""
    if handoff.live:
        return "live"
    return "closed" if handoff.status == "closed" else "created"
