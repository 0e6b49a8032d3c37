"""A small, valid set of content files that each validation test breaks in one way."""

from __future__ import annotations

import copy
from pathlib import Path

import yaml

SOURCE = {"sources": ["https://example.org/facts"], "as_of": "2025-04"}

VALID: dict[str, dict] = {
    "places.yaml": {
        "kind": "place",
        "records": [
            {"slug": "gateshead", "title": "Gateshead", "summary": "A town.", "about": "Work.",
             **SOURCE},
        ],
    },
    "sectors.yaml": {
        "kind": "sector",
        "records": [
            {"slug": "construction", "title": "Construction", "summary": "Building.",
             "about": "Sites.", "why_north_east": "Growth.", "size": "Many people.",
             "outlook": "Good.", "strongest_in": ["gateshead"], "routes": ["apprenticeship"],
             **SOURCE},
        ],
    },
    "routes.yaml": {
        "kind": "route",
        "records": [
            {"slug": "apprenticeship", "title": "Apprenticeships", "summary": "Work and learn.",
             "who_for": "Young people.", "entry_requirements": "Varies.", "duration": "1-4 years.",
             "cost_or_pay": "Paid.", "how_to_apply": "Online.", "leads_to": "Jobs.",
             "where_locally": "Colleges.", **SOURCE,
             "claims": [{"says": "1-4 years", "source": "https://example.org/facts",
                         "as_of": "2025-04"}]},
        ],
    },
    "occupations/construction.yaml": {
        "kind": "occupation",
        "records": [
            {"slug": "electrician", "title": "Electrician", "summary": "Wires.",
             "aliases": ["sparky"], "sectors": ["construction"], "about": "Fits wiring.",
             "pay": {"starter": 20000, "experienced": 40000, "source": "https://example.org/pay",
                     "as_of": "2025"},
             "entry": "GCSEs.", "routes": ["apprenticeship"], "training_time": "4 years.",
             "where_north_east": "Everywhere.", **SOURCE,
             "claims": [{"says": "4 years", "source": "https://example.org/facts",
                         "as_of": "2025-04"}]},
        ],
    },
    "opportunities.yaml": {
        "kind": "opportunity",
        "records": [
            {"slug": "site-taster", "title": "Site taster day", "summary": "A day on site.",
             "about": "See a site.", "opportunity_type": "taster-day",
             "sectors": ["construction"], "place": "gateshead", "employer": "A builder",
             "starts": "2027-03-01", "closes": "2027-02-01", "min_age": 14, "max_age": 18,
             "dates_source": "https://example.org/dates", "ages_source": "https://example.org/ages",
             "how_to_apply": "Ask your careers leader.", **SOURCE},
        ],
    },
}


def write_content(directory: Path, files: dict[str, dict] | None = None) -> Path:
    for name, body in (files or VALID).items():
        path = directory / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(yaml.safe_dump(body, sort_keys=False), encoding="utf-8")
    return directory


def valid_copy() -> dict[str, dict]:
    return copy.deepcopy(VALID)


def first_record(files: dict[str, dict], name: str) -> dict:
    return files[name]["records"][0]
