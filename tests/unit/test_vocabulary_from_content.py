"""The bot's vocabulary comes from the content: a new job is understood after the build."""

from __future__ import annotations

import shutil
from pathlib import Path

import yaml

from knowledge.db import session_factory
from knowledge.loader import load_directory
from knowledge.query import KnowledgeBase
from knowledge.resolve import Resolver
from ops.nlu_build import build_nlu
from ops.settings import BOT_DIR, REPO
from tests.databases import sqlite_url

NEW_JOB = {
    "slug": "drone-pilot",
    "title": "Drone pilot",
    "summary": "Flies drones to film, survey or inspect things.",
    "aliases": ["drone operator"],
    "sectors": ["creative"],
    "about": "You plan flights and fly drones safely.",
    "pay_note": "We don't have a checked pay figure yet.",
    "entry": "A flying certificate from the regulator.",
    "routes": ["skills-bootcamp"],
    "training_time": "A few weeks.",
    "where_north_east": "Film, building and energy firms.",
    "sources": ["https://example.org/drones"],
    "as_of": "2026",
}


def test_a_job_added_to_the_content_is_in_the_lookups_and_the_resolver(tmp_path: Path) -> None:
    content = Path(shutil.copytree(REPO / "content", tmp_path / "content"))
    creative = content / "occupations" / "creative.yaml"
    data = yaml.safe_load(creative.read_text())
    data["records"].append(NEW_JOB)
    creative.write_text(yaml.safe_dump(data, sort_keys=False))
    url = sqlite_url(tmp_path)
    load_directory(url, content)
    kb = KnowledgeBase(session_factory(url))

    bot = Path(shutil.copytree(BOT_DIR / "templates", tmp_path / "bot" / "templates")).parent
    build_nlu(kb, bot)
    generated = (bot / "data" / "generated" / "vocabulary.yml").read_text()
    assert "- drone operator" in generated
    assert "- synonym: drone-pilot" in generated

    matches = Resolver.from_kb(kb).resolve("how do i become a drone operater")
    assert matches[0].ref.slug == "drone-pilot"
