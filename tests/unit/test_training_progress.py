"""Training says how it goes: a line per stage and at least every few seconds, with the
time left once a training has been timed, and Rasa's own output only when it fails."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from ops.training_progress import run_with_progress

FAKE_RASA = """
import sys, time
print("/x/matplotlib/fontconfig_pattern.py:66: PyparsingDeprecationWarning: deprecated")
print("INFO rasa.engine.training.hooks - Starting to train component 'CountVectorsFeaturizer'.")
time.sleep(0.3)
print("INFO rasa.engine.training.hooks - Starting to train component 'DIETClassifier'.")
for done in range(1, 5):
    sys.stdout.write(f"\\rEpochs:  {done * 25}%|##  | {done}/4 [00:0{done}<00:0{4 - done}, 1it/s]")
    sys.stdout.flush()
    time.sleep(0.3)
print()
sys.exit(int(sys.argv[1]))
"""


def train(tmp_path: Path, exit_code: int = 0, said: list[str] | None = None) -> list[str]:
    said = [] if said is None else said
    script = tmp_path / "fake_rasa.py"
    script.write_text(FAKE_RASA)
    run_with_progress(
        [sys.executable, str(script), str(exit_code)],
        cwd=tmp_path,
        env={},
        timings=tmp_path / "timings.json",
        say=said.append,
        every=0.2,
    )
    return said


def test_each_stage_and_its_epochs_are_reported_and_warnings_kept_back(tmp_path: Path) -> None:
    said = "\n".join(train(tmp_path))
    assert "[training] DIETClassifier" in said
    assert "epochs 2 of 4 (50%)" in said
    assert "left for this stage" in said  # a first training still says how long is left
    assert "Deprecation" not in said
    assert "finished in" in said


def test_a_second_training_says_about_how_long_is_left(tmp_path: Path) -> None:
    train(tmp_path)
    assert any("left)" in line for line in train(tmp_path))


def test_a_failed_training_shows_what_rasa_printed(tmp_path: Path) -> None:
    said: list[str] = []
    with pytest.raises(subprocess.CalledProcessError):
        train(tmp_path, exit_code=1, said=said)
    assert "Training failed" in said[-1] and "PyparsingDeprecationWarning" in said[-1]
    assert not (tmp_path / "timings.json").exists(), "a failed run is no guide to the next"
