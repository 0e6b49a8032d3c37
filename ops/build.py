"""Everything that has to happen before the processes start, each step only as needed."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from knowledge.cli import max_fact_age_days
from knowledge.content import stale_records
from knowledge.db import session_factory
from knowledge.loader import load_directory
from knowledge.query import KnowledgeBase
from ops.nlu_build import build_nlu
from ops.settings import BOT_DIR, StackSettings
from ops.training import train_if_needed


def load_knowledge(database_url: str) -> None:
    """Migrate the database and load the content files into it."""
    examples = os.environ.get("CAREERS_EXAMPLE_CONTENT") == "1"
    content, report = load_directory(database_url, examples=examples)
    if examples:
        print("Loaded the demo's made-up example opportunities too (labelled as examples).")
    print(f"Knowledge base loaded: {report.records} records, {report.links} links.", flush=True)
    max_age = max_fact_age_days()
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
    if vocabulary.clashes:
        shown = "; ".join(vocabulary.clashes[:3])
        print(
            f"Note: {len(vocabulary.clashes)} names belong to more than one thing, so the bot "
            f"leaves them to the resolver (for example {shown}).",
            flush=True,
        )
    return train_if_needed(settings)
