"""The query layer answers from the loaded content."""

import datetime as dt

from knowledge.query import KnowledgeBase


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


def test_opportunities_past_their_closing_date_are_not_offered(kb: KnowledgeBase) -> None:
    today = dt.date(2026, 11, 23)
    open_now = kb.opportunities(today)
    assert open_now, "some opportunities are open on the day the content was written"
    for ref in open_now:
        closes = kb.get("opportunity", ref.slug).data["closes"]
        assert dt.date.fromisoformat(closes) >= today
    everything = kb.opportunities(dt.date(2000, 1, 1))
    assert len(open_now) < len(everything)
