"""The query layer answers from the loaded content."""

import datetime as dt
from pathlib import Path

from knowledge.db import session_factory
from knowledge.loader import load_directory
from knowledge.query import KnowledgeBase
from tests.databases import sqlite_url


def test_a_sector_lists_the_jobs_linked_to_it(kb: KnowledgeBase) -> None:
    digital = kb.get("sector", "digital")
    assert digital is not None
    assert digital.ref.title == "Digital and technology"
    jobs = {ref.slug for ref in digital.linked_by("occupation", "sector")}
    assert {"software-developer", "cyber-security-analyst", "data-analyst"} <= jobs


def test_an_occupation_links_to_its_sector_and_routes(kb: KnowledgeBase) -> None:
    electrician = kb.get("occupation", "electrician")
    assert electrician is not None
    assert "construction" in {ref.slug for ref in electrician.linked("sector")}
    assert electrician.linked("route"), "an occupation names at least one route in"


def test_an_unknown_slug_is_not_found(kb: KnowledgeBase) -> None:
    assert kb.get("sector", "underwater-basket-weaving") is None


def test_a_record_keeps_its_source_and_date(kb: KnowledgeBase) -> None:
    nurse = kb.get("occupation", "nurse")
    assert nurse is not None
    assert nurse.sources and all(s.startswith("http") for s in nurse.sources)
    assert nurse.as_of[:4].isdigit()


def test_opportunities_past_their_closing_date_are_not_offered(tmp_path: Path) -> None:
    url = sqlite_url(tmp_path)
    load_directory(url, examples=True)  # the demo's examples have closing dates
    kb = KnowledgeBase(session_factory(url))
    today = dt.date(2026, 11, 23)
    open_now = kb.opportunities(today)
    assert open_now, "some opportunities are open on the day the examples were written"
    for ref in open_now:
        closes = kb.get("opportunity", ref.slug).data.get("closes")
        assert closes is None or dt.date.fromisoformat(closes) >= today
    everything = kb.opportunities(dt.date(2000, 1, 1))
    assert len(open_now) < len(everything)


def test_a_recurring_programme_with_no_dates_is_always_offered(kb: KnowledgeBase) -> None:
    undated = [r for r in kb.opportunities(dt.date(2030, 1, 1))]
    assert undated, "real programmes with no published date stay on offer"
    assert all(kb.get("opportunity", r.slug).data.get("closes") is None for r in undated)
