"""The restructuring file: one row per change to the organisation map (CSV or .xlsx).

Columns (Vietnamese headings first, the English ones are accepted too): the organisation's
code, the change (sáp nhập / đổi tên / giải thể / chuyển / thành lập), the first day it takes
effect (dd/mm/yyyy), the organisation it is merged into or placed under, the new name, English
name and short name, the kind of a new organisation, and the legal basis. A file is read whole
and every problem is reported with its row and column; nothing is written here
(restructuring/actions.py applies it).
"""

from __future__ import annotations

import datetime
import io
import re
import unicodedata
from dataclasses import dataclass
from pathlib import PureWindowsPath
from typing import Any

from django.utils.translation import gettext as _
from openpyxl import Workbook

from core.spreadsheet import (
    ImportProblem,
    ImportRejected,
    cell_text,
    csv_rows,
    open_workbook,
    put,
)
from orgs.models import OrganisationKind

MERGE, RENAME, CLOSE, MOVE, CREATE = "merge", "rename", "close", "move", "create"

# The column keys, each with its Vietnamese heading (the template's) and the English one.
COLUMNS: list[tuple[str, str, str]] = [
    ("code", "Mã cơ quan", "Organisation code"),
    ("change", "Thay đổi", "Change"),
    ("effective", "Ngày hiệu lực", "Effective from"),
    ("target", "Sáp nhập vào / trực thuộc", "Merged into / placed under"),
    ("name", "Tên mới", "New name"),
    ("name_en", "Tên tiếng Anh", "English name"),
    ("short_name", "Tên viết tắt", "Short name"),
    ("kind", "Loại cơ quan", "Kind"),
    ("legal_basis", "Căn cứ pháp lý", "Legal basis"),
]

CHANGE_WORDS = {
    MERGE: ("sáp nhập", "hợp nhất", "merge"),
    RENAME: ("đổi tên", "rename"),
    CLOSE: ("giải thể", "chấm dứt", "kết thúc", "close"),
    MOVE: ("chuyển", "điều chuyển", "move"),
    CREATE: ("thành lập", "create"),
}

KIND_WORDS = {
    OrganisationKind.MINISTRY: ("bộ", "ministry"),
    OrganisationKind.PROVINCE: ("tỉnh", "ubnd tỉnh", "province"),
    OrganisationKind.DEPARTMENT: ("sở", "department"),
    OrganisationKind.DISTRICT: ("huyện", "district"),
    OrganisationKind.COMMUNE: ("xã", "phường", "commune"),
    OrganisationKind.OTHER: ("khác", "other"),
}

DATE_DMY = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
DATE_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")


def _key(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


HEADING_KEYS = {_key(h): key for key, vi, en in COLUMNS for h in (vi, en, key)}
CHANGE_KEYS = {_key(w): change for change, words in CHANGE_WORDS.items() for w in words}
KIND_KEYS = {_key(w): kind for kind, words in KIND_WORDS.items() for w in (*words, kind)}


def heading(key: str) -> str:
    return next(vi for k, vi, _en in COLUMNS if k == key)


@dataclass(frozen=True)
class Change:
    """One row of the file."""

    row: int
    change: str  # MERGE, RENAME, CLOSE, MOVE or CREATE
    code: str
    effective: datetime.date
    target: str = ""
    name: str = ""
    name_en: str = ""
    short_name: str = ""
    kind: str = ""
    legal_basis: str = ""

    def problem(self, message: str, column: str = "") -> ImportProblem:
        return ImportProblem(message, row=self.row, column=heading(column) if column else "")


def parse_restructuring_file(name: str, content: bytes) -> list[Change]:
    """The changes `content` (a file called `name`, .xlsx or .csv) lists, in file order.
    Raises ImportRejected with every problem found, each with its row and column."""
    suffix = PureWindowsPath(name).suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(content)
    elif suffix == ".csv":
        rows = [
            (number, [cell.strip() for cell in values])
            for number, values in csv_rows(content)
            if any(cell.strip() for cell in values)
        ]
    else:
        raise ImportRejected(
            [
                ImportProblem(
                    _(
                        "Unknown file type %(name)s: upload an Excel workbook (.xlsx) or a CSV "
                        "file (.csv)."
                    )
                    % {"name": PureWindowsPath(name).name}
                )
            ]
        )
    return _changes(rows)


def _xlsx_rows(content: bytes) -> list[tuple[int, list[str]]]:
    workbook = open_workbook(content)
    try:
        sheet = workbook.worksheets[0]
        return [
            (number, [cell_text(v) for v in values])
            for number, values in enumerate(sheet.iter_rows(values_only=True), start=1)
            if any(cell_text(v) for v in values)
        ]
    finally:
        workbook.close()


def _date(text: str) -> datetime.date | None:
    try:
        if match := DATE_DMY.fullmatch(text):
            day, month, year = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
        if match := DATE_ISO.fullmatch(text):
            year, month, day = (int(part) for part in match.groups())
            return datetime.date(year, month, day)
    except ValueError:
        return None
    return None


def _changes(rows: list[tuple[int, list[str]]]) -> list[Change]:
    if not rows:
        raise ImportRejected([ImportProblem(_("The file is empty."))])
    head_row, head = rows[0]
    columns: dict[str, int] = {}
    problems: list[ImportProblem] = []
    for index, title in enumerate(head):
        key = HEADING_KEYS.get(_key(title))
        if key:
            columns[key] = index
        elif title.strip():
            problems.append(
                ImportProblem(
                    _("Unknown column %(title)s.") % {"title": title}, row=head_row, column=title
                )
            )
    for key in ("code", "change", "effective"):
        if key not in columns:
            problems.append(
                ImportProblem(
                    _("The column %(title)s is missing.") % {"title": heading(key)}, row=head_row
                )
            )
    if problems:
        raise ImportRejected(problems)

    def value(values: list[str], key: str) -> str:
        index = columns.get(key)
        if index is None or index >= len(values):
            return ""
        return unicodedata.normalize("NFC", values[index]).strip()

    changes = []
    for number, values in rows[1:]:
        here: list[ImportProblem] = []

        def bad(
            message: str, key: str, row: int = number, into: list[ImportProblem] = here
        ) -> None:
            into.append(ImportProblem(message, row=row, column=heading(key)))

        fields: dict[str, Any] = {k: value(values, k) for k, _vi, _en in COLUMNS}
        change = CHANGE_KEYS.get(_key(fields["change"]))
        if change is None:
            bad(
                _('"%(value)s" is not a change; write one of: %(choices)s.')
                % {
                    "value": fields["change"],
                    "choices": ", ".join(w[0] for w in CHANGE_WORDS.values()),
                },
                "change",
            )
        effective = _date(fields["effective"])
        if effective is None:
            bad(
                _('"%(value)s" is not a date; write it as dd/mm/yyyy, e.g. 31/12/2020.')
                % {"value": fields["effective"]},
                "effective",
            )
        if not fields["code"]:
            bad(_("Write the organisation's code."), "code")
        if change in {MERGE, MOVE} and not fields["target"]:
            bad(_("Write the organisation it is merged into or placed under."), "target")
        if change in {RENAME, CREATE} and not fields["name"]:
            bad(_("Write the new name."), "name")
        kind = ""
        if change == CREATE:
            kind = KIND_KEYS.get(_key(fields["kind"]), "")
            if not kind:
                bad(
                    _('"%(value)s" is not a kind of organisation; write one of: %(choices)s.')
                    % {
                        "value": fields["kind"],
                        "choices": ", ".join(w[0] for w in KIND_WORDS.values()),
                    },
                    "kind",
                )
        if here:
            problems.extend(here)
            continue
        assert change is not None and effective is not None
        changes.append(
            Change(
                row=number,
                change=change,
                code=fields["code"],
                effective=effective,
                target=fields["target"],
                name=fields["name"],
                name_en=fields["name_en"],
                short_name=fields["short_name"],
                kind=kind,
                legal_basis=fields["legal_basis"],
            )
        )
    if problems:
        raise ImportRejected(problems)
    if not changes:
        raise ImportRejected([ImportProblem(_("The file lists no change."))])
    return changes


def template_workbook() -> bytes:
    """The downloadable template: the headings and three example rows."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "Sap xep to chuc"
    for column, (_k, vi, _en) in enumerate(COLUMNS, start=1):
        put(sheet, 1, column, vi)
        sheet.column_dimensions[chr(64 + column)].width = 28
    examples = [
        ["bd-skhdt", "sáp nhập", "01/03/2025", "bd-stc", "", "", "", "", "NQ 176/2025/QH15"],
        [
            "bd-stc",
            "đổi tên",
            "01/03/2025",
            "",
            "Sở Tài chính tỉnh Bình Dương",
            "",
            "Sở TC",
            "",
            "NĐ 45/2025/NĐ-CP",
        ],  # fmt: skip
        ["bd-di-an", "giải thể", "01/07/2025", "", "", "", "", "", "NQ 202/2025/QH15"],
    ]
    for row, values in enumerate(examples, start=2):
        for column, text in enumerate(values, start=1):
            put(sheet, row, column, text)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
