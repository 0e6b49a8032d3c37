"""The commands that start the processes survive any secret the environment gives them."""

from __future__ import annotations

import argparse
from pathlib import Path

from ops.processes import process_specs
from ops.settings import StackSettings


def test_a_rasa_token_starting_with_a_dash_reaches_rasa_whole() -> None:
    # secrets.token_urlsafe gives a leading "-" about one time in 64; Rasa then refused to
    # start ("--auth-token: expected one argument"), failing a random test run.
    settings = StackSettings(database_url="sqlite://", rasa_token="-Xy_secret")
    specs = process_specs(settings, Path("model.tar.gz"))
    rasa = next(spec for spec in specs if spec.name == "rasa")
    parser = argparse.ArgumentParser()  # read the way Rasa's own argparse reads it
    parser.add_argument("-t", "--auth-token")
    known, _ = parser.parse_known_args(rasa.command[1:])
    assert known.auth_token == "-Xy_secret"
