"""The email address a student gives for an adviser's reply, held by the action server
only until the ticket is made.

Rasa stores every slot in its tracker store, so the form keeps only a masked address in
its slot (``s•••@e•••.org``, enough for the student to recognise) and the address itself
here, in the outbox's SQLite file. The ticket takes it (and so deletes it); stopping the
form forgets it; anything left is forgotten after ``HOLD``.
"""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Column, MetaData, String, Table, create_engine, delete, select

from knowledge.clock import now
from knowledge.db import REPO_ROOT

HOLD = dt.timedelta(hours=2)
metadata = MetaData()
held = Table(
    "held_email",
    metadata,
    Column("conversation_id", String(64), primary_key=True),
    Column("email", String(254), nullable=False),
    Column("held_at", String(40), nullable=False),
)


class ContactStore:
    def __init__(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        self.engine = create_engine(f"sqlite:///{path}")
        metadata.create_all(self.engine)

    def keep(self, conversation_id: str, email: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(held).where(held.c.conversation_id == conversation_id))
            connection.execute(
                held.insert().values(
                    conversation_id=conversation_id, email=email, held_at=now().isoformat()
                )
            )

    def take(self, conversation_id: str) -> str | None:
        """The address, deleted as it is read."""
        with self.engine.begin() as connection:
            email = connection.scalar(
                select(held.c.email).where(held.c.conversation_id == conversation_id)
            )
            connection.execute(delete(held).where(held.c.conversation_id == conversation_id))
        return email

    def forget(self, conversation_id: str) -> None:
        with self.engine.begin() as connection:
            connection.execute(delete(held).where(held.c.conversation_id == conversation_id))

    def forget_old(self) -> int:
        cutoff = (now() - HOLD).isoformat()
        with self.engine.begin() as connection:
            return connection.execute(delete(held).where(held.c.held_at < cutoff)).rowcount


@lru_cache(maxsize=1)
def contacts() -> ContactStore:
    return ContactStore(
        Path(os.environ.get("CAREERS_OUTBOX_PATH", REPO_ROOT / "var" / "handoff-outbox.db"))
    )
