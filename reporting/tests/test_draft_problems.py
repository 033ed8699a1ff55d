"""A refused draft says what is wrong as data: each problem names its item (or budget line)
and field, so that the page and the workbook place it without parsing a key."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from api.errors import NON_FIELD, field_errors
from reporting.actions import DraftProblem, DraftRejected, ItemChanges, save_draft


def test_every_problem_names_its_item_field_and_message(rep):
    report = rep.donre_report
    item = report.items.get(plan_item__code="4")

    with pytest.raises(DraftRejected) as exc:
        save_draft(
            report,
            user=rep.world.staff,
            version=report.version,
            general={"colour": "green"},
            items={
                item.pk: ItemChanges(
                    {"status": "in_progress", "progress": 140},
                    funds={"local_budget": Decimal(-1), "lottery": Decimal(5)},
                ),
                987654: ItemChanges({"status": "completed"}),
            },
        )

    problems = exc.value.problems
    assert {(p.item, p.field) for p in problems} == {
        (None, "items"),
        (item.pk, "progress"),
        (item.pk, "fund_local_budget"),
        (item.pk, "funds"),
        (None, "colour"),
    }
    assert all(isinstance(p, DraftProblem) and p.message for p in problems)
    # The same problems as a ValidationError, keyed as the API has always answered.
    assert set(exc.value.message_dict) == {
        "items",
        f"{item.pk}-progress",
        f"{item.pk}-fund_local_budget",
        f"{item.pk}-funds",
        "colour",
    }


def test_a_budget_line_problem_names_the_line():
    problem = DraftProblem("Too much.", "amount", line=42)
    assert problem.key == "disbursed_42"
    assert DraftRejected([problem]).message_dict == {"disbursed_42": ["Too much."]}


def test_the_api_maps_field_and_plain_validation_errors_one_way():
    assert field_errors(ValidationError({"title": ["Required."]}), {"title": "name"}) == {
        "name": ["Required."]
    }
    assert field_errors(ValidationError("No.")) == {NON_FIELD: ["No."]}
