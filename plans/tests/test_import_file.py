"""The plan file parser: what it reads, and how it rejects a bad file.

No test here has database access: pytest-django would fail any that tried, which is how these
tests also show that the parser is pure.
"""

import datetime
import io
import unicodedata
import zipfile

import pytest
from django.utils import translation

from plans import plan_file
from plans.plan_file import ITEM_COLUMNS, ITEM_LOOKUP, PLAN_FIELDS, PLAN_LOOKUP, parse_plan_file
from plans.plan_import import ImportProblem, ImportRejected
from plans.plan_template import build_plan_template
from plans.tests.plan_files import (
    HEADER,
    ITEMS,
    PLAN,
    SHEET_ITEMS,
    SHEET_PLAN,
    csv_file,
    items_with,
    plan_with,
    workbook,
)


@pytest.fixture(autouse=True)
def english():
    # Messages are asserted in English, whatever translations the catalogue gains later.
    with translation.override("en"):
        yield


def problems_of(name: str, content: bytes) -> list[ImportProblem]:
    with pytest.raises(ImportRejected) as caught:
        parse_plan_file(name, content)
    return caught.value.problems


def the_problem(name: str, content: bytes) -> ImportProblem:
    problems = problems_of(name, content)
    assert len(problems) == 1, problems
    return problems[0]


# What it reads ---------------------------------------------------------------------------------


def test_reads_the_plan_and_its_items_from_a_vietnamese_workbook():
    data = parse_plan_file("ke-hoach.xlsx", workbook())

    assert data.sheet_plan == SHEET_PLAN and data.sheet_items == SHEET_ITEMS
    assert data.plan.number == "12/KH-UBND"
    assert data.plan.level == "provincial"
    assert (data.plan.period_start, data.plan.period_end) == (2021, 2025)
    assert data.plan.territory == "bd" and data.plan.parent_number == "403/QĐ-TTg"
    assert [(i.code, i.parent_code, i.kind, i.row) for i in data.items] == [
        ("T1", "", "theme", 2),
        ("1", "T1", "activity", 3),
        ("1.1", "1", "task", 4),
    ]
    activity, task = data.items[1], data.items[2]
    assert activity.lead == "bd-dpi" and activity.coordinating == ["bd-donre", "bd-doit"]
    assert activity.on_request is False and activity.due_date is None
    assert task.on_request is True and task.due_date == datetime.date(2021, 12, 31)


def test_reads_english_names_in_any_case_and_ignores_unknown_columns():
    plan = [
        ("NUMBER", "12/KH-UBND"),
        ("Title", "Plan"),
        ("level", "Provincial"),
        ("territory", "bd"),
        ("Period start", "2021"),
        ("period_end", 2025.0),
        ("issued_on", "05/03/2021"),
        ("Legal documents", "403/QĐ-TTg;\n1670/QĐ-TTg"),
        ("Signed by", "someone"),  # unknown: ignored
    ]
    rows = [
        ["Code", "Parent_code", "KIND", "Title", "Title EN", "Priority year", "Remarks"],
        ["T1", None, "Theme", "Theme one", "Theme one (en)", None, "ignored"],
        ["A1", "T1", "activity", "Activity", None, 2022, None],
    ]

    data = parse_plan_file("plan.xlsx", workbook(plan, items_rows=rows))

    assert data.plan.issued_on == datetime.date(2021, 3, 5)
    assert data.plan.legal_documents == ["403/QĐ-TTg", "1670/QĐ-TTg"]
    assert data.plan.period_end == 2025
    assert data.items[0].title_en == "Theme one (en)"
    assert data.items[1].priority_year == 2022
    assert data.item_labels["parent_code"] == "Parent_code"


def test_reads_headings_written_without_diacritics():
    rows = [
        ["MA", "ma cha", "Loai", "noi dung", "co quan chu tri", "TIEU DE TAM", "can cu phap ly"],
        ["T1", None, "chu de", "Chủ đề", "bd-dpi", "x", "403/QĐ-TTg; 1847/KH-UBND"],
    ]

    item = parse_plan_file("plan.xlsx", workbook(items_rows=rows)).items[0]

    assert (item.code, item.kind, item.lead, item.is_placeholder) == ("T1", "theme", "bd-dpi", True)
    assert item.legal_documents == ["403/QĐ-TTg", "1847/KH-UBND"]


def test_a_parent_column_headed_ma_cap_tren_keeps_the_hierarchy():
    header = ["Mã", "Mã cấp trên", "Loại", "Nội dung"]
    items = [
        {"Mã": "T1", "Loại": "chủ đề", "Nội dung": "Chủ đề"},
        {"Mã": "1", "Mã cấp trên": "T1", "Loại": "hoạt động", "Nội dung": "Hoạt động"},
    ]

    data = parse_plan_file("plan.xlsx", workbook(items=items, header=header))

    assert [(i.code, i.parent_code) for i in data.items] == [("T1", ""), ("1", "T1")]
    assert data.item_labels["parent_code"] == "Mã cấp trên"


@pytest.mark.parametrize(
    ("heading", "key"),
    [
        ("Mã cấp trên", "parent_code"),
        ("Mã mục cha", "parent_code"),
        ("Mã số", "code"),
        ("STT", "number"),
        ("TT", "number"),
        ("Tên nhiệm vụ", "title"),
        ("Nội dung hoạt động", "title"),
        ("Đơn vị chủ trì", "lead"),
        ("Cơ quan, đơn vị chủ trì", "lead"),
        ("Đơn vị phối hợp", "coordinating"),
        ("Tiến độ thực hiện", "timeframe"),
        ("Thời gian hoàn thành", "timeframe"),
        ("Thời hạn", "due_date"),
        ("Kết quả đầu ra", "deliverable"),
        ("Theo yêu cầu", "on_request"),
        ("Văn bản căn cứ", "legal_documents"),
        ("Mã hoạt động quốc gia", "implements"),
    ],
)
def test_common_vietnamese_synonyms_of_each_column_are_read(heading, key):
    assert ITEM_LOOKUP[plan_file.normalise(heading)].key == key


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Số kế hoạch cấp trên", "parent_plan"),
        ("Kế hoạch cha", "parent_plan"),
        ("Đơn vị đầu mối", "focal_point"),
        ("Ngày ký", "issued_on"),
        ("Địa phương", "territory"),
        ("Từ năm", "period_start"),
    ],
)
def test_common_vietnamese_synonyms_of_each_plan_field_are_read(name, key):
    assert PLAN_LOOKUP[plan_file.normalise(name)].key == key


def test_a_heading_that_looks_like_a_known_column_is_refused_with_a_suggestion():
    header = ["Mã", "Mã cấp trn", "Loại", "Nội dung"]
    items = [{"Mã": "T1", "Loại": "chủ đề", "Nội dung": "Chủ đề", "Mã cấp trn": ""}]

    problem = the_problem("plan.xlsx", workbook(items=items, header=header))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_ITEMS, 1, "Mã cấp trn")
    assert problem.message == "Column 'Mã cấp trn' is not known; did you mean 'Mã cấp trên'?"


def test_the_suggestion_is_in_vietnamese_by_default():
    header = ["Mã", "Mã cấp trn", "Loại", "Nội dung"]
    items = [{"Mã": "T1", "Loại": "chủ đề", "Nội dung": "Chủ đề"}]

    with translation.override("vi"):
        problem = the_problem("plan.xlsx", workbook(items=items, header=header))

    assert problem.message == "Cột 'Mã cấp trn' không rõ; có phải 'Mã cấp trên'?"


def test_a_plan_field_that_looks_like_a_known_one_is_refused_with_a_suggestion():
    plan = plan_with(**{"Kế hoạch cấp trên": None, "Kế hoạch cấp trn": "403/QĐ-TTg"})

    problem = the_problem("plan.xlsx", workbook(plan))

    assert (problem.sheet, problem.column) == (SHEET_PLAN, "Kế hoạch cấp trn")
    assert problem.row == len(plan)
    assert "did you mean 'Kế hoạch cấp trên'?" in problem.message


@pytest.mark.parametrize(
    "heading", ["Ghi chú", "Kinh phí (triệu đồng)", "Nguồn vốn", "Chỉ tiêu", "Tiến độ (%)", "Mã"]
)
def test_headings_unlike_any_column_are_still_ignored(heading):
    header = [*HEADER, heading] if heading != "Mã" else HEADER
    items = [{**item, heading: "ghi chép"} for item in ITEMS] if heading != "Mã" else ITEMS

    data = parse_plan_file("plan.xlsx", workbook(items=items, header=header))

    assert len(data.items) == 3


def test_a_near_miss_of_a_column_already_present_is_left_alone():
    # Beside "Nội dung", "Nội dungg" is another column (notes, say), not a misspelt one.
    header = [*HEADER, "Nội dungg"]

    data = parse_plan_file("plan.xlsx", workbook(header=header))

    assert len(data.items) == 3


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("quốc gia", "national"),
        ("Quoc gia", "national"),
        ("ngành", "sectoral"),
        ("Tỉnh", "provincial"),
        ("provincial", "provincial"),
    ],
)
def test_plan_level_in_vietnamese_or_english(written, level):
    data = parse_plan_file("plan.xlsx", workbook(plan_with(**{"Cấp": written})))

    assert data.plan.level == level


@pytest.mark.parametrize(
    ("written", "kind"),
    [
        ("chủ đề", "theme"),
        ("Nhóm", "group"),
        ("nhóm hoạt động", "group"),
        ("HOẠT ĐỘNG", "activity"),
        ("nhiệm vụ", "task"),
        ("task", "task"),
    ],
)
def test_item_kind_in_vietnamese_or_english(written, kind):
    data = parse_plan_file("plan.xlsx", workbook(items=items_with(2, **{"Loại": written})))

    assert data.items[0].kind == kind


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("x", True),
        ("X", True),
        ("có", True),
        ("yes", True),
        ("1", True),
        (1, True),
        (True, True),
        ("true", True),
        (None, False),
        ("", False),
        ("không", False),
        (0, False),
        (False, False),
    ],
)
def test_yes_no_cells(written, value):
    data = parse_plan_file(
        "plan.xlsx", workbook(items=items_with(2, **{"Khi có yêu cầu": written}))
    )

    assert data.items[0].on_request is value


@pytest.mark.parametrize(
    "written",
    [datetime.datetime(2021, 12, 31), datetime.date(2021, 12, 31), "31/12/2021", "2021-12-31"],
)
def test_dates_as_excel_dates_or_text(written):
    data = parse_plan_file(
        "plan.xlsx", workbook(items=items_with(2, **{"Hạn hoàn thành": written}))
    )

    assert data.items[0].due_date == datetime.date(2021, 12, 31)


def test_numbers_that_excel_stored_as_numbers_read_as_text():
    items = items_with(3, **{"Mã": 1, "Số": 1.0})
    items[2].update({"Mã": 1.1, "Mã cha": 1, "Số": 1.1})

    data = parse_plan_file("plan.xlsx", workbook(items=items))

    assert [(i.code, i.number, i.parent_code) for i in data.items[1:]] == [
        ("1", "1", "T1"),
        ("1.1", "1.1", "1"),
    ]


def test_decomposed_vietnamese_text_is_stored_composed():
    decomposed = unicodedata.normalize("NFD", "Rà soát các chỉ tiêu")

    data = parse_plan_file("plan.xlsx", workbook(items=items_with(4, **{"Nội dung": decomposed})))

    assert data.items[2].title == unicodedata.normalize("NFC", "Rà soát các chỉ tiêu")


def test_row_numbers_are_the_sheets_own_past_empty_rows_and_a_title_row():
    rows = [
        ["PHỤ LỤC: DANH MỤC HOẠT ĐỘNG"],
        [],
        HEADER,
        *([item.get(name) for name in HEADER] for item in ITEMS[:2]),
        [],
        [],
        [ITEMS[2].get(name) for name in HEADER],
    ]

    data = parse_plan_file("plan.xlsx", workbook(items_rows=rows))

    assert [item.row for item in data.items] == [4, 5, 8]


def test_ignores_the_dimension_a_file_declares():
    # Some programs write a wrong <dimension ref="A1"/>; read-only openpyxl trusts it by default.
    content = workbook()
    source, target = io.BytesIO(content), io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w") as new:
        for info in old.infolist():
            data = old.read(info.filename)
            if info.filename == "xl/worksheets/sheet2.xml":
                data = data.replace(b'<dimension ref="A1:I4"/>', b'<dimension ref="A1"/>')
                assert b'<dimension ref="A1"/>' in data
            new.writestr(info, data)

    data = parse_plan_file("plan.xlsx", target.getvalue())

    assert [item.code for item in data.items] == ["T1", "1", "1.1"]


def test_reads_a_csv_file_with_a_byte_order_mark():
    data = parse_plan_file("ke-hoach.csv", csv_file())

    assert data.plan.number == "12/KH-UBND"
    assert data.sheet_plan == data.sheet_items == "ke-hoach.csv"
    # 8 plan rows, the empty row 9, the heading in row 10
    assert [item.row for item in data.items] == [11, 12, 13]
    assert data.items[1].coordinating == ["bd-donre", "bd-doit"]


def test_reads_a_csv_file_separated_by_semicolons_as_excel_writes_it_in_vietnam():
    plan = plan_with(**{"Tên kế hoạch": "Kế hoạch, giai đoạn 2021 - 2025"})

    data = parse_plan_file("ke-hoach.csv", csv_file(plan, delimiter=";", bom=False))

    assert data.plan.title == "Kế hoạch, giai đoạn 2021 - 2025"
    assert data.items[1].coordinating == ["bd-donre", "bd-doit"]


def test_the_templates_examples_read_back():
    data = parse_plan_file("mau-nhap-ke-hoach.xlsx", build_plan_template())

    assert data.sheet_plan == "Kế hoạch" and data.sheet_items == "Hoạt động"
    assert data.plan.level == "provincial" and data.plan.issued_on == datetime.date(2019, 3, 15)
    assert [(i.code, i.kind) for i in data.items] == [
        ("T1", "theme"),
        ("7", "activity"),
        ("7.1", "task"),
        ("7.2", "task"),
    ]
    assert data.items[3].on_request and data.items[3].is_placeholder


def test_every_name_of_a_field_or_column_leads_to_it_and_to_no_other():
    for specs, lookup in ((PLAN_FIELDS, PLAN_LOOKUP), (ITEM_COLUMNS, ITEM_LOOKUP)):
        names = [plan_file.normalise(n) for s in specs for n in (s.key, s.label, *s.aliases)]
        assert len(names) == len(set(names))
        for spec in specs:
            for name in (spec.key, spec.label, *spec.aliases):
                assert lookup[plan_file.normalise(name)] is spec


# What it rejects -------------------------------------------------------------------------------


def test_a_text_file_renamed_xlsx_is_not_a_workbook():
    problem = the_problem("plan.xlsx", "Số hiệu,12/KH-UBND\n".encode())

    assert "not a valid Excel workbook" in problem.message


def test_a_damaged_workbook_is_not_a_workbook():
    content = workbook()

    assert "not a valid Excel workbook" in the_problem("plan.xlsx", content[:-200]).message
    assert "not a valid Excel workbook" in the_problem("plan.xlsx", content[:2000]).message


def test_a_zip_that_is_not_a_workbook_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")

    assert "not a valid Excel workbook" in the_problem("plan.xlsx", buffer.getvalue()).message


@pytest.mark.parametrize("name", ["plan.pdf", "plan.docx", "plan", "plan.xlsx.exe"])
def test_an_unknown_extension_is_rejected(name):
    problem = the_problem(name, workbook())

    assert "Unknown file type" in problem.message and name in problem.message


def test_an_old_xls_file_is_rejected_with_advice():
    assert "save it as .xlsx" in the_problem("plan.xls", b"\xd0\xcf\x11\xe0").message


def test_a_workbook_with_one_sheet_is_rejected():
    problem = the_problem("plan.xlsx", workbook(sheets=["Kế hoạch"]))

    assert "only one sheet" in problem.message and problem.sheet == "Kế hoạch"


def test_empty_sheets_are_rejected():
    problems = problems_of("plan.xlsx", workbook(plan=[], items_rows=[]))

    assert [(p.sheet, "empty" in p.message) for p in problems] == [
        (SHEET_PLAN, True),
        (SHEET_ITEMS, True),
    ]


def test_a_heading_row_without_items_is_rejected():
    problem = the_problem("plan.xlsx", workbook(items=[]))

    assert problem.message == "There are no items below the heading row."
    assert (problem.sheet, problem.row) == (SHEET_ITEMS, 1)


def test_missing_required_columns_are_named():
    header = [name for name in HEADER if name not in {"Loại", "Nội dung"}]

    problem = the_problem("plan.xlsx", workbook(header=header))

    assert (problem.sheet, problem.row) == (SHEET_ITEMS, 1)
    assert "Loại (kind)" in problem.message and "Nội dung (title)" in problem.message
    assert "Mã (code)" not in problem.message


def test_missing_required_plan_fields_are_named():
    plan = plan_with(**{"Số hiệu": None, "Cấp": None, "Năm kết thúc": None})

    problems = problems_of("plan.xlsx", workbook(plan))

    assert [p.column for p in problems] == ["Số hiệu", "Cấp", "Năm kết thúc"]
    assert all(p.sheet == SHEET_PLAN and "required field" in p.message for p in problems)
    assert "Năm kết thúc (period_end)" in problems[2].message


def test_an_empty_required_plan_value_names_its_row():
    problem = the_problem("plan.xlsx", workbook(plan_with(**{"Địa bàn": "  "})))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_PLAN, 4, "Địa bàn")
    assert problem.message == "This required cell is empty."


@pytest.mark.parametrize("year", ["hai nghìn", "21", "2021.5", 20210, True])
def test_a_year_that_is_not_a_year_is_rejected(year):
    problem = the_problem("plan.xlsx", workbook(plan_with(**{"Năm bắt đầu": year})))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_PLAN, 5, "Năm bắt đầu")
    assert "is not a year" in problem.message


@pytest.mark.parametrize("date", ["31/02/2021", "12/31/2021", "hôm nay", "31/12/21", 44561])
def test_a_bad_date_is_rejected(date):
    problem = the_problem("plan.xlsx", workbook(items=items_with(4, **{"Hạn hoàn thành": date})))

    assert (problem.sheet, problem.row, problem.column) == (SHEET_ITEMS, 4, "Hạn hoàn thành")
    assert "is not a date; write it as dd/mm/yyyy" in problem.message


def test_a_bad_plan_date_is_rejected():
    problem = the_problem("plan.xlsx", workbook(plan_with(**{"Ngày ban hành": "32/01/2021"})))

    assert (problem.row, problem.column) == (9, "Ngày ban hành")


def test_unknown_level_kind_and_yes_no_values_are_rejected():
    plan = plan_with(**{"Cấp": "huyện"})
    items = items_with(3, **{"Loại": "dự án", "Khi có yêu cầu": "có lẽ"})

    problems = problems_of("plan.xlsx", workbook(plan, items))

    assert [(p.row, p.column) for p in problems] == [(3, "Cấp"), (3, "Loại"), (3, "Khi có yêu cầu")]
    assert 'Unknown plan level "huyện"' in problems[0].message
    assert 'Unknown kind "dự án"' in problems[1].message
    assert '"có lẽ" is not yes or no' in problems[2].message


def test_empty_required_cells_are_rejected():
    problems = problems_of("plan.xlsx", workbook(items=items_with(3, **{"Mã": None, "Loại": ""})))

    assert [(p.sheet, p.row, p.column, p.message) for p in problems] == [
        (SHEET_ITEMS, 3, "Mã", "This required cell is empty."),
        (SHEET_ITEMS, 3, "Loại", "This required cell is empty."),
    ]


def test_every_problem_in_the_file_is_reported_at_once():
    plan = plan_with(**{"Năm kết thúc": "sau"})
    items = items_with(2, **{"Loại": "?"})
    items[2]["Hạn hoàn thành"] = "mai"

    problems = problems_of("plan.xlsx", workbook(plan, items))

    assert [(p.sheet, p.row) for p in problems] == [
        (SHEET_PLAN, 6),
        (SHEET_ITEMS, 2),
        (SHEET_ITEMS, 4),
    ]


def test_a_field_given_twice_is_rejected():
    problem = the_problem("plan.xlsx", workbook([*PLAN, ("so hieu", "13/KH-UBND")]))

    assert (problem.row, problem.column) == (9, "so hieu")
    assert "given twice (first in row 1)" in problem.message


def test_two_columns_for_the_same_field_are_rejected():
    rows = [["Mã", "Code", "Loại", "Nội dung"], ["T1", "T1", "chủ đề", "Chủ đề"]]

    problem = the_problem("plan.xlsx", workbook(items_rows=rows))

    assert (problem.row, problem.column) == (1, "Code")
    assert "Mã and Code hold the same thing" in problem.message


def test_a_sheet_with_too_many_rows_is_rejected(monkeypatch):
    monkeypatch.setattr(plan_file, "MAX_ROWS", 8)  # items; the plan sheet's 8 rows are fine

    problem = the_problem("plan.xlsx", workbook(items=ITEMS * 3))

    assert (problem.sheet, problem.row) == (SHEET_ITEMS, 10)  # the ninth item, below the heading
    assert "more than 8 rows" in problem.message


def test_a_csv_file_that_is_not_utf8_is_rejected():
    content = "Số hiệu,12/KH-UBND\n".encode("utf-16")  # Excel's "Unicode Text"

    problem = the_problem("plan.csv", content)

    assert problem.sheet == "plan.csv" and "not UTF-8" in problem.message


def test_a_csv_file_without_the_empty_row_before_the_items_is_rejected():
    problem = the_problem("plan.csv", csv_file(separator=False))

    assert "one empty row" in problem.message


def test_an_empty_csv_file_is_rejected():
    assert the_problem("plan.csv", b"\xef\xbb\xbf\r\n\r\n").message == "The file is empty."


def test_csv_problems_name_the_files_own_rows():
    content = csv_file(items=items_with(3, **{"Hạn hoàn thành": "30/02/2021"}))

    problem = the_problem("plan.csv", content)

    assert (problem.sheet, problem.row, problem.column) == ("plan.csv", 12, "Hạn hoàn thành")
