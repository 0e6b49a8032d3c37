"""Read and validate the content files: every problem is named by file, record and field.

Reading never touches the database. A set of files is accepted whole or rejected whole:
``read_content`` raises ``ContentError`` listing every problem it found.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from pydantic import ValidationError

from knowledge.claims import ClaimProblem, claim_problems
from knowledge.schema import MADE_ELSEWHERE, MODEL_BY_KIND, Opportunity, RecordBase, parse_as_of

DEFAULT_CONTENT_DIR = Path(__file__).resolve().parent.parent / "content"
# Made-up opportunities for the demo school, read only when asked for (``examples=True``).
EXAMPLES = "examples"


@dataclass(frozen=True)
class Problem:
    file: str
    record: str
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}: record '{self.record}', field '{self.field}': {self.message}"


class ContentError(Exception):
    """The content was rejected; ``problems`` says where and why."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"The content was not loaded: {len(problems)} problem(s) to fix.\n{lines}")


@dataclass
class Content:
    """Validated records, each remembered with the file it came from."""

    records: list[RecordBase] = field(default_factory=list)
    files: dict[tuple[str, str], str] = field(default_factory=dict)
    # Records that failed validation: links to them are not reported a second time.
    invalid: set[tuple[str, str]] = field(default_factory=set)

    def by_kind(self, kind: str) -> list[RecordBase]:
        return [r for r in self.records if r.kind == kind]

    def keys(self) -> set[tuple[str, str]]:
        return {(r.kind, r.slug) for r in self.records}


def content_files(directory: Path, examples: bool = False) -> list[Path]:
    """The content files under ``directory``; the demo's examples only when asked for."""
    return sorted(
        p
        for p in directory.rglob("*.yaml")
        if p.is_file() and (examples or EXAMPLES not in p.relative_to(directory).parts)
    )


def read_content(
    paths: Iterable[Path], base: Path | None = None, check_links: bool = True
) -> Content:
    """Validate the given files together; raise ContentError naming every problem.

    ``check_links=False`` reads a file on its own (its links point into other files)."""
    content = Content()
    problems: list[Problem] = []
    for path in paths:
        name = _display_name(path, base)
        problems += _read_file(path, name, content)
    if check_links:
        problems += _check_duplicates_and_links(content)
        problems += _check_opportunity_names(content)
    if problems:
        raise ContentError(problems)
    return content


def read_content_dir(directory: Path = DEFAULT_CONTENT_DIR, examples: bool = False) -> Content:
    return read_content(content_files(directory, examples), base=directory)


def stale_records(content: Content, max_age_days: int, today: dt.date) -> list[str]:
    """Warnings for records whose facts are older than ``max_age_days``."""
    warnings = []
    for record in content.records:
        age = (today - parse_as_of(record.as_of)).days
        if age > max_age_days:
            where = content.files[(record.kind, record.slug)]
            warnings.append(
                f"{where}: record '{record.slug}' has facts as of {record.as_of} "
                f"({age} days old): check them against the source."
            )
    return warnings


def _display_name(path: Path, base: Path | None) -> str:
    try:
        return str(path.relative_to(base)) if base else str(path)
    except ValueError:
        return str(path)


def _read_file(path: Path, name: str, content: Content) -> list[Problem]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError) as error:
        return [Problem(name, "-", "-", f"this is not valid YAML ({error})")]
    if not isinstance(data, dict) or "kind" not in data or "records" not in data:
        return [Problem(name, "-", "-", "a content file needs the keys 'kind' and 'records'")]
    kind = data["kind"]
    if kind in MADE_ELSEWHERE:
        return [
            Problem(name, "-", "kind", f"kind '{kind}' cannot be loaded: {MADE_ELSEWHERE[kind]}")
        ]
    model = MODEL_BY_KIND.get(kind)
    if model is None:
        known = ", ".join(MODEL_BY_KIND)
        return [Problem(name, "-", "kind", f"unknown kind '{kind}' (known: {known})")]
    if not isinstance(data["records"], list):
        return [Problem(name, "-", "records", "records must be a list")]
    problems: list[Problem] = []
    for index, raw in enumerate(data["records"]):
        problems += _read_record(model, raw, index, name, content)
    return problems


def _read_record(
    model: type[RecordBase], raw: object, index: int, name: str, content: Content
) -> list[Problem]:
    label = raw.get("slug", f"#{index + 1}") if isinstance(raw, dict) else f"#{index + 1}"
    if not isinstance(raw, dict):
        return [Problem(name, str(label), "-", "each record must be a mapping of fields")]
    try:
        record = model.model_validate(raw)
    except ValidationError as error:
        content.invalid.add((model.model_fields["kind"].default, str(label)))
        return [
            Problem(name, str(label), ".".join(str(p) for p in e["loc"]) or "-", e["msg"])
            for e in error.errors()
        ]
    found = claim_problems(record)
    if isinstance(record, Opportunity) and record.example != (EXAMPLES in Path(name).parts):
        found.append(ClaimProblem("example", "example data lives in content/examples/ only"))
    if found:
        content.invalid.add((record.kind, record.slug))
        return [Problem(name, record.slug, p.field, p.message) for p in found]
    key = (record.kind, record.slug)
    if key in content.files:
        first = content.files[key]
        return [Problem(name, record.slug, "slug", f"duplicate slug (first defined in {first})")]
    content.records.append(record)
    content.files[key] = name
    return []


def _check_duplicates_and_links(content: Content) -> list[Problem]:
    known = content.keys() | content.invalid
    problems = []
    for record in content.records:
        for relation, (target_kind, slugs) in record.links().items():
            for slug in slugs:
                if (target_kind, slug) not in known:
                    problems.append(
                        Problem(
                            content.files[(record.kind, record.slug)],
                            record.slug,
                            relation,
                            f"links to unknown {target_kind} '{slug}'",
                        )
                    )
    return problems


def _check_opportunity_names(content: Content) -> list[Problem]:
    """An opportunity is one organisation's offer, so none of its names may be part of
    another opportunity's name: "police cadets" on Northumbria's cadets would send a
    student who asks about "police cadets in durham" to Northumbria."""
    opportunities = content.by_kind("opportunity")
    names = {o.slug: [_words(n) for n in (o.title, *o.aliases)] for o in opportunities}
    problems = []
    for record in opportunities:
        for alias in record.aliases:
            inside = [
                other.slug
                for other in opportunities
                if other is not record
                and any(f" {_words(alias)} " in f" {name} " for name in names[other.slug])
            ]
            if inside:
                problems.append(
                    Problem(
                        content.files[(record.kind, record.slug)],
                        record.slug,
                        "aliases",
                        f"'{alias}' is also part of the name of {', '.join(inside)}: "
                        "give a name only this opportunity has (add the organisation)",
                    )
                )
    return problems


def _words(name: str) -> str:
    return " ".join(re.findall(r"[a-z0-9]+", name.lower()))
