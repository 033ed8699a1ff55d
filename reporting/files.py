"""Evidence files: the type is read from the content (magic bytes), never from the name."""

from __future__ import annotations

import zipfile

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from core.filetypes import DOCX, JPEG, PDF, PNG, XLSX, sniff_magic
from core.spreadsheet import check_upload_size

__all__ = ["DOCX", "JPEG", "PDF", "PNG", "XLSX", "check_upload", "sniff"]
ALLOWED_LABEL = "PDF, Word (.docx), Excel (.xlsx), PNG, JPEG"


def sniff(head: bytes, upload: UploadedFile) -> str | None:
    """The content type of an allowed file, or None for anything else."""
    magic = sniff_magic(head)
    if magic is not None:
        return magic
    if head.startswith(b"PK\x03\x04"):
        # Office Open XML is a zip; tell Word from Excel from any other zip by its parts.
        try:
            upload.seek(0)
            with zipfile.ZipFile(upload) as archive:
                names = set(archive.namelist())
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "word/document.xml" in names:
            return DOCX
        if "xl/workbook.xml" in names:
            return XLSX
    return None


def check_upload(upload: UploadedFile, *, max_bytes: int) -> str:
    """Return the file's content type, or raise ValidationError({"file": ...})."""
    try:
        check_upload_size(upload.size, max_bytes)
    except ValidationError as exc:
        raise ValidationError({"file": exc.messages}) from exc
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    content_type = sniff(head, upload)
    if content_type is None:
        raise ValidationError(
            {
                "file": _("This type of file is not accepted; attach one of: %(types)s.")
                % {"types": ALLOWED_LABEL}
            }
        )
    return content_type
