"""How hand-offs look from outside: the JSON shapes the API returns and the inbox reads."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, ConfigDict

from knowledge.inbox_models import Handoff, HandoffMessage


class MessageOut(BaseModel):
    model_config = ConfigDict(from_attributes=True)
    id: int
    author: str
    author_name: str
    text: str
    created_at: dt.datetime

    @classmethod
    def of(cls, message: HandoffMessage) -> MessageOut:
        return cls.model_validate(message)


class HandoffSummary(BaseModel):
    reference: str
    status: str
    live: bool
    school: str | None
    school_given: str | None
    first_name: str
    year_group: int
    help_with: str
    claimed_by: str | None
    received_at: dt.datetime

    @classmethod
    def of(cls, handoff: Handoff) -> HandoffSummary:
        return cls(
            reference=handoff.reference,
            status=handoff.status,
            live=handoff.live,
            school=handoff.school.name if handoff.school else None,
            school_given=handoff.school_given,
            first_name=handoff.first_name,
            year_group=handoff.year_group,
            help_with=handoff.help_with,
            claimed_by=handoff.claimed_by.display_name if handoff.claimed_by else None,
            received_at=handoff.received_at,
        )


class HandoffDetail(HandoffSummary):
    contact_method: str
    email: str | None
    outcome: str | None
    topics: list[dict[str, Any]]
    transcript: list[dict[str, Any]]
    messages: list[MessageOut]

    @classmethod
    def of(cls, handoff: Handoff) -> HandoffDetail:
        return cls(
            **HandoffSummary.of(handoff).model_dump(),
            contact_method=handoff.contact_method,
            email=handoff.email,
            outcome=handoff.outcome,
            topics=handoff.topics,
            transcript=handoff.transcript,
            messages=[MessageOut.of(m) for m in handoff.messages],
        )
