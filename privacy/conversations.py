"""Rasa's stored conversations (its tracker store's ``events`` table), as our code sees them.

Rasa writes them (bot/tracker_store.py, contact details already removed); retention and
erasure delete them from here. ``CAREERS_TRACKER_DATABASE_URL`` says where they are.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable

from sqlalchemy import Column, Float, Integer, MetaData, String, Table, Text, delete, func, select
from sqlalchemy.engine import Connection

from knowledge.db import REPO_ROOT, engine_for

metadata = MetaData()
events = Table(  # Rasa's own table, created by Rasa; only read and deleted here
    "events",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("sender_id", String(255), nullable=False, index=True),
    Column("type_name", String(255), nullable=False),
    Column("timestamp", Float),
    Column("intent_name", String(255)),
    Column("action_name", String(255)),
    Column("data", Text),
)


def tracker_database_url() -> str:
    return os.environ.get(
        "CAREERS_TRACKER_DATABASE_URL", f"sqlite:///{REPO_ROOT / 'var' / 'tracker.db'}"
    )


def connect(url: str | None = None) -> Connection:
    """A connection to the tracker store's database, its table made if Rasa hasn't yet."""
    engine = engine_for(url or tracker_database_url())
    metadata.create_all(engine, checkfirst=True)
    return engine.connect()


def quiet_since(connection: Connection, moment: dt.datetime) -> list[str]:
    """The conversations whose last event came before ``moment``."""
    last = func.max(events.c.timestamp)
    query = select(events.c.sender_id).group_by(events.c.sender_id)
    return list(connection.scalars(query.having(last < moment.timestamp())))


def forget(connection: Connection, conversation_ids: Iterable[str]) -> int:
    """Delete every event of these conversations; returns how many events went.

    On SQLite the deleted rows are overwritten, not just unlinked (``secure_delete``), and
    the write-ahead log is folded back in after the commit (``scrub``), so no copy of them
    is left in the database's files."""
    ids = list(conversation_ids)
    if not ids:
        return 0
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA secure_delete = ON")
    return connection.execute(delete(events).where(events.c.sender_id.in_(ids))).rowcount


def scrub(connection: Connection) -> None:
    """After a committed erasure on SQLite: checkpoint the write-ahead log into the file."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
