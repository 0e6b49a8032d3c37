"""The content covers everything the taxonomy and the issue ask for."""

from __future__ import annotations

import pytest
import yaml

from knowledge.content import Content, read_content_dir
from ops.settings import REPO

TAXONOMY = REPO.parent / "shared" / "taxonomy.yaml"
SEVEN_AREAS = {
    "county-durham", "gateshead", "newcastle", "north-tyneside", "northumberland",
    "south-tyneside", "sunderland",
}


@pytest.fixture(scope="module")
def taxonomy() -> dict:
    assert TAXONOMY.exists(), f"the shared taxonomy should be at {TAXONOMY}"
    return yaml.safe_load(TAXONOMY.read_text())


@pytest.fixture(scope="module")
def content() -> Content:
    return read_content_dir()


def slugs(content: Content, kind: str) -> set[str]:
    return {r.slug for r in content.by_kind(kind)}


@pytest.mark.parametrize(
    "section, kind",
    [("places", "place"), ("sectors", "sector"), ("routes", "route"), ("programmes", "programme")],
)
def test_every_listed_slug_exists_with_its_name(taxonomy, content, section, kind) -> None:
    records = {r.slug: r for r in content.by_kind(kind)}
    for entry in taxonomy[section]:
        assert entry["slug"] in records, f"{kind} '{entry['slug']}' is missing"
        assert records[entry["slug"]].title == entry["name"]


def test_every_listed_occupation_exists_in_its_sector(taxonomy, content) -> None:
    records = {r.slug: r for r in content.by_kind("occupation")}
    for sector, occupations in taxonomy["occupations"].items():
        for slug in occupations:
            assert slug in records, f"occupation '{slug}' is missing"
            assert sector in records[slug].sectors, f"'{slug}' is not linked to {sector}"


def test_every_occupation_says_what_it_pays_or_why_not(content) -> None:
    for job in content.by_kind("occupation"):
        assert job.pay or job.pay_note, f"{job.slug} has neither pay nor pay_note"


def test_traineeships_say_honestly_that_they_closed(content) -> None:
    traineeship = next(r for r in content.by_kind("route") if r.slug == "traineeship")
    assert traineeship.status == "closed"
    assert traineeship.replaced_by
    assert "2023" in traineeship.summary + traineeship.who_for + traineeship.how_to_apply


def test_providers_cover_the_seven_areas_colleges_and_universities(content) -> None:
    providers = content.by_kind("provider")
    kinds = {p.provider_type for p in providers}
    assert {"fe-college", "university"} <= kinds
    areas = {campus.place for p in providers for campus in p.campuses}
    assert areas >= SEVEN_AREAS
    universities = {p.slug for p in providers if p.provider_type == "university"}
    assert universities == {
        "newcastle-university", "northumbria-university", "durham-university",
        "university-of-sunderland",
    }


def test_opportunities_are_many_and_spread_across_areas_and_sectors(content) -> None:
    opportunities = content.by_kind("opportunity")
    assert len(opportunities) >= 25, "real ones only: made-up examples live in examples/"
    assert {o.place for o in opportunities} >= SEVEN_AREAS - {"gateshead"}
    assert len({s for o in opportunities for s in o.sectors}) >= 10
    assert len({o.opportunity_type for o in opportunities}) >= 5
    assert not any(o.example for o in opportunities)


def test_every_record_keeps_a_source_and_a_date(content) -> None:
    for record in content.records:
        assert record.sources and record.as_of, record.slug


def test_each_alias_names_one_record(content) -> None:
    owners: dict[str, set[str]] = {}
    for record in content.records:
        for alias in record.aliases:
            owners.setdefault(alias.lower(), set()).add(f"{record.kind}/{record.slug}")
    shared = {alias: who for alias, who in owners.items() if len(who) > 1}
    assert not shared

