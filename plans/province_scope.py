"""References that cross provinces, left by imports made before they were kept within their
province (issue 12): a plan whose parent is another province's plan, items implementing
another province's items, agencies of another province assigned to a plan's items.

Imports refuse all three now (plans.actions.import_plan), and the pages and the API hide what
such a reference points at from those who may not see it; `manage.py check_province_scope`
lists what older data still holds, for an administrator to correct.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import F, Q

from plans.models import Assignment, Plan, PlanItem


@dataclass(frozen=True)
class CrossReference:
    plan: str  # number of the plan holding the reference
    what: str  # "parent", "implements" or "assignment"
    source: str  # the item's code (empty for the plan's own parent)
    target: str  # the plan number, item or organisation code referred to


def _foreign(holder: str, target: str) -> Q:
    """`target` (a path to a province id) lies in a province other than `holder`'s (which the
    caller has required to be a province)."""
    return Q(**{f"{target}__isnull": False}) & ~Q(**{target: F(holder)})


def cross_province_references() -> list[CrossReference]:
    """Every reference from a plan of one province to another province (three queries).

    A national plan (no province) may name anything; a provincial plan may name national or
    sectoral plans, central bodies, and its own province only.
    """
    found: list[CrossReference] = []
    plans = (
        Plan.objects.filter(territory__province_id__isnull=False)
        .filter(_foreign("territory__province_id", "parent__territory__province_id"))
        .values_list("number", "parent__number")
        .order_by("number")
    )
    found += [CrossReference(number, "parent", "", parent) for number, parent in plans]
    items = (
        PlanItem.objects.filter(plan__territory__province_id__isnull=False)
        .filter(
            _foreign("plan__territory__province_id", "implements__plan__territory__province_id")
        )
        .values_list("plan__number", "code", "implements__plan__number", "implements__code")
        .order_by("plan__number", "position")
    )
    found += [
        CrossReference(number, "implements", code, f"{parent} / {target}")
        for number, code, parent, target in items
    ]
    assignments = (
        Assignment.objects.filter(item__plan__territory__province_id__isnull=False)
        .filter(_foreign("item__plan__territory__province_id", "organisation__province_id"))
        .values_list("item__plan__number", "item__code", "organisation__code")
        .order_by("item__plan__number", "item__position", "organisation__code")
    )
    found += [CrossReference(number, "assignment", code, org) for number, code, org in assignments]
    return found
