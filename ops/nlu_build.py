"""Generate the bot's NLU vocabulary from the knowledge base.

The templates in ``bot/templates/`` hold phrasings with placeholders such as ``{sector}``.
This fills them with the names and aliases of the knowledge base's records and writes,
under ``bot/data/generated/``: the examples, a lookup table per entity, and synonyms that
map every name to its record's slug. Nothing in ``bot/`` lists a record's name by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml
from spacy.lang.en.stop_words import STOP_WORDS

from knowledge.query import KnowledgeBase
from knowledge.vocabulary import OPPORTUNITY_TYPE_NAMES

PLACEHOLDER = re.compile(r"\{(\w+)\}")
UNSAFE = re.compile(r"[\[\]{}()\"]")
RECORD_KINDS = ("sector", "occupation", "route", "place", "provider", "programme")
ENTITY_KINDS = (*RECORD_KINDS, "subject", "opportunity_type")
EXAMPLES_PER_TEMPLATE = 3
MIN_FILLED = 40
MAX_FILLED = 240
HELD_OUT_SEED = 1000


@dataclass(frozen=True)
class Vocabulary:
    """Every way of naming each entity kind's records: surface text -> slug."""

    names: dict[str, dict[str, str]]
    clashes: list[str]

    def surfaces(self, kind: str) -> list[tuple[str, str]]:
        return sorted(self.names.get(kind, {}).items())


def entity_names(kb: KnowledgeBase) -> list[tuple[str, str, set[str]]]:
    """(entity, value, names) for every value the bot should recognise."""
    names = [
        (ref.kind, ref.slug, _surface_forms(ref.title, ref.slug, aliases))
        for ref, aliases in kb.names()
        if ref.kind in RECORD_KINDS
    ]
    names += [("subject", subject, {subject}) for subject in kb.subjects()]
    names += [
        ("opportunity_type", value, _surface_forms(value, value, words))
        for value, words in OPPORTUNITY_TYPE_NAMES.items()
    ]
    return names


def build_vocabulary(kb: KnowledgeBase) -> Vocabulary:
    by_text: dict[str, set[tuple[str, str]]] = {}
    for entity, value, surfaces in entity_names(kb):
        for text in surfaces:
            by_text.setdefault(text.lower(), set()).add((entity, value))
    names: dict[str, dict[str, str]] = {}
    clashes = []
    for text, owners in sorted(by_text.items()):
        if len(owners) > 1:
            clashes.append(f"'{text}' names {sorted(owners)}")
            continue
        kind, slug = next(iter(owners))
        names.setdefault(kind, {})[text] = slug
    return Vocabulary(names=names, clashes=clashes)


def _surface_forms(title: str, slug: str, aliases: list[str]) -> set[str]:
    """Names safe to match without regard to case (no markup, no everyday word like "IT"),
    each also in the plural students use ("nurses", "supported internships")."""
    forms = {" ".join(f.split()) for f in (title, slug.replace("-", " "), *aliases)}
    forms = {f for f in forms if f and not UNSAFE.search(f) and f.lower() not in STOP_WORDS}
    return forms | {plural(f) for f in forms}


def plural(name: str) -> str:
    words = name.split()
    last = words[-1]
    if not last.isalpha() or len(last) < 3 or last.endswith("s") or last.isupper():
        return name
    if last.endswith("y") and last[-2] not in "aeiou":
        last = last[:-1] + "ies"
    elif last.endswith(("ch", "sh", "x")):
        last += "es"
    else:
        last += "s"
    return " ".join([*words[:-1], last])


def annotate(text: str, kind: str, slug: str) -> str:
    if text == slug:
        return f"[{text}]({kind})"
    return f'[{text}]{{"entity": "{kind}", "value": "{slug}"}}'


def expand_templates(template_file: Path, vocabulary: Vocabulary, seed: int = 0) -> list[dict]:
    """Fill each intent's templates with names; ``seed`` varies which names are picked."""
    data = yaml.safe_load(template_file.read_text(encoding="utf-8"))
    blocks = []
    for block in data.get("nlu", []):
        templates = _examples(block["examples"])
        examples = _fill(templates, vocabulary, seed)
        blocks.append({"intent": block["intent"], "examples": examples})
    return blocks


def _examples(text: str) -> list[str]:
    return [line[2:].strip() for line in text.splitlines() if line.startswith("- ")]


def _fill(templates: list[str], vocabulary: Vocabulary, seed: int) -> list[str]:
    """Plain examples as they are; each template filled a few times with different names."""
    examples = [t for t in templates if not PLACEHOLDER.search(t)]
    with_slots = [t for t in templates if PLACEHOLDER.search(t)]
    rounds = min(max(EXAMPLES_PER_TEMPLATE * len(with_slots), MIN_FILLED), MAX_FILLED)
    for i in range(rounds if with_slots else 0):
        template = with_slots[i % len(with_slots)]
        examples.append(_fill_one(template, vocabulary, i + seed))
    return list(dict.fromkeys(examples))


def _fill_one(template: str, vocabulary: Vocabulary, i: int) -> str:
    """Fill one template; two placeholders of one kind get two different records."""
    used: set[str] = set()

    def substitute(match: re.Match) -> str:
        kind = match.group(1)
        surfaces = vocabulary.surfaces(kind)
        if not surfaces:
            raise ValueError(f"the knowledge base has no names for {{{kind}}}")
        start = i * 7 + len(used) * 13 + len(kind)
        for step in range(len(surfaces)):
            text, value = surfaces[(start + step) % len(surfaces)]
            if value not in used:
                break
        used.add(value)
        return annotate(text, kind, value)

    return PLACEHOLDER.sub(substitute, template)


def vocabulary_blocks(vocabulary: Vocabulary, kinds: list[str]) -> list[dict]:
    blocks = []
    for kind in kinds:
        # Longest first: Rasa joins a lookup table into one regex alternation, where the
        # first alternative that matches wins ("degree apprenticeship" before "degree").
        names = sorted((text for text, _ in vocabulary.surfaces(kind)), key=lambda t: (-len(t), t))
        blocks.append({"lookup": kind, "examples": names})
    synonyms: dict[str, list[str]] = {}
    for kind in kinds:
        for text, slug in vocabulary.surfaces(kind):
            if text != slug:
                synonyms.setdefault(slug, []).append(text)
    blocks += [{"synonym": slug, "examples": texts} for slug, texts in sorted(synonyms.items())]
    return blocks


def write_nlu_file(path: Path, blocks: list[dict]) -> None:
    lines = ['version: "3.1"', "# Generated from the knowledge base by ops/nlu_build.py.", "nlu:"]
    for block in blocks:
        key = next(k for k in ("intent", "lookup", "synonym") if k in block)
        lines.append(f"  - {key}: {block[key]}")
        lines.append("    examples: |")
        lines += [f"      - {example}" for example in block["examples"]]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def build_nlu(kb: KnowledgeBase, bot_dir: Path) -> Vocabulary:
    """Write bot/data/generated/ from the templates and the knowledge base."""
    vocabulary = build_vocabulary(kb)
    out = bot_dir / "data" / "generated"
    kinds = expand_folder(bot_dir / "templates", out, vocabulary, seed=0)
    write_nlu_file(out / "vocabulary.yml", vocabulary_blocks(vocabulary, kinds))
    return vocabulary


def build_held_out(kb: KnowledgeBase, source: Path, out: Path) -> Path:
    """Expand held-out evaluation templates (never trained on) with other names picked."""
    expand_folder(source, out, build_vocabulary(kb), seed=HELD_OUT_SEED)
    return out


def expand_folder(source: Path, out: Path, vocabulary: Vocabulary, seed: int) -> list[str]:
    """Expand every template file in ``source`` into ``out``; returns the entities used."""
    out.mkdir(parents=True, exist_ok=True)
    for stale in out.glob("*.yml"):
        stale.unlink()
    used: set[str] = set()
    for template_file in sorted(source.glob("*.yml")):
        used |= set(PLACEHOLDER.findall(template_file.read_text(encoding="utf-8")))
        write_nlu_file(out / template_file.name, expand_templates(template_file, vocabulary, seed))
    return [k for k in ENTITY_KINDS if k in used]
