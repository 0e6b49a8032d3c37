"""Security headers on every response of the web service.

Every response says ``nosniff`` and keeps its address to itself when a link leaves the
site (``strict-origin-when-cross-origin``, not ``no-referrer``: with that, a browser sends
``Origin: null`` on a page's own POSTs, and web/origins.py would refuse the demo page's
widget). Pages get a Content-Security-Policy by where they are:

- the inbox and ambassador pages (``/inbox``, ``/ambassador``): only their own scripts,
  styles and addresses, no inline script or style, never in a frame (``frame-ancestors
  'none'`` and ``X-Frame-Options: DENY``);
- the public pages (the demo school's, knowledge records, privacy): their own scripts (the
  widget's included) and addresses; inline styles, which the demo page and the record pages
  have. They may be framed;
- JSON: nothing may load from it, and it is never framed;
- FastAPI's /docs and /redoc load their script from a CDN, so they are only kept out of
  frames.

Files (the widget's, the inbox's script and styles) get the first two headers only: a
policy on a script file does nothing. The widget on a school's website runs under that
website's policy, never these.
"""

from __future__ import annotations

from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

PRIVATE_PAGES = ("/inbox", "/ambassador")
DOCS = ("/docs", "/redoc")
PRIVATE_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)
PUBLIC_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data:; object-src 'none'; base-uri 'self'; form-action 'self'"
)
JSON_POLICY = "default-src 'none'; frame-ancestors 'none'"
DOCS_POLICY = "frame-ancestors 'none'"
EVERYWHERE = {
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "strict-origin-when-cross-origin",
}


def headers_for(path: str, content_type: str) -> dict[str, str]:
    """The security headers of a response to ``path`` with this content type."""
    policy = None
    if content_type.startswith("application/json"):
        policy = JSON_POLICY
    elif content_type.startswith("text/html"):
        policy = _page_policy(path)
    found = dict(EVERYWHERE)
    if policy:
        found["Content-Security-Policy"] = policy
    if policy and "frame-ancestors 'none'" in policy:
        found["X-Frame-Options"] = "DENY"
    return found


def _page_policy(path: str) -> str:
    if _under(path, PRIVATE_PAGES):
        return PRIVATE_POLICY
    return DOCS_POLICY if _under(path, DOCS) else PUBLIC_POLICY


def _under(path: str, prefixes: tuple[str, ...]) -> bool:
    return any(path == p or path.startswith(p + "/") for p in prefixes)


class SecurityHeaders:
    """ASGI middleware adding ``headers_for`` to each response (a header a route set itself
    is left as it is)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                wanted = headers_for(scope["path"], headers.get("content-type", ""))
                for name, value in wanted.items():
                    headers.setdefault(name, value)
            await send(message)

        await self.app(scope, receive, with_headers)
