"""Hostile workbooks built in memory, for the tests and bench/hostile_workbooks.py."""

from __future__ import annotations

import io
import zipfile

from openpyxl import Workbook

SHEET = "xl/worksheets/sheet1.xml"


def plain(rows: int = 3, columns: int = 3) -> bytes:
    wb = Workbook()
    ws = wb.worksheets[0]
    ws.title = "Data"
    for r in range(1, rows + 1):
        ws.append([f"r{r}c{c}" for c in range(1, columns + 1)])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def with_part(content: bytes, name: str, data: bytes) -> bytes:
    """`content` with the zip member `name` replaced by (or added as) `data`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)
    return out.getvalue()


def sheet_xml(rows: str, dimension: str = "A1") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


def with_sheet(rows: str, dimension: str = "A1", base: bytes | None = None) -> bytes:
    return with_part(base or plain(), SHEET, sheet_xml(rows, dimension))


def blanks(megabytes: int) -> bytes:
    """A sheet of styled empty cells, `megabytes` MB unpacked (packs ~1000 times)."""
    row = "".join(f'<c r="{letter}{{r}}" s="0"/>' for letter in "ABCDEFGHIJ")
    per_row = len(row) + 20
    count = megabytes * 1024 * 1024 // per_row
    body = "".join(
        f'<row r="{r}">' + row.replace("{r}", str(r)) + "</row>" for r in range(1, count)
    )
    return with_sheet(body, f"J{count}")


def far_right(rows: int = 5000) -> bytes:
    """One cell per row in the last column Excel has (XFD): every row read is padded to it."""
    body = "".join(
        f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'
        for r in range(1, rows + 1)
    )
    return with_sheet(body, f"XFD{rows}")


def declared(dimension: str = "A1:XFD1048576") -> bytes:
    return with_sheet('<row r="1"><c r="A1" t="inlineStr"><is><t>x</t></is></c></row>', dimension)


def many_rows(rows: int) -> bytes:
    body = "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, rows + 1))
    return with_sheet(body, f"A{rows}")


ENTITIES = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
    '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>\n'
)


def with_dtd(part: str = SHEET, content: bytes | None = None) -> bytes:
    """A DTD with entity declarations in front of one of the workbook's parts."""
    content = content or plain()
    original = zipfile.ZipFile(io.BytesIO(content)).read(part).decode()
    body = original[original.index("?>") + 2 :] if original.startswith("<?xml") else original
    return with_part(content, part, (ENTITIES + body).encode())
