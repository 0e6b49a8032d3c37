"""``POST /api/chat``: relays a student's message to Rasa's REST channel and back."""

from __future__ import annotations

import logging
from typing import Any

import httpx
from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ConfigDict, Field

log = logging.getLogger(__name__)
router = APIRouter()

UNAVAILABLE = (
    "Sorry, I can't answer just now. Please try again in a minute. "
    "You can also call the National Careers Service free on 0800 100 900."
)


class ChatMetadata(BaseModel):
    model_config = ConfigDict(extra="ignore")
    school: str | None = Field(default=None, max_length=80, pattern=r"^[a-z0-9-]+$")


class ChatRequest(BaseModel):
    model_config = ConfigDict(extra="forbid")
    sender: str = Field(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")
    message: str = Field(min_length=1, max_length=2000)
    metadata: ChatMetadata | None = None


@router.post("/api/chat")
async def chat(body: ChatRequest, request: Request) -> Any:
    settings = request.app.state.settings
    limit = settings.max_message_chars
    if len(body.message) > limit:
        return JSONResponse(
            status_code=413, content={"detail": f"Please keep messages under {limit} characters."}
        )
    payload = body.model_dump(exclude_none=True)
    try:
        async with httpx.AsyncClient(timeout=settings.rasa_timeout_seconds) as client:
            response = await client.post(f"{settings.rasa_url}/webhooks/rest/webhook", json=payload)
            response.raise_for_status()
            return response.json()
    except (httpx.HTTPError, ValueError) as error:
        log.warning("The Rasa server did not answer: %s", type(error).__name__)
        return JSONResponse(
            status_code=503, content=[{"text": UNAVAILABLE, "custom": {"unanswered": True}}]
        )
