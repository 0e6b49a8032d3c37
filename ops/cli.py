"""``python -m ops build|run|test``: what the README's two commands call."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time

from inbox.cli import ensure_demo_school, has_accounts
from ops.build import build
from ops.processes import Stack, StackError
from ops.settings import REPO, StackSettings

FIRST_ADMIN_HINT = (
    "The adviser inbox ({url}/inbox) has no accounts yet. Create the first admin with:\n"
    "  .venv/app/bin/python -m inbox account add --role admin --school demo-school "
    "--email you@example.org --name You\n"
)


def _build(_args: argparse.Namespace) -> int:
    build(StackSettings())
    return 0


def _run(_args: argparse.Namespace) -> int:
    settings = StackSettings()
    model = build(settings)
    ensure_demo_school(settings.database_url)
    stack = Stack(settings, model)
    _stop_on_signals()
    try:
        print("Starting the Rasa server, the action server and the web service...", flush=True)
        stack.start()
        print(f"\nReady. Open {settings.web_url}/ (Ctrl-C stops everything).", flush=True)
        if not has_accounts(settings.database_url):
            print(FIRST_ADMIN_HINT.format(url=settings.web_url), flush=True)
        while (stopped := stack.first_exited()) is None:
            time.sleep(1)
        print(f"The {stopped} process stopped; stopping the others.", flush=True)
        return 1
    except KeyboardInterrupt:
        print("\nStopping...", flush=True)
        return 0
    except StackError as error:
        print(error, file=sys.stderr)
        return 1
    finally:
        stack.stop()


def _stop_on_signals() -> None:
    """Ctrl-C and SIGTERM both stop the stack, even where SIGINT was inherited ignored."""

    def interrupt(*_: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGINT, interrupt)
    signal.signal(signal.SIGTERM, interrupt)


def _test(args: argparse.Namespace) -> int:
    build(StackSettings())
    return subprocess.call([sys.executable, "-m", "pytest", *args.pytest_args], cwd=REPO)


def _evaluate(args: argparse.Namespace) -> int:
    from ops.evaluation import evaluate, record

    settings = StackSettings()
    scores = evaluate(build(settings), settings)
    print(scores.as_markdown())
    if args.record:
        record(scores, REPO / "docs")
        print("Recorded in docs/nlu-evaluation.md.")
    return 0


def _evaluate_safeguarding(args: argparse.Namespace) -> int:
    from ops import safeguarding_evaluation

    return _evaluation_on_own_stack(safeguarding_evaluation, args.record, "safeguarding.md")


def _evaluate_conversations(args: argparse.Namespace) -> int:
    from ops import conversation_evaluation

    return _evaluation_on_own_stack(conversation_evaluation, args.record, "conversation.md")


def _evaluation_on_own_stack(evaluation, record: bool, doc: str) -> int:
    """Start a stack of its own on free ports (SQLite in a temporary folder), run an
    evaluation over Rasa's REST channel, print the figures and record them if asked."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as folder:
        database = f"sqlite:///{Path(folder) / 'careers.db'}"
        settings = StackSettings.on_free_ports(database, var_dir=Path(folder))
        model = build(settings)
        ensure_demo_school(settings.database_url)
        with Stack(settings, model, log_dir=Path(folder) / "logs"):
            scores = evaluation.evaluate(settings.rasa_url)
    print(scores.as_markdown())
    if record:
        evaluation.record(scores)
        print(f"Recorded in docs/{doc}.")
    return 0


def _widget_size(_args: argparse.Namespace) -> int:
    from ops.widget_size import BUDGET_BYTES, measure

    sizes = measure()
    print(sizes.report())
    return 0 if sizes.total <= BUDGET_BYTES else 1


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m ops", description=__doc__)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("build", help="load the knowledge base and train if needed").set_defaults(
        handler=_build
    )
    commands.add_parser("run", help="build, then start all three processes").set_defaults(
        handler=_run
    )
    evaluate = commands.add_parser("evaluate", help="score the NLU on held-out data")
    evaluate.add_argument("--record", action="store_true", help="write the figures to docs/")
    evaluate.set_defaults(handler=_evaluate)
    safeguarding = commands.add_parser(
        "evaluate-safeguarding", help="run the safeguarding evaluation over a stack of its own"
    )
    safeguarding.add_argument("--record", action="store_true", help="write the figures to docs/")
    safeguarding.set_defaults(handler=_evaluate_safeguarding)
    conversations = commands.add_parser(
        "evaluate-conversations", help="run the conversation evaluation over a stack of its own"
    )
    conversations.add_argument("--record", action="store_true", help="write the figures to docs/")
    conversations.set_defaults(handler=_evaluate_conversations)
    size = commands.add_parser("widget-size", help="the widget's gzipped size against its budget")
    size.set_defaults(handler=_widget_size)
    test = commands.add_parser("test", help="build, then run the whole test suite")
    test.add_argument("pytest_args", nargs=argparse.REMAINDER)
    test.set_defaults(handler=_test)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.handler(args)
