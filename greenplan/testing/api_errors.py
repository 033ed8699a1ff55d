"""Reading the API's one error shape in tests."""

from __future__ import annotations

from typing import Any


def errors_by_field(body: dict[str, Any]) -> dict[str, list[str]]:
    """`errors` of an error answer as field -> messages (the last part of each `loc`;
    "__all__" for an error of the whole body)."""
    fields: dict[str, list[str]] = {}
    for error in body["errors"]:
        loc = [part for part in error["loc"] if part not in ("body", "query", "path")]
        fields.setdefault(str(loc[-1]) if loc else "__all__", []).append(error["msg"])
    return fields
