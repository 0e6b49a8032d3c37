"""Everything that has to happen before the processes start, each step only as needed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from knowledge.content import read_content_dir, stale_records
from knowledge.db import migrate, session_factory
from knowledge.loader import load_content
from knowledge.query import KnowledgeBase
from ops.nlu_build import build_nlu
from ops.settings import BOT_DIR, StackSettings
from ops.training import train_if_needed

DEFAULT_MAX_FACT_AGE_DAYS = 3 * 365


def load_knowledge(database_url: str) -> None:
    """Migrate the database and load the content files into it."""
    content = read_content_dir()
    migrate(database_url)
    report = load_content(session_factory(database_url)(), content)
    print(f"Knowledge base loaded: {report.records} records, {report.links} links.", flush=True)
    max_age = int(os.environ.get("CAREERS_MAX_FACT_AGE_DAYS", DEFAULT_MAX_FACT_AGE_DAYS))
    stale = stale_records(content, max_age, dt.date.today())
    if stale:
        print(
            f"Warning: {len(stale)} records have facts older than {max_age} days; "
            "list them with: python -m knowledge stale",
            flush=True,
        )


def build(settings: StackSettings) -> Path:
    """Load the knowledge base, generate the bot's vocabulary, train if needed."""
    load_knowledge(settings.database_url)
    vocabulary = build_nlu(KnowledgeBase(session_factory(settings.database_url)), BOT_DIR)
    for clash in vocabulary.clashes:
        print(f"Note: a name is shared, so the bot will ask which is meant: {clash}", flush=True)
    return train_if_needed(settings)
