"""Helpers of the all-or-nothing tests: what the database holds, to compare before/after."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.apps import apps


def row_counts() -> dict[str, int]:
    """The number of rows of every table (models, history tables and many-to-many tables)."""
    return {
        model._meta.label: model._base_manager.count()
        for model in apps.get_models(include_auto_created=True)
        if not model._meta.proxy
    }


def fail_on_call(number: int, real: Callable[..., Any], error: type[Exception] = RuntimeError):
    """A stand-in for `real` that works `number - 1` times and then raises `error`: a failure
    injected half-way through an action. `calls` counts how often it was reached."""

    def stand_in(*args, **kwargs):
        stand_in.calls += 1
        if stand_in.calls >= number:
            raise error(f"failure injected at call {stand_in.calls}")
        return real(*args, **kwargs)

    # A function attribute, so that the stand-in binds as a method when patched onto a class.
    stand_in.calls = 0  # type: ignore[attr-defined]
    return stand_in
