"""Command line for content authors and hub staff: ``python -m knowledge <command>``."""

from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path

from knowledge.content import DEFAULT_CONTENT_DIR, ContentError, read_content_dir, stale_records
from knowledge.db import database_url
from knowledge.loader import load_directory

DEFAULT_MAX_FACT_AGE_DAYS = 3 * 365


def max_fact_age_days() -> int:
    """How old a fact may be before the loader warns (CAREERS_MAX_FACT_AGE_DAYS)."""
    return int(os.environ.get("CAREERS_MAX_FACT_AGE_DAYS", DEFAULT_MAX_FACT_AGE_DAYS))


def _check(args: argparse.Namespace) -> int:
    try:
        content = read_content_dir(Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    counts = {}
    for record in content.records:
        counts[record.kind] = counts.get(record.kind, 0) + 1
    summary = ", ".join(f"{n} {kind}" for kind, n in sorted(counts.items()))
    print(f"The content is valid: {summary}.")
    return 0


def _load(args: argparse.Namespace) -> int:
    try:
        _, report = load_directory(args.database, Path(args.content))
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    print(f"Loaded {report.records} records and {report.links} links.")
    return 0


def _stale(args: argparse.Namespace) -> int:
    content = read_content_dir(Path(args.content))
    warnings = stale_records(content, args.days, dt.date.today())
    for warning in warnings:
        print(warning)
    print(f"{len(warnings)} records have facts older than {args.days} days.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the content files")
    check.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    check.set_defaults(handler=_check)
    load = commands.add_parser("load", help="validate the content and load it into the database")
    load.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    load.add_argument("--database", default=database_url())
    load.set_defaults(handler=_load)
    stale = commands.add_parser("stale", help="list records whose facts are old")
    stale.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    stale.add_argument("--days", type=int, default=max_fact_age_days())
    stale.set_defaults(handler=_stale)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
