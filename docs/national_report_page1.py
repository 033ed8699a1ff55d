"""Page 1 of the ministry's national report as a PNG: docs/screenshots/national-report-page1.png.

    .venv/bin/python docs/national_report_page1.py

Builds, in a throwaway SQLite database, the test national round of documents/tests (the
national plan 403/QĐ-TTg, three provinces with invented plans and reports: test data, not
facts), writes the national Word report dated 10/02/2020, converts it with LibreOffice
(documents.pdf) and renders page 1 with pdftoppm. Needs LibreOffice and poppler-utils.
"""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_db = tempfile.NamedTemporaryFile(prefix="greenplan-shot-", suffix=".sqlite3", delete=False)
os.environ["DATABASE_URL"] = f"sqlite:///{_db.name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

OUT = ROOT / "docs" / "screenshots" / "national-report-page1.png"
PROVINCES = ["tỉnh Bình Dương", "tỉnh Bà Rịa - Vũng Tàu", "Thành phố Hồ Chí Minh"]


def main() -> None:
    from documents.national import consolidate_national
    from documents.national_docx import build_national_docx
    from documents.pdf import docx_to_pdf
    from documents.tests.national_data import build_national_world

    call_command("migrate", verbosity=0)
    world = build_national_world(3, accepted=2, names=PROVINCES)
    c = consolidate_national(world.round, today=datetime.date(2020, 2, 10))
    pdf = docx_to_pdf(build_national_docx(c))
    if pdf is None or shutil.which("pdftoppm") is None:
        sys.exit("LibreOffice (soffice) and pdftoppm are needed.")
    with tempfile.TemporaryDirectory() as tmp:
        source = Path(tmp) / "national.pdf"
        source.write_bytes(pdf)
        subprocess.run(  # noqa: S603 - fixed arguments, our own file
            [
                "pdftoppm",
                "-png",
                "-r",
                "80",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(Path(tmp) / "page"),
            ],  # fmt: skip
            check=True,
        )
        shutil.copyfile(Path(tmp) / "page.png", OUT)
    print(OUT)


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        Path(_db.name).unlink(missing_ok=True)
