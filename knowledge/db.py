"""Where the database is and how to reach it.

``CAREERS_DATABASE_URL`` chooses the database; the embedded default is a SQLite file
under ``var/``. PostgreSQL (``postgresql+psycopg2://...``) is the production database.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_URL = f"sqlite:///{REPO_ROOT / 'var' / 'careers.db'}"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def database_url() -> str:
    return os.environ.get("CAREERS_DATABASE_URL", DEFAULT_URL)


@lru_cache(maxsize=8)
def engine_for(url: str) -> Engine:
    """One engine per URL per process; SQLite gets foreign keys and a parent folder."""
    if url.startswith("sqlite:///"):
        Path(url.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
        engine = create_engine(url, connect_args={"check_same_thread": False})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return create_engine(url, pool_pre_ping=True)


def _sqlite_pragmas(connection, _record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def session_factory(url: str | None = None) -> sessionmaker[Session]:
    return sessionmaker(engine_for(url or database_url()), expire_on_commit=False)


def migrate(url: str | None = None) -> None:
    """Bring the database's schema up to the newest migration."""
    from alembic import command  # imported here: only the build and tests migrate
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine_for(url or database_url())
    command.upgrade(config, "head")
