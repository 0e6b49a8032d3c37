"""Command line for content authors and hub staff: ``python -m knowledge <command>``."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from knowledge.audit import write_audit
from knowledge.claims import due_for_checking
from knowledge.clock import today
from knowledge.content import (
    DEFAULT_CONTENT_DIR,
    ContentError,
    read_content,
    read_content_dir,
    stale_records,
)
from knowledge.db import database_url
from knowledge.loader import load_directory
from knowledge.opportunities_csv import check_csv, export_opportunities, write_opportunities

DEFAULT_MAX_FACT_AGE_DAYS = 3 * 365


def max_fact_age_days() -> int:
    """How old a fact may be before the loader warns (CAREERS_MAX_FACT_AGE_DAYS)."""
    return int(os.environ.get("CAREERS_MAX_FACT_AGE_DAYS", DEFAULT_MAX_FACT_AGE_DAYS))


def _check(args: argparse.Namespace) -> int:
    try:
        content = read_content_dir(Path(args.content))
    except ContentError as error:
        if args.only:
            mine = [p for p in error.problems if p.file == args.only]
            print("\n".join(f"  - {p}" for p in mine) or f"No problems in {args.only}.")
            return 1 if mine else 0
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
    base = Path(args.content)
    try:
        if args.only:
            content = read_content([base / args.only], base=base, check_links=False)
        else:
            content = read_content_dir(base)
    except ContentError as error:
        print(error, file=sys.stderr)
        return 1
    on = today()
    warnings = stale_records(content, args.days, on)
    for warning in warnings:
        print(warning)
    print(f"{len(warnings)} records have facts older than {args.days} days.")
    due = [d for record in content.records for d in due_for_checking(record, on)]
    for item in due:
        print(f"{item.kind} '{item.slug}': \"{item.says}\" ({item.as_of}): {item.reason}")
    print(f"{len(due)} claims are due for checking on {on:%-d %B %Y}.")
    return 1 if due else 0


def _audit(args: argparse.Namespace) -> int:
    content = read_content_dir(Path(args.content))
    summary = write_audit(content, today(), Path(args.out))
    print(
        f"Wrote {args.out}: {summary.records} records, {summary.claims} claims, "
        f"{summary.due} due for checking on {today():%-d %B %Y}."
    )
    return 0


def _export_opportunities(args: argparse.Namespace) -> int:
    count = export_opportunities(read_content_dir(Path(args.content)), Path(args.file))
    print(f"Wrote {count} opportunities to {args.file}.")
    return 0


def _import_opportunities(args: argparse.Namespace) -> int:
    content_dir = Path(args.content)
    report = check_csv(Path(args.file), content_dir)
    print(report.summary())
    if report.rejected and not args.keep_good_rows:
        print(
            "Nothing was changed. Fix the rows above and import again, or add "
            "--keep-good-rows to load just the good ones.",
            file=sys.stderr,
        )
        return 1
    path = write_opportunities(report.accepted, content_dir)
    _, loaded = load_directory(args.database, content_dir)
    print(f"Wrote {path} and loaded {loaded.records} records into the database.")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the content files")
    check.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    check.add_argument("--only", help="report only this file's problems (relative to --content)")
    check.set_defaults(handler=_check)
    load = commands.add_parser("load", help="validate the content and load it into the database")
    load.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    load.add_argument("--database", default=database_url())
    load.set_defaults(handler=_load)
    stale = commands.add_parser("stale", help="list records whose facts are old")
    stale.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    stale.add_argument("--days", type=int, default=max_fact_age_days())
    stale.add_argument("--only", help="read only this file (relative to --content)")
    stale.set_defaults(handler=_stale)
    audit = commands.add_parser(
        "audit", help="write every record's claims, sources and dates, and what is due (CSV)"
    )
    audit.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    audit.add_argument("--out", default="var/content-audit.csv")
    audit.set_defaults(handler=_audit)
    opportunities = commands.add_parser(
        "opportunities", help="export opportunities to CSV, or import them from CSV"
    )
    csv_commands = opportunities.add_subparsers(dest="action", required=True)
    export = csv_commands.add_parser("export", help="write every opportunity to a CSV file")
    export.add_argument("file")
    export.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    export.set_defaults(handler=_export_opportunities)
    load_csv = csv_commands.add_parser(
        "import", help="replace the opportunities with a CSV file's rows and load them"
    )
    load_csv.add_argument("file")
    load_csv.add_argument(
        "--keep-good-rows",
        action="store_true",
        help="when some rows are rejected, load the good ones anyway",
    )
    load_csv.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    load_csv.add_argument("--database", default=database_url())
    load_csv.set_defaults(handler=_import_opportunities)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
