"""The action server's outbox: no hand-off ticket, safeguarding alert, or question for an
apprentice is ever lost, and none is retried for ever in silence.

A ticket (``NE-...``), alert (``SG-...``), ambassador question (``AQ-...``) or visit
request (``AV-...``) is a typed payload (contract/payloads.py), so one the web service
would refuse fails where it is made. It is written to a small SQLite file beside the
action server *before* it is sent. It leaves the outbox once the web service has stored
it. What happens otherwise depends on the answer:
- no answer, or a server error: kept, and a background thread tries again every few
  seconds, for as long as it takes;
- 409 (the reference belongs to another conversation): sent again under a new reference;
- refused (another 4xx) ``REFUSALS`` times: an alert is sent again with the minimum a
  safeguarding lead needs (reference, school, concern, grade), so a person is always told;
  anything else becomes a dead letter, reported to the web service (which shows it to
  admins and emails them) without any of the student's words.
The web service stores each reference once, so sending twice is harmless.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import os
import re
import threading
from functools import lru_cache
from pathlib import Path

import httpx
from pydantic import BaseModel
from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    delete,
    inspect,
    select,
)
from sqlalchemy.engine import Connection

from contract.payloads import ENDPOINT_BY_KIND, AlertIn, DeadLetterIn
from contract.references import kind_of, new_reference
from knowledge.clock import now
from knowledge.db import REPO_ROOT

log = logging.getLogger(__name__)
REFUSALS = 3
SLUG = re.compile(r"[a-z0-9-]{1,80}")
DEAD_LETTER_ENDPOINT = "/api/dead-letters"

metadata = MetaData()
entries = Table(
    "outbox_entry",
    metadata,
    Column("reference", String(16), primary_key=True),
    Column("payload", Text, nullable=False),
    Column("queued_at", String(40), nullable=False),
    Column("attempts", Integer, nullable=False, default=0),
    Column("refusals", Integer, nullable=False, default=0),
    Column("last_error", String(200)),
    # 1 once an alert refused whole is being sent in its minimum form.
    Column("minimal", Integer, nullable=False, default=0),
    # Set once refused for good; the row stays until the web service has the report.
    Column("dead_at", String(40)),
)


class Outbox:
    def __init__(self, path: Path, web_url: str, service_token: str, timeout: float = 5.0):
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(f"sqlite:///{path}")
        metadata.create_all(self.engine)
        _adopt_old_table(self.engine)
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

    def submit(self, payload: BaseModel) -> bool:
        """Keep the payload (its reference is its key), then try to send it now. True if the
        web service has it."""
        reference = payload.reference  # type: ignore[attr-defined]
        with self.engine.begin() as connection:
            connection.execute(
                entries.insert().values(
                    reference=reference,
                    payload=payload.model_dump_json(),
                    queued_at=now().isoformat(),
                    attempts=0,
                    refusals=0,
                    minimal=0,
                )
            )
        return self._send(reference)

    def deliver_pending(self) -> int:
        """Send every entry still waiting, and report the dead ones; how many went."""
        return sum(self._send(reference) for reference in self.waiting())

    def waiting(self) -> list[str]:
        with self.engine.connect() as connection:
            return list(connection.scalars(select(entries.c.reference)))

    def dead(self) -> list[str]:
        with self.engine.connect() as connection:
            query = select(entries.c.reference).where(entries.c.dead_at.is_not(None))
            return list(connection.scalars(query))

    def start_retrying(self, every_seconds: float) -> threading.Thread:
        def loop() -> None:
            while not stop.wait(every_seconds):
                try:
                    self.deliver_pending()
                except Exception:  # the thread must outlive any one failure
                    log.exception("Retrying the outbox failed; will try again")

        stop = threading.Event()
        thread = threading.Thread(target=loop, name="outbox", daemon=True)
        thread.start()
        return thread

    def _send(self, reference: str) -> bool:
        with self._lock, self.engine.begin() as connection:
            row = self._row(connection, reference)
            if row is None:
                return True  # already sent by another attempt
            if row.dead_at is None:
                row = self._attempt(connection, row)
            if row is not None and row.dead_at is not None:
                self._report_dead(connection, row)
            return row is None or bool(row.minimal and row.dead_at)

    def _attempt(self, connection: Connection, row):
        """Post the entry; the row as it stands afterwards, or None once it is delivered."""
        payload = json.loads(row.payload)
        status, error = self._post(ENDPOINT_BY_KIND[kind_of(row.reference)], payload)
        if error is None and not row.minimal:
            self._forget(connection, row.reference, "delivered")
            return None
        if error is None:  # an alert's minimum: the lead is told; the admins must be too
            return self._update(connection, row.reference, dead_at=now().isoformat())
        if status == 409:
            return self._reissue(connection, row, payload)
        refused = status is not None and 400 <= status < 500 and status != 401
        log.warning("%s kept for retry: %s", row.reference, error)
        row = self._update(
            connection,
            row.reference,
            attempts=row.attempts + 1,
            refusals=row.refusals + int(refused),
            last_error=error,
        )
        if row.refusals < REFUSALS:
            return row
        if kind_of(row.reference) == "SG" and not row.minimal:
            log.error("%s refused whole; sending the minimum a lead needs", row.reference)
            minimum = json.dumps(minimal_alert(payload))
            row = self._update(connection, row.reference, payload=minimum, minimal=1, refusals=0)
            return self._attempt(connection, row)
        log.error("%s refused %d times: reported to the admins", row.reference, REFUSALS)
        return self._update(connection, row.reference, dead_at=now().isoformat())

    def _report_dead(self, connection: Connection, row) -> None:
        """Tell the web service about a dead letter (no student words); forget it once told."""
        report = DeadLetterIn(
            reference=row.reference,
            queued_at=dt.datetime.fromisoformat(row.queued_at),
            attempts=max(1, row.attempts),
            last_error=(row.last_error or "refused")[:200],
        )
        _, error = self._post(DEAD_LETTER_ENDPOINT, json.loads(report.model_dump_json()))
        if error is None:
            self._forget(connection, row.reference, "reported as a dead letter")

    def _row(self, connection: Connection, reference: str):
        return connection.execute(select(entries).where(entries.c.reference == reference)).first()

    def _update(self, connection: Connection, key: str, **values: object):
        """Change the entry ``key``; the row as it is now (under its new reference, if any)."""
        connection.execute(entries.update().where(entries.c.reference == key).values(**values))
        return self._row(connection, str(values.get("reference", key)))

    def _reissue(self, connection: Connection, row, payload: dict):
        """The reference is another conversation's: the same payload under a new one."""
        fresh = new_reference(kind_of(row.reference))
        log.warning("%s was taken; sending as %s", row.reference, fresh)
        payload["reference"] = fresh
        row = self._update(connection, row.reference, reference=fresh, payload=json.dumps(payload))
        return self._attempt(connection, row)

    def _forget(self, connection: Connection, reference: str, why: str) -> None:
        connection.execute(delete(entries).where(entries.c.reference == reference))
        log.info("%s %s", reference, why)

    def _post(self, endpoint: str, payload: dict) -> tuple[int | None, str | None]:
        """(status, None) when the web service stored it, else (status or None, reason)."""
        try:
            response = httpx.post(
                f"{self.web_url}{endpoint}",
                json=payload,
                headers={"Authorization": f"Bearer {self.service_token}"},
                timeout=self.timeout,
            )
        except httpx.HTTPError as error:
            return None, type(error).__name__
        if response.status_code in (200, 201):
            return response.status_code, None
        return response.status_code, f"HTTP {response.status_code}"


def minimal_alert(payload: dict) -> dict:
    """The least a safeguarding lead needs to act: who, where and how worried."""
    school = payload.get("school_slug")
    minimum = AlertIn(
        reference=payload["reference"],
        conversation_id=str(payload.get("conversation_id") or "unknown")[:64],
        school_slug=school if isinstance(school, str) and SLUG.fullmatch(school) else None,
        concern="unclear",
        grade="urgent" if payload.get("grade", "urgent") == "urgent" else "concern",
        trigger="(the full alert could not be delivered)",
        raised_at=payload.get("raised_at") or now(),
    )
    return json.loads(minimum.model_dump_json())


def _adopt_old_table(engine) -> None:
    """Move entries an older version left in its table ("pending_handoff") into ours."""
    if "pending_handoff" not in inspect(engine).get_table_names():
        return
    with engine.begin() as connection:
        old = Table("pending_handoff", MetaData(), autoload_with=connection)
        for row in connection.execute(select(old)):
            connection.execute(
                entries.insert()
                .prefix_with("OR IGNORE")
                .values(
                    reference=row.reference,
                    payload=row.payload,
                    queued_at=row.queued_at,
                    attempts=row.attempts,
                    refusals=0,
                    minimal=0,
                )
            )
        old.drop(connection)


RETRY_SECONDS = float(os.environ.get("CAREERS_OUTBOX_RETRY_SECONDS", "10"))


@lru_cache(maxsize=1)
def outbox() -> Outbox:
    """The action server's one outbox, retrying in the background from first use."""
    box = Outbox.from_environment()
    box.start_retrying(RETRY_SECONDS)
    return box
