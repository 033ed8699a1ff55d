"""The shape of a plan import, independent of the file it came from.

A file parser (plans/plan_file.py) turns a spreadsheet into a `PlanImport`; the demo builds
one in code; `plans.actions.import_plan` validates the references and writes it in one
transaction, or raises `ImportRejected` with every problem found and writes nothing.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field


@dataclass
class ImportProblem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    def __str__(self) -> str:
        where = []
        if self.sheet:
            where.append(self.sheet)
        if self.row is not None:
            where.append(str(self.row))
        if self.column:
            where.append(self.column)
        return f"[{' / '.join(where)}] {self.message}" if where else self.message


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


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
