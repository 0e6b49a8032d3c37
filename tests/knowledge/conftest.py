"""Knowledge tests run against both databases: SQLite (embedded) and PostgreSQL (production)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from tests.conftest import load_real_content
from tests.databases import fresh_database

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(params=BACKENDS)
def empty_db(request: pytest.FixtureRequest, tmp_path) -> Iterator[str]:
    """The URL of a new, empty database of each kind."""
    with fresh_database(request.param, tmp_path) as url:
        yield url


@pytest.fixture(scope="module", params=BACKENDS)
def loaded_kb(request: pytest.FixtureRequest, tmp_path_factory) -> Iterator[KnowledgeBase]:
    """The full content loaded into each kind of database (shared by a module's tests)."""
    with fresh_database(request.param, tmp_path_factory.mktemp("kb")) as url:
        load_real_content(url)
        yield KnowledgeBase(session_factory(url))
