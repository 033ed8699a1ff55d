"""Coverage of a plan against the plan it implements: how many of the parent plan's
activities (or tasks, for a plan without activities) does it adopt, per theme of the parent
plan. Always computed, never stored."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from accounts.permissions import can_view_plan
from plans.models import ItemKind, Plan, PlanItem

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class ThemeCoverage:
    theme: PlanItem
    activities: list[PlanItem] = field(default_factory=list)
    adopted_ids: set[int] = field(default_factory=set)

    @property
    def national(self) -> int:
        return len(self.activities)

    @property
    def adopted(self) -> int:
        return sum(1 for a in self.activities if a.pk in self.adopted_ids)

    @property
    def not_adopted(self) -> list[PlanItem]:
        return [a for a in self.activities if a.pk not in self.adopted_ids]

    @property
    def percent(self) -> float:
        return 100.0 * self.adopted / self.national if self.national else 0.0


@dataclass
class Coverage:
    plan: Plan
    parent: Plan
    themes: list[ThemeCoverage]

    @property
    def adopted(self) -> int:
        return sum(t.adopted for t in self.themes)

    @property
    def national(self) -> int:
        return sum(t.national for t in self.themes)

    @property
    def not_adopted(self) -> list[PlanItem]:
        return [a for t in self.themes for a in t.not_adopted]

    @property
    def percent(self) -> float:
        return 100.0 * self.adopted / self.national if self.national else 0.0


def _top_ancestor(item: PlanItem, by_id: dict[int, PlanItem]) -> PlanItem:
    while item.parent_id is not None and item.parent_id in by_id:
        item = by_id[item.parent_id]
    return item


def plan_coverage(plan: Plan) -> Coverage | None:
    """Coverage of `plan` against its parent plan, or None when it has no parent plan.

    Two queries whatever the size of the plans: the parent's items, and the distinct
    parent activities that `plan`'s items implement.
    """
    parent = plan.parent
    if parent is None:
        return None
    return plans_coverage(parent, [plan])[plan.pk]


def plans_coverage(parent: Plan, plans: list[Plan]) -> dict[int, Coverage]:
    """Coverage of each of `plans` against `parent` (the plan they implement), by plan id.

    Two queries whatever the number and size of the plans: the parent's items, and the
    distinct parent activities each plan's items implement.
    """
    parent_items = list(PlanItem.objects.filter(plan=parent).defer("search_text"))
    by_id = {i.pk: i for i in parent_items}
    adopted: dict[int, set[int]] = {plan.pk: set() for plan in plans}
    for plan_id, implements_id in (
        PlanItem.objects.filter(plan__in=[p.pk for p in plans], implements__plan=parent)
        .order_by()
        .values_list("plan_id", "implements_id")
        .distinct()
    ):
        adopted[plan_id].add(implements_id)
    # The parent's themes and their activities, shared by every plan's coverage.
    themes: dict[int, list[PlanItem]] = {}
    for item in parent_items:
        if item.kind == ItemKind.THEME and item.parent_id is None:
            themes[item.pk] = []
    # What a plan counts in: its activities (403/QĐ-TTg: 66), or its tasks when it has no
    # activities (882/QĐ-TTg: theme > task group > task, 134 tasks).
    unit = ItemKind.ACTIVITY
    if not any(item.kind == ItemKind.ACTIVITY for item in parent_items):
        unit = ItemKind.TASK
    for item in parent_items:
        if item.kind != unit:
            continue
        top = _top_ancestor(item, by_id)
        if top.pk in themes:
            themes[top.pk].append(item)
    return {
        plan.pk: Coverage(
            plan=plan,
            parent=parent,
            themes=[
                ThemeCoverage(
                    theme=by_id[theme_id], activities=activities, adopted_ids=adopted[plan.pk]
                )
                for theme_id, activities in themes.items()
            ],
        )
        for plan in plans
    }


def visible_parent(user: User, plan: Plan) -> Plan | None:
    """`plan`'s parent plan if `user` may see it. A plan imported before imports were kept
    within their province may name another province's plan as parent; its number, themes and
    activities are not shown to those who may not see that plan."""
    if plan.parent is None or not can_view_plan(user, plan.parent):
        return None
    return plan.parent


def coverage_for(user: User, plan: Plan) -> Coverage | None:
    """`plan`'s coverage as `user` may read it: None without a parent plan they may see."""
    return plan_coverage(plan) if visible_parent(user, plan) is not None else None
