"""Train the Rasa model only when its inputs have changed since the last training."""

from __future__ import annotations

import hashlib
from pathlib import Path

from ops.settings import BOT_DIR, MODELS_DIR, RASA_ENV, REPO, StackSettings
from ops.training_progress import run_with_progress

INPUTS = ("config.yml", "domain", "data", "components")
TIMINGS_FILE = "last-training.json"  # how long each stage took, for the next estimate


def fingerprint(bot_dir: Path = BOT_DIR) -> str:
    """A digest of everything training reads, and of the Rasa environment's lock."""
    digest = hashlib.sha256()
    files = [REPO / "requirements" / "rasa.lock"]
    for name in INPUTS:
        path = bot_dir / name
        files += sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
    for path in files:
        digest.update(str(path.relative_to(REPO)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def model_path(bot_dir: Path = BOT_DIR) -> Path:
    return MODELS_DIR / f"careers-{fingerprint(bot_dir)}.tar.gz"


def rasa_command(*args: str) -> list[str]:
    return [str(RASA_ENV / "bin" / "rasa"), *args]


def train_if_needed(settings: StackSettings) -> Path:
    """Return the model for the current inputs, training it first if it does not exist."""
    target = model_path()
    if target.exists():
        print(f"The model is up to date ({target.name}).", flush=True)
        return target
    print("The bot's inputs changed: training the model (a few minutes)...", flush=True)
    MODELS_DIR.mkdir(parents=True, exist_ok=True)
    run_with_progress(
        rasa_command(
            "train",
            "--config", "config.yml",
            "--domain", "domain",
            "--data", "data",
            "--out", str(MODELS_DIR),
            "--fixed-model-name", target.name.removesuffix(".tar.gz"),
        ),
        cwd=BOT_DIR,
        env=settings.environment(),
        timings=MODELS_DIR / TIMINGS_FILE,
        say=lambda line: print(line, flush=True),
    )
    for old in MODELS_DIR.glob("careers-*.tar.gz"):
        if old != target:
            old.unlink()
    return target
