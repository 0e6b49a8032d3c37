"""Rasa's own validator accepts the bot's domain, data and configuration with no warning."""

import subprocess

from ops.settings import BOT_DIR, StackSettings
from ops.training import rasa_command


def test_rasa_data_validate_is_clean() -> None:
    result = subprocess.run(
        rasa_command(
            "data", "validate",
            "--config", "config.yml", "--domain", "domain", "--data", "data",
            "--fail-on-warnings",
        ),
        cwd=BOT_DIR,
        env=StackSettings().environment(),
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
