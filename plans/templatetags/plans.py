from collections.abc import Iterable
from typing import Any

from django import template

from orgs.territory import territory_label

register = template.Library()


@register.filter
def in_role(assignments: Iterable[Any], role: str) -> list[Any]:
    """The organisations assigned in `role` ("lead", "coordinating"), read from assignments
    already loaded (no query): joined with "; " and no separator after the last one."""
    return [a.organisation for a in assignments if a.role == role]


@register.filter
def territory(plan: Any) -> str:
    """The plan's territory named as a place today, "formerly" its old province once that was
    merged into another one (orgs.territory.territory_label)."""
    return territory_label(plan.territory)


@register.filter
def territory_merged(plan: Any) -> bool:
    """Was the plan's territory merged into another one (it closed with a successor)?"""
    org = plan.territory
    return org.valid_to is not None and org.successor_id is not None
