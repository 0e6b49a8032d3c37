"""Starts the action server: rasa-sdk's app, on loopback, for Rasa alone.

``python -m actions.server --actions actions -p 5055`` takes rasa-sdk's arguments. Every
request but ``/health`` must carry the shared action token that Rasa sends
(``Authorization: Bearer ...``, set in bot/endpoints.yml), so nobody else can run an action:
a forged tracker could otherwise raise a safeguarding alert for any school. Errors are
logged and answered without echoing the request, which holds a student's conversation.
The outbox's retry thread starts first, so tickets left waiting by an earlier run are sent.
"""

from __future__ import annotations

import logging

from rasa_sdk import utils
from rasa_sdk.endpoint import create_app, create_argument_parser
from sanic import Sanic, response
from sanic.request import Request
from sanic.response import HTTPResponse

from actions.outbox import outbox
from actions.settings import ActionSettings
from contract.secrets import same_secret
from safeguarding.assess import warm_up

log = logging.getLogger(__name__)
OPEN_PATHS = {"/health"}


def guarded_app(settings: ActionSettings, actions_package: str) -> Sanic:
    """rasa-sdk's app with the token check in front and a quiet error handler."""
    app = create_app(actions_package, cors_origins=None)

    @app.middleware("request")
    async def require_token(request: Request) -> HTTPResponse | None:
        if request.path in OPEN_PATHS:
            return None
        scheme, _, sent = request.headers.get("authorization", "").partition(" ")
        if scheme.lower() == "bearer" and same_secret(sent.strip(), settings.action_token):
            return None
        return response.json({"error": "This server answers the Rasa server only."}, 401)

    async def quiet_error(request: Request, error: Exception) -> HTTPResponse:
        log.error("An action failed: %s", type(error).__name__, exc_info=error)
        return response.json({"error": "The action failed."}, status=500)

    app.error_handler.add(Exception, quiet_error)
    return app


def main(argv: list[str] | None = None) -> None:
    args = create_argument_parser().parse_args(argv)
    utils.configure_colored_logging(args.loglevel)
    utils.update_sanic_log_level()
    settings = ActionSettings()
    settings.refuse_unsafe_production()
    if not settings.action_token:
        raise SystemExit("CAREERS_ACTION_TOKEN is not set: the action server would be open.")
    outbox()
    warm_up()
    app = guarded_app(settings, args.actions)
    log.info("Action server on http://%s:%s", settings.action_host, args.port)
    app.run(settings.action_host, args.port, workers=1, access_log=False)


if __name__ == "__main__":
    main()
