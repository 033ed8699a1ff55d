"""Hostile workbooks against the one workbook reader (core.spreadsheet.open_workbook).

Builds, in a temporary folder, the files of issue #12 item 6 and a real-sized workbook that
must be accepted, then opens each in a fresh subprocess and prints its peak memory (the
process's maximum resident set, minus what it held before opening the file) and the time,
with the reader of today and, with --before, the ways uploads were opened before it
(plan and catalogue: openpyxl read-only, dimensions reset, every row read; agency workbook:
openpyxl's full load). The "before" runs are capped at --limit-mb of address space so that a
bomb cannot take the machine down: "over the cap" then means it would have used more.

    .venv/bin/python bench/hostile_workbooks.py            # today's reader only
    .venv/bin/python bench/hostile_workbooks.py --before   # and the earlier readers
"""

from __future__ import annotations

import argparse
import io
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import tracemalloc
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

HEAD = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<dimension ref="{dimension}"/><sheetData>'
)
TAIL = "</sheetData></worksheet>"


def _base() -> bytes:
    from openpyxl import Workbook

    wb = Workbook()
    first = wb.active
    assert first is not None
    first.append(["x"])
    wb.create_sheet("Hoạt động").append(["x"])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def _write(path: Path, sheet: str, rows, dimension: str = "A1") -> None:
    """A copy of a two-sheet workbook whose sheet `sheet` is written from the `rows` chunks,
    streamed into the zip (the builder never holds the unpacked sheet)."""
    source = zipfile.ZipFile(io.BytesIO(_base()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as target:
        for item in source.infolist():
            if item.filename == sheet:
                continue
            target.writestr(item, source.read(item.filename))
        with target.open(sheet, "w", force_zip64=True) as stream:
            stream.write(HEAD.format(dimension=dimension).encode())
            for chunk in rows:
                stream.write(chunk.encode())
            stream.write(TAIL.encode())


SHEET1 = "xl/worksheets/sheet1.xml"
SHEET2 = "xl/worksheets/sheet2.xml"


def build(folder: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, how it was opened before: "plan" or "agency")."""
    files: dict[str, tuple[Path, str]] = {}

    # An agency workbook of ~100,000 filled rows: small packed, huge as openpyxl cells.
    def agency_rows():
        for r in range(1, 100_001):
            yield (
                f'<row r="{r}">'
                + "".join(f'<c r="{col}{r}"><v>{r % 97}</v></c>' for col in "ABCDEFGHIJ")
                + "</row>"
            )

    files["agency, 100k rows x 10 cells"] = (folder / "agency.xlsx", "agency")
    _write(files["agency, 100k rows x 10 cells"][0], SHEET1, agency_rows(), "A1:J100000")

    # A plan file with one far-right cell (column XFD) per row.
    def far_rows():
        for r in range(1, 5001):
            yield f'<row r="{r}"><c r="XFD{r}" t="inlineStr"><is><t>x</t></is></c></row>'

    files["plan, one far-right cell per row"] = (folder / "far.xlsx", "plan")
    _write(files["plan, one far-right cell per row"][0], SHEET2, far_rows(), "A1")

    # 400 MB of blank styled cells.
    def blank_rows():
        row = "<row>" + '<c s="0"/>' * 100 + "</row>"
        for _ in range(400 * 1024 * 1024 // len(row)):
            yield row

    files["plan, 400 MB of blanks"] = (folder / "blanks.xlsx", "plan")
    _write(files["plan, 400 MB of blanks"][0], SHEET2, blank_rows(), "A1")

    # Entity declarations (a billion laughs) in front of the items sheet.
    laughs = (
        '<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY a "aaaaaaaaaa">'
        + "".join(
            f'<!ENTITY {n} "{("&" + p + ";") * 10}">'
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)
        )
        + "]>"
    )
    body = (
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        '<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&i;</t></is></c></row>'
        "</sheetData></worksheet>"
    )
    files["plan, entity declarations"] = (folder / "dtd.xlsx", "plan")
    _write_part(files["plan, entity declarations"][0], SHEET2, (laughs + body).encode())

    # Real sizes, to be accepted: a plan of 5,000 rows x 15 columns of Vietnamese text.
    def real_rows():
        for r in range(1, 5001):
            cells = "".join(
                f'<c r="{col}{r}" t="inlineStr"><is><t>Nội dung hoạt động {r}-{col}</t></is></c>'
                for col in "ABCDEFGHIJKLMNO"
            )
            yield f'<row r="{r}">{cells}</row>'

    files["accepted: plan 5,000 rows x 15 columns"] = (folder / "real.xlsx", "plan")
    _write(files["accepted: plan 5,000 rows x 15 columns"][0], SHEET2, real_rows(), "A1:O5000")

    # Real sizes of an agency workbook, to be accepted: 2,000 lines x 20 columns of text.
    def agency_real_rows():
        for r in range(1, 2001):
            cells = "".join(
                f'<c r="{col}{r}" t="inlineStr"><is><t>Kết quả thực hiện {r}-{col} của cơ quan'
                "</t></is></c>"
                for col in "ABCDEFGHIJKLMNOPQRST"
            )
            yield f'<row r="{r}">{cells}</row>'

    # The largest sheet the reader lets through (under its row and cell limits).
    def limit_rows():
        for r in range(1, 15_001):
            cells = "".join(
                f'<c r="{col}{r}" t="inlineStr"><is><t>Nội dung {r}</t></is></c>'
                for col in "ABCDEFGHIJKLMNOPQRST"
            )
            yield f'<row r="{r}">{cells}</row>'

    files["accepted: near the limits, 15,000 x 20"] = (folder / "limits.xlsx", "agency")
    _write(files["accepted: near the limits, 15,000 x 20"][0], SHEET1, limit_rows(), "A1:T15000")

    files["accepted: agency 2,000 rows x 20 columns"] = (folder / "agency-real.xlsx", "agency")
    _write(
        files["accepted: agency 2,000 rows x 20 columns"][0], SHEET1, agency_real_rows(), "A1:T2000"
    )
    return files


def _write_part(path: Path, name: str, data: bytes) -> None:
    source = zipfile.ZipFile(io.BytesIO(_base()))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            if item.filename != name:
                target.writestr(item, source.read(item.filename))
        target.writestr(name, data)


# --- One measurement, in its own process --------------------------------------------------------


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(path: str, reader: str, limit_mb: int) -> dict:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
    import django

    django.setup()
    import openpyxl  # noqa: F401 - imported before the clock starts
    from django.utils import translation

    import core.spreadsheet  # noqa: F401

    translation.activate("en")
    content = Path(path).read_bytes()
    before = _rss_mb()
    if reader != "now":
        cap = int((before + limit_mb) * 1024 * 1024)
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    started = time.perf_counter()
    outcome = _open(content, reader, limit_mb)
    seconds = time.perf_counter() - started
    rss = _rss_mb()
    traced = None
    if reader == "now":  # again, counting the Python heap (tracemalloc slows the parse)
        tracemalloc.start()
        _open(content, reader, limit_mb)
        traced = tracemalloc.get_traced_memory()[1] / 1024 / 1024
        tracemalloc.stop()
    return {
        "seconds": seconds,
        "peak_mb": rss - before,
        "max_rss_mb": rss,
        "traced_mb": traced,
        "outcome": outcome,
    }


def _open(content: bytes, reader: str, limit_mb: int) -> str:
    import openpyxl

    from core.spreadsheet import ImportRejected, open_workbook

    try:
        if reader == "now":
            wb = open_workbook(content)
        elif reader == "plan":
            wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        else:
            wb = openpyxl.load_workbook(io.BytesIO(content), data_only=True)
        # As the importers do: the filled rows of every sheet are kept (plans.plan_file).
        kept: list[tuple[object, ...]] = []
        for ws in wb.worksheets:
            if reader == "plan":
                ws.reset_dimensions()
            kept.extend(
                row for row in ws.iter_rows(values_only=True) if any(v is not None for v in row)
            )
        wb.close()
        return f"accepted ({sum(len(row) for row in kept):,} cells kept)"
    except ImportRejected as exc:
        return "refused: " + exc.problems[0].message[:44]
    except MemoryError:
        return f"over the cap of {limit_mb} MB"
    except Exception as exc:  # noqa: BLE001 - a bench reports whatever happens
        return f"{type(exc).__name__}: {str(exc)[:50]}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", action="store_true", help="also measure the earlier readers")
    parser.add_argument("--limit-mb", type=int, default=1500, help="cap of the 'before' runs")
    parser.add_argument("--timeout", type=int, default=120, help="seconds per measurement")
    parser.add_argument("--measure", nargs=2, metavar=("FILE", "READER"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.measure[0], args.measure[1], args.limit_mb)))
        return
    with tempfile.TemporaryDirectory() as folder:
        files = build(Path(folder))
        print(
            f"{'file':40} {'packed':>9} {'reader':>7} {'seconds':>8} {'+RSS MB':>8} "
            f"{'max RSS':>8} {'heap MB':>8}  outcome"
        )
        for name, (path, before_reader) in files.items():
            readers = ["now"] + ([before_reader] if args.before else [])
            for reader in readers:
                try:
                    result = subprocess.run(
                        [sys.executable, __file__, "--measure", str(path), reader]
                        + ["--limit-mb", str(args.limit_mb)],
                        capture_output=True,
                        text=True,
                        cwd=ROOT,
                        timeout=args.timeout,
                        check=False,
                    )
                except subprocess.TimeoutExpired:
                    print(f"{name:40} {reader:>7} still parsing after {args.timeout} s: stopped")
                    continue
                lines = result.stdout.strip().splitlines()
                if result.returncode != 0 or not lines:
                    print(f"{name:40} {reader:>7} failed: {result.stderr.strip()[-200:]}")
                    continue
                figures = json.loads(lines[-1])
                label = "today" if reader == "now" else "before"
                traced = figures["traced_mb"]
                print(
                    f"{name:40} {path.stat().st_size / 1024:>7.0f}KB {label:>7} "
                    f"{figures['seconds']:>8.3f} {figures['peak_mb']:>8.1f} "
                    f"{figures['max_rss_mb']:>8.1f} "
                    f"{'' if traced is None else f'{traced:.1f}':>8}  {figures['outcome']}"
                )


if __name__ == "__main__":
    main()
