"""Read a plan from a spreadsheet into a `PlanImport`. Pure: no database access.

Two formats (the downloadable template, plans/plan_template.py, shows both sheets filled in):

Excel workbook (.xlsx)
    Sheet 1, the plan: one field per row, its name in column A and its value in column B
    (column C and beyond are free for notes). Sheet 2, the items: a heading row, then one row
    per theme, group, activity or task. Other sheets (the template's instructions) are ignored.

CSV (.csv, UTF-8, a byte-order mark is fine)
    The plan's field rows as in sheet 1, then one empty row, then the items' heading row and
    item rows as in sheet 2. Fields are separated by commas or, as Excel writes them under
    Vietnamese regional settings, by semicolons; the plan's rows tell which.

Field names and column headings may be written in Vietnamese or English, in any case, with or
without diacritics ("Cơ quan chủ trì", "co quan chu tri", "lead"), or under a common synonym
("Đơn vị chủ trì", "Mã cấp trên"); unknown ones are ignored, except those so close to a known
name that they look misspelt ("Mã cấp trn"): those are refused with the name they resemble.
Rows above the items' heading row (a title, say) are ignored too. Lists (coordinating
agencies, legal documents) are separated by ";" or line breaks; dates are dd/mm/yyyy or real
Excel dates; yes/no cells take x / có / yes / 1 / true for yes and nothing for no.

Every problem found is reported together, each naming the sheet, the row (the spreadsheet's own
row number) and the column as written in the file. References to agencies, plans, items and
legal documents are checked later, against the database, by `plans.actions.import_plan`.
"""

from __future__ import annotations

import csv
import datetime
import difflib
import functools
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any, TypeVar

from django.utils.formats import number_format
from django.utils.translation import gettext as _

from core.spreadsheet import WorkbookLimits, not_a_workbook, open_workbook
from plans.models import ItemKind, PlanLevel
from plans.plan_import import ImportProblem, ImportRejected, ItemRow, PlanData, PlanImport
from plans.search import fold_vietnamese

# Far above any real plan (the national plan has ~100 items, a province's with every
# commune's tasks some tens of thousands); a bound on the work one upload can cause, since a
# small compressed workbook can unpack into millions of rows. An import of this size takes
# seconds, not minutes (bench/plan_import.py); above PLAN_IMPORT_BACKGROUND_ROWS it runs as a
# task of the queue (plans.jobs).
MAX_ROWS = 100_000
# How far down a sheet rows are read at all: MAX_ROWS items, their heading, a title and
# some empty rows above them, or a CSV file's plan rows.
SHEET_MAX_ROWS = MAX_ROWS + 1_000
# What core.spreadsheet.open_workbook lets a plan workbook unpack to: room for MAX_ROWS item
# rows of a dozen filled columns (about 300 bytes of XML a row), and no more.
WORKBOOK_LIMITS = WorkbookLimits(
    total_bytes=80 * 1024 * 1024,
    member_bytes=64 * 1024 * 1024,
    rows=SHEET_MAX_ROWS,
    cells=MAX_ROWS * 20,
)
# How far down the items sheet to look for the heading row.
HEADER_SEARCH_ROWS = 10
FIRST_YEAR, LAST_YEAR = 1945, 2100

T = TypeVar("T")


@dataclass(frozen=True)
class FieldSpec:
    """A plan field or an item column: its name in code (and English), its Vietnamese name."""

    key: str
    label: str  # the Vietnamese name the template uses
    aliases: tuple[str, ...] = ()  # further accepted names
    required: bool = False

    @property
    def display(self) -> str:
        return f"{self.label} ({self.key})"


# Aliases are the other names people commonly give a field or a column, written as they are
# written (a suggestion for a misspelt heading quotes them); they are compared folded.
PLAN_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "number",
        "Số hiệu",
        ("Số", "Số kế hoạch", "Số văn bản", "Số ký hiệu", "Số hiệu văn bản"),
        required=True,
    ),
    FieldSpec("title", "Tên kế hoạch", ("Tên", "Trích yếu", "Tên văn bản"), required=True),
    FieldSpec("title_en", "Tên tiếng Anh", ("Title English", "English title")),
    FieldSpec("level", "Cấp", ("Cấp kế hoạch",), required=True),
    FieldSpec(
        "territory", "Địa bàn", ("Địa bàn áp dụng", "Địa phương", "Phạm vi áp dụng"), required=True
    ),
    FieldSpec("period_start", "Năm bắt đầu", ("Từ năm", "Năm bắt đầu thực hiện"), required=True),
    FieldSpec("period_end", "Năm kết thúc", ("Đến năm", "Năm kết thúc thực hiện"), required=True),
    FieldSpec(
        "parent_plan",
        "Kế hoạch cấp trên",
        ("Kế hoạch cha", "Số kế hoạch cấp trên", "Parent", "Parent number"),
    ),
    FieldSpec("issuer", "Cơ quan ban hành", ("Đơn vị ban hành", "Nơi ban hành")),
    FieldSpec("issued_on", "Ngày ban hành", ("Ngày ký", "Ngày văn bản")),
    FieldSpec(
        "focal_point",
        "Cơ quan đầu mối",
        ("Đầu mối", "Đơn vị đầu mối", "Cơ quan thường trực", "Cơ quan tham mưu"),
    ),
    FieldSpec("description", "Mô tả", ("Ghi chú",)),
    FieldSpec("legal_documents", "Căn cứ pháp lý", ("Căn cứ", "Văn bản căn cứ", "Legal basis")),
)

ITEM_COLUMNS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "code",
        "Mã",
        ("Mã số", "Mã hiệu", "Ký hiệu", "Mã mục", "Mã hoạt động", "Mã nhiệm vụ"),
        required=True,
    ),
    FieldSpec(
        "parent_code",
        "Mã cha",
        ("Mã cấp trên", "Mã mục cha", "Mã mục cấp trên", "Thuộc mã", "Cấp trên", "Parent"),
    ),
    FieldSpec("kind", "Loại", ("Loại mục", "Phân loại", "Type"), required=True),
    FieldSpec("number", "Số", ("STT", "Số TT", "Số thứ tự", "TT", "No")),
    FieldSpec(
        "title",
        "Nội dung",
        (
            "Tên",
            "Tên hoạt động",
            "Tên nhiệm vụ",
            "Tên nội dung",
            "Nội dung hoạt động",
            "Nội dung nhiệm vụ",
            "Nội dung công việc",
        ),
        required=True,
    ),
    FieldSpec(
        "title_en", "Tên tiếng Anh", ("Title English", "Nội dung tiếng Anh", "English title")
    ),
    FieldSpec(
        "lead",
        "Cơ quan chủ trì",
        (
            "Chủ trì",
            "Đơn vị chủ trì",
            "Cơ quan, đơn vị chủ trì",
            "Cơ quan chủ trì thực hiện",
            "Đơn vị thực hiện",
            "Lead agency",
        ),
    ),
    FieldSpec(
        "coordinating",
        "Cơ quan phối hợp",
        (
            "Phối hợp",
            "Đơn vị phối hợp",
            "Cơ quan, đơn vị phối hợp",
            "Cơ quan phối hợp thực hiện",
            "Coordinating agencies",
        ),
    ),
    FieldSpec(
        "timeframe",
        "Thời gian thực hiện",
        (
            "Thời gian",
            "Tiến độ thực hiện",
            "Lộ trình",
            "Lộ trình thực hiện",
            "Giai đoạn thực hiện",
            # In Vietnamese plans this column holds years ("2022", "Hàng năm"), not a date.
            "Thời gian hoàn thành",
        ),
    ),
    FieldSpec(
        "implements",
        "Thực hiện hoạt động quốc gia",
        ("Hoạt động quốc gia", "Mã hoạt động quốc gia", "Implements national item"),
    ),
    FieldSpec("on_request", "Khi có yêu cầu", ("Theo yêu cầu", "When requested")),
    FieldSpec("priority_year", "Năm ưu tiên", ("Ưu tiên năm",)),
    FieldSpec("due_date", "Hạn hoàn thành", ("Hạn", "Thời hạn", "Thời hạn hoàn thành", "Hạn chót")),
    FieldSpec(
        "deliverable", "Sản phẩm", ("Sản phẩm đầu ra", "Kết quả đầu ra", "Sản phẩm, kết quả")
    ),
    FieldSpec("placeholder", "Tiêu đề tạm", ("Is placeholder", "Placeholder title")),
    FieldSpec("legal_documents", "Căn cứ pháp lý", ("Căn cứ", "Văn bản căn cứ", "Legal basis")),
)

LEVEL_NAMES = {
    PlanLevel.NATIONAL: ("quoc gia", "cap quoc gia"),
    PlanLevel.SECTORAL: ("nganh", "cap nganh", "bo nganh"),
    PlanLevel.PROVINCIAL: ("tinh", "cap tinh"),
}
KIND_NAMES = {
    ItemKind.THEME: ("chu de",),
    ItemKind.GROUP: ("nhom", "nhom hoat dong", "nhom nhiem vu"),
    ItemKind.ACTIVITY: ("hoat dong",),
    ItemKind.TASK: ("nhiem vu",),
}
YES = {"x", "yes", "y", "co", "1", "true", "dung", "√", "✓"}
NO = {"", "no", "n", "khong", "0", "false", "sai"}


@functools.lru_cache(maxsize=4096)  # the same few kinds, yes/no words and headings, row after row
def normalise(name: str) -> str:
    """A field name or heading reduced to folded words: "Mã cha (*)" -> "ma cha"."""
    return " ".join(re.sub(r"[^a-z0-9√✓]+", " ", fold_vietnamese(name)).split())


def _lookup(specs: Iterable[FieldSpec]) -> dict[str, FieldSpec]:
    table: dict[str, FieldSpec] = {}
    for spec in specs:
        for name in (spec.key, spec.label, *spec.aliases):
            table[normalise(name)] = spec
    return table


def _written(specs: Iterable[FieldSpec]) -> dict[str, str]:
    """Folded name -> the name as written, to quote in a suggestion."""
    return {normalise(n): n for spec in specs for n in (spec.key, spec.label, *spec.aliases)}


def _names(table: dict[Any, tuple[str, ...]]) -> dict[str, str]:
    return {
        normalise(name): str(value) for value, names in table.items() for name in (value, *names)
    }


PLAN_LOOKUP = _lookup(PLAN_FIELDS)
ITEM_LOOKUP = _lookup(ITEM_COLUMNS)
PLAN_WRITTEN = _written(PLAN_FIELDS)
ITEM_WRITTEN = _written(ITEM_COLUMNS)

# An unknown heading this close to a known name (difflib's ratio, on folded forms) is taken for
# a misspelling and refused with the name it resembles, rather than silently ignored (a parent
# column ignored loses the whole hierarchy). Short names are left out: "Hạng" is not "Hạn".
SUGGESTION_CUTOFF = 0.85
SUGGESTION_MIN_LENGTH = 5
# Comparing costs ~0.1 ms a heading; a real sheet has a few dozen columns or fields, so looking
# at the first few hundred unknown ones bounds the work a hostile 16,384-column row can cause.
SUGGESTION_MAX_NAMES = 300


def suggestion(
    name: str, lookup: dict[str, FieldSpec], written: dict[str, str], present: set[str]
) -> str | None:
    """The known name that `name`, an unknown field name or heading, seems a misspelling of,
    or None. Fields already present (`present`: their keys) are not suggested: a heading close
    to one that is there is another column."""
    folded = normalise(name)
    if len(folded) < SUGGESTION_MIN_LENGTH or folded in lookup:
        return None
    candidates = [
        known
        for known, spec in lookup.items()
        if len(known) >= SUGGESTION_MIN_LENGTH and spec.key not in present
    ]
    close = difflib.get_close_matches(folded, candidates, n=1, cutoff=SUGGESTION_CUTOFF)
    return written[close[0]] if close else None


LEVELS = _names(LEVEL_NAMES)
KINDS = _names(KIND_NAMES)


@dataclass
class Sheet:
    """The non-empty rows of a sheet (or of a CSV section), with their row numbers."""

    name: str
    rows: list[tuple[int, tuple[Any, ...]]]


class BadValue(ValueError):
    """A cell whose value cannot be read as what its column holds; the message says why."""


def parse_plan_file(name: str, content: bytes) -> PlanImport:
    """Read `content`, a file called `name` (.xlsx or .csv), into a `PlanImport`.

    Raises ImportRejected listing every problem found in the file.
    """
    suffix = PureWindowsPath(name).suffix.lower()  # Windows paths also split on "/"
    if suffix == ".xlsx":
        plan_sheet, items_sheet = _read_xlsx(content)
    elif suffix == ".csv":
        plan_sheet, items_sheet = _read_csv(PureWindowsPath(name).name, content)
    elif suffix == ".xls":
        raise _rejected(
            _("Old Excel files (.xls) cannot be read: open the file in Excel and save it as .xlsx.")
        )
    else:
        raise _rejected(
            _("Unknown file type %(name)s: upload an Excel workbook (.xlsx) or a CSV file (.csv).")
            % {"name": name}
        )

    problems: list[ImportProblem] = []
    plan, plan_rows, plan_labels = _parse_plan(plan_sheet, problems)
    items, item_labels = _parse_items(items_sheet, problems)
    if problems or plan is None:
        raise ImportRejected(problems)
    return PlanImport(
        plan=plan,
        items=items,
        sheet_plan=plan_sheet.name,
        sheet_items=items_sheet.name,
        plan_rows=plan_rows,
        plan_labels=plan_labels,
        item_labels=item_labels,
    )


_ROW_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?row[\s>/]")


def count_rows(name: str, content: bytes, *, stop_above: int) -> int:
    """About how many rows the file holds (all sheets; for a CSV file, its lines), counting
    no further than `stop_above` + 1: enough to tell a large file, which is imported in the
    background, from a small one, without parsing it. 0 for a file that cannot be read so
    (its import then says why)."""
    suffix = PureWindowsPath(name).suffix.lower()
    if suffix == ".csv":
        return min(content.count(b"\n") + 1, stop_above + 1)
    if suffix != ".xlsx":
        return 0
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        count = 0
        for member in archive.infolist():
            if not member.filename.startswith("xl/worksheets/"):
                continue
            if member.file_size > WORKBOOK_LIMITS.member_bytes:
                return 0  # refused by the import itself
            tail = b""
            with archive.open(member) as stream:
                while chunk := stream.read(1 << 16):
                    data = tail + chunk
                    count += len(_ROW_TAG.findall(data))
                    tail = data[-4:]  # a tag cut in two; too short to hold one counted
                    if count > stop_above:
                        return count
        return count
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, zlib.error):
        return 0


def _rejected(message: str, sheet: str = "", row: int | None = None) -> ImportRejected:
    return ImportRejected([ImportProblem(message, sheet, row)])


# Reading files into rows ---------------------------------------------------------------------


_not_xlsx = not_a_workbook


def _read_xlsx(content: bytes) -> tuple[Sheet, Sheet]:
    workbook = open_workbook(
        content, limits=WORKBOOK_LIMITS
    )  # refuses bombs and DTDs before parsing
    try:
        worksheets = workbook.worksheets
        if len(worksheets) < 2:
            raise _rejected(
                _(
                    "The workbook has only one sheet. The plan goes on the first sheet and its "
                    "items on the second; download the template to see how."
                ),
                worksheets[0].title if worksheets else "",
            )
        return _read_worksheet(worksheets[0]), _read_worksheet(worksheets[1])
    except ImportRejected:
        raise
    except Exception as exc:  # read-only sheets are parsed lazily, so damage shows up here too
        raise _not_xlsx() from exc
    finally:
        workbook.close()


def _read_worksheet(worksheet: Any) -> Sheet:
    # The dimension a file declares may be wrong (some programs write "A1"); without this a
    # read-only sheet would silently stop at the declared last row.
    worksheet.reset_dimensions()
    return Sheet(
        worksheet.title, _non_empty(worksheet.title, worksheet.iter_rows(values_only=True))
    )


def _non_empty(sheet: str, rows: Iterable[Iterable[Any]]) -> list[tuple[int, tuple[Any, ...]]]:
    kept = []
    normalize = unicodedata.normalize
    for number, row in enumerate(rows, start=1):
        # Text typed on some systems arrives decomposed (a + combining marks); store it
        # composed so that it compares and searches like everything else. (Inline: this runs
        # for every cell of the file.)
        values = tuple([normalize("NFC", v).strip() if isinstance(v, str) else v for v in row])
        if values.count(None) + values.count("") == len(values):
            continue
        if number > SHEET_MAX_ROWS:
            raise _too_many_rows(sheet, number)
        kept.append((number, values))
    return kept


def _too_many_rows(sheet: str, row: int) -> ImportRejected:
    return _rejected(
        _("The sheet has more than %(max)s rows; split the plan or remove empty rows.")
        % {"max": number_format(MAX_ROWS, force_grouping=True)},
        sheet,
        row,
    )


def _read_csv(name: str, content: bytes) -> tuple[Sheet, Sheet]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise _rejected(
            _(
                'The CSV file is not UTF-8 text. In Excel choose "Save as" and the type '
                '"CSV UTF-8 (Comma delimited)", or upload an .xlsx workbook.'
            ),
            name,
        ) from None
    try:
        rows = _non_empty_csv(name, text)
    except csv.Error as exc:
        raise _rejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}, name) from exc
    if not rows:
        raise _rejected(_("The file is empty."), name)
    # The plan's rows end at the first empty row: a gap in the row numbers.
    plan_rows = [rows[0]]
    for number, values in rows[1:]:
        if number != plan_rows[-1][0] + 1:
            break
        plan_rows.append((number, values))
    item_rows = rows[len(plan_rows) :]
    if not item_rows:
        raise _rejected(
            _(
                "The CSV file has no items. Write the plan's rows first, then one empty row, "
                "then the items' heading row and one row per item."
            ),
            name,
        )
    return Sheet(name, plan_rows), Sheet(name, item_rows)


def _non_empty_csv(name: str, text: str) -> list[tuple[int, tuple[Any, ...]]]:
    # Excel writes ";" between fields where the regional settings use "," for decimals, as in
    # Vietnam: pick the delimiter with which the plan's field names are recognised.
    head = text.splitlines()[:20]

    def recognised(delimiter: str) -> int:
        return sum(
            1
            for row in csv.reader(head, delimiter=delimiter)
            if row and normalise(row[0]) in PLAN_LOOKUP
        )

    delimiter = ";" if recognised(";") > recognised(",") else ","
    return _non_empty(name, csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))


# The plan sheet --------------------------------------------------------------------------------


def _parse_plan(
    sheet: Sheet, problems: list[ImportProblem]
) -> tuple[PlanData | None, dict[str, int], dict[str, str]]:
    if not sheet.rows:
        problems.append(
            ImportProblem(
                _("The sheet is empty; it should hold the plan's fields, one per row."),
                sheet.name,
            )
        )
        return None, {}, {}
    found: dict[str, tuple[int, Any]] = {}
    labels: dict[str, str] = {}
    unknown: list[tuple[int, str]] = []
    for number, values in sheet.rows:
        name = _text(values[0])
        spec = PLAN_LOOKUP.get(normalise(name))
        if spec is None:
            unknown.append((number, name))  # a heading, a note, a field this version does not know
            continue
        if spec.key in found:
            problems.append(
                ImportProblem(
                    _("%(field)s is given twice (first in row %(row)s).")
                    % {"field": name, "row": found[spec.key][0]},
                    sheet.name,
                    number,
                    name,
                )
            )
            continue
        found[spec.key] = (number, values[1] if len(values) > 1 else None)
        labels[spec.key] = name

    for number, name in unknown[:SUGGESTION_MAX_NAMES]:
        if close := suggestion(name, PLAN_LOOKUP, PLAN_WRITTEN, set(found)):
            problems.append(
                ImportProblem(
                    _("Field '%(name)s' is not known; did you mean '%(suggestion)s'?")
                    % {"name": name, "suggestion": close},
                    sheet.name,
                    number,
                    name,
                )
            )

    errors_before = len(problems)

    def read(key: str, convert: Callable[[Any], T], default: T) -> T:
        if key not in found:
            return default
        row, value = found[key]
        if _is_blank(value):
            return default  # reported below when the field is required
        try:
            return convert(value)
        except BadValue as exc:
            problems.append(ImportProblem(str(exc), sheet.name, row, labels[key]))
            return default

    for spec in PLAN_FIELDS:
        if not spec.required:
            continue
        if spec.key not in found:
            problems.append(
                ImportProblem(
                    _(
                        "The required field %(field)s is missing: add a row with its name in "
                        "column A and its value in column B."
                    )
                    % {"field": spec.display},
                    sheet.name,
                    None,
                    spec.label,
                )
            )
        elif _is_blank(found[spec.key][1]):
            problems.append(
                ImportProblem(
                    _("This required cell is empty."),
                    sheet.name,
                    found[spec.key][0],
                    labels[spec.key],
                )
            )
    data = PlanData(
        number=read("number", _text, ""),
        title=read("title", _text, ""),
        title_en=read("title_en", _text, ""),
        level=read("level", _level, ""),
        territory=read("territory", _text, ""),
        period_start=read("period_start", _year, None) or 0,
        period_end=read("period_end", _year, None) or 0,
        parent_number=read("parent_plan", _text, ""),
        issuer=read("issuer", _text, ""),
        issued_on=read("issued_on", _date, None),
        focal_point=read("focal_point", _text, ""),
        description=read("description", _text, ""),
        legal_documents=read("legal_documents", _list, []),
    )
    if len(problems) > errors_before:
        return None, {}, {}
    return data, {key: row for key, (row, _value) in found.items()}, labels


# The items sheet -------------------------------------------------------------------------------


def _parse_items(
    sheet: Sheet, problems: list[ImportProblem]
) -> tuple[list[ItemRow], dict[str, str]]:
    if not sheet.rows:
        problems.append(
            ImportProblem(
                _("The sheet is empty; it should hold a heading row and one row per item."),
                sheet.name,
            )
        )
        return [], {}
    header_at = _find_header(sheet.rows)
    header_row, header = sheet.rows[header_at]
    columns: dict[str, int] = {}
    labels: dict[str, str] = {}
    unknown: list[str] = []
    for index, value in enumerate(header):
        heading = _text(value)
        spec = ITEM_LOOKUP.get(normalise(heading))
        if spec is None:
            unknown.append(heading)
            continue
        if spec.key in columns:
            problems.append(
                ImportProblem(
                    _("Columns %(first)s and %(second)s hold the same thing; keep one.")
                    % {"first": labels[spec.key], "second": heading},
                    sheet.name,
                    header_row,
                    heading,
                )
            )
            continue
        columns[spec.key] = index
        labels[spec.key] = heading
    for heading in unknown[:SUGGESTION_MAX_NAMES]:
        if close := suggestion(heading, ITEM_LOOKUP, ITEM_WRITTEN, set(columns)):
            problems.append(
                ImportProblem(
                    _("Column '%(heading)s' is not known; did you mean '%(suggestion)s'?")
                    % {"heading": heading, "suggestion": close},
                    sheet.name,
                    header_row,
                    heading,
                )
            )
    missing = [spec.display for spec in ITEM_COLUMNS if spec.required and spec.key not in columns]
    if missing:
        problems.append(
            ImportProblem(
                _(
                    "Required columns are missing: %(columns)s. The heading row (here row "
                    "%(row)s) must name them."
                )
                % {"columns": ", ".join(missing), "row": header_row},
                sheet.name,
                header_row,
            )
        )
        return [], labels

    item_rows = sheet.rows[header_at + 1 :]
    if len(item_rows) > MAX_ROWS:
        problems.extend(_too_many_rows(sheet.name, item_rows[MAX_ROWS][0]).problems)
        return [], labels
    items = []
    errors_before = len(problems)
    readers = [
        (name, columns[key], convert, default, required, labels[key])
        for name, key, convert, default, required in ITEM_READERS
        if key in columns
    ]
    position = {labels[key]: index for key, index in columns.items()}
    for number, values in item_rows:
        item = _parse_item(sheet.name, number, values, readers, position, problems)
        if item is not None:
            items.append(item)
    if not items and len(problems) == errors_before:
        problems.append(
            ImportProblem(_("There are no items below the heading row."), sheet.name, header_row)
        )
    return items, labels


def _find_header(rows: list[tuple[int, tuple[Any, ...]]]) -> int:
    """The index of the first row naming every required column; the first row if none does."""
    required = {spec.key for spec in ITEM_COLUMNS if spec.required}
    for index, (_number, values) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        keys = {ITEM_LOOKUP[n].key for v in values if (n := normalise(_text(v))) in ITEM_LOOKUP}
        if required <= keys:
            return index
    return 0


# Reader = (ItemRow field, column key, how to read the cell, the value when it cannot be read,
# whether the cell is required); the list is at the end of this module, below the readers.
Reader = tuple[str, str, Callable[[Any], Any], Any, bool]


def _parse_item(
    sheet: str,
    number: int,
    values: tuple[Any, ...],
    readers: list[tuple[str, int, Callable[[Any], Any], Any, bool, str]],
    position: dict[str, int],
    problems: list[ImportProblem],
) -> ItemRow | None:
    """The item of one row, from `readers`: (ItemRow field, the column's index, how to read the
    cell, the value when it cannot be read, whether required, the column as written), for the
    columns the file has; the others keep ItemRow's defaults."""
    errors_before = len(problems)
    fields: dict[str, Any] = {}
    width = len(values)
    for name, index, convert, default, required, label in readers:
        value = values[index] if index < width else None
        if required and _is_blank(value):
            problems.append(ImportProblem(_("This required cell is empty."), sheet, number, label))
            fields[name] = default
            continue
        try:
            fields[name] = convert(value)
        except BadValue as exc:
            problems.append(ImportProblem(str(exc), sheet, number, label))
            fields[name] = default
    if len(problems) == errors_before:
        return ItemRow(**fields, row=number)
    # Report a row's problems from left to right, as the user reads the row.
    problems[errors_before:] = sorted(
        problems[errors_before:], key=lambda problem: position.get(problem.column, 0)
    )
    return None


# Cell values -----------------------------------------------------------------------------------


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "x" if value else ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # Excel keeps every number as a float: 5.0 is "5"
    if isinstance(value, datetime.datetime | datetime.date):
        return value.strftime("%d/%m/%Y")
    return unicodedata.normalize("NFC", str(value)).strip()


_LIST_SEPARATOR = re.compile(r"[;\n]")


def _list(value: Any) -> list[str]:
    if value is None:
        return []
    return [part for part in (p.strip() for p in _LIST_SEPARATOR.split(_text(value))) if part]


def _level(value: Any) -> str:
    level = LEVELS.get(normalise(_text(value)))
    if level is None:
        raise BadValue(
            _(
                'Unknown plan level "%(value)s"; write quốc gia, ngành or tỉnh '
                "(national, sectoral, provincial)."
            )
            % {"value": _text(value)}
        )
    return level


def _kind(value: Any) -> str:
    kind = KINDS.get(normalise(_text(value)))
    if kind is None:
        raise BadValue(
            _(
                'Unknown kind "%(value)s"; write chủ đề, nhóm, hoạt động or nhiệm vụ '
                "(theme, group, activity, task)."
            )
            % {"value": _text(value)}
        )
    return kind


def _bool(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    text = normalise(_text(value))
    if text in YES:
        return True
    if text in NO:
        return False
    raise BadValue(
        _('"%(value)s" is not yes or no; write x (or có) for yes and leave the cell empty for no.')
        % {"value": _text(value)}
    )


def _year(value: Any) -> int | None:
    if _is_blank(value):
        return None
    year: int | None = None
    if isinstance(value, int) and not isinstance(value, bool):
        year = value
    elif isinstance(value, float) and value.is_integer():
        year = int(value)
    elif isinstance(value, str) and re.fullmatch(r"\d{4}", value.strip()):
        year = int(value)
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        raise BadValue(
            _('"%(value)s" is not a year; write four digits, e.g. 2021.') % {"value": _text(value)}
        )
    return year


DATE_DMY = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _date(value: Any) -> datetime.date | None:
    if _is_blank(value):
        return None
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    try:
        if match := DATE_DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := DATE_ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        pass  # 31/02/2020 and the like: reported below
    raise BadValue(
        _('"%(value)s" is not a date; write it as dd/mm/yyyy, e.g. 31/12/2020.') % {"value": text}
    )


ITEM_READERS: tuple[Reader, ...] = (
    ("code", "code", _text, "", True),
    ("kind", "kind", _kind, "", True),
    ("title", "title", _text, "", True),
    ("parent_code", "parent_code", _text, "", False),
    ("number", "number", _text, "", False),
    ("title_en", "title_en", _text, "", False),
    ("lead", "lead", _text, "", False),
    ("coordinating", "coordinating", _list, [], False),
    ("timeframe", "timeframe", _text, "", False),
    ("implements", "implements", _text, "", False),
    ("on_request", "on_request", _bool, False, False),
    ("priority_year", "priority_year", _year, None, False),
    ("due_date", "due_date", _date, None, False),
    ("deliverable", "deliverable", _text, "", False),
    ("is_placeholder", "placeholder", _bool, False, False),
    ("legal_documents", "legal_documents", _list, [], False),
)
