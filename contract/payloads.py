"""What the action server sends the web service, defined once for both sides.

The actions build these models (so a payload that the service would refuse fails where it
is made, and is trimmed to fit before it is queued); the service validates requests with
the same classes. Contact details are removed by the bot before anything is sent.
"""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from contract.references import reference_pattern

SLUG = Field(default=None, max_length=120, pattern=r"^[a-z0-9-]+$")
TURN_CHARS = 4000
TURNS = 400
GRADES = ("urgent", "concern")


class TopicIn(BaseModel):
    kind: str = Field(max_length=32)
    slug: str = Field(max_length=120)
    title: str = Field(max_length=200)


class TurnIn(BaseModel):
    who: Literal["student", "bot"]
    text: str = Field(max_length=TURN_CHARS)


class TicketIn(BaseModel):
    """A student's request to talk to a careers adviser (actions/handoff/)."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=reference_pattern("NE"))
    conversation_id: str = Field(min_length=1, max_length=64)
    school_slug: str | None = Field(default=None, max_length=80)
    school_given: str | None = Field(default=None, max_length=200)
    first_name: str = Field(min_length=1, max_length=80)
    year_group: int = Field(ge=7, le=14)
    help_with: str = Field(min_length=1, max_length=2000)
    contact_method: Literal["school", "email"]
    email: str | None = Field(default=None, max_length=254)
    topics: list[TopicIn] = Field(default_factory=list, max_length=50)
    transcript: list[TurnIn] = Field(default_factory=list, max_length=TURNS)
    requested_at: dt.datetime


class AlertIn(BaseModel):
    """A message that suggests a student may be at risk (actions/safeguarding.py)."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=reference_pattern("SG"))
    conversation_id: str = Field(min_length=1, max_length=64)
    school_slug: str | None = Field(default=None, max_length=80)
    concern: str = Field(min_length=1, max_length=40, pattern=r"^[a-z_-]+$")
    grade: Literal[GRADES] = "urgent"  # type: ignore[valid-type]
    # The words that raised it (contact details removed), for the person who reads it.
    trigger: str = Field(default="", max_length=200)
    transcript: list[TurnIn] = Field(default_factory=list, max_length=TURNS)
    raised_at: dt.datetime


class QuestionIn(BaseModel):
    """A student's question for an ambassador (contact details already removed by the bot)."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=reference_pattern("AQ"))
    conversation_id: str = Field(min_length=1, max_length=64)
    school_slug: str | None = Field(default=None, max_length=80)
    sector: str = Field(min_length=1, max_length=120)
    place: str | None = SLUG
    occupation: str | None = SLUG
    route: str | None = SLUG
    question: str = Field(min_length=1, max_length=1000)
    asked_at: dt.datetime


class VisitIn(BaseModel):
    """A student's request for an ambassador to visit their school."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=reference_pattern("AV"))
    conversation_id: str = Field(min_length=1, max_length=64)
    school_slug: str | None = Field(default=None, max_length=80)
    school_given: str | None = Field(default=None, max_length=200)
    sector: str | None = SLUG
    note: str = Field(default="", max_length=1000)
    requested_at: dt.datetime


class DeadLetterIn(BaseModel):
    """An outbox entry the web service refused again and again: for an admin to look at.

    Carries no student words: only what it was, when, and why it was refused."""

    model_config = ConfigDict(extra="forbid")
    reference: str = Field(pattern=r"^[A-Z]{2}-[A-Z0-9]{6,8}$")
    queued_at: dt.datetime
    attempts: int = Field(ge=1)
    last_error: str = Field(max_length=200)


PAYLOAD_BY_KIND: dict[str, type[BaseModel]] = {
    "NE": TicketIn,
    "SG": AlertIn,
    "AQ": QuestionIn,
    "AV": VisitIn,
}
ENDPOINT_BY_KIND = {
    "NE": "/api/handoffs",
    "SG": "/api/alerts",
    "AQ": "/api/ambassador-questions",
    "AV": "/api/ambassador-visits",
}
