"""The action server's settings, read once from the environment at start-up."""

from __future__ import annotations

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from contract.secrets import refuse_unsafe, secret_problem


class ActionSettings(BaseSettings):
    """Where the action server listens and the secrets it shares with Rasa and the web."""

    model_config = SettingsConfigDict(env_prefix="CAREERS_", extra="ignore")

    env: str = "development"
    # Loopback unless the deployment puts Rasa on another host (then a private network).
    action_host: str = "127.0.0.1"
    # Rasa sends it with every action call (bot/endpoints.yml); anything without it is refused.
    action_token: str | None = Field(default=None, repr=False)
    # Sent to the web service with tickets and alerts.
    service_token: str | None = Field(default=None, repr=False)

    def refuse_unsafe_production(self) -> None:
        """In production, refuse to start without both secrets."""
        if self.env == "production":
            refuse_unsafe(
                [
                    secret_problem("CAREERS_ACTION_TOKEN", self.action_token),
                    secret_problem("CAREERS_SERVICE_TOKEN", self.service_token),
                ]
            )
