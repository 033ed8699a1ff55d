"""The shapes of the projects API: what it answers (`*Out`) and what it takes (`*In`, the
filters). Money is whole VND; related objects are named as elsewhere in the API (organisations
by code, plan items and development plans by id). The routes are in api/projects.py.
"""

from __future__ import annotations

import datetime
from typing import Annotated

from ninja import Field, Schema

from api.schemas import Text
from core.money import FundingSource
from projects.models import ProjectKind, ProjectStatus

Money = Annotated[int, Field(ge=0, le=10**17)]  # whole VND
Year = Annotated[int, Field(ge=2000, le=2100)]
Id = Annotated[int, Field(ge=1, le=2**53)]


# --- Answers -------------------------------------------------------------------------------


class ProjectOut(Schema):
    id: int
    kind: str
    title: str
    status: str
    lead_organisation_code: str
    lead_organisation: str
    transitional: bool
    start_date: datetime.date | None
    end_date: datetime.date | None
    total_estimate: int
    allocated: int
    disbursed: int
    version: int


class BudgetLineOut(Schema):
    id: int
    year: int
    source: str
    estimate: int
    allocated: int
    disbursed: int
    override_reason: str


class StepOut(Schema):
    from_status: str
    to_status: str
    decided_on: datetime.date | None
    decision_number: str
    recorded_by: str | None
    note: str
    recorded_at: datetime.datetime


class ActivityOut(Schema):
    id: int
    plan_id: int
    plan_number: str
    code: str
    title: str


class DevelopmentPlanOut(Schema):
    id: int
    kind: str
    title: str
    period_start: int
    period_end: int


class ProjectDetailOut(ProjectOut):
    description: str
    partner_codes: list[str]
    location_code: str | None
    location_text: str
    development_plans: list[DevelopmentPlanOut]
    notes: str
    activities: list[ActivityOut]
    budget_lines: list[BudgetLineOut]
    steps: list[StepOut]
    next_statuses: list[str]  # the steps the caller may record now
    created_at: datetime.datetime
    updated_at: datetime.datetime


# --- Requests ------------------------------------------------------------------------------


class ProjectFilters(Schema):
    status: ProjectStatus | None = None
    plan: Id | None = None  # a plan's id: projects serving any of its items


class BudgetLineIn(Schema):
    year: Year
    source: FundingSource
    estimate: Money


class ProjectIn(Schema):
    kind: ProjectKind
    title: Text
    description: Text = ""
    plan_item_ids: list[Id]  # the plan activities (or tasks) the project serves
    lead_organisation_code: Text
    partner_codes: list[Text] = []
    location_code: Text | None = None  # a province, district or commune
    location_text: Annotated[Text, Field(max_length=255)] = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    total_estimate: Money = 0  # must equal the sum of the budget lines' estimates
    budget_lines: list[BudgetLineIn] = []
    transitional: bool = False
    development_plan_ids: list[Id] = []
    notes: Text = ""


class ProjectUpdateIn(ProjectIn):
    version: int  # the project's version the change starts from


class ProjectPatchIn(Schema):
    """Only the fields sent change; `budget_lines`, when sent, replaces all the lines."""

    version: int
    kind: ProjectKind | None = None
    title: Text | None = None
    description: Text | None = None
    plan_item_ids: list[Id] | None = None
    lead_organisation_code: Text | None = None
    partner_codes: list[Text] | None = None
    location_code: Text | None = None
    location_text: Annotated[Text, Field(max_length=255)] | None = None
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    total_estimate: Money | None = None
    budget_lines: list[BudgetLineIn] | None = None
    transitional: bool | None = None
    development_plan_ids: list[Id] | None = None
    notes: Text | None = None


class StepIn(Schema):
    to_status: ProjectStatus
    version: int
    decided_on: datetime.date | None = None
    decision_number: Annotated[Text, Field(max_length=60)] = ""
    note: Text = ""


class LineAmountIn(Schema):
    line_id: Id
    amount: Money


class AllocationIn(Schema):
    version: int
    lines: list[LineAmountIn]
    override: bool = False  # allocate above the estimate, with `reason`
    reason: Text = ""


class DisbursementIn(Schema):
    version: int
    lines: list[LineAmountIn]
