"""Command line for content authors and hub staff: ``python -m knowledge <command>``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from knowledge.content import DEFAULT_CONTENT_DIR, ContentError, read_content_dir


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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m knowledge", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    check = commands.add_parser("check", help="validate the content files")
    check.add_argument("--content", default=str(DEFAULT_CONTENT_DIR))
    check.set_defaults(handler=_check)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
