"""Spreadsheets in and out: the one place every export writes through and every upload is
opened by.

Writing. A cell whose text starts with "=", "+", "-" or "@" (or a tab or carriage return) is
read by Excel and LibreOffice as a formula: agency text such as "=HYPERLINK(...)" would run when
a colleague opens the workbook (CSV/formula injection, OWASP). Such text gets a leading single
quote, so it shows as the text it is; `cell_text` takes it off again on the way back in.
Characters XML cannot hold are dropped (core.text).

Reading. `open_workbook` refuses a hostile workbook before openpyxl parses anything: a small
zip can unpack into gigabytes (a zip bomb), a sheet can declare or hold a cell a million rows
down or sixteen thousand columns right (every row is then padded to it), and XML can declare
entities that expand (billion laughs) or reach out of the file. It checks the archive's
sizes and compression ratio from its directory, then reads each XML part once, in chunks,
refusing a DOCTYPE or an ENTITY, and counting the rows, columns and cells of each sheet the
way openpyxl will read them. What it accepts parses in well under 200 MB (bench/
hostile_workbooks.py measures it). openpyxl itself parses through defusedxml (installed).

Importers report `ImportProblem`s (message, sheet, row, column) and raise `ImportRejected`
with all of them: plans, indicators and the agency workbook share these.
"""

from __future__ import annotations

import csv
import datetime
import io
import posixpath
import re
import zipfile
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from openpyxl import load_workbook
from openpyxl.cell.cell import Cell, MergedCell
from openpyxl.utils.cell import column_index_from_string
from openpyxl.workbook.workbook import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from core.text import strip_xml_illegal

FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

# --- Problems of an import ---------------------------------------------------------------------


@dataclass
class ImportProblem:
    message: str
    sheet: str = ""
    row: int | None = None
    column: str = ""

    @property
    def where(self) -> str:
        """Sheet, row and column joined by " / ", leaving out what is not known."""
        parts = [self.sheet, "" if self.row is None else str(self.row), self.column]
        return " / ".join(part for part in parts if part)

    def __str__(self) -> str:
        return f"[{self.where}] {self.message}" if self.where else self.message


class ImportRejected(Exception):
    def __init__(self, problems: list[ImportProblem]):
        super().__init__("; ".join(str(p) for p in problems))
        self.problems = problems


def rejected(message: str, sheet: str = "", row: int | None = None) -> ImportRejected:
    return ImportRejected([ImportProblem(message, sheet, row)])


# --- Writing cells ------------------------------------------------------------------------------


def neutralise(text: str) -> str:
    """The text as a spreadsheet must store it: never a formula, no illegal characters."""
    text = strip_xml_illegal(text)
    if text.startswith(FORMULA_TRIGGERS):
        return "'" + text
    return text


def safe_value(value: Any) -> Any:
    """Numbers, dates and booleans as they are; any text neutralised."""
    if value is None or isinstance(
        value, bool | int | float | Decimal | datetime.date | datetime.datetime
    ):
        return value
    return neutralise(str(value))


def put(ws: Worksheet, row: int, column: int, value: Any) -> Cell | MergedCell:
    """Write a value (text neutralised) into the cell at (row, column)."""
    cell = ws.cell(row=row, column=column)
    if value is not None:  # as ws.cell(value=...) does: a merged cell's part stays untouched
        cell.value = safe_value(value)
    return cell


def put_formula(ws: Worksheet, row: int, column: int, formula: str) -> Cell | MergedCell:
    """Write a formula we built ourselves (never user text): the only way to write "=..."."""
    if not formula.startswith("="):
        raise ValueError("a formula starts with '='")
    cell = ws.cell(row=row, column=column)
    cell.value = formula
    return cell


def append(ws: Worksheet, values: list[Any]) -> None:
    """ws.append with every text neutralised."""
    ws.append([safe_value(v) for v in values])


# --- Reading cells ------------------------------------------------------------------------------


def cell_text(value: Any) -> str:
    """A cell's value as text: "" for an empty cell, 12 for 12.0, our own formula-injection
    quote taken off again."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        text = text[1:]
    return text


# --- Uploads ------------------------------------------------------------------------------------


def check_upload_size(size: int | None, max_bytes: int | None = None) -> None:
    """Raise ValidationError when an upload of `size` bytes is over the limit
    (settings.UPLOAD_MAX_BYTES unless given)."""
    limit = settings.UPLOAD_MAX_BYTES if max_bytes is None else max_bytes
    if size is not None and size > limit:
        raise ValidationError(
            _("The file is too large (%(size)s); the limit is %(limit)s."),
            code="too_large",
            params={"size": filesizeformat(size), "limit": filesizeformat(limit)},
        )


@dataclass(frozen=True)
class WorkbookLimits:
    """Far above any real upload (a plan has ~100 items on ~20 columns, an agency's report a few
    hundred rows), far below what would cost the server hundreds of megabytes."""

    total_bytes: int = 25 * 1024 * 1024  # all parts, unpacked
    member_bytes: int = 20 * 1024 * 1024  # one part, unpacked
    members: int = 500
    # Unpacked / packed. Real sheets pack 5-20 times; blank cells by the million ~1000 times.
    # Only checked on parts over `ratio_from` bytes: a tiny part may pack very well.
    ratio: int = 100
    ratio_from: int = 1024 * 1024
    rows: int = 20_000
    columns: int = 200
    cells: int = 400_000  # per workbook


LIMITS = WorkbookLimits()

_XML_SUFFIXES = (".xml", ".rels", ".vml")
_CHUNK = 1 << 16
# A tag of interest, with or without a namespace prefix: <row ...>, <c ...>, <dimension .../>.
_TAG = re.compile(rb"<(?:[A-Za-z_][\w.\-]*:)?(row|c|dimension)(?=[\s/>])([^>]*)>")
_R = re.compile(rb"""(?:^|\s)r\s*=\s*["']([^"']*)["']""")
_REF = re.compile(rb"""(?:^|\s)ref\s*=\s*["']([^"']*)["']""")
_CELL_REF = re.compile(rb"\$?([A-Za-z]{1,3})\$?(\d+)")
_DECLARATION = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.IGNORECASE)


def csv_rows(content: bytes) -> list[tuple[int, list[str]]]:
    """Every row of an uploaded CSV file with its row number (1 = the first line), cells as
    written. UTF-8 (with or without Excel's BOM) only; the delimiter is ";" when the first line
    has more of them than of "," (Excel writes ";" where the regional settings use "," for
    decimals, as in Vietnam). A file that is not such text is refused with what to do."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise rejected(
            _(
                'The CSV file is not UTF-8 text. In Excel choose "Save as" and the type '
                '"CSV UTF-8 (Comma delimited)", or upload an .xlsx workbook.'
            )
        ) from None
    if "\x00" in text:
        raise rejected(_("The file is not a text (CSV) file."))
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    try:
        return list(
            enumerate(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter), start=1)
        )
    except csv.Error as exc:
        raise rejected(_("The CSV file cannot be read: %(error)s") % {"error": exc}) from exc


def not_a_workbook() -> ImportRejected:
    """The refusal of a file that is not an .xlsx workbook, or a damaged one."""
    return rejected(
        _(
            "The file is not a valid Excel workbook (.xlsx). Open it in Excel and save it "
            'again as "Excel Workbook (.xlsx)".'
        )
    )


def _too_big() -> ImportRejected:
    return rejected(
        _(
            "The workbook is too large once unpacked (it may hold millions of empty cells). "
            "Copy the filled rows into a new workbook and upload that."
        )
    )


def _sheet_too_big(sheet: str, limits: WorkbookLimits) -> ImportRejected:
    return rejected(
        _(
            "The sheet reaches beyond %(rows)s rows or %(columns)s columns (a cell far down or "
            "far right, perhaps empty but formatted). Delete the empty rows and columns after "
            "the data, or copy the filled cells into a new workbook."
        )
        % {"rows": f"{limits.rows:,}".replace(",", "."), "columns": limits.columns},
        sheet,
    )


class _SheetCounter:
    """Follows a worksheet's XML as openpyxl's parser will: a row's number is its `r` or the
    previous one plus one; a cell's column is its `r` or the previous cell's plus one."""

    def __init__(self, name: str, limits: WorkbookLimits, budget: list[int]):
        self.name, self.limits, self.budget = name, limits, budget
        self.row = 0
        self.column = 0

    def feed(self, kind: bytes, attributes: bytes) -> None:
        limits = self.limits
        if kind == b"dimension":
            ref = _REF.search(attributes)
            if ref is not None:
                for match in _CELL_REF.finditer(ref.group(1)):
                    self._check(int(match.group(2)), _column(match.group(1)))
            return
        reference = _R.search(attributes)
        if kind == b"row":
            self.row = _row_number(reference.group(1)) if reference else self.row + 1
            self.column = 0
            self._check(self.row, 0)
            return
        # a cell
        self.budget[0] -= 1
        if self.budget[0] < 0:
            raise _sheet_too_big(self.name, limits)
        cell_ref = _CELL_REF.fullmatch(reference.group(1)) if reference else None
        if reference is not None and cell_ref is None:
            raise not_a_workbook()
        if cell_ref is not None:
            self.column = _column(cell_ref.group(1))
            self._check(int(cell_ref.group(2)), self.column)
        else:
            self.column += 1
            self._check(self.row, self.column)

    def _check(self, row: int, column: int) -> None:
        if row > self.limits.rows or column > self.limits.columns:
            raise _sheet_too_big(self.name, self.limits)


def _column(letters: bytes) -> int:
    return column_index_from_string(letters.decode("ascii").upper())


def _row_number(text: bytes) -> int:
    try:
        return int(float(text))
    except ValueError:
        raise not_a_workbook() from None


def _sheet_members(archive: zipfile.ZipFile) -> dict[str, str]:
    """Zip member of each worksheet -> the sheet's name, from the workbook's own parts, which
    have been scanned for declarations first. Empty when they cannot be read (openpyxl will
    then refuse the file)."""
    from defusedxml.ElementTree import fromstring

    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    rel_ns = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
    try:
        workbook = fromstring(archive.read("xl/workbook.xml"))
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    except Exception:  # missing or damaged parts: openpyxl says so later
        return {}
    targets = {r.get("Id"): r.get("Target", "") for r in rels}
    names = {}
    for sheet in workbook.iter(f"{main}sheet"):
        target = targets.get(sheet.get(f"{rel_ns}id"), "")
        member = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        names[posixpath.normpath(member)] = sheet.get("name", "")
    return names


def check_workbook(content: bytes, limits: WorkbookLimits = LIMITS) -> None:
    """Raise ImportRejected, with a message for the user, unless `content` is an .xlsx archive
    that openpyxl can parse in bounded memory and time. Reads every XML part once."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(content))
        members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise not_a_workbook() from exc
    if len(members) > limits.members:
        raise _too_big()
    total = 0
    for member in members:
        # The directory's sizes bound what is unpacked: Python's zipfile stops at file_size.
        total += member.file_size
        if member.file_size > limits.member_bytes or total > limits.total_bytes:
            raise _too_big()
        if member.file_size > limits.ratio_from and member.file_size > limits.ratio * max(
            member.compress_size, 1
        ):
            raise _too_big()
    by_name = {m.filename: m for m in members}
    if "xl/workbook.xml" not in by_name:
        raise not_a_workbook()
    first = [by_name[n] for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels") if n in by_name]
    for member in first:
        _scan(archive, member, None)
    sheets = _sheet_members(archive)
    budget = [limits.cells]  # cells left for the whole workbook
    for member in members:
        if member in first or not member.filename.lower().endswith(_XML_SUFFIXES):
            continue
        # Every part is counted, not only those under xl/worksheets/: the workbook's
        # relationships may point anywhere, and where they point is openpyxl's reading. Other
        # parts hold no <row> or <c> elements of the main namespace (charts' are <c:...>).
        _scan(archive, member, _SheetCounter(sheets.get(member.filename, ""), limits, budget))


def _scan(archive: zipfile.ZipFile, member: zipfile.ZipInfo, counter: _SheetCounter | None) -> None:
    """Read one XML part in chunks: refuse declarations (DTD, entities) and encodings other
    than UTF-8, and feed a worksheet's tags to `counter`."""
    try:
        with archive.open(member) as stream:
            head = stream.read(_CHUNK)
            # UTF-16/32 would hide a DOCTYPE from the byte search; Excel and LibreOffice write
            # UTF-8.
            if head[:2] in (b"\xff\xfe", b"\xfe\xff") or b"\x00" in head[:4]:
                raise _declaration()
            overlap = b""  # the end of the last chunk, for a "<!DOCTYPE" split between two
            pending = b""  # an unfinished tag, for the next chunk
            chunk = head
            while chunk:
                if _DECLARATION.search(overlap + chunk):
                    raise _declaration()
                overlap = chunk[-16:]
                if counter is not None:
                    data = pending + chunk
                    cut = data.rfind(b"<")
                    if cut == -1 or data.find(b">", cut) != -1:
                        cut = len(data)
                    _feed(counter, data[:cut])
                    pending = data[cut:]
                    if len(pending) > _CHUNK:  # a tag that never ends
                        raise not_a_workbook()
                chunk = stream.read(_CHUNK)
    except ImportRejected:
        raise
    except Exception as exc:  # damaged: bad zip, CRC, zlib/bz2/lzma errors, unknown method
        raise not_a_workbook() from exc


def _feed(counter: _SheetCounter, data: bytes) -> None:
    for match in _TAG.finditer(data):
        counter.feed(match.group(1), match.group(2))


def _declaration() -> ImportRejected:
    return rejected(
        _(
            "The workbook contains XML declarations (DOCTYPE or ENTITY) that Excel never "
            "writes; it is refused. Open it in Excel and save it again as a new workbook."
        )
    )


def open_workbook(
    content: bytes, *, limits: WorkbookLimits = LIMITS, read_only: bool = True
) -> Workbook:
    """The one way an uploaded workbook is opened: `check_workbook`, then openpyxl (values,
    not formulas; read-only, each sheet's declared size ignored as the check has bounded the
    real one). Raises ImportRejected. The caller closes the workbook."""
    check_workbook(content, limits)
    try:
        workbook = load_workbook(io.BytesIO(content), read_only=read_only, data_only=True)
    except Exception as exc:  # a damaged file fails in many ways (zip, XML, missing parts)
        raise not_a_workbook() from exc
    if read_only:
        for worksheet in workbook.worksheets:
            # The dimension a file declares may be wrong (some programs write "A1"); without
            # this a read-only sheet would silently stop at the declared last row.
            worksheet.reset_dimensions()
    return workbook
