"""The web service's routes as the app itself lists them, for tests that must cover every
one: a route added later is in these lists without anyone remembering to add it."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, params
from fastapi.dependencies.models import Dependant
from fastapi.routing import APIRoute, iter_route_contexts

from web.app import create_app
from web.settings import WebSettings


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str
    context: Any  # fastapi.routing.RouteContext: the route as included, with its prefix

    def __str__(self) -> str:
        return f"{self.method} {self.path}"

    @property
    def reads_body(self) -> bool:
        return self.context.body_field is not None

    @property
    def reads_form(self) -> bool:
        return any(
            isinstance(field.field_info, params.Form)
            for field in self.context.dependant.body_params
        )

    def depends_on(self, function: Callable) -> bool:
        """Whether ``function`` is among the route's dependencies, however deep."""
        return any(d.call is function for d in _all_dependencies(self.context.dependant))


def endpoints(app: FastAPI) -> list[Endpoint]:
    """Every method of every route written for the app (not FastAPI's own /docs pages)."""
    found = []
    for context in iter_route_contexts(app.routes):
        if isinstance(context.original_route, APIRoute):
            found += [Endpoint(m, context.path, context) for m in sorted(context.methods)]
    return found


def _all_dependencies(dependant: Dependant) -> Iterator[Dependant]:
    for dependency in dependant.dependencies:
        yield dependency
        yield from _all_dependencies(dependency)


def listed_endpoints() -> list[Endpoint]:
    """The endpoints of an app made only to list them (at collection time, no database)."""
    return endpoints(create_app(WebSettings(environment="test", database_url="sqlite://")))


def concrete_path(endpoint: Endpoint, **values: object) -> str:
    """The endpoint's path with its parameters filled in from ``values``."""
    try:
        return endpoint.path.format(**values)
    except KeyError as missing:
        raise AssertionError(
            f"{endpoint} has a path parameter {missing} these tests have no value for: "
            "add one where the test fills in paths."
        ) from None
