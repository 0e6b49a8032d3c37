"""Load validated content into the database: all of it in one transaction, or nothing.

Loading is idempotent: the file-backed kinds are replaced by exactly what the files say,
so running it twice leaves the same database. Records that people create through the
web service (approved ambassador answers) are never deleted by a load; their links to the
file-backed records, which a load deletes with those records, are made again from the
slugs the records keep in ``data["links"]`` (``link_from_data``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from knowledge.content import DEFAULT_CONTENT_DIR, Content, read_content_dir
from knowledge.db import migrate, session_factory
from knowledge.models import Alias, Link, OpportunityDates, Record
from knowledge.schema import Opportunity, Place, RecordBase

FILE_KINDS = ("place", "sector", "route", "programme", "provider", "occupation", "opportunity")
SUMMARY_FIELDS = {"kind", "slug", "title", "summary", "aliases", "sources", "as_of", "url"}
# Made through the web service (inbox/ambassadors.py); ``data["links"]`` names what they
# link to, as {relation: [slugs]}, and each relation is also the kind of the records named.
LINKED_BY_DATA = ("ambassador_answer",)


@dataclass(frozen=True)
class LoadReport:
    records: int
    links: int


def load_directory(
    database_url: str, directory: Path = DEFAULT_CONTENT_DIR, examples: bool = False
) -> tuple[Content, LoadReport]:
    """Validate a content folder, bring the schema up to date and load the folder (with the
    demo's made-up examples only when ``examples``)."""
    content = read_content_dir(directory, examples)
    migrate(database_url)
    with session_factory(database_url)() as session:
        return content, load_content(session, content)


def load_content(session: Session, content: Content) -> LoadReport:
    """Replace the file-backed records with ``content``; commit only if all of it loads."""
    try:
        _delete_file_records(session)
        rows = {(r.kind, r.slug): _add_record(session, r) for r in content.records}
        session.flush()
        links = _add_links(session, content.records, rows)
        _relink_records_made_elsewhere(session)
        session.commit()
    except Exception:
        session.rollback()
        raise
    return LoadReport(records=len(rows), links=links)


def _delete_file_records(session: Session) -> None:
    ids = select(Record.id).where(Record.kind.in_(FILE_KINDS))
    session.execute(delete(Link).where(Link.from_id.in_(ids) | Link.to_id.in_(ids)))
    session.execute(delete(Alias).where(Alias.record_id.in_(ids)))
    session.execute(delete(OpportunityDates).where(OpportunityDates.record_id.in_(ids)))
    session.execute(delete(Record).where(Record.kind.in_(FILE_KINDS)))


def _add_record(session: Session, record: RecordBase) -> Record:
    row = Record(
        kind=record.kind,
        slug=record.slug,
        title=record.title,
        summary=record.summary,
        data=record.model_dump(mode="json", exclude=SUMMARY_FIELDS),
        sources=list(record.sources),
        as_of=record.as_of,
        url=record.url,
        aliases=[Alias(text=alias) for alias in _all_names(record)],
    )
    session.add(row)
    if isinstance(record, Opportunity):
        session.flush()
        session.add(
            OpportunityDates(
                record_id=row.id,
                starts=record.starts,
                ends=record.ends,
                closes=record.closes,
                opportunity_type=record.opportunity_type,
                min_age=record.min_age,
                max_age=record.max_age,
                example=record.example,
            )
        )
    return row


def _all_names(record: RecordBase) -> list[str]:
    """A record's aliases; for a place the names of its towns, for an opportunity its
    employer's name (the resolver and the bot's word lists read them as its names)."""
    extra: list[str] = []
    if isinstance(record, Place):
        extra = record.town_names()
    elif isinstance(record, Opportunity) and record.employer:
        extra = employer_names(record.employer)
    return list(dict.fromkeys([*record.aliases, *extra]))


# Words an employer's everyday name leaves off: "Esh Group" is "Esh", "Sunderland City
# Council" is "Sunderland Council", "Nissan Motor Manufacturing UK" is "Nissan".
EMPLOYER_SUFFIXES = (
    "nhs foundation trust", "foundation trust", "motor manufacturing uk", "group", "ltd",
    "limited", "plc", "uk",
)  # fmt: skip


def employer_names(employer: str) -> list[str]:
    """An employer's full name and the shorter ones people use for it."""
    full = employer.removeprefix("The ").strip()
    names = [full]
    lowered = full.lower()
    for suffix in EMPLOYER_SUFFIXES:
        if lowered.endswith(" " + suffix):
            names.append(full[: -len(suffix) - 1].strip())
            break
    for council in (" City Council", " County Council"):
        if full.endswith(council):
            names.append(full.replace(council, " Council"))
    return [name for name in names if len(name) > 2]


def _add_links(
    session: Session, records: list[RecordBase], rows: dict[tuple[str, str], Record]
) -> int:
    count = 0
    for record in records:
        source = rows[(record.kind, record.slug)]
        for relation, (target_kind, slugs) in record.links().items():
            for slug in slugs:
                target = rows[(target_kind, slug)]
                session.add(Link(from_id=source.id, to_id=target.id, relation=relation))
                count += 1
    return count


def _relink_records_made_elsewhere(session: Session) -> None:
    for record in list(session.scalars(select(Record).where(Record.kind.in_(LINKED_BY_DATA)))):
        link_from_data(session, record)


def link_from_data(session: Session, record: Record) -> int:
    """(Re)link ``record`` to the records its ``data["links"]`` names, skipping slugs that do
    not exist (any more); returns how many links were made."""
    session.execute(delete(Link).where(Link.from_id == record.id))
    count = 0
    for relation, slugs in record.data.get("links", {}).items():
        found = session.scalars(
            select(Record).where(Record.kind == relation, Record.slug.in_(slugs))
        )
        for target in sorted(found, key=lambda row: slugs.index(row.slug)):
            session.add(Link(from_id=record.id, to_id=target.id, relation=relation))
            count += 1
    return count
