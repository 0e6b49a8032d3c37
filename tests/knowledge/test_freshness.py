"""Every claim a student reads is true today: no shipped figure is past its checking date.

The tests pin the day (as the rest of the suite does), so a claim falling due is a failing
test to fix at its source, not a surprise; one more test reads the content on the real
date and writes the audit of what is due, for the hub's content editor.
"""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from knowledge.audit import write_audit
from knowledge.claims import due_for_checking
from knowledge.content import read_content_dir
from knowledge.schema import Claim, Pay

# The day the content was last reviewed claim by claim (docs/content-guide.md).
REVIEWED_ON = dt.date(2026, 12, 3)


def test_no_shipped_claim_is_due_for_checking_on_the_pinned_day() -> None:
    content = read_content_dir()
    due = [d for record in content.records for d in due_for_checking(record, REVIEWED_ON)]
    assert due == [], "\n".join(f"{d.kind}/{d.slug}: {d.says!r} ({d.reason})" for d in due)


def test_money_is_due_twelve_months_after_its_date() -> None:
    class Record:
        kind, slug = "route", "apprenticeship"
        claims = [
            Claim(says="£8.00 an hour from April 2026", source="https://x.org", as_of="2026-04")
        ]

    assert due_for_checking(Record(), dt.date(2027, 3, 31)) == []  # type: ignore[arg-type]
    (due,) = due_for_checking(Record(), dt.date(2027, 4, 1))  # type: ignore[arg-type]
    assert "more than 12 months ago" in due.reason


def test_anything_is_due_after_its_own_valid_until() -> None:
    class Record:
        kind, slug = "route", "t-levels"
        claims = [
            Claim(
                says="20 subjects",
                source="https://x.org",
                as_of="2026-09",
                valid_until=dt.date(2027, 8, 31),
            )
        ]
        pay = Pay(starter=20000, experienced=30000, source="https://x.org/pay", as_of="2026-01")

    reasons = [d.reason for d in due_for_checking(Record(), dt.date(2027, 9, 1))]  # type: ignore[arg-type]
    assert any("valid-until" in r for r in reasons)
    assert any("money figure" in r for r in reasons), "the pay block is money too"


def test_the_audit_lists_every_record_and_what_is_due_today(tmp_path: Path) -> None:
    content = read_content_dir()
    path = tmp_path / "audit.csv"
    summary = write_audit(content, dt.date.today(), path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    assert {(r["kind"], r["slug"]) for r in rows} == {(r.kind, r.slug) for r in content.records}
    assert summary.claims > len(content.records), "most records carry several claims"
    due = [r for r in rows if r["due"]]
    print(f"\nContent audit on {dt.date.today():%-d %B %Y}: {len(due)} claims due for checking")
    for row in due:
        print(f"  {row['kind']}/{row['slug']}: {row['claim']!r} ({row['due']})")
