"""The shape of a plan import, independent of the file it came from.

A file parser (plans/plan_file.py) turns a spreadsheet into a `PlanImport`; the demo builds
one in code; `plans.actions.import_plan` validates the references and writes it in one
transaction, or raises `ImportRejected` with every problem found and writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace

from core.spreadsheet import ImportProblem, ImportRejected

# The deepest item tree an import accepts (a theme is level 1). Real plans have at most five
# levels (theme > group > activity > task, the national plan three); a few more leave room
# for an unusual shape, and the limit keeps pages, reports and the API within bounds.
MAX_DEPTH = 8


__all__ = ["ImportProblem", "ImportRejected", "ItemRow", "PlanData", "PlanImport"]


@dataclass
class PlanData:
    number: str
    title: str
    level: str
    territory: str  # organisation code or name
    period_start: int
    period_end: int
    title_en: str = ""
    parent_number: str = ""
    issuer: str = ""
    issued_on: datetime.date | None = None
    focal_point: str = ""
    description: str = ""
    legal_documents: list[str] = field(default_factory=list)


@dataclass
class ItemRow:
    code: str
    kind: str
    title: str
    parent_code: str = ""
    number: str = ""
    title_en: str = ""
    lead: str = ""
    coordinating: list[str] = field(default_factory=list)
    timeframe: str = ""
    implements: str = ""  # code of the item in the parent plan
    on_request: bool = False
    priority_year: int | None = None
    due_date: datetime.date | None = None
    deliverable: str = ""
    is_placeholder: bool = False
    legal_documents: list[str] = field(default_factory=list)
    row: int | None = None  # where it came from, for messages


@dataclass
class PlanImport:
    plan: PlanData
    items: list[ItemRow]
    sheet_plan: str = "Plan"
    sheet_items: str = "Items"
    # Where a file put things, so that problems found after parsing (unknown agency, duplicate
    # code...) name the file's own rows and headings rather than the field names used here.
    plan_rows: dict[str, int] = field(default_factory=dict)  # plan field -> row in sheet_plan
    plan_labels: dict[str, str] = field(default_factory=dict)  # plan field -> its name in file
    item_labels: dict[str, str] = field(default_factory=dict)  # item field -> column heading

    def locate(self, problem: ImportProblem) -> ImportProblem:
        """`problem` with the row and column named as in the file the data came from.

        Problems with the plan's own fields come without a row (a CSV file holds the plan and
        its items in one "sheet", so the row is what tells them apart).
        """
        if (
            problem.sheet == self.sheet_plan
            and problem.row is None
            and problem.column in self.plan_labels
        ):
            return replace(
                problem,
                row=self.plan_rows.get(problem.column),
                column=self.plan_labels[problem.column],
            )
        if problem.sheet == self.sheet_items and problem.column in self.item_labels:
            return replace(problem, column=self.item_labels[problem.column])
        return problem
