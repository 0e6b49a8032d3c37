"""How much a school's visitors download for the widget: every file in web_widget/, gzipped.

    python -m ops widget-size     # prints each file and the total; fails over the budget
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass
from pathlib import Path

from ops.settings import REPO

WIDGET_DIR = REPO / "web_widget"
BUDGET_BYTES = 40 * 1024


@dataclass(frozen=True)
class Sizes:
    files: dict[str, int]  # gzipped bytes by file name

    @property
    def total(self) -> int:
        return sum(self.files.values())

    def report(self) -> str:
        lines = [f"{name:<16} {size / 1024:6.1f} KB gzipped" for name, size in self.files.items()]
        verdict = "within" if self.total <= BUDGET_BYTES else "OVER"
        lines.append(
            f"{'total':<16} {self.total / 1024:6.1f} KB gzipped, {verdict} the "
            f"{BUDGET_BYTES // 1024} KB budget"
        )
        return "\n".join(lines)


def measure(directory: Path = WIDGET_DIR) -> Sizes:
    """The gzipped size of each file the widget is made of (served from this folder)."""
    files = sorted(p for p in directory.iterdir() if p.is_file())
    return Sizes({p.name: len(gzip.compress(p.read_bytes(), compresslevel=9)) for p in files})
