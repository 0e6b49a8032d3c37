"""Start the three processes together, wait until each answers, and stop them all cleanly.

Used by ``python -m ops run`` and by the end-to-end tests, so the product is tested the
way it is run. Each process gets its own process group, so stopping it also stops
anything it started.
"""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from ops.settings import APP_ENV, BOT_DIR, REPO, StackSettings
from ops.training import rasa_command

COLOURS = {"rasa": "\033[35m", "actions": "\033[36m", "web": "\033[32m"}
RESET = "\033[0m"


class StackError(RuntimeError):
    """A process would not start; the message carries the end of its log."""


@dataclass(frozen=True)
class ProcessSpec:
    name: str
    command: list[str]
    cwd: Path
    ready_url: str


def process_specs(settings: StackSettings, model: Path) -> list[ProcessSpec]:
    python = str(APP_ENV / "bin" / "python")
    return [
        ProcessSpec(
            "actions",
            [python, "-m", "actions.server", "--actions", "actions"]
            + ["-p", str(settings.action_port)],
            REPO,
            f"{settings.action_url}/health",
        ),
        ProcessSpec(
            "rasa",
            rasa_command(
                # The API answers only with the token (the latency benchmark has it).
                # One argument, "--auth-token=...": a token may start with "-", which
                # argparse would otherwise read as an option (Rasa then would not start).
                "run", "--enable-api", f"--auth-token={settings.rasa_token}",
                "-m", str(model),
                "--endpoints", "endpoints.yml",
                "--credentials", "credentials.yml",
                "-i", settings.host,
                "-p", str(settings.rasa_port),
            ),
            BOT_DIR,
            f"{settings.rasa_url}/",
        ),
        ProcessSpec(
            "web",
            [
                python, "-m", "uvicorn", "web.app:create_app", "--factory",
                "--host", settings.host, "--port", str(settings.web_port),
                # The app itself believes X-Forwarded-For only from CAREERS_TRUSTED_PROXIES.
                "--no-proxy-headers",
            ],
            REPO,
            f"{settings.web_url}/health",
        ),
    ]


class Stack:
    """The running processes. Use as a context manager, or call start() and stop()."""

    def __init__(self, settings: StackSettings, model: Path, log_dir: Path | None = None):
        self.settings = settings
        self.specs = process_specs(settings, model)
        self.log_dir = log_dir
        self.processes: dict[str, subprocess.Popen] = {}
        self._logs: dict[str, IO[bytes]] = {}

    def __enter__(self) -> Stack:
        self.start()
        return self

    def __exit__(self, *exc_info) -> None:
        self.stop()

    def start(self, timeout: float = 240.0) -> None:
        try:
            for spec in self.specs:
                self.processes[spec.name] = self._launch(spec)
            self._wait_until_ready(timeout)
        except BaseException:
            self.stop()
            raise

    def _launch(self, spec: ProcessSpec, append_log: bool = False) -> subprocess.Popen:
        output: int | IO[bytes] = subprocess.PIPE
        if self.log_dir:
            self.log_dir.mkdir(parents=True, exist_ok=True)
            # Closed in stop(), once the process has ended.
            mode = "ab" if append_log else "wb"
            log_file = open(self.log_dir / f"{spec.name}.log", mode)  # noqa: SIM115
            output = self._logs[spec.name] = log_file
        process = subprocess.Popen(
            spec.command,
            cwd=spec.cwd,
            env=self.settings.environment(),
            stdout=output,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        if output is subprocess.PIPE:
            threading.Thread(target=_relay, args=(spec.name, process.stdout), daemon=True).start()
        return process

    def _wait_until_ready(self, timeout: float) -> None:
        deadline = time.monotonic() + timeout
        waiting = list(self.specs)
        while waiting:
            for spec in list(waiting):
                if self.processes[spec.name].poll() is not None:
                    tail = self.log_tail(spec.name)
                    raise StackError(f"The {spec.name} process stopped.\n{tail}")
                if _answers(spec.ready_url):
                    waiting.remove(spec)
            if waiting and time.monotonic() > deadline:
                names = ", ".join(s.name for s in waiting)
                raise StackError(f"Not ready after {timeout:.0f}s: {names}.")
            time.sleep(0.5)

    def stop_process(self, name: str) -> None:
        """Stop one process (tests of an outage); ``start_process`` brings it back."""
        process = self.processes[name]
        _signal_group(process, signal.SIGTERM)
        process.wait(timeout=15)

    def start_process(self, name: str, timeout: float = 120.0) -> None:
        spec = next(spec for spec in self.specs if spec.name == name)
        if name in self._logs:
            self._logs.pop(name).close()
        self.processes[name] = self._launch(spec, append_log=True)
        deadline = time.monotonic() + timeout
        while not _answers(spec.ready_url):
            if self.processes[name].poll() is not None or time.monotonic() > deadline:
                raise StackError(f"The {name} process did not come back.\n{self.log_tail(name)}")
            time.sleep(0.3)

    def first_exited(self) -> str | None:
        for name, process in self.processes.items():
            if process.poll() is not None:
                return name
        return None

    def stop(self) -> None:
        for process in self.processes.values():
            _signal_group(process, signal.SIGTERM)
        for process in self.processes.values():
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                _signal_group(process, signal.SIGKILL)
                process.wait(timeout=5)
        for log in self._logs.values():
            log.close()
        self.processes.clear()

    def log_tail(self, name: str, lines: int = 40) -> str:
        if not self.log_dir:
            return ""
        path = self.log_dir / f"{name}.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return "\n".join(text.splitlines()[-lines:])


def _signal_group(process: subprocess.Popen, sig: signal.Signals) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def _relay(name: str, stream: IO[bytes]) -> None:
    """Copy a process's output to ours, each line marked with the process's name."""
    colour = COLOURS.get(name, "") if sys.stdout.isatty() else ""
    label = f"{colour}{name:>7} |{RESET if colour else ''} "
    for raw in iter(stream.readline, b""):
        sys.stdout.write(label + raw.decode(errors="replace"))
        sys.stdout.flush()
