"""Money of a plan's projects: totals by theme, funding source and year, and the plan's
unfunded part. One data object feeds the totals page, its charts and the Excel summary.

Cancelled projects count nowhere. A project serving several activities counts in full under
each of them in the activity table (it funds all of them), but only once in the totals: under
the theme of the first item it serves in the plan's order (its main theme), so that the
totals by theme, by source and by year all add up to the same grand total.

A fixed number of queries whatever the number of projects (see tests/test_query_counts.py).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Generic, TypeVar

from django.db.models import QuerySet
from django.utils import timezone

from core.money import FundingSource
from plans.models import ItemKind, Plan, PlanItem
from projects.models import BudgetLine, Project, ProjectStatus

ZERO = Decimal(0)


@dataclass
class Money:
    estimate: Decimal = ZERO
    allocated: Decimal = ZERO
    disbursed: Decimal = ZERO

    def add(self, estimate: Decimal, allocated: Decimal, disbursed: Decimal) -> None:
        self.estimate += estimate
        self.allocated += allocated
        self.disbursed += disbursed

    def plus(self, other: Money) -> None:
        self.add(other.estimate, other.allocated, other.disbursed)

    @property
    def has_money(self) -> bool:
        return bool(self.allocated)

    @property
    def unallocated(self) -> Decimal:
        return max(self.estimate - self.allocated, ZERO)


K = TypeVar("K")


@dataclass
class Row(Generic[K]):
    """One row of a totals table: a label, its money and the object behind it (`K`: the theme,
    the funding source, the year or the project)."""

    label: str
    money: Money
    key: K


class Flag:
    NO_PROJECT = "no_project"
    NO_MONEY = "no_money"


@dataclass
class ActivityFunding:
    item: PlanItem
    theme: PlanItem | None
    projects: list[Project] = field(default_factory=list)
    money: Money = field(default_factory=Money)

    @property
    def flag(self) -> str | None:
        if not self.projects:
            return Flag.NO_PROJECT
        if not self.money.has_money:
            return Flag.NO_MONEY
        return None


@dataclass
class PlanFunding:
    plan: Plan
    total: Money
    by_theme: list[Row[PlanItem]]
    by_source: list[Row[str]]
    by_year: list[Row[int]]
    activities: list[ActivityFunding]
    project_count: int
    by_project: list[Row[Project]] = field(default_factory=list)  # by title

    @property
    def unfunded(self) -> list[ActivityFunding]:
        return [a for a in self.activities if a.flag]


def _roots(items: list[PlanItem]) -> dict[int, PlanItem]:
    """Each item's top-level ancestor in the plan tree (itself for a top-level item)."""
    by_id = {i.pk: i for i in items}
    roots: dict[int, PlanItem] = {}
    for item in items:
        current, seen = item, set()
        while current.parent_id and current.parent_id in by_id and current.pk not in seen:
            seen.add(current.pk)
            current = by_id[current.parent_id]
        roots[item.pk] = current
    return roots


def plan_funding(plan: Plan, projects: QuerySet[Project], year: int | None = None) -> PlanFunding:
    """The money of `projects` (already limited to what the user may see) serving `plan`;
    with `year`, only the budget lines of that year (e.g. for the report of a round)."""
    items = list(
        PlanItem.objects.filter(plan=plan).only(
            "id", "parent_id", "kind", "code", "number", "title", "title_en", "position", "plan_id"
        )
    )
    by_id = {i.pk: i for i in items}
    roots = _roots(items)
    serving = projects.exclude(status=ProjectStatus.CANCELLED).filter(plan_items__plan=plan)
    links = list(
        Project.plan_items.through.objects.filter(
            planitem__plan=plan, project__in=serving
        ).values_list("project_id", "planitem_id")
    )
    project_rows = {
        p.pk: p
        for p in Project.objects.filter(pk__in={pid for pid, _ in links})
        .select_related("lead_organisation")
        .order_by("title")
    }
    budget_lines = BudgetLine.objects.filter(project_id__in=project_rows.keys())
    if year is not None:
        budget_lines = budget_lines.filter(year=year)
    lines = list(
        budget_lines.values_list(
            "project_id", "year", "source", "estimate", "allocated", "disbursed"
        )
    )

    served: dict[int, list[int]] = defaultdict(list)  # project -> items in plan order
    for project_id, item_id in links:
        served[project_id].append(item_id)
    for item_ids in served.values():
        item_ids.sort(key=lambda pk: by_id[pk].position)

    per_project: dict[int, Money] = defaultdict(Money)
    by_year: dict[int, Money] = defaultdict(Money)
    by_source: dict[str, Money] = defaultdict(Money)
    total = Money()
    for project_id, line_year, source, estimate, allocated, disbursed in lines:
        for bucket in (per_project[project_id], by_year[line_year], by_source[source], total):
            bucket.add(estimate, allocated, disbursed)

    themes = [i for i in items if i.parent_id is None]
    by_theme: dict[int, Money] = {t.pk: Money() for t in themes}
    for project_id in project_rows:
        main_theme = roots[served[project_id][0]]
        by_theme.setdefault(main_theme.pk, Money()).plus(per_project[project_id])

    # An activity is served by projects on it or on any item below it (its tasks).
    activity_of: dict[int, int] = {}
    for item in items:
        current: PlanItem | None = item
        while current is not None:
            if current.kind == ItemKind.ACTIVITY:
                activity_of[item.pk] = current.pk
                break
            current = by_id.get(current.parent_id) if current.parent_id else None
    activities = {
        i.pk: ActivityFunding(item=i, theme=roots[i.pk] if roots[i.pk] is not i else None)
        for i in items
        if i.kind == ItemKind.ACTIVITY
    }
    for project_id, item_ids in served.items():
        funded = {activity_of[i] for i in item_ids if i in activity_of}
        for activity_id in funded:
            entry = activities[activity_id]
            entry.projects.append(project_rows[project_id])
            entry.money.plus(per_project[project_id])
    for entry in activities.values():
        entry.projects.sort(key=lambda p: p.title)

    source_labels = dict(FundingSource.choices)
    return PlanFunding(
        plan=plan,
        total=total,
        by_theme=[
            Row(f"{t.label}. {t.title}", by_theme[t.pk], t)
            for t in sorted(themes, key=lambda t: t.position)
        ],
        by_source=[
            Row(str(source_labels[s]), by_source[s], s)
            for s in FundingSource.values
            if s in by_source
        ],
        by_year=[Row(str(y), by_year[y], y) for y in sorted(by_year)],
        activities=sorted(activities.values(), key=lambda a: a.item.position),
        project_count=len(project_rows),
        by_project=[Row(p.title, per_project[pk], p) for pk, p in project_rows.items()],
    )


def item_projects(item: PlanItem, projects: QuerySet[Project]) -> QuerySet[Project]:
    """The projects serving `item` or any item below it (e.g. an activity's tasks)."""
    ids = [item.pk]
    frontier = [item.pk]
    while frontier:
        frontier = list(
            PlanItem.objects.filter(parent_id__in=frontier).values_list("pk", flat=True)
        )
        ids += frontier
    return (
        projects.filter(pk__in=Project.objects.filter(plan_items__in=ids).values("pk"))
        .select_related("lead_organisation")
        .prefetch_related("budget_lines")
        .order_by("status", "title")
    )


def leads_on(projects: list[Project], day: datetime.date) -> dict[int, int]:
    """The lead organisation each project had on `day`, from its history (a merger hands
    projects over to the successor): project id -> organisation id, one query. A project
    recorded only after `day` answers its first recorded lead."""
    end_of_day = datetime.datetime.combine(
        day + datetime.timedelta(days=1), datetime.time.min, tzinfo=timezone.get_current_timezone()
    )
    leads: dict[int, int] = {}
    rows = (
        Project.history.filter(id__in=[p.pk for p in projects])
        .order_by("id", "history_date", "history_id")
        .values_list("id", "history_date", "lead_organisation_id")
    )
    for project_id, moment, lead_id in rows:
        if project_id not in leads or moment < end_of_day:
            leads[project_id] = lead_id
    return {p.pk: leads.get(p.pk, p.lead_organisation_id) for p in projects}
