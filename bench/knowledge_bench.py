"""Benchmark: record lookups and free-text resolutions on SQLite and PostgreSQL.

    .venv/app/bin/python -m bench.knowledge_bench [--record docs/benchmarks.md]

Each figure comes with a baseline measured in the same run: a lookup against a bare
``SELECT 1`` on the same connection pool, a resolution against spaCy tokenising the same
message. Ratios travel between machines better than seconds do.
"""

from __future__ import annotations

import argparse
import datetime as dt
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml
from sqlalchemy import text

from bench.report import as_markdown
from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from knowledge.resolve import Resolver
from ops.settings import REPO
from tests.conftest import load_real_content
from tests.databases import fresh_database

ROUNDS = 5
PHRASINGS = REPO / "tests" / "data" / "resolution_phrasings.yaml"


def timings(work: Callable[[object], object], items: list) -> list[float]:
    result = []
    for item in items:
        start = time.perf_counter()
        work(item)
        result.append(time.perf_counter() - start)
    return result


def describe(label: str, seconds: list[float], baseline: list[float]) -> dict[str, str]:
    median = statistics.median(seconds)
    return {
        "measure": label,
        "per second": f"{len(seconds) / sum(seconds):,.0f}",
        "median (ms)": f"{median * 1000:.3f}",
        "p95 (ms)": f"{statistics.quantiles(seconds, n=20)[-1] * 1000:.3f}",
        "× baseline median": f"{median / statistics.median(baseline):.1f}",
    }


def bench_backend(backend: str, messages: list[str]) -> list[dict[str, str]]:
    with tempfile.TemporaryDirectory() as folder, fresh_database(backend, Path(folder)) as url:
        load_real_content(url)
        sessions = session_factory(url)
        kb = KnowledgeBase(sessions)
        refs = kb.all_refs() * ROUNDS
        random.Random(7).shuffle(refs)

        def select_one(_: object) -> None:
            with sessions() as session:
                session.execute(text("SELECT 1"))

        lookups = timings(lambda ref: kb.get(ref.kind, ref.slug), refs)
        baseline = timings(select_one, refs)
        resolver = Resolver.from_kb(kb)
        resolutions = timings(resolver.resolve, messages)
        tokenising = timings(resolver.nlp.make_doc, messages)
    return [
        describe(f"{backend}: lookup by kind and slug, with links", lookups, baseline),
        describe(f"{backend}: free-text resolution", resolutions, tokenising),
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--record", help="also write the table to this Markdown file")
    args = parser.parse_args()
    phrasings = yaml.safe_load(PHRASINGS.read_text())["phrasings"]
    messages = [row["text"] for row in phrasings] * ROUNDS
    rows = bench_backend("sqlite", messages) + bench_backend("postgresql", messages)
    table = as_markdown(rows)
    print(table)
    if args.record:
        stamp = f"{dt.date.today()} on {platform.machine()}, Python {platform.python_version()}"
        Path(args.record).write_text(RECORD.format(stamp=stamp, table=table), encoding="utf-8")


RECORD = """# Benchmarks

## Knowledge base: lookups and free-text resolution

Measured {stamp}, by `python -m bench.knowledge_bench --record docs/benchmarks.md`, over the
full content (every record looked up five times in a shuffled order; the 163 phrasings of
`tests/data/resolution_phrasings.yaml` resolved five times each).

Baselines, measured in the same run: for a lookup, a bare `SELECT 1` through the same
session factory; for a resolution, spaCy tokenising the same message. The target is a
median resolution of a typical message under 5 ms on this machine.

{table}

A lookup loads the record, its aliases, its outgoing links and the records that link to
it: three queries. A resolution runs the spaCy pipeline and two phrase matchers, then
compares the words the matchers missed with the knowledge base's names by spelling and by
sound (trigram-indexed, so only the closest names are compared).
"""


if __name__ == "__main__":
    main()
