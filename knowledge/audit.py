"""The content audit: every record with its claims, sources and dates, and what is due.

``python -m knowledge audit`` writes it as a spreadsheet (CSV) for the hub's content editor,
who works through it each term (docs/content-guide.md says how).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from knowledge.claims import due_for_checking
from knowledge.content import Content

COLUMNS = (
    "file", "kind", "slug", "title", "record_as_of", "claim", "source", "claim_as_of",
    "valid_until", "due",
)  # fmt: skip


@dataclass(frozen=True)
class AuditSummary:
    records: int
    claims: int
    due: int


def audit_rows(content: Content, today: dt.date) -> list[dict[str, str]]:
    """One row per claim (a record with none gets one row for its sources)."""
    rows = []
    for record in content.records:
        due = {d.says: d.reason for d in due_for_checking(record, today)}
        base = {
            "file": content.files[(record.kind, record.slug)],
            "kind": record.kind,
            "slug": record.slug,
            "title": record.title,
            "record_as_of": record.as_of,
        }
        for claim in record.claims:
            rows.append(
                base
                | {
                    "claim": claim.says,
                    "source": claim.source,
                    "claim_as_of": claim.as_of,
                    "valid_until": claim.valid_until.isoformat() if claim.valid_until else "",
                    "due": due.get(claim.says, ""),
                }
            )
        pay = getattr(record, "pay", None)
        if pay is not None:
            says = f"pay £{pay.starter:,} to £{pay.experienced:,}"
            rows.append(
                base
                | {"claim": says, "source": pay.source, "claim_as_of": pay.as_of,
                   "valid_until": "", "due": due.get(says, "")}  # fmt: skip
            )
        if not record.claims and pay is None:
            rows.append(base | {"claim": "", "source": " ".join(record.sources)})
    return rows


def write_audit(content: Content, today: dt.date, path: Path) -> AuditSummary:
    rows = audit_rows(content, today)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as file:
        writer = csv.DictWriter(file, fieldnames=COLUMNS, restval="")
        writer.writeheader()
        writer.writerows(rows)
    return AuditSummary(
        records=len(content.records),
        claims=sum(1 for row in rows if row.get("claim")),
        due=sum(1 for row in rows if row.get("due")),
    )
