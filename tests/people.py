"""The schools, careers-team accounts and ambassadors the inbox tests log in as."""

from __future__ import annotations

from sqlalchemy import select

from inbox.accounts import create_account
from inbox.ambassadors import ProfileIn, invite, join
from inbox.cli import DEMO_SCHOOL, ensure_demo_school
from inbox.schools import add_school
from knowledge.db import migrate, session_factory
from knowledge.inbox_models import Account
from knowledge.loader import load_directory

PASSWORD = "correct horse battery"
ADA = "ada@adviser.example.org"  # North Academy and the demo school
BEN = "ben@adviser.example.org"  # North Academy
CAL = "cal@adviser.example.org"  # South Sixth Form College
HUB = "hub@admin.example.org"  # admin, no schools


def seed(database_url: str) -> None:
    migrate(database_url)
    ensure_demo_school(database_url)
    with session_factory(database_url)() as db, db.begin():
        add_school(db, "north-academy", "North Academy", "dsl@north.example.org")
        add_school(db, "south-college", "South Sixth Form College")
        create_account(db, ADA, "Ada", "adviser", PASSWORD, ["north-academy", DEMO_SCHOOL[0]])
        create_account(db, BEN, "Ben", "adviser", PASSWORD, ["north-academy"])
        create_account(db, CAL, "Cal", "adviser", PASSWORD, ["south-college"])
        create_account(db, HUB, "Hub", "admin", PASSWORD)


# Ambassadors (they need the knowledge base's sectors and places: see seed_ambassadors).
AMY = "amy@ambassador.example.org"  # construction and energy, Level 3, Sunderland
AMIR = "amir@ambassador.example.org"  # construction, Level 6, Newcastle
DEV = "dev@ambassador.example.org"  # digital, Level 4, Gateshead
AMBASSADORS = {
    AMY: ProfileIn("Amy", "Electrical installation", 3, "large employer",
                   ["construction", "energy"], "sunderland", "Sparks Ltd"),
    AMIR: ProfileIn("Amir", "Civil engineering", 6, "small business", ["construction"],
                    "newcastle"),
    DEV: ProfileIn("Dev", "Software developer", 4, "NHS trust", ["digital"], "gateshead"),
}  # fmt: skip


def seed_ambassadors(database_url: str) -> None:
    """Load the real content (for its sectors and places), then let the ambassadors join."""
    load_directory(database_url)
    with session_factory(database_url)() as db, db.begin():
        hub = db.scalar(select(Account).where(Account.email == HUB))
        for email, profile in AMBASSADORS.items():
            join(db, invite(db, hub).token, email, PASSWORD, profile)
