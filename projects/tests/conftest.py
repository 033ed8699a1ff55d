"""A small plan tree in the test world and a builder for projects, through the actions."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

import pytest

from core.money import FundingSource
from greenplan.testing.factories import PlanItemFactory
from plans.models import ItemKind, PlanItem
from projects import actions
from projects.models import DevelopmentPlan, Project, ProjectKind, ProjectStatus

M = Decimal(1_000_000)


@dataclass
class Tree:
    theme1: PlanItem
    theme2: PlanItem
    a7: PlanItem  # theme 1, DPI's pilot models
    a7_task: PlanItem  # task under activity 7
    a8: PlanItem  # theme 1
    a60: PlanItem  # theme 2, DONRE's green space
    a61: PlanItem  # theme 2, no project at all


@pytest.fixture
def tree(world) -> Tree:
    plan = world.plan
    theme1 = PlanItemFactory(plan=plan, kind=ItemKind.THEME, code="T1", title="Thể chế")
    theme2 = PlanItemFactory(plan=plan, kind=ItemKind.THEME, code="T4", title="Lối sống xanh")
    a7 = PlanItemFactory(plan=plan, parent=theme1, code="7", title="Mô hình thí điểm")
    a7_task = PlanItemFactory(plan=plan, parent=a7, kind=ItemKind.TASK, code="7.1")
    a8 = PlanItemFactory(plan=plan, parent=theme1, code="8", title="Truyền thông")
    a60 = PlanItemFactory(plan=plan, parent=theme2, code="60", title="Không gian xanh")
    a61 = PlanItemFactory(plan=plan, parent=theme2, code="61", title="Tiêu dùng bền vững")
    return Tree(theme1, theme2, a7, a7_task, a8, a60, a61)


@pytest.fixture
def sedp(world) -> DevelopmentPlan:
    """The province's 5-year socio-economic development plan 2016-2020."""
    return DevelopmentPlan.objects.create(
        kind=DevelopmentPlan.Kind.SEDP_5_YEAR,
        title="Kế hoạch phát triển kinh tế - xã hội 5 năm",
        territory=world.province,
        period_start=2016,
        period_end=2020,
    )


def project_data(
    lead,
    items: list[PlanItem],
    budget: dict[tuple[int, str], Decimal] | None = None,
    *,
    total: Decimal | None = None,
    **extra,
) -> actions.ProjectData:
    """A project with a yearly budget in VND; the total is the breakdown's sum unless given."""
    budget = budget if budget is not None else {(2019, FundingSource.LOCAL_BUDGET): 100 * M}
    rows = [actions.BudgetRow(year, source, amount) for (year, source), amount in budget.items()]
    fields = {
        "kind": ProjectKind.PROJECT,
        "title": "Dự án thử nghiệm",
        "start_date": datetime.date(2018, 1, 1),
        "end_date": datetime.date(2020, 12, 31),
        **extra,
    }
    return actions.ProjectData(
        lead_organisation=lead,
        plan_items=items,
        total_estimate=total if total is not None else sum(budget.values(), Decimal(0)),
        budget=rows,
        **fields,
    )


def advance(project: Project, to_status: str, user, **kwargs) -> Project:
    """Record one step with a decision number and date, and return the fresh project."""
    kwargs.setdefault("decision_number", f"{to_status}/QĐ-UBND")
    kwargs.setdefault("decided_on", datetime.date(2019, 3, 1))
    actions.record_status_step(
        project, to_status, user=user, version=Project.objects.get(pk=project.pk).version, **kwargs
    )
    return Project.objects.get(pk=project.pk)


def approve(project: Project, world) -> Project:
    """Take a project from idea to approved, each step by whoever may record it."""
    project = advance(project, ProjectStatus.PROPOSED, world.staff)
    project = advance(project, ProjectStatus.APPRAISED, world.coordinator)
    return advance(project, ProjectStatus.APPROVED, world.coordinator)


def fund(project: Project, world, amounts: dict[int, Decimal] | None = None) -> Project:
    """Approve, allocate every line in full (or `amounts`) and mark the project funded."""
    project = approve(project, world)
    lines = amounts or {line.pk: line.estimate for line in project.budget_lines.all()}
    actions.allocate_budget(project, lines, user=world.coordinator, version=project.version)
    project = Project.objects.get(pk=project.pk)
    return advance(project, ProjectStatus.FUNDED, world.coordinator)


@pytest.fixture
def donre_project(world, tree) -> Project:
    """DONRE's green space project: 2019 local 100 M, 2020 local 150 M + public investment 50 M."""
    data = project_data(
        world.donre,
        [tree.a60],
        {
            (2019, FundingSource.LOCAL_BUDGET): 100 * M,
            (2020, FundingSource.LOCAL_BUDGET): 150 * M,
            (2020, FundingSource.PUBLIC_INVESTMENT): 50 * M,
        },
        title="Đầu tư không gian xanh công cộng",
    )
    return actions.create_project(data, user=world.staff)


@pytest.fixture
def funded_world(world, tree, donre_project):
    """Hand-computable money (amounts in million VND):

    - DONRE green space (a60, theme 2): 2019 local 100, 2020 local 150, 2020 public
      investment 50; all allocated; 70 of 2019 disbursed.
    - DPI pilot models (task 7.1 of a7, theme 1): 2018 local 20, an idea, nothing allocated.
    - Shared campaign (a8 theme 1 and a60 theme 2: main theme 1): 2019 ODA 30, 10 allocated.
    - Cancelled study on a61: 2019 local 999; counts nowhere.
    """
    from core.money import FundingSource as S

    donre = fund(donre_project, world)
    line = donre.budget_lines.get(year=2019)
    actions.record_disbursement(donre, {line.pk: 70 * M}, user=world.staff, version=donre.version)
    actions.create_project(
        project_data(
            world.dpi,
            [tree.a7_task],
            {(2018, S.LOCAL_BUDGET): 20 * M},
            title="Đề án thí điểm mô hình tăng trưởng xanh",
            kind=ProjectKind.PROPOSAL,
        ),
        user=world.coordinator,
    )
    shared = actions.create_project(
        project_data(
            world.donre,
            [tree.a60, tree.a8],
            {(2019, S.ODA): 30 * M},
            title="Chiến dịch truyền thông xanh",
            kind=ProjectKind.CAMPAIGN,
        ),
        user=world.staff,
    )
    shared = approve(shared, world)
    line = shared.budget_lines.get()
    actions.allocate_budget(
        shared, {line.pk: 10 * M}, user=world.coordinator, version=shared.version
    )
    cancelled = actions.create_project(
        project_data(
            world.donre,
            [tree.a61],
            {(2019, S.LOCAL_BUDGET): 999 * M},
            title="Nghiên cứu đã hủy",
            kind=ProjectKind.STUDY,
        ),
        user=world.staff,
    )
    advance(cancelled, ProjectStatus.CANCELLED, world.staff)
    return world
