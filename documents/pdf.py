"""PDF of a Word report, by LibreOffice in headless mode where the server has it.

settings.DOCUMENTS_SOFFICE names the program; unset, `soffice` or `libreoffice` is looked up
on PATH; set to "" it is switched off. Without it the pages say that PDF is not available.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from django.conf import settings

TIMEOUT_SECONDS = 120


def converter() -> str | None:
    configured = settings.DOCUMENTS_SOFFICE
    if configured is not None:
        return shutil.which(configured) if configured else None
    return shutil.which("soffice") or shutil.which("libreoffice")


def pdf_available() -> bool:
    return converter() is not None


def docx_to_pdf(docx: bytes, timeout: int = TIMEOUT_SECONDS) -> bytes | None:
    """The PDF of `docx`, or None when no converter is installed or the conversion fails."""
    program = converter()
    if program is None:
        return None
    with tempfile.TemporaryDirectory(prefix="greenplan-pdf-") as tmp:
        folder = Path(tmp)
        source = folder / "report.docx"
        source.write_bytes(docx)
        # A profile of its own: two conversions at once must not share (and lock) one.
        profile = (folder / "profile").as_uri()
        try:
            subprocess.run(  # noqa: S603 - fixed arguments, no shell, our own file
                [
                    program,
                    f"-env:UserInstallation={profile}",
                    "--headless",
                    "--convert-to",
                    "pdf",
                    "--outdir",
                    str(folder),
                    str(source),
                ],
                capture_output=True,
                timeout=timeout,
                check=True,
            )
        except (OSError, subprocess.SubprocessError):
            return None
        result = folder / "report.pdf"
        return result.read_bytes() if result.exists() else None
