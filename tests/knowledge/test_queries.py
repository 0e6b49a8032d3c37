"""The query layer on both databases: records with links, and filtered opportunities."""

from __future__ import annotations

import datetime as dt

from knowledge.query import KnowledgeBase

TODAY = dt.date(2026, 11, 23)


def slugs(refs) -> set[str]:
    return {ref.slug for ref in refs}


def test_an_occupation_comes_with_its_sector_routes_and_related_jobs(loaded_kb) -> None:
    nurse = loaded_kb.get("occupation", "nurse")
    assert slugs(nurse.linked("sector")) == {"health-care"}
    assert "degree-apprenticeship" in slugs(nurse.linked("route"))
    assert nurse.linked("related")


def test_a_sector_knows_its_jobs_and_a_place_its_providers(loaded_kb) -> None:
    construction = loaded_kb.get("sector", "construction")
    assert {"electrician", "plumber", "bricklayer"} <= slugs(
        construction.linked_by("occupation", "sector")
    )
    gateshead = loaded_kb.get("place", "gateshead")
    assert "gateshead-college" in slugs(gateshead.linked_by("provider", "place"))
    sunderland = loaded_kb.get("place", "sunderland")
    assert sunderland.linked_by("opportunity", "place")


def test_real_opportunities_without_dates_are_always_offered(loaded_kb: KnowledgeBase) -> None:
    open_now = slugs(loaded_kb.opportunities(TODAY))
    assert len(open_now) >= 25, "every real opportunity: none has a closing date that passed"
    assert open_now == slugs(loaded_kb.opportunities(dt.date(2030, 1, 1)))


def test_opportunities_filter_by_sector_place_route_and_age(loaded_kb: KnowledgeBase) -> None:
    construction = loaded_kb.opportunities(TODAY, sector="construction")
    assert construction
    for ref in construction:
        assert "construction" in loaded_kb.get("opportunity", ref.slug).data["sectors"]
    in_durham = loaded_kb.opportunities(TODAY, sector="construction", place="county-durham")
    assert in_durham and slugs(in_durham) < slugs(construction)
    for ref in loaded_kb.opportunities(TODAY, age=14):
        data = loaded_kb.get("opportunity", ref.slug).data
        assert data["min_age"] <= 14 <= data["max_age"]
    apprenticeships = loaded_kb.opportunities(TODAY, route="apprenticeship")
    assert apprenticeships and len(apprenticeships) < len(loaded_kb.opportunities(TODAY))


def test_providers_filter_by_place_and_route(loaded_kb: KnowledgeBase) -> None:
    assert slugs(loaded_kb.providers(place="gateshead")) == {"gateshead-college"}
    t_levels = slugs(loaded_kb.providers(route="t-levels"))
    assert {"sunderland-college", "gateshead-college"} <= t_levels
    assert "durham-university" not in t_levels
