"""Opportunities as CSV, the format a spreadsheet saves, for careers hub staff.

Export writes every opportunity in the content files to a CSV. Import reads such a CSV
back: each row is checked like any content record, every rejected row is reported with
its reason, and the file ``content/opportunities.yaml`` is replaced by the rows (so the
content files stay the single source of truth) only when all rows are good, or when
asked to keep just the good ones.
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.content import Content, read_content_dir
from knowledge.schema import Opportunity

COLUMNS = [
    "slug", "title", "summary", "about", "opportunity_type", "sectors", "place", "provider",
    "employer", "routes", "starts", "ends", "closes", "dates_source", "usually_opens",
    "min_age", "max_age", "ages_source", "how_to_apply", "url", "sources", "as_of", "aliases",
    "claims",
]
LIST_COLUMNS = {"sectors", "routes", "sources", "aliases"}
DATE_COLUMNS = {"starts", "ends", "closes"}
OPPORTUNITY_FILE = "opportunities.yaml"
SEPARATOR = ";"
# A claim in a cell: its words, its source and its date, separated by "|" (claims by ";").
CLAIM_PARTS = "|"


@dataclass
class ImportReport:
    accepted: list[Opportunity] = field(default_factory=list)
    rejected: list[str] = field(default_factory=list)

    def summary(self) -> str:
        lines = [f"{len(self.accepted)} rows are good, {len(self.rejected)} rejected."]
        lines += [f"  - {reason}" for reason in self.rejected]
        return "\n".join(lines)


def export_opportunities(content: Content, path: Path) -> int:
    """Write every opportunity to ``path``; returns how many."""
    records = content.by_kind("opportunity")
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        for record in records:
            writer.writerow(_to_row(record))
    return len(records)


def _to_row(record: Opportunity) -> dict[str, str]:
    data = record.model_dump(mode="json")
    row = {}
    for column in COLUMNS:
        value = data.get(column)
        if column == "claims":
            row[column] = f"{SEPARATOR} ".join(
                f" {CLAIM_PARTS} ".join((c["says"], c["source"], c["as_of"])) for c in value
            )
        elif isinstance(value, list):
            row[column] = f"{SEPARATOR} ".join(value)
        else:
            row[column] = "" if value is None else str(value)
    return row


def check_csv(path: Path, content_dir: Path) -> ImportReport:
    """Check every row against the schema and the rest of the content."""
    others = [r for r in read_content_dir(content_dir).records if r.kind != "opportunity"]
    known = {(r.kind, r.slug) for r in others}
    report = ImportReport()
    seen: set[str] = set()
    with path.open(newline="", encoding="utf-8-sig") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in ("slug", "title") if c not in (reader.fieldnames or [])]
        if missing:
            report.rejected.append(f"the file has no column(s) {', '.join(missing)}")
            return report
        for number, row in enumerate(reader, start=2):
            reason = _check_row(row, known, seen)
            if isinstance(reason, str):
                label = (row.get("slug") or "").strip() or "no slug"
                report.rejected.append(f"row {number} ({label}): {reason}")
            else:
                report.accepted.append(reason)
                seen.add(reason.slug)
    return report


def _check_row(
    row: dict[str, str | None], known: set[tuple[str, str]], seen: set[str]
) -> Opportunity | str:
    try:
        record = Opportunity.model_validate(_from_row(row))
    except ValidationError as error:
        first = error.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "row"
        return f"{where}: {first['msg']}"
    except ValueError as error:
        return str(error)
    if record.slug in seen:
        return "slug: the same slug is on an earlier row"
    for relation, (kind, slugs) in record.links().items():
        unknown = [s for s in slugs if (kind, s) not in known]
        if unknown:
            return f"{relation}: unknown {kind} '{unknown[0]}'"
    return record


def _from_row(row: dict[str, str | None]) -> dict[str, object]:
    data: dict[str, object] = {}
    for column in COLUMNS:
        cell = (row.get(column) or "").strip()
        if column == "claims":
            data[column] = [_claim_from(part) for part in cell.split(SEPARATOR) if part.strip()]
        elif column in LIST_COLUMNS:
            data[column] = [part.strip() for part in cell.split(SEPARATOR) if part.strip()]
        elif cell and column in DATE_COLUMNS:
            data[column] = _parse_date(column, cell)
        elif cell:
            data[column] = cell
    return data


def _claim_from(cell: str) -> dict[str, str]:
    parts = [part.strip() for part in cell.split(CLAIM_PARTS)]
    if len(parts) != 3:
        raise ValueError(f"claims: '{cell.strip()}' needs its words | source | as_of")
    return {"says": parts[0], "source": parts[1], "as_of": parts[2]}


def _parse_date(column: str, cell: str) -> dt.date:
    """Dates as ISO (2027-03-01) or as UK spreadsheets save them (01/03/2027)."""
    for form in ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"):
        try:
            return dt.datetime.strptime(cell, form).date()
        except ValueError:
            continue
    raise ValueError(f"{column}: '{cell}' is not a date (use 2027-03-01 or 01/03/2027)")


def write_opportunities(records: list[Opportunity], content_dir: Path) -> Path:
    """Replace the opportunities content file with ``records``."""
    path = content_dir / OPPORTUNITY_FILE
    body = {
        "kind": "opportunity",
        "records": [
            r.model_dump(mode="json", exclude={"kind"}, exclude_none=True, exclude_defaults=True)
            for r in records
        ],
    }
    header = (
        "# Opportunities for young people, kept current by careers hub staff.\n"
        "# Edit here, or export to CSV and import it back: python -m knowledge opportunities\n"
    )
    text = yaml.safe_dump(body, sort_keys=False, allow_unicode=True, width=100)
    path.write_text(header + text, encoding="utf-8")
    return path
