"""Property-based tests of the plan file parser (hypothesis), bounded for CI.

Whatever the bytes, the name or the cells, `parse_plan_file` answers with a PlanImport or
ImportRejected, never another exception; in a workbook or CSV of the right shape every
problem names its sheet; and any valid plan tree written to a file reads back the same.

No database access (the parser is pure): pytest-django fails any test that tries.
"""

from __future__ import annotations

import csv
import datetime
import io
import unicodedata

import openpyxl
from django.utils import translation
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from openpyxl.worksheet.worksheet import Worksheet

from plans.actions import _check_tree
from plans.plan_file import KIND_NAMES, parse_plan_file
from plans.plan_import import ImportProblem, ImportRejected, PlanImport
from plans.tests.plan_files import HEADER, ITEMS, PLAN, csv_file, workbook

BOUNDED = settings(
    max_examples=50,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

VIETNAMESE = "ăâđêôơưáàảãạắằẳẵặấầẩẫậéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵĂÂĐÊÔƠƯẮỆỮ"
# Text openpyxl can write: no control characters (except line feed and tab), no surrogates,
# no unassigned code points or non-characters (U+FFFE/FFFF are not allowed in XML).
cell_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIETNAMESE + " ;,./-=+@'\"\n\t()*%#"),
        st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co")),
    ),
    max_size=40,
)
SPECIAL_TEXT = st.sampled_from(
    [
        "=SUM(A1:A3)",
        "=1/0",
        '=HYPERLINK("http://example.org")',
        "+1",
        "-",
        "@x",
        "31/02/2020",
        "29/02/2021",
        "00/00/0000",
        "2021",
        "９９９９",  # full-width digits
        "١٢٣٤",  # Arabic-Indic digits
        "x",
        "có",
        "không",
        "   ",
        "",
        "tỉnh",
        "hoạt động",
        "Mã",
        "Mã cha",
        "Số hiệu",
        "a\u0300",  # decomposed à
        "9" * 30,
    ]
)
cell_value = st.one_of(
    st.none(),
    cell_text,
    SPECIAL_TEXT,
    st.booleans(),
    st.integers(min_value=-(10**15), max_value=10**15),
    st.floats(allow_nan=False, allow_infinity=False, min_value=-1e15, max_value=1e15),
    st.dates(min_value=datetime.date(1900, 3, 1), max_value=datetime.date(2100, 12, 31)),
    st.datetimes(
        min_value=datetime.datetime(1900, 3, 1), max_value=datetime.datetime(2100, 12, 31)
    ),
)
sheet_title = st.text(alphabet=st.sampled_from("ABCXYZabcxyz0123 ăđơưạế-_"), max_size=18).map(
    lambda t: ("S" + t).strip()
)
sheet_titles = st.lists(sheet_title, min_size=2, max_size=2, unique=True).map(tuple)


def outcome(name: str, content: bytes) -> PlanImport | list[ImportProblem]:
    """The parser's answer; any exception but ImportRejected fails the test."""
    with translation.override("en"):
        try:
            return parse_plan_file(name, content)
        except ImportRejected as exc:
            assert exc.problems, "a rejection must say why"
            assert all(isinstance(p, ImportProblem) and p.message for p in exc.problems)
            return exc.problems


def spoil(rows: list[list], edits: list[tuple[int, int, object]]) -> list[list]:
    """`rows` with some cells replaced (row and column taken modulo the size, growing rows)."""
    rows = [list(row) for row in rows]
    for row, column, value in edits:
        target = rows[row % len(rows)]
        column %= len(target) + 2
        target.extend([None] * (column + 1 - len(target)))
        target[column] = value
    return rows


edits = st.lists(
    st.tuples(st.integers(0, 50), st.integers(0, 20), cell_value), min_size=1, max_size=12
)


def item_rows() -> list[list]:
    return [HEADER, *([item.get(name) for name in HEADER] for item in ITEMS)]


# Anything at all -------------------------------------------------------------------------------


@BOUNDED
@given(
    name=st.one_of(
        st.sampled_from(["k.xlsx", "k.csv", "K.XLSX", "a/b\\c.CSV", "k.xls", "k.txt", ".csv", ""]),
        st.text(max_size=30),
    ),
    content=st.one_of(
        st.binary(max_size=2000),
        st.just(b"PK\x03\x04" + b"\x00" * 40),  # the start of a zip and nothing more
        st.just("\ufeffSố hiệu,1\n\nMã,Loại\n".encode()),
        st.just(b"\xef\xbb\xbf\x00\x00,\x00"),
    ),
)
def test_arbitrary_bytes_and_names_are_only_ever_rejected(name, content):
    answer = outcome(name, content)

    assert isinstance(answer, PlanImport | list)


@BOUNDED
@given(
    positions=st.lists(st.integers(0, 10_000), min_size=1, max_size=20),
    replacement=st.binary(min_size=1, max_size=8),
    truncate=st.one_of(st.none(), st.integers(0, 10_000)),
)
def test_a_damaged_workbook_is_rejected_not_crashed_on(positions, replacement, truncate):
    data = bytearray(workbook())
    for position in positions:
        at = position % len(data)
        data[at : at + len(replacement)] = replacement
    if truncate is not None:
        data = data[: truncate % len(data)]

    answer = outcome("ke-hoach.xlsx", bytes(data))

    assert isinstance(answer, PlanImport | list)


# Well-formed files, arbitrary cells ------------------------------------------------------------


@BOUNDED
@given(
    plan_edits=edits,
    items_edits=edits,
    titles=sheet_titles,
)
def test_any_cell_values_in_a_workbook_give_problems_that_name_their_sheet(
    plan_edits, items_edits, titles
):
    content = workbook(
        spoil([list(row) for row in PLAN], plan_edits),
        sheets=titles,
        items_rows=spoil(item_rows(), items_edits),
    )

    answer = outcome("ke-hoach.xlsx", content)

    if isinstance(answer, list):
        for problem in answer:
            assert problem.sheet in titles, problem
    else:
        assert (answer.sheet_plan, answer.sheet_items) == titles


def csv_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return str(value)


@BOUNDED
@given(
    plan_edits=edits,
    items_edits=edits,
    delimiter=st.sampled_from([",", ";"]),
    bom=st.booleans(),
)
@example(plan_edits=[(0, 0, "\x00")], items_edits=[(1, 1, "x" * 200_000)], delimiter=",", bom=1)
def test_any_cell_values_in_a_csv_give_problems_that_name_the_file(
    plan_edits, items_edits, delimiter, bom
):
    plan = spoil([list(row) for row in PLAN], plan_edits)
    items = spoil(item_rows(), items_edits)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerows([[csv_text(v) for v in row] for row in plan])
    writer.writerow([])
    writer.writerows([[csv_text(v) for v in row] for row in items])
    content = ("\ufeff" if bom else "").encode() + buffer.getvalue().encode()

    answer = outcome("C:\\Tải về\\ke-hoach.csv", content)

    if isinstance(answer, list):
        for problem in answer:
            assert problem.sheet == "ke-hoach.csv", problem
    else:
        assert answer.sheet_plan == answer.sheet_items == "ke-hoach.csv"


# Valid plans round-trip ------------------------------------------------------------------------

code_text = st.text(alphabet=st.sampled_from("ABCTđĐ0123456789.-_"), min_size=1, max_size=6)
title_text = st.text(
    alphabet=st.one_of(
        st.sampled_from(VIETNAMESE + " ,;.-()\"'\n"),
        st.characters(blacklist_categories=("Cc", "Cs", "Cn", "Co", "Zl", "Zp")),
    ),
    min_size=1,
    max_size=60,
).filter(lambda t: unicodedata.normalize("NFC", t).strip())


def kind_spellings(kind: str) -> list[str]:
    """The ways a user may write a kind: its names in any case, with or without diacritics."""
    vietnamese = {
        "theme": ["Chủ đề", "CHỦ ĐỀ", "chu de"],
        "group": ["Nhóm", "nhóm hoạt động", "NHOM NHIEM VU"],
        "activity": ["Hoạt động", "HOẠT ĐỘNG", "hoat dong"],
        "task": ["Nhiệm vụ", "nhiệm vụ", "NHIEM VU"],
    }[kind]
    return [kind, kind.upper(), *vietnamese]


@st.composite
def valid_plans(draw):
    """A random tree: unique codes, each parent earlier in a topological order, rows then
    shuffled so that parents come before or after their children."""
    codes = draw(st.lists(code_text, min_size=1, max_size=25, unique_by=str.casefold))
    kinds = [str(k) for k in KIND_NAMES]
    items = []
    for index, code in enumerate(codes):
        parent = draw(st.one_of(st.none(), st.integers(0, index - 1))) if index else None
        kind = draw(st.sampled_from(kinds))
        items.append(
            {
                "code": code,
                "parent": codes[parent] if parent is not None else "",
                "kind": kind,
                "kind_written": draw(st.sampled_from(kind_spellings(kind))),
                "title": draw(title_text),
            }
        )
    order = draw(st.permutations(range(len(items))))
    return [items[i] for i in order], draw(title_text)


def expected_text(text: str) -> str:
    return unicodedata.normalize("NFC", text).strip()


def as_text(text: str) -> str:
    text = text.lstrip("=")
    return text if expected_text(text) else "x"


def written_rows(items) -> list[list]:
    return [
        ["Mã", "Mã cha", "Loại", "Nội dung"],
        *([i["code"], i["parent"] or None, i["kind_written"], i["title"]] for i in items),
    ]


def check_round_trip(data: PlanImport, items, plan_title: str) -> None:
    assert data.plan.title == expected_text(plan_title)
    assert [(i.code, i.parent_code, i.kind, i.title) for i in data.items] == [
        (i["code"], i["parent"], i["kind"], expected_text(i["title"])) for i in items
    ]
    problems: list[ImportProblem] = []
    _check_tree(data, problems)  # what import_plan checks before touching the database
    assert problems == []


@BOUNDED
@given(plan=valid_plans())
def test_a_valid_plan_written_to_a_workbook_reads_back_the_same(plan):
    items, plan_title = plan
    # openpyxl writes text starting with "=" as a formula: a workbook cannot hold it as text.
    items = [dict(i, title=as_text(i["title"])) for i in items]
    plan_title = as_text(plan_title)
    book = openpyxl.Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = "Kế hoạch"
    for name, value in PLAN:
        sheet.append([name, plan_title if name == "Tên kế hoạch" else value])
    items_sheet = book.create_sheet("Hoạt động")
    for row in written_rows(items):
        items_sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)

    answer = outcome("ke-hoach.xlsx", buffer.getvalue())

    assert isinstance(answer, PlanImport), answer
    check_round_trip(answer, items, plan_title)


@BOUNDED
@given(plan=valid_plans(), delimiter=st.sampled_from([",", ";"]))
def test_a_valid_plan_written_to_a_csv_reads_back_the_same(plan, delimiter):
    items, plan_title = plan
    rows = written_rows(items)
    content = csv_file(
        [(n, plan_title if n == "Tên kế hoạch" else v) for n, v in PLAN],
        [dict(zip(rows[0], row, strict=True)) for row in rows[1:]],
        header=rows[0],
        delimiter=delimiter,
    )

    answer = outcome("ke-hoach.csv", content)

    assert isinstance(answer, PlanImport), answer
    check_round_trip(answer, items, plan_title)
