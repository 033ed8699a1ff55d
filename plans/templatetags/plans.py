from collections.abc import Iterable
from typing import Any

from django import template

register = template.Library()


@register.filter
def in_role(assignments: Iterable[Any], role: str) -> list[Any]:
    """The organisations assigned in `role` ("lead", "coordinating"), read from assignments
    already loaded (no query): joined with "; " and no separator after the last one."""
    return [a.organisation for a in assignments if a.role == role]
