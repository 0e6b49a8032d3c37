"""``python -m inbox``: schools and accounts from the command line (the first admin, say).

    python -m inbox school add demo-school "Tyneside Academy" --safeguarding-email dsl@example.org
    python -m inbox school websites demo-school https://www.tyneside-academy.example
    python -m inbox account add --email jo@example.org --name Jo --role admin --school demo-school

The password is asked for at the prompt, or read from ``CAREERS_NEW_PASSWORD``.
"""

from __future__ import annotations

import argparse
import getpass
import os
import sys

from sqlalchemy import select

from inbox.accounts import AccountError, create_account
from inbox.schools import add_school, normal_origins, school_by_slug
from knowledge.db import migrate, session_factory
from knowledge.inbox_models import Account, School

DEMO_SCHOOL = ("demo-school", "Tyneside Academy (demo)")


def ensure_demo_school(database_url: str) -> bool:
    """The demo page's school, so hand-offs from it have somewhere to go. True if new."""
    with session_factory(database_url)() as db, db.begin():
        if db.scalar(select(School).where(School.slug == DEMO_SCHOOL[0])):
            return False
        add_school(db, *DEMO_SCHOOL)
        return True


def has_accounts(database_url: str) -> bool:
    with session_factory(database_url)() as db:
        return db.scalar(select(Account.id).limit(1)) is not None


def _add_school(args: argparse.Namespace) -> None:
    with session_factory()() as db, db.begin():
        add_school(db, args.slug, args.name, args.safeguarding_email, args.website)
    print(f"Added the school '{args.slug}'.")


def _set_websites(args: argparse.Namespace) -> None:
    with session_factory()() as db, db.begin():
        school = school_by_slug(db, args.slug)
        if school is None:
            raise AccountError(f"There's no school '{args.slug}'.")
        school.allowed_origins = normal_origins(args.websites)
        sites = ", ".join(school.allowed_origins) or "no other website"
    print(f"The widget for '{args.slug}' now works on its own pages and on: {sites}.")


def _add_account(args: argparse.Namespace) -> None:
    password = os.environ.get("CAREERS_NEW_PASSWORD") or getpass.getpass("Password: ")
    with session_factory()() as db, db.begin():
        create_account(db, args.email, args.name, args.role, password, args.school)
    print(f"Added the {args.role} {args.email}. They can log in at /inbox/login.")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m inbox", description=__doc__)
    things = parser.add_subparsers(dest="thing", required=True)
    school = things.add_parser("school").add_subparsers(dest="verb", required=True)
    add = school.add_parser("add", help="register a school that embeds the widget")
    add.add_argument("slug")
    add.add_argument("name")
    add.add_argument("--safeguarding-email")
    add.add_argument(
        "--website", action="append", default=[], help="a site that shows its widget; repeatable"
    )
    add.set_defaults(run=_add_school)
    websites = school.add_parser("websites", help="set the websites that show a school's widget")
    websites.add_argument("slug")
    websites.add_argument("websites", nargs="*", help="e.g. https://www.myschool.org.uk")
    websites.set_defaults(run=_set_websites)
    account = things.add_parser("account").add_subparsers(dest="verb", required=True)
    add = account.add_parser("add", help="create an adviser or admin account")
    add.add_argument("--email", required=True)
    add.add_argument("--name", required=True)
    add.add_argument("--role", choices=("adviser", "admin"), default="adviser")
    add.add_argument("--school", action="append", default=[], help="repeat for more schools")
    add.set_defaults(run=_add_account)
    args = parser.parse_args(argv)
    migrate()
    try:
        args.run(args)
    except AccountError as error:
        print(error, file=sys.stderr)
        return 1
    return 0
