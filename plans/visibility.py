"""The one plan a request names, read within the user's scope (pages and API alike)."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from plans.models import Plan


def get_visible_plan(user, pk: int) -> Plan:
    """The plan, or 404 when it does not exist or lies outside the user's scope."""
    plans = Plan.objects.visible_to(user).select_related(
        "territory", "parent__territory", "issuer", "focal_point"
    )
    return get_object_or_404(plans, pk=pk)
