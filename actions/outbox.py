"""The action server's outbox: no hand-off ticket, safeguarding alert, or question for an
apprentice is ever lost.

A ticket (``NE-...``), alert (``SG-...``), ambassador question (``AQ-...``) or visit
request (``AV-...``) is written to a small SQLite file beside the
action server *before* it is sent to the web service. It leaves the outbox only once the
web service has stored it; if the web service or its database is down, a background
thread tries again every few seconds.
The web service stores each reference once, so sending twice is harmless.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from functools import lru_cache
from pathlib import Path

import httpx
from sqlalchemy import Column, Integer, MetaData, String, Table, Text, create_engine, delete, select

from knowledge.clock import now
from knowledge.db import REPO_ROOT

log = logging.getLogger(__name__)

# Where each kind of reference goes, by its prefix.
ENDPOINTS = {
    "NE": "/api/handoffs",
    "SG": "/api/alerts",
    "AQ": "/api/ambassador-questions",
    "AV": "/api/ambassador-visits",
}

metadata = MetaData()
pending = Table(
    "pending_handoff",  # the first kind it held; alerts wait here too
    metadata,
    Column("reference", String(16), primary_key=True),
    Column("payload", Text, nullable=False),
    Column("queued_at", String(40), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("last_error", String(200)),
)


class Outbox:
    def __init__(self, path: Path, web_url: str, service_token: str, timeout: float = 5.0):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(f"sqlite:///{path}")
        metadata.create_all(self.engine)
        self.web_url = web_url.rstrip("/")
        self.service_token = service_token
        self.timeout = timeout
        self._lock = threading.Lock()

    @classmethod
    def from_environment(cls) -> Outbox:
        return cls(
            Path(os.environ.get("CAREERS_OUTBOX_PATH", REPO_ROOT / "var" / "handoff-outbox.db")),
            os.environ.get("CAREERS_WEB_URL", "http://127.0.0.1:8000"),
            os.environ.get("CAREERS_SERVICE_TOKEN", ""),
        )

    def submit(self, reference: str, payload: dict) -> bool:
        """Keep the ticket, then try to send it now. True if the web service has it."""
        with self.engine.begin() as connection:
            connection.execute(
                pending.insert().values(
                    reference=reference,
                    payload=json.dumps(payload),
                    queued_at=now().isoformat(),
                    attempts=0,
                )
            )
        return self._send(reference)

    def deliver_pending(self) -> int:
        """Send every ticket still waiting; returns how many went."""
        with self.engine.connect() as connection:
            references = list(connection.scalars(select(pending.c.reference)))
        return sum(self._send(reference) for reference in references)

    def waiting(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(pending.c.reference)))

    def start_retrying(self, every_seconds: float) -> threading.Thread:
        def loop() -> None:
            while not stop.wait(every_seconds):
                try:
                    self.deliver_pending()
                except Exception:  # the thread must outlive any one failure
                    log.exception("Retrying the outbox failed; will try again")

        stop = threading.Event()
        thread = threading.Thread(target=loop, name="handoff-outbox", daemon=True)
        thread.start()
        return thread

    def _send(self, reference: str) -> bool:
        with self._lock, self.engine.begin() as connection:
            row = connection.execute(
                select(pending.c.payload).where(pending.c.reference == reference)
            ).first()
            if row is None:
                return True  # already sent by another attempt
            error = self._post(ENDPOINTS[reference[:2]], json.loads(row.payload))
            if error is None:
                connection.execute(delete(pending).where(pending.c.reference == reference))
                log.info("%s delivered", reference)
                return True
            connection.execute(
                pending.update()
                .where(pending.c.reference == reference)
                .values(attempts=pending.c.attempts + 1, last_error=error)
            )
            log.warning("%s kept for retry: %s", reference, error)
            return False

    def _post(self, endpoint: str, payload: dict) -> str | None:
        """None when the web service stored it, else a short reason."""
        try:
            response = httpx.post(
                f"{self.web_url}{endpoint}",
                json=payload,
                headers={"Authorization": f"Bearer {self.service_token}"},
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            return type(error).__name__
        if response.status_code in (200, 201):
            return None
        return f"HTTP {response.status_code}"


RETRY_SECONDS = float(os.environ.get("CAREERS_OUTBOX_RETRY_SECONDS", "10"))


@lru_cache(maxsize=1)
def outbox() -> Outbox:
    """The action server's one outbox, retrying in the background from first use."""
    box = Outbox.from_environment()
    box.start_retrying(RETRY_SECONDS)
    return box
