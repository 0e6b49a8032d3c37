"""Evaluate the trained model's NLU on held-out data it was never trained on.

The held-out phrasings live in ``tests/bot/nlu_heldout/`` (templates, like the training
ones, filled with other names). ``rasa test nlu`` scores the model on them; the figures
and the confusion matrix can be recorded in ``docs/``.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from knowledge.db import session_factory
from knowledge.query import KnowledgeBase
from ops.nlu_build import build_held_out
from ops.settings import BOT_DIR, REPO, StackSettings
from ops.training import rasa_command

HELD_OUT_TEMPLATES = REPO / "tests" / "bot" / "nlu_heldout"
WORK_DIR = REPO / "var" / "nlu_evaluation"
OUT_OF_SCOPE = "out_of_scope"
RASA_REFERENCE_OUT_OF_SCOPE_F1 = 0.58


@dataclass(frozen=True)
class NluScores:
    intent_macro_f1: float
    entity_micro_f1: float
    entity_macro_f1: float
    out_of_scope_f1: float
    examples: int
    report_dir: Path

    def as_markdown(self) -> str:
        return "\n".join(
            [
                "| measure | score |",
                "| --- | --- |",
                f"| intent macro-F1 | {self.intent_macro_f1:.3f} |",
                f"| entity F1 (micro) | {self.entity_micro_f1:.3f} |",
                f"| entity F1 (macro over entity types) | {self.entity_macro_f1:.3f} |",
                f"| out-of-scope F1 | {self.out_of_scope_f1:.3f} "
                f"(Rasa's reference bot: {RASA_REFERENCE_OUT_OF_SCOPE_F1}) |",
                f"| held-out examples | {self.examples} |",
            ]
        )


def evaluate(model: Path, settings: StackSettings) -> NluScores:
    """Expand the held-out templates and score ``model`` on them."""
    kb = KnowledgeBase(session_factory(settings.database_url))
    data = build_held_out(kb, HELD_OUT_TEMPLATES, WORK_DIR / "data")
    results = WORK_DIR / "results"
    shutil.rmtree(results, ignore_errors=True)
    subprocess.run(
        rasa_command(
            "test", "nlu", "--nlu", str(data), "--model", str(model), "--out", str(results)
        ),
        cwd=BOT_DIR,
        env=settings.environment(),
        check=True,
        capture_output=True,
    )
    return read_scores(results)


def read_scores(results: Path) -> NluScores:
    intents = json.loads((results / "intent_report.json").read_text())
    entities = json.loads((results / "RegexEntityExtractor_report.json").read_text())
    return NluScores(
        intent_macro_f1=intents["macro avg"]["f1-score"],
        entity_micro_f1=entities["micro avg"]["f1-score"],
        entity_macro_f1=entities["macro avg"]["f1-score"],
        out_of_scope_f1=intents[OUT_OF_SCOPE]["f1-score"],
        examples=int(intents["macro avg"]["support"]),
        report_dir=results,
    )


def record(scores: NluScores, docs: Path) -> None:
    """Write the figures and the confusion matrix into ``docs/``."""
    matrix = scores.report_dir / "intent_confusion_matrix.png"
    shutil.copy(matrix, docs / "nlu-confusion-matrix.png")
    (docs / "nlu-evaluation.md").write_text(RECORD.format(table=scores.as_markdown()))


RECORD = """# NLU evaluation on held-out data

Recorded by `.venv/app/bin/python -m ops evaluate --record`; the test command runs the same
evaluation as a gate (`tests/bot/test_nlu_evaluation.py`): intent macro-F1 and entity F1
must each be at least 0.90.

The held-out set is written separately from the training data (`tests/bot/nlu_heldout/`,
never trained on) and filled with different names from the knowledge base than the
training phrasings. Out-of-scope detection is reported on its own.

{table}

![Intent confusion matrix](nlu-confusion-matrix.png)

Entities are found by lookup tables generated from the knowledge base, so a name spelt
right is nearly always found; misspelt names are left to the knowledge base's resolver,
which the actions run on every message (see `docs/benchmarks.md` and the resolution test).
"""
