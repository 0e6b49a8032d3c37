"""One database session per request, committed when the request succeeds.

Use ``db: Session = DB`` in a route. The commit happens before the response is sent, so a
client that acts on a response (logs in, then asks) always finds what it was told about.
"""

from __future__ import annotations

from collections.abc import Iterator

from fastapi import Depends, Request
from sqlalchemy.orm import Session


def db_session(request: Request) -> Iterator[Session]:
    with request.app.state.sessions() as session, session.begin():
        yield session


DB = Depends(db_session, scope="function")
