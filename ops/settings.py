"""Where things are and which ports they use; every value can be set in the environment."""

from __future__ import annotations

import os
import secrets
import socket
from dataclasses import dataclass, field
from pathlib import Path

from contract.secrets import refuse_unsafe, secret_problem

REPO = Path(__file__).resolve().parent.parent
BOT_DIR = REPO / "bot"
MODELS_DIR = BOT_DIR / "models"
RASA_ENV = REPO / ".venv" / "rasa"
APP_ENV = REPO / ".venv" / "app"


def _secret(name: str) -> str:
    """The secret ``name`` from the environment: in production it must be there and sound;
    otherwise a new random one is made for this run."""
    if os.environ.get("CAREERS_ENV") == "production":
        refuse_unsafe([secret_problem(name, os.environ.get(name))])
    return os.environ.get(name) or secrets.token_urlsafe(32)


def _port(name: str, default: int) -> int:
    return int(os.environ.get(name, default))


@dataclass(frozen=True)
class StackSettings:
    """The three processes' ports and the database they share."""

    rasa_port: int = field(default_factory=lambda: _port("CAREERS_RASA_PORT", 5005))
    action_port: int = field(default_factory=lambda: _port("CAREERS_ACTION_PORT", 5055))
    web_port: int = field(default_factory=lambda: _port("CAREERS_WEB_PORT", 8000))
    database_url: str = field(
        default_factory=lambda: os.environ.get(
            "CAREERS_DATABASE_URL", f"sqlite:///{REPO / 'var' / 'careers.db'}"
        )
    )
    host: str = "127.0.0.1"
    today: str | None = field(default_factory=lambda: os.environ.get("CAREERS_TODAY"))
    # The action server's outbox and the emails written when no SMTP server is set.
    var_dir: Path = REPO / "var"
    # Anything else the processes should see (tests: a local SMTP server, short retries).
    extra_env: dict[str, str] = field(default_factory=dict)
    # Shared secrets, each a new one per run unless set (production sets them all):
    # the action server and the web service (tickets and alerts)...
    service_token: str = field(default_factory=lambda: _secret("CAREERS_SERVICE_TOKEN"))
    # ...Rasa and the action server (every action call)...
    action_token: str = field(default_factory=lambda: _secret("CAREERS_ACTION_TOKEN"))
    # ...and whoever may use Rasa's HTTP API (the latency benchmark only).
    rasa_token: str = field(default_factory=lambda: _secret("CAREERS_RASA_TOKEN"))

    @property
    def tracker_database_url(self) -> str:
        """Rasa's tracker store: the conversations, with contact details removed."""
        return os.environ.get("CAREERS_TRACKER_DATABASE_URL") or tracker_url_in(self.var_dir)

    @classmethod
    def on_free_ports(cls, database_url: str, **other: object) -> StackSettings:
        """Settings for a second stack beside a running one (tests, benchmarks)."""
        return cls(
            rasa_port=free_port(),
            action_port=free_port(),
            web_port=free_port(),
            database_url=database_url,
            **other,
        )

    @property
    def rasa_url(self) -> str:
        return f"http://{self.host}:{self.rasa_port}"

    @property
    def action_url(self) -> str:
        return f"http://{self.host}:{self.action_port}"

    @property
    def web_url(self) -> str:
        return f"http://{self.host}:{self.web_port}"

    def environment(self) -> dict[str, str]:
        """The environment each process is started with."""
        env = dict(os.environ)
        env.update(
            CAREERS_DATABASE_URL=self.database_url,
            CAREERS_RASA_URL=self.rasa_url,
            CAREERS_ACTION_SERVER_URL=f"{self.action_url}/webhook",
            CAREERS_WEB_URL=self.web_url,
            CAREERS_SERVICE_TOKEN=self.service_token,
            CAREERS_ACTION_TOKEN=self.action_token,
            CAREERS_RASA_TOKEN=self.rasa_token,
            CAREERS_ACTION_HOST=self.host,
            CAREERS_OUTBOX_PATH=str(self.var_dir / "handoff-outbox.db"),
            CAREERS_TRACKER_DATABASE_URL=self.tracker_database_url,
            # Our code for the app environment; bot/ for Rasa's custom NLU components.
            PYTHONPATH=os.pathsep.join([str(REPO), str(BOT_DIR)]),
            RASA_TELEMETRY_ENABLED="false",
            TF_CPP_MIN_LOG_LEVEL="2",
            TF_DETERMINISTIC_OPS="1",  # the same data trains the same model on every machine
            PYTHONUNBUFFERED="1",
            # Other libraries' deprecation notices are for their authors, not for us.
            PYTHONWARNINGS="ignore::DeprecationWarning,ignore::PendingDeprecationWarning"
            ",ignore::FutureWarning",
        )
        env.setdefault("CAREERS_MAIL_FOLDER", str(self.var_dir / "mail"))
        # Links in emails and invitations point here unless a public address is set.
        env.setdefault("CAREERS_PUBLIC_URL", self.web_url)
        env.update(self.extra_env)
        if self.today:
            env["CAREERS_TODAY"] = self.today
        return env


def tracker_url_in(var_dir: Path) -> str:
    return f"sqlite:///{var_dir / 'tracker.db'}"


def free_port() -> int:
    """A port nothing on this machine is listening on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]
