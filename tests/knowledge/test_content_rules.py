"""Each validation rule: a bad file is rejected whole, naming file, record and field."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.content import ContentError, read_content_dir
from tests.knowledge.small_content import first_record, valid_copy, write_content


def rejection(tmp_path: Path, files: dict) -> ContentError:
    write_content(tmp_path, files)
    with pytest.raises(ContentError) as caught:
        read_content_dir(tmp_path)
    return caught.value


def names(error: ContentError, file: str, record: str, field: str) -> bool:
    return any(
        p.file == file and p.record == record and p.field.startswith(field)
        for p in error.problems
    )


def test_the_small_content_is_valid(tmp_path: Path) -> None:
    content = read_content_dir(write_content(tmp_path))
    assert len(content.records) == 5


def test_a_link_to_an_unknown_slug_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "occupations/construction.yaml")["routes"] = ["apprenticeshp"]
    error = rejection(tmp_path, files)
    assert names(error, "occupations/construction.yaml", "electrician", "route")
    assert "unknown route 'apprenticeshp'" in str(error)


def test_a_record_without_a_source_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    del first_record(files, "sectors.yaml")["sources"]
    assert names(rejection(tmp_path, files), "sectors.yaml", "construction", "sources")


def test_an_empty_source_list_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "sectors.yaml")["sources"] = []
    assert names(rejection(tmp_path, files), "sectors.yaml", "construction", "sources")


def test_a_source_that_is_not_an_address_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "places.yaml")["sources"] = ["my notes"]
    assert names(rejection(tmp_path, files), "places.yaml", "gateshead", "sources")


def test_a_pay_range_upside_down_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "occupations/construction.yaml")["pay"]["starter"] = 50000
    error = rejection(tmp_path, files)
    assert names(error, "occupations/construction.yaml", "electrician", "pay")
    assert "upside down" in str(error)


def test_a_duplicate_slug_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    records = files["occupations/construction.yaml"]["records"]
    records.append(dict(records[0]))
    error = rejection(tmp_path, files)
    assert names(error, "occupations/construction.yaml", "electrician", "slug")
    assert "duplicate slug" in str(error)


def test_a_missing_as_of_date_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    del first_record(files, "routes.yaml")["as_of"]
    assert names(rejection(tmp_path, files), "routes.yaml", "apprenticeship", "as_of")


def test_an_as_of_that_is_not_a_date_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "routes.yaml")["as_of"] = "last year"
    assert names(rejection(tmp_path, files), "routes.yaml", "apprenticeship", "as_of")


def test_a_misspelt_field_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "places.yaml")["sumary"] = "typo"
    assert names(rejection(tmp_path, files), "places.yaml", "gateshead", "sumary")


def test_a_missing_required_field_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    del first_record(files, "occupations/construction.yaml")["entry"]
    error = rejection(tmp_path, files)
    assert names(error, "occupations/construction.yaml", "electrician", "entry")


def test_a_slug_with_capitals_or_spaces_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "places.yaml")["slug"] = "Gates Head"
    assert names(rejection(tmp_path, files), "places.yaml", "Gates Head", "slug")


def test_an_unknown_kind_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    files["places.yaml"]["kind"] = "plaice"
    assert names(rejection(tmp_path, files), "places.yaml", "-", "kind")


def test_a_file_that_is_not_yaml_is_rejected(tmp_path: Path) -> None:
    write_content(tmp_path)
    (tmp_path / "broken.yaml").write_text("kind: place\nrecords: [\n", encoding="utf-8")
    with pytest.raises(ContentError) as caught:
        read_content_dir(tmp_path)
    assert caught.value.problems[0].file == "broken.yaml"
    assert "not valid YAML" in str(caught.value)


def test_an_opportunity_closing_after_it_ends_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "opportunities.yaml")["closes"] = "2027-04-01"
    assert names(rejection(tmp_path, files), "opportunities.yaml", "site-taster", "-")


def test_an_opportunity_with_ages_upside_down_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "opportunities.yaml")["min_age"] = 19
    error = rejection(tmp_path, files)
    assert "min_age 19 is more than max_age 18" in str(error)


def test_an_opportunity_needs_a_provider_or_employer(tmp_path: Path) -> None:
    files = valid_copy()
    del first_record(files, "opportunities.yaml")["employer"]
    assert "provider (slug) or an employer" in str(rejection(tmp_path, files))


def test_one_bad_record_rejects_the_whole_set_and_every_problem_is_listed(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "places.yaml")["sumary"] = "typo"
    first_record(files, "occupations/construction.yaml")["routes"] = ["nope"]
    error = rejection(tmp_path, files)
    assert len(error.problems) == 2
    assert "The content was not loaded: 2 problem(s)" in str(error)


# --- every figure traced to a source and a date (knowledge/claims.py) --------------------


def test_a_figure_with_no_claim_is_rejected(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "occupations/construction.yaml")["entry"] = "Grade 4 in GCSE maths."
    error = rejection(tmp_path, files)
    assert names(error, "occupations/construction.yaml", "electrician", "entry")
    assert "the figure '4' in" in str(error)


def test_a_claim_must_quote_the_record_word_for_word(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "occupations/construction.yaml")["claims"].append(
        {"says": "five years", "source": "https://example.org/facts", "as_of": "2025"}
    )
    error = rejection(tmp_path, files)
    assert "the claim 'five years' is not in the record's text word for word" in str(error)


def test_a_money_claim_must_say_its_year(tmp_path: Path) -> None:
    files = valid_copy()
    record = first_record(files, "occupations/construction.yaml")
    record["entry"] = "Apprentices earn £8.00 an hour."
    record["claims"].append(
        {"says": "£8.00 an hour", "source": "https://example.org/pay", "as_of": "2026-04"}
    )
    error = rejection(tmp_path, files)
    assert "the money claim '£8.00 an hour' must say its year" in str(error)


def test_dates_need_the_page_that_publishes_them(tmp_path: Path) -> None:
    files = valid_copy()
    del first_record(files, "opportunities.yaml")["dates_source"]
    error = rejection(tmp_path, files)
    assert "dates need dates_source" in str(error)


def test_a_recurring_programme_may_have_no_dates(tmp_path: Path) -> None:
    files = valid_copy()
    record = first_record(files, "opportunities.yaml")
    for field in ("starts", "closes", "dates_source"):
        del record[field]
    record["usually_opens"] = "January"
    content = read_content_dir(write_content(tmp_path, files))
    assert content.by_kind("opportunity")[0].closes is None


def test_example_data_lives_only_in_the_examples_folder(tmp_path: Path) -> None:
    files = valid_copy()
    first_record(files, "opportunities.yaml")["example"] = True
    error = rejection(tmp_path, files)
    assert "example data lives in content/examples/ only" in str(error)


def test_an_opportunity_named_by_part_of_anothers_name_is_rejected(tmp_path: Path) -> None:
    """"police cadets" on one force's cadets would answer "police cadets in durham" with it."""
    files = valid_copy()
    first = first_record(files, "opportunities.yaml")
    first["title"] = "Durham police cadets"
    other = {**first, "slug": "tyne-cadets", "title": "Tyne police cadets"}
    other["aliases"] = ["police cadets"]
    files["opportunities.yaml"]["records"].append(other)
    error = rejection(tmp_path, files)
    assert names(error, "opportunities.yaml", "tyne-cadets", "aliases")
    assert "site-taster" in str(error) and "add the organisation" in str(error)


def test_a_content_file_of_apprentices_answers_is_rejected_with_where_they_come_from(
    tmp_path: Path,
) -> None:
    """Apprentices' answers reach the knowledge base only through moderation; a content
    file of them once passed the check, loaded once and broke the second load."""
    files = valid_copy()
    files["places.yaml"]["kind"] = "ambassador_answer"
    error = rejection(tmp_path, files)
    assert names(error, "places.yaml", "-", "kind")
    assert "approves them in the inbox" in str(error)
