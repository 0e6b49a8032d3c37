"""Loading is idempotent, and a failed load leaves the database exactly as it was."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError

from knowledge.content import ContentError, read_content_dir
from knowledge.db import engine_for, migrate, session_factory
from knowledge.loader import load_content, load_directory
from knowledge.models import Alias, Link, OpportunityDates, Record
from tests.knowledge.small_content import first_record, valid_copy, write_content


def snapshot(url: str) -> list[tuple]:
    """Everything the knowledge tables hold, in a stable order."""
    with session_factory(url)() as session:
        records = session.execute(
            select(Record.kind, Record.slug, Record.title, Record.summary, Record.as_of)
            .order_by(Record.kind, Record.slug)
        ).all()
        counts = [
            session.scalar(select(func.count()).select_from(table))
            for table in (Link, Alias, OpportunityDates)
        ]
    return [tuple(row) for row in records] + [tuple(counts)]


def test_the_full_content_loads(empty_db: str) -> None:
    content, report = load_directory(empty_db)
    assert report.records == len(content.records) > 160
    assert report.links > 1000


def test_loading_twice_gives_the_same_database(empty_db: str) -> None:
    load_directory(empty_db)
    first = snapshot(empty_db)
    load_directory(empty_db)
    assert snapshot(empty_db) == first


def test_invalid_content_leaves_the_database_as_it_was(empty_db: str, tmp_path: Path) -> None:
    load_directory(empty_db)
    before = snapshot(empty_db)
    files = valid_copy()
    first_record(files, "sectors.yaml")["routes"] = ["nowhere"]
    with pytest.raises(ContentError):
        load_directory(empty_db, write_content(tmp_path / "bad", files))
    assert snapshot(empty_db) == before


def test_a_load_the_database_refuses_part_way_is_rolled_back(
    empty_db: str, tmp_path: Path
) -> None:
    load_directory(empty_db)
    before = snapshot(empty_db)
    refuse_slug(empty_db, "site-taster")
    content = read_content_dir(write_content(tmp_path / "small"))
    with pytest.raises(DBAPIError), session_factory(empty_db)() as session:
        load_content(session, content)
    assert snapshot(empty_db) == before


def refuse_slug(url: str, slug: str) -> None:
    """A real trigger in the database that refuses one record, halfway through a load."""
    migrate(url)
    with engine_for(url).begin() as connection:
        if connection.dialect.name == "sqlite":
            connection.execute(text(
                "CREATE TRIGGER refuse BEFORE INSERT ON kb_record "
                f"WHEN NEW.slug = '{slug}' BEGIN SELECT RAISE(ABORT, 'refused'); END"
            ))
        else:
            connection.execute(text(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                f"IF NEW.slug = '{slug}' THEN RAISE EXCEPTION 'refused'; END IF; "
                "RETURN NEW; END $$ LANGUAGE plpgsql"
            ))
            connection.execute(text(
                "CREATE TRIGGER refuse BEFORE INSERT ON kb_record "
                "FOR EACH ROW EXECUTE FUNCTION refuse()"
            ))
