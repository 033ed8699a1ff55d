"""Hostile plan workbooks are refused before parsing, by the one workbook reader (#12 item 6)."""

from __future__ import annotations

import io
import time
import zipfile

import pytest
from django.utils import translation

from core.tests import workbooks as hostile
from plans.plan_file import parse_plan_file
from plans.plan_import import ImportRejected
from plans.tests.plan_files import workbook

ITEMS_SHEET = "xl/worksheets/sheet2.xml"


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def refusal(content: bytes) -> str:
    started = time.perf_counter()
    with pytest.raises(ImportRejected) as caught:
        parse_plan_file("plan.xlsx", content)
    assert time.perf_counter() - started < 1.0
    return caught.value.problems[0].message


def test_the_valid_plan_file_is_read():
    assert parse_plan_file("plan.xlsx", workbook()).plan.number == "12/KH-UBND"


def test_a_plan_file_with_entity_declarations_is_refused():
    # It was imported before: openpyxl expanded the entities.
    assert "XML declarations" in refusal(hostile.with_dtd(ITEMS_SHEET, workbook()))


def test_a_plan_file_with_one_far_right_cell_per_row_is_refused():
    content = workbook()
    items = zipfile.ZipFile(io.BytesIO(content)).read(ITEMS_SHEET).decode()
    far = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(20, 3000)
    )
    spoiled = items.replace("</sheetData>", far + "</sheetData>")
    assert "columns" in refusal(hostile.with_part(content, ITEMS_SHEET, spoiled.encode()))


def test_a_plan_file_of_blank_cells_is_refused():
    content = hostile.with_part(
        workbook(), ITEMS_SHEET, hostile.sheet_xml('<row><c s="0"/></row>' * 1_500_000)
    )
    assert "too large once unpacked" in refusal(content)
