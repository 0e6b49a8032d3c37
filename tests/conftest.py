"""Shared fixtures: a knowledge base loaded from the real content into a fresh database."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.db import session_factory
from knowledge.loader import load_directory
from knowledge.query import KnowledgeBase
from tests.databases import sqlite_url

REPO = Path(__file__).resolve().parent.parent


def load_real_content(url: str) -> KnowledgeBase:
    load_directory(url)
    return KnowledgeBase(session_factory(url))


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = sqlite_url(tmp_path_factory.mktemp("kb"))
    load_real_content(url)
    return url


@pytest.fixture(scope="session")
def kb(kb_url: str) -> KnowledgeBase:
    return KnowledgeBase(session_factory(kb_url))
