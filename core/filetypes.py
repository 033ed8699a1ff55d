"""File types read from the content (magic bytes), never from the name, and files served under
the name and type that content has.

A file whose name says `.html` and whose first bytes say PDF is a PDF: it is stored and
downloaded as `name.pdf`, so that a browser opening the downloaded file never renders it as a
page. Files are served inline only when their content was checked to be a PDF or an image;
anything else is an attachment of type application/octet-stream. Every response carries
`X-Content-Type-Options: nosniff`, so that no browser guesses another type.
"""

from __future__ import annotations

from pathlib import PurePosixPath
from typing import IO

from django.http import FileResponse

PDF = "application/pdf"
PNG = "image/png"
JPEG = "image/jpeg"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
OCTET_STREAM = "application/octet-stream"

EXTENSIONS = {PDF: ".pdf", PNG: ".png", JPEG: ".jpg", DOCX: ".docx", XLSX: ".xlsx"}
INLINE_TYPES = frozenset({PDF, PNG, JPEG})


def sniff_magic(head: bytes) -> str | None:
    """PDF, PNG or JPEG from the first bytes of a file, or None (Office files are zips: the
    caller looks inside, see reporting.files.sniff)."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    return None


def named_as(name: str, content_type: str) -> str:
    """`name` with the extension of `content_type` in place of its own (polyglot.html ->
    polyglot.pdf); unchanged for a type without a known extension."""
    extension = EXTENSIONS.get(content_type)
    if extension is None:
        return name
    path = PurePosixPath(name.replace("\\", "/").rsplit("/", 1)[-1] or "file")
    stem = path.stem if path.suffix else path.name
    return f"{stem or 'file'}{extension}"


def serve_file(
    file: IO[bytes], *, name: str, content_type: str | None, attachment: bool = False
) -> FileResponse:
    """A download of `file`, whose checked content type is `content_type` (None: unknown),
    under `name` with that type's extension. Inline for a checked PDF or image unless
    `attachment`, an attachment otherwise; never sniffed."""
    inline = content_type in INLINE_TYPES and not attachment
    if content_type is not None:
        name = named_as(name, content_type)
    response = FileResponse(
        file,
        as_attachment=not inline,
        filename=name,
        content_type=content_type if content_type is not None else OCTET_STREAM,
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
