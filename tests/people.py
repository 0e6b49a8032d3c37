"""The schools and careers-team accounts the inbox tests log in as."""

from __future__ import annotations

from inbox.accounts import create_account
from inbox.cli import DEMO_SCHOOL, ensure_demo_school
from inbox.schools import add_school
from knowledge.db import migrate, session_factory

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
