"""Every action names its acting user, and the system user of commands and the demo is an
administrator that the history records as nobody."""

from __future__ import annotations

import importlib
import inspect

import pytest

from accounts.system import system_user
from orgs.actions import upsert_organisation

ACTION_MODULES = [
    "accounts.actions",
    "documents.actions",
    "indicators.actions",
    "orgs.actions",
    "plans.actions",
    "projects.actions",
    "reporting.actions",
    "restructuring.actions",
]


def actions_with_a_user():
    for name in ACTION_MODULES:
        module = importlib.import_module(name)
        for function_name, function in inspect.getmembers(module, inspect.isfunction):
            public = not function_name.startswith("_")
            if (
                public
                and function.__module__ == name
                and "user" in inspect.signature(function).parameters
            ):
                yield f"{name}.{function_name}", inspect.signature(function).parameters["user"]


def test_every_action_requires_its_user_as_a_typed_keyword():
    found = dict(actions_with_a_user())
    assert len(found) > 30
    loose = {
        name: str(p)
        for name, p in found.items()
        if p.kind is not inspect.Parameter.KEYWORD_ONLY
        or p.default is not inspect.Parameter.empty
        or p.annotation != "User"
    }
    assert loose == {}


@pytest.mark.django_db
def test_the_system_user_acts_as_an_administrator_and_signs_no_history():
    system = system_user()
    assert system.pk is None and system.is_admin

    org = upsert_organisation("so-tn", user=system, kind="department", name="Sở Tài nguyên")

    assert org.history.get().history_user is None
