"""Hub staff export opportunities to CSV, edit them in a spreadsheet and import them back."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from knowledge.cli import main
from knowledge.content import read_content_dir
from ops.settings import REPO
from tests.databases import sqlite_url


@pytest.fixture
def content_dir(tmp_path: Path) -> Path:
    return Path(shutil.copytree(REPO / "content", tmp_path / "content"))


def run(*args: str) -> int:
    return main(list(args))


def read_rows(path: Path) -> list[dict]:
    with path.open(newline="", encoding="utf-8-sig") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict]) -> None:
    with path.open("w", newline="", encoding="utf-8-sig") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)


def opportunities(content_dir: Path) -> dict:
    return {r.slug: r for r in read_content_dir(content_dir).by_kind("opportunity")}


def test_export_then_import_gives_back_the_same_opportunities(content_dir, tmp_path) -> None:
    before = opportunities(content_dir)
    exported = tmp_path / "opportunities.csv"
    assert run("opportunities", "export", str(exported), "--content", str(content_dir)) == 0
    db = sqlite_url(tmp_path)
    assert run("opportunities", "import", str(exported), "--content", str(content_dir),
               "--database", db) == 0
    assert opportunities(content_dir) == before


def test_rejected_rows_are_reported_and_nothing_changes(content_dir, tmp_path, capsys) -> None:
    exported = tmp_path / "opportunities.csv"
    run("opportunities", "export", str(exported), "--content", str(content_dir))
    rows = read_rows(exported)
    rows[0]["closes"] = "next week"
    rows[1]["place"] = "middlesbrough"
    rows[2]["min_age"], rows[2]["max_age"] = "20", "18"
    write_rows(exported, rows)
    original = (content_dir / "opportunities.yaml").read_text()
    code = run("opportunities", "import", str(exported), "--content", str(content_dir),
               "--database", sqlite_url(tmp_path))
    output = capsys.readouterr()
    assert code == 1
    assert f"row 2 ({rows[0]['slug']}): closes:" in output.out
    assert f"row 3 ({rows[1]['slug']}): place: unknown place 'middlesbrough'" in output.out
    assert f"row 4 ({rows[2]['slug']})" in output.out and "min_age 20" in output.out
    assert "Nothing was changed" in output.err
    assert (content_dir / "opportunities.yaml").read_text() == original


def test_good_rows_load_when_asked_even_if_some_are_rejected(content_dir, tmp_path) -> None:
    exported = tmp_path / "opportunities.csv"
    run("opportunities", "export", str(exported), "--content", str(content_dir))
    rows = read_rows(exported)
    rows[0]["sectors"] = "knitting"
    write_rows(exported, rows)
    code = run("opportunities", "import", str(exported), "--keep-good-rows",
               "--content", str(content_dir), "--database", sqlite_url(tmp_path))
    assert code == 0
    kept = opportunities(content_dir)
    assert len(kept) == len(rows) - 1 and rows[0]["slug"] not in kept


def test_dates_as_a_uk_spreadsheet_saves_them_are_understood(content_dir, tmp_path) -> None:
    exported = tmp_path / "opportunities.csv"
    run("opportunities", "export", str(exported), "--content", str(content_dir))
    rows = read_rows(exported)
    rows[0]["closes"], rows[0]["starts"], rows[0]["ends"] = "01/06/2027", "02/06/2027", ""
    rows[0]["dates_source"] = "https://www.example.org/dates"
    write_rows(exported, rows)
    assert run("opportunities", "import", str(exported), "--content", str(content_dir),
               "--database", sqlite_url(tmp_path)) == 0
    record = opportunities(content_dir)[rows[0]["slug"]]
    assert str(record.closes) == "2027-06-01"


def test_dates_without_the_page_that_publishes_them_are_refused(content_dir, tmp_path) -> None:
    exported = tmp_path / "opportunities.csv"
    run("opportunities", "export", str(exported), "--content", str(content_dir))
    rows = read_rows(exported)
    rows[0]["closes"], rows[0]["starts"], rows[0]["dates_source"] = "01/06/2027", "", ""
    write_rows(exported, rows)
    assert run("opportunities", "import", str(exported), "--content", str(content_dir),
               "--database", sqlite_url(tmp_path)) == 1
