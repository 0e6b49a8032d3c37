"""Rasa's training output as progress a person can follow: a line at least every ten
seconds saying which stage is running, how far it is and about how long is left.

Rasa (without ``--quiet``) logs "Starting to train component 'X'" and draws tqdm bars
("Epochs:  40%|####  | 40/100 [00:20<00:30, ...]"); everything else it and its libraries
print (deprecation warnings, TensorFlow notices) is kept back, and shown only if training
fails. The time left comes from the last training's stage timings, kept beside the models.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import threading
import time
import typing
from collections import deque
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

STAGE_STARTS = re.compile(r"Starting to train component '(?P<stage>\w+)'")
BAR = re.compile(
    r"(?P<what>[A-Za-z][\w ]*?):\s+(?P<percent>\d+)%\|.*?\|\s*(?P<done>\d+)/(?P<total>\d+)"
    r"\s*\[[\d:]+<(?P<left>[\d:]+)"
)
EVERY_SECONDS = 10.0
KEPT_LINES = 60
PREPARING = "reading the training data"


def _seconds(clock: str) -> int:
    """'01:02:03' or '02:03' as seconds."""
    total = 0
    for part in clock.split(":"):
        total = total * 60 + int(part)
    return total


def _as_clock(seconds: float) -> str:
    minutes, secs = divmod(max(0, int(seconds)), 60)
    return f"{minutes} min {secs:02d} s" if minutes else f"{secs} s"


@dataclass
class Progress:
    """What the training is doing now, and how long each stage took last time."""

    last_time: dict[str, float]
    started: float = field(default_factory=time.monotonic)
    stage: str = PREPARING
    stage_started: float = field(default_factory=time.monotonic)
    bar: str = ""
    bar_left: float | None = None
    took: dict[str, float] = field(default_factory=dict)

    def read(self, line: str) -> bool:
        """Take in one line of Rasa's output; True if it starts a new stage."""
        if found := STAGE_STARTS.search(line):
            self._begin(found["stage"])
            return True
        if found := BAR.search(line):
            what = found["what"].strip().lower()
            self.bar = f"{what} {found['done']} of {found['total']} ({found['percent']}%)"
            self.bar_left = _seconds(found["left"])
        return False

    def _begin(self, stage: str) -> None:
        now = time.monotonic()
        self.took[self.stage] = now - self.stage_started
        self.stage, self.stage_started, self.bar, self.bar_left = stage, now, "", None

    def finish(self) -> dict[str, float]:
        self._begin("done")
        return self.took

    def time_left(self) -> float | None:
        """About how long is left: this stage's bar (or last time's length), then the
        stages that followed it last time. None when there is no last time to go by."""
        if not self.last_time:
            return None
        in_stage = time.monotonic() - self.stage_started
        this_stage = (
            self.bar_left
            if self.bar_left is not None
            else max(0.0, self.last_time.get(self.stage, 0.0) - in_stage)
        )
        stages = list(self.last_time)
        later = stages[stages.index(self.stage) + 1 :] if self.stage in stages else []
        return this_stage + sum(self.last_time[s] for s in later)

    def line(self) -> str:
        elapsed = _as_clock(time.monotonic() - self.started)
        doing = f"{self.stage}: {self.bar}" if self.bar else self.stage
        left = self.time_left()
        if left is not None:
            estimate = f", about {_as_clock(left)} left"
        elif self.bar_left is not None:  # a first training: this stage's own estimate
            estimate = f", about {_as_clock(self.bar_left)} left for this stage"
        else:
            estimate = ""
        return f"[training] {doing} ({elapsed} so far{estimate})"


def _lines(stream: io.BufferedReader) -> Iterator[str]:
    """The stream's lines, a tqdm bar's carriage-return updates each counted as one."""
    pending = b""
    while chunk := stream.read1(4096):
        pending += chunk
        *complete, pending = re.split(rb"[\r\n]", pending)
        for raw in complete:
            if raw.strip():
                yield raw.decode(errors="replace")
    if pending.strip():
        yield pending.decode(errors="replace")


def run_with_progress(
    command: list[str],
    cwd: Path,
    env: dict[str, str],
    timings: Path,
    say: Callable[[str], None] = print,
    every: float = EVERY_SECONDS,
) -> None:
    """Run the training ``command``, saying how it goes at least every ten seconds.

    On failure, the last lines of Rasa's own output are shown and CalledProcessError is
    raised; on success, each stage's time is kept in ``timings`` for the next estimate."""
    last_time = json.loads(timings.read_text()) if timings.exists() else {}
    progress = Progress(last_time)
    kept: deque[str] = deque(maxlen=KEPT_LINES)
    done = threading.Event()
    lock = threading.Lock()

    def heartbeat() -> None:
        while not done.wait(every):
            with lock:
                say(progress.line())

    process = subprocess.Popen(
        command, cwd=cwd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    ticker = threading.Thread(target=heartbeat, daemon=True)
    ticker.start()
    try:
        for line in _lines(typing.cast(io.BufferedReader, process.stdout)):
            kept.append(line)
            with lock:
                if progress.read(line):
                    say(progress.line())
    finally:
        returncode = process.wait()
        done.set()
        ticker.join()
    if returncode != 0:
        say("Training failed. The last lines it printed:\n" + "\n".join(kept))
        raise subprocess.CalledProcessError(returncode, command)
    took = progress.finish()
    timings.write_text(json.dumps(took, indent=1))
    say(f"[training] finished in {_as_clock(sum(took.values()))}")
