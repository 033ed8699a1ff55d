"""Body paragraphs are written as XML (documents.docx_layout.body, for speed): the XML must be
what python-docx's paragraph, format and run calls wrote, whatever the text holds."""

from __future__ import annotations

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from documents.docx_layout import add_text, body, font

TEXTS = [
    'Đã triển khai kế hoạch <chi tiết> & "phân công"',
    "  leading and trailing spaces  ",
    "a line\nanother\r\nand\ta tab",
    "\n starts with a break",
    "",
    "control \x01\x0b characters dropped",
    "tab at the end\t",
]


def _by_api(doc, text: str, *, bold_prefix: str = "", indent: bool = True):
    """body() as it was written with python-docx's API."""
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    if bold_prefix:
        font(add_text(p, bold_prefix), bold=True)
    font(add_text(p, text))
    return p


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize(
    ("prefix", "indent"), [("", True), ("- Sở Tài chính (ghi chú): ", True), ("", False)]
)
def test_a_body_paragraph_is_the_xml_python_docx_wrote(text, prefix, indent):
    by_api, by_xml = Document(), Document()

    expected = _by_api(by_api, text, bold_prefix=prefix, indent=indent)
    written = body(by_xml, text, bold_prefix=prefix, indent=indent)

    assert written._p.xml == expected._p.xml
    assert written.text == expected.text
    # In the same place: before the section properties that end the body.
    assert by_xml.element.body.xml == by_api.element.body.xml
