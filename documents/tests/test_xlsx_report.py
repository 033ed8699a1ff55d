"""The Excel consolidation: summary + one sheet per theme, readable, totals that add up."""

from __future__ import annotations

import io
import re

from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.spreadsheet import append, neutralise, put
from documents.consolidation import consolidate
from documents.tests.test_docx_report import accepted_funds_total
from documents.wording import STATUS_ORDER
from documents.xlsx_report import build_xlsx
from reporting import actions


def open_xlsx(consolidation):
    return load_workbook(io.BytesIO(build_xlsx(consolidation)))


def sum_range(ws, formula: str) -> int:
    """Evaluate "=SUM(C2:H2)" over the sheet's values (openpyxl does not compute)."""
    match = re.fullmatch(r"=SUM\(([A-Z]+\d+):([A-Z]+\d+)\)", formula)
    assert match is not None, formula
    first, last = match.groups()
    return sum(c.value or 0 for row in ws[first:last] for c in row)


def test_a_summary_sheet_then_one_sheet_per_theme(consolidation):
    wb = open_xlsx(consolidation)
    assert wb.sheetnames == [
        "Tổng hợp",
        "Chủ đề 1",
        "Chủ đề 2",
        "Chủ đề 3",
        "Chủ đề 4",
        "Kinh phí",
        "Vốn đề án, dự án",
        "Chỉ tiêu",
        "Khó khăn - Kiến nghị",
    ]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.b, ws.title
    theme = wb["Chủ đề 1"]
    assert [c.value for c in theme[1]][:5] == [
        "Số",
        "Nội dung",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Tình trạng",
    ]
    assert theme.column_dimensions["B"].width == 50
    assert theme["B2"].alignment.wrap_text
    rows = sum(wb[f"Chủ đề {n}"].max_row - 1 for n in range(1, 5))
    assert rows == len(consolidation.appendix) == 64


def test_totals_add_up(consolidation):
    wb = open_xlsx(consolidation)
    summary = wb["Tổng hợp"]
    n_themes = len(consolidation.themes)
    total_row = n_themes + 2
    assert summary.cell(total_row, 1).value == "Tổng cộng"
    for row in range(2, total_row):
        # per theme: the activities are the sum of the status columns
        assert sum_range(summary, summary.cell(row, 2).value) == sum(
            consolidation.themes[row - 2].counts.values()
        )
    totals = consolidation.status_totals()
    for index, key in enumerate(STATUS_ORDER, start=3):
        formula = summary.cell(total_row, index).value
        letter = summary.cell(2, index).column_letter
        assert formula == f"=SUM({letter}2:{letter}{total_row - 1})"
        assert sum_range(summary, formula) == totals[key]
    funds = wb["Kinh phí"]
    last = funds.max_row
    assert funds.cell(last, 2).value == "Tổng cộng"
    total_column = 3 + len(consolidation.funds)
    assert sum_range(funds, funds.cell(last, total_column - 1).value) == accepted_funds_total(
        consolidation
    )
    assert funds.cell(2, 3).number_format == "#,##0"
    assert wb.calculation.fullCalcOnLoad


def test_the_summary_states_expected_received_accepted(consolidation):
    summary = open_xlsx(consolidation)["Tổng hợp"]
    facts = {row[0].value: row[1].value for row in summary.iter_rows() if row[0].value}
    assert facts["Số cơ quan, đơn vị phải báo cáo"] == 20
    assert facts["Số báo cáo đã nhận"] == 5
    assert facts["Số báo cáo đã chấp nhận (được tổng hợp)"] == 4


def test_agency_text_that_looks_like_a_formula_is_written_as_text(round_2018, django_user_model):
    # An accepted report cannot be edited: plant the text on DPI's 2019 report and accept it.
    round_2019 = round_2018.plan.rounds.get(year=2019)
    coordinator = django_user_model.objects.get(username="dpi.coordinator")
    report = round_2019.reports.get(organisation__code="bd-skhdt")
    assert report.status == "accepted"
    draft = round_2019.reports.get(organisation__code="bd-stnmt")
    staff = django_user_model.objects.get(username="donre.staff")
    leader = django_user_model.objects.get(username="donre.leader")
    item = draft.items.order_by("position").first()
    actions.save_draft(
        draft,
        user=staff,
        version=draft.version,
        items={
            item.pk: actions.ItemChanges(
                {"status": "in_progress", "results": '=HYPERLINK("http://evil","x")'}
            )
        },
    )
    actions.submit_report(draft, user=leader)
    actions.accept_report(draft, user=coordinator)

    wb = open_xlsx(consolidate(round_2019))

    values = [
        c.value
        for ws in wb.worksheets
        for row in ws.iter_rows(min_row=2)
        for c in row
        if isinstance(c.value, str)
    ]
    assert '\'=HYPERLINK("http://evil","x")' in values
    assert not any(v.startswith("=HYPERLINK") for v in values)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    assert c.value.startswith("=SUM("), (ws.title, c.coordinate, c.value)


def test_neutralise_prefixes_every_formula_trigger():
    for text in ("=1+1", "+1", "-2+3", "@SUM(A1)", "\t=1", "\r=1"):
        assert neutralise(text) == "'" + text
    assert neutralise("Đã hoàn thành") == "Đã hoàn thành"
    assert neutralise("a\x01b") == "ab"  # illegal in XML: dropped
    ws = Workbook().active
    assert isinstance(ws, Worksheet)  # a new workbook's one sheet
    put(ws, 1, 1, "=cmd|' /C calc'!A0")
    append(ws, ["@x", 5])
    assert ws["A1"].data_type == "s" and ws["A1"].value.startswith("'=")
    assert ws["A2"].value == "'@x" and ws["B2"].value == 5


def test_hostile_activity_titles_are_written_as_text_in_the_report_and_the_agency_template(
    round_2018,
):
    from core.tests.exports import HOSTILE_TITLES, assert_exported_as_text
    from plans.models import PlanItem
    from reporting.agency_workbook import build_template
    from reporting.models import ReportItem

    line = ReportItem.objects.filter(
        report__round=round_2018, report__status="accepted", plan_item__kind="activity"
    ).first()
    for title in HOSTILE_TITLES:
        PlanItem.objects.filter(pk=line.plan_item_id).update(title=title)

        assert_exported_as_text(build_xlsx(consolidate(round_2018)), title)
        assert_exported_as_text(build_template(line.report), title)
