"""Every page and API operation the project serves, for tests that must cover them all.

The authorization matrix (greenplan/tests/test_authorization_matrix.py) asks here which URL
names and API operations exist, so that a new one without an entry fails the test.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver


@dataclass(frozen=True)
class Route:
    name: str | None  # "namespace:name", None for unnamed patterns
    route: str  # the pattern as written, joined with its prefixes


def _walk(resolver: URLResolver, prefix: str, namespace: str | None) -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name
            if name and namespace:
                name = f"{namespace}:{name}"
            yield Route(name=name, route=prefix + str(pattern.pattern))


def all_routes() -> list[Route]:
    """Every URL pattern of ROOT_URLCONF, nested includes flattened."""
    return list(_walk(get_resolver(), "", None))


@dataclass(frozen=True)
class Operation:
    method: str  # "GET", "POST", ...
    path: str  # as in the OpenAPI document, e.g. "/api/plans/{plan_id}"

    @property
    def key(self) -> str:
        return f"{self.method} {self.path}"


def api_operations() -> list[Operation]:
    """Every operation of the NinjaAPI, read from the OpenAPI document it serves."""
    from api.api import api

    schema = api.get_openapi_schema()
    return [
        Operation(method.upper(), path)
        for path, methods in schema["paths"].items()
        for method in methods
    ]


def openapi_path(route: Route) -> str:
    """The OpenAPI spelling of a Django route: "api/plans/<plan_id>" -> "/api/plans/{plan_id}"."""
    return "/" + re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", route.route)


def page_routes() -> list[Route]:
    """Every route except the API operations (those are listed by api_operations())."""
    operation_paths = {op.path for op in api_operations()}
    return [r for r in all_routes() if openapi_path(r) not in operation_paths]
