"""``python -m privacy``: retention and erasure from the command line.

python -m privacy retention                  # delete what is past its time, now
python -m privacy erase --conversation w12…  # a student's conversation, everywhere
python -m privacy erase --reference NE-ABC234
"""

from __future__ import annotations

import argparse
import sys

from knowledge.db import migrate, session_factory
from privacy.erasure import erase_conversation, erase_handoff
from privacy.retention import apply_retention


def _retention(_args: argparse.Namespace) -> int:
    with session_factory()() as db, db.begin():
        deleted = apply_retention(db)
    print(
        f"Deleted {deleted.conversations} conversations, {deleted.handoffs} hand-offs, "
        f"{deleted.alerts} alerts, {deleted.emails} sent emails and "
        f"{deleted.ambassador_items} questions for apprentices or visit requests."
    )
    return 0


def _erase(args: argparse.Namespace) -> int:
    with session_factory()() as db, db.begin():
        if args.reference:
            erased = erase_handoff(db, args.reference)
            if erased is None:
                print(f"There is no hand-off {args.reference}.", file=sys.stderr)
                return 1
        else:
            erased = erase_conversation(db, args.conversation)
    print(f"Erased {erased.handoffs} hand-offs and {erased.events} conversation events.")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m privacy", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("retention", help="delete what is past its time").set_defaults(
        run=_retention
    )
    erase = commands.add_parser("erase", help="delete a conversation from every store")
    which = erase.add_mutually_exclusive_group(required=True)
    which.add_argument("--conversation", help="the widget's conversation id")
    which.add_argument("--reference", help="a hand-off's reference, NE-...")
    erase.set_defaults(run=_erase)
    args = parser.parse_args(argv)
    migrate()
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
