"""Starts the action server: rasa-sdk's own, plus the outbox's retry thread.

``python -m actions.server --actions actions -p 5055`` takes rasa-sdk's arguments. The
retry thread starts first, so tickets left waiting by an earlier run are sent too.
"""

from rasa_sdk.__main__ import main

from actions.outbox import outbox

if __name__ == "__main__":
    outbox()
    main()
