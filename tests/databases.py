"""Fresh databases for tests: a SQLite file, or a new PostgreSQL database that is dropped after."""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text

from knowledge.db import engine_for

POSTGRES_ADMIN_URL = os.environ.get(
    "CAREERS_TEST_POSTGRES_URL", "postgresql+psycopg2://postgres@127.0.0.1:5432/postgres"
)


def sqlite_url(directory: Path) -> str:
    return f"sqlite:///{directory / 'careers.db'}"


@contextmanager
def postgres_database() -> Iterator[str]:
    """Create an empty PostgreSQL database and drop it afterwards."""
    name = f"careers_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(POSTGRES_ADMIN_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    url = POSTGRES_ADMIN_URL.rsplit("/", 1)[0] + f"/{name}"
    try:
        yield url
    finally:
        engine_for(url).dispose()
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@contextmanager
def fresh_database(backend: str, directory: Path) -> Iterator[str]:
    if backend == "postgresql":
        with postgres_database() as url:
            yield url
    else:
        yield sqlite_url(directory)
