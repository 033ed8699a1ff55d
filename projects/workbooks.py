"""Excel workbooks of the project pages: the project list and a plan's budget summary.

Amounts are written in million VND as exact decimals (VND / 1.000.000), so that the total
rows, computed here, equal the sum of the cells above them. Headers are bold and frozen,
columns sized to their content. Every value goes through core.spreadsheet (a title such as
"=HYPERLINK(...)" stays text, characters XML cannot hold are dropped).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING, TypedDict

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from core.money import in_millions
from core.spreadsheet import append
from core.templatetags.localized import localized
from projects.models import Project
from projects.totals import Money, PlanFunding, Row

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


class ProjectMoney(TypedDict):
    """The sums projects.views annotates each exported project with (None: no budget line)."""

    allocated: Decimal | None
    disbursed: Decimal | None


MONEY_FORMAT = "#,##0.000"
HEADER_FILL = PatternFill("solid", fgColor="E8F5E9")
BOLD = Font(bold=True)


def _sheet(ws: Worksheet, headers: Sequence[str], widths: Sequence[int]) -> None:
    append(ws, list(headers))
    for cell in ws[1]:
        cell.font = BOLD
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A2"


def _money_columns(ws: Worksheet, first: int) -> None:
    for row in ws.iter_rows(min_row=2, min_col=first):
        for cell in row:
            if isinstance(cell.value, Decimal | int | float):
                cell.number_format = MONEY_FORMAT


def _total_row(ws: Worksheet, label: str, sums: Iterable[Decimal], first: int) -> None:
    append(ws, [label] + [None] * (first - 2) + list(sums))
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def _save(wb: Workbook) -> bytes:
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def project_list(projects: Iterable[WithAnnotations[Project, ProjectMoney]]) -> bytes:
    """One row per project (annotated with `allocated` and `disbursed`, see views)."""
    wb = Workbook()
    ws = wb.active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    ws.title = _("Projects")[:31]
    headers = [
        _("No."),
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Lead organisation"),
        _("Partner organisations"),
        _("Plan activities served"),
        _("Start"),
        _("End"),
        _("Transitional"),
        _("Estimate (million VND)"),
        _("Allocated (million VND)"),
        _("Disbursed (million VND)"),
    ]
    _sheet(ws, headers, [6, 50, 16, 14, 30, 30, 30, 12, 12, 12, 16, 16, 16])
    sums = [Decimal(0)] * 3
    for number, project in enumerate(projects, start=1):
        amounts = [
            in_millions(project.total_estimate),
            in_millions(project.allocated),
            in_millions(project.disbursed),
        ]
        sums = [a + b for a, b in zip(sums, amounts, strict=True)]
        append(
            ws,
            [
                number,
                project.title,
                project.get_kind_display(),
                project.get_status_display(),
                str(project.lead_organisation),
                "; ".join(str(p) for p in project.partners.all()),
                "; ".join(f"{i.plan.number} · {i.label}" for i in project.plan_items.all()),
                project.start_date,
                project.end_date,
                _("yes") if project.transitional else _("no"),
                *amounts,
            ],
        )
        for cell in ws[ws.max_row][7:9]:
            cell.number_format = "DD/MM/YYYY"
    _money_columns(ws, 11)
    _total_row(ws, _("Total"), sums, 11)
    for cell in ws[ws.max_row][10:]:
        cell.number_format = MONEY_FORMAT
    return _save(wb)


def _money_sheet(wb: Workbook, title: str, first_header: str, rows: list[Row], total: Money):
    ws = wb.create_sheet(title[:31])
    _sheet(
        ws,
        [
            first_header,
            _("Estimate (million VND)"),
            _("Allocated (million VND)"),
            _("Disbursed (million VND)"),
        ],
        [50, 18, 18, 18],
    )
    for row in rows:
        label = f"{row.key.label}. {localized(row.key)}" if hasattr(row.key, "label") else row.label
        append(ws, [label, *(in_millions(getattr(row.money, n)) for n in _MONEY)])
    _total_row(ws, _("Total"), [in_millions(getattr(total, n)) for n in _MONEY], 2)
    _money_columns(ws, 2)
    return ws


_MONEY = ("estimate", "allocated", "disbursed")


def budget_summary(funding: PlanFunding) -> bytes:
    """The plan's money by theme, funding source and year, and its activities flagged."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the empty sheet a new workbook starts with
    _money_sheet(wb, _("By theme"), _("Theme"), funding.by_theme, funding.total)
    _money_sheet(wb, _("By funding source"), _("Funding source"), funding.by_source, funding.total)
    _money_sheet(wb, _("By year"), _("Year"), funding.by_year, funding.total)

    ws = wb.create_sheet(_("Activities")[:31])
    _sheet(
        ws,
        [
            _("No."),
            _("Activity"),
            _("Theme"),
            _("Projects"),
            _("Funding"),
            _("Estimate (million VND)"),
            _("Allocated (million VND)"),
            _("Disbursed (million VND)"),
        ],
        [8, 50, 30, 50, 20, 18, 18, 18],
    )
    flags = {"no_project": _("No project"), "no_money": _("No money allocated")}
    for entry in funding.activities:
        append(
            ws,
            [
                entry.item.label,
                localized(entry.item),
                localized(entry.theme) if entry.theme else "",
                "; ".join(p.title for p in entry.projects),
                flags.get(entry.flag or "", _("Funded")),
                *(in_millions(getattr(entry.money, n)) for n in _MONEY),
            ],
        )
        if entry.flag:
            ws.cell(ws.max_row, 5).font = Font(bold=True, color="C62828")
    _money_columns(ws, 6)
    append(ws, [])
    append(ws, [_("A project serving several activities counts in full under each of them.")])
    return _save(wb)
