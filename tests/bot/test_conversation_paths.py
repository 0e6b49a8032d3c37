"""Multi-turn conversation paths: Rasa predicts every intent and every action exactly."""

import yaml

from ops.evaluation import CONVERSATION_PATHS, WORK_DIR, run_conversation_paths
from ops.settings import StackSettings
from ops.training import train_if_needed


def test_there_are_at_least_forty_paths() -> None:
    paths = yaml.safe_load(CONVERSATION_PATHS.read_text())["paths"]
    assert len(paths) >= 40
    assert all(len(path["turns"]) >= 1 for path in paths)


def test_every_path_is_predicted_without_an_error(kb_url: str) -> None:
    settings = StackSettings(database_url=kb_url)
    model = train_if_needed(settings)
    if run_conversation_paths(model, settings).returncode != 0:
        run_conversation_paths(model, settings, stop_at_first_error=False)
        failed = WORK_DIR / "core_results" / "failed_test_stories.yml"
        raise AssertionError(f"Wrong predictions:\n{failed.read_text()}")
