"""The Word layout of greenplan's documents: fonts, styles, page setup, and the writers of
paragraphs and tables (Decree 30/2020/NĐ-CP: A4, margins 20/20/30/15 mm, Times New Roman for
every script, in black).

Every text enters the document through `add_text`, `add_paragraph` or the table writer, which
drop the characters XML 1.0 cannot hold. What a report says is docx_report's business.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.text import strip_xml_illegal

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
BODY_PT = 14
TABLE_PT = 12
APPENDIX_PT = 11
TEXT_WIDTH_CM = 16.5  # 210 mm - 30 mm - 15 mm
LANDSCAPE_WIDTH_CM = 25.2  # 297 mm - 30 mm - 15 mm
TABLE_STYLE = "GP Table"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"


# --- Fonts and styles --------------------------------------------------------------------------


def set_fonts(rpr) -> None:
    """Times New Roman for every script; theme fonts would override explicit names."""
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for name in list(fonts.attrib):
        del fonts.attrib[name]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def add_text(paragraph: Paragraph, text: str = "") -> Run:
    """The one way text enters the document (with _runs_xml for tables): characters XML cannot
    hold (pasted from Word, stored before text was cleaned on entry) would make python-docx
    raise and the whole build fail."""
    return paragraph.add_run(strip_xml_illegal(text))


def add_paragraph(container, text: str, style=None) -> Paragraph:
    return container.add_paragraph(strip_xml_illegal(text), style=style)


def font(run: Run, size: float | None = None, *, bold: bool = False, italic: bool = False) -> Run:
    set_fonts(run._element.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return run


def setup_styles(doc: DocumentObject) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            set_fonts(rpr)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            set_fonts(style.element.get_or_add_rPr())
            style.font.color.rgb = BLACK
    normal = doc.styles["Normal"]
    normal.font.size = Pt(BODY_PT)
    fmt = normal.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    fmt.line_spacing = 1.15
    for name, size in ((HEADING_1, BODY_PT), (HEADING_2, BODY_PT)):
        style = doc.styles[name]
        style.font.size = Pt(size)
        style.font.bold = True
        style.font.italic = False
        style.font.color.rgb = BLACK
        style.paragraph_format.space_before = Pt(6)
        style.paragraph_format.space_after = Pt(6)
        style.paragraph_format.line_spacing = 1.15
        style.paragraph_format.keep_with_next = True
        style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        style.paragraph_format.first_line_indent = Cm(1)
    table_text = doc.styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    set_fonts(table_text.element.get_or_add_rPr())
    table_text.font.size = Pt(TABLE_PT)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.first_line_indent = Cm(0)


def page_setup(section, *, landscape: bool = False) -> None:
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Mm(297), Mm(210)
    else:
        section.orientation = WD_ORIENT.PORTRAIT
        section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = Mm(20)
    section.bottom_margin = Mm(20)
    section.left_margin = Mm(30)
    section.right_margin = Mm(15)
    section.header_distance = Mm(10)
    section.footer_distance = Mm(10)


def page_numbers(section) -> None:
    """A centred PAGE field in the header, none on the first page."""
    section.different_first_page_header_footer = True
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    paragraph.paragraph_format.space_after = Pt(0)
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "2")):
        run = font(paragraph.add_run(), 13)
        if kind:
            char = OxmlElement("w:fldChar")
            char.set(qn("w:fldCharType"), kind)
            run._element.append(char)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            run._element.append(instr)
        elif text is not None:
            run.text = text
    end = font(paragraph.add_run(), 13)
    char = OxmlElement("w:fldChar")
    char.set(qn("w:fldCharType"), "end")
    end._element.append(char)
    # The first page's header exists but stays empty.
    section.first_page_header.paragraphs[0].text = ""


# --- Paragraph helpers -------------------------------------------------------------------------


def rule(container, width_cm: float, cell_width_cm: float) -> Paragraph:
    """A short horizontal rule centred in its cell or page (under a name, motto or title)."""
    p = container.add_paragraph()
    indent = max(0.0, (cell_width_cm - width_cm) / 2)
    fmt = p.paragraph_format
    fmt.left_indent = Cm(indent)
    fmt.right_indent = Cm(indent)
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(3)
    fmt.space_after = Pt(0)
    fmt.line_spacing = 1.0
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    top = OxmlElement("w:top")
    for key, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{key}"), value)
    borders.append(top)
    # pBdr comes before spacing/ind/jc in CT_PPr's sequence.
    anchor = ppr.find(qn("w:spacing"))
    if anchor is None:
        anchor = ppr.find(qn("w:ind"))
    if anchor is not None:
        anchor.addprevious(borders)
    else:
        ppr.append(borders)
    # A 6 pt paragraph mark: the rule sits close under the text above.
    mark = OxmlElement("w:rPr")
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), "12")
    mark.append(size)
    ppr.append(mark)
    return p


def fixed_widths(table: Table, widths_cm: list[float], margin_cm: float | None = None) -> None:
    """Column widths Word and LibreOffice both honour: grid, cells and a fixed layout."""
    table.autofit = False
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
        # A row stays on one page (the signature block with its title, the header block).
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
    if margin_cm is not None:
        tblpr = table._tbl.tblPr
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(round(margin_cm / 2.54 * 1440)))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        tblpr.append(margins)


def centred(
    container,
    text: str,
    size: float,
    *,
    bold: bool = False,
    italic: bool = False,
    after: float = 0,
    first: bool = False,
) -> Paragraph:
    p = container.paragraphs[0] if first else container.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    fmt = p.paragraph_format
    fmt.first_line_indent = Cm(0)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    font(add_text(p, text), size, bold=bold, italic=italic)
    return p


_FONTS_XML = f'<w:rFonts w:ascii="{FONT}" w:hAnsi="{FONT}" w:eastAsia="{FONT}" w:cs="{FONT}"/>'
_FIRST_LINE_CM1 = '<w:ind w:firstLine="567"/>'  # Cm(1) in twips, as python-docx writes it
_BODY_NS = nsdecls("w")


def _t_xml(text: str) -> str:
    space = ' xml:space="preserve"' if len(text.strip()) < len(text) else ""
    return f"<w:t{space}>{escape(text)}</w:t>"


def _run_xml(text: str, *, bold: bool) -> str:
    """font(add_text(p, text), bold=bold) as XML: python-docx's run text (a tab as <w:tab/>,
    each CR or LF as <w:br/>) with Times New Roman for every script."""
    parts = [f"<w:r><w:rPr>{_FONTS_XML}{'<w:b/>' if bold else ''}</w:rPr>"]
    pending: list[str] = []
    for char in strip_xml_illegal(text):
        if char == "\t" or char in "\r\n":
            if pending:
                parts.append(_t_xml("".join(pending)))
                pending.clear()
            parts.append("<w:tab/>" if char == "\t" else "<w:br/>")
        else:
            pending.append(char)
    if pending:
        parts.append(_t_xml("".join(pending)))
    parts.append("</w:r>")
    return "".join(parts)


def body(doc, text: str, *, bold_prefix: str = "", indent: bool = True) -> Paragraph:
    """A justified paragraph of body text (first line indented 1 cm), an optional bold
    prefix. Written as XML and parsed once: python-docx's paragraph, format and run calls
    were half of a province's Word build (thousands of paragraphs). The same XML as
    doc.add_paragraph() with alignment, first_line_indent and font(add_text(...)) wrote
    (documents/tests/test_docx_layout.py compares them)."""
    xml = "".join(
        (
            f"<w:p {_BODY_NS}><w:pPr>{_FIRST_LINE_CM1 if indent else ''}",
            '<w:jc w:val="both"/></w:pPr>',
            _run_xml(bold_prefix, bold=True) if bold_prefix else "",
            _run_xml(text, bold=False),
            "</w:p>",
        )
    )
    element = parse_xml(xml)
    doc.element.body._insert_p(element)
    return Paragraph(element, doc._body)


def paragraphs(doc, text: str) -> None:
    for chunk in (text or "").splitlines():
        if chunk.strip():
            body(doc, chunk.strip())


def _runs_xml(text: str, bold: bool) -> str:
    """WordprocessingML runs for `text`, line breaks kept as <w:br/>."""
    props = "<w:rPr><w:b/></w:rPr>" if bold else ""
    lines = [escape(line) for line in strip_xml_illegal(text or "").split("\n")]
    inner = '</w:t><w:br/><w:t xml:space="preserve">'.join(lines)
    return f'<w:r>{props}<w:t xml:space="preserve">{inner}</w:t></w:r>'


def _cell_xml(text: str, width: int, style_id: str, *, bold: bool, align: str) -> str:
    jc = f'<w:jc w:val="{align}"/>' if align else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width}" w:type="dxa"/></w:tcPr>'
        f'<w:p><w:pPr><w:pStyle w:val="{style_id}"/>{jc}</w:pPr>{_runs_xml(text, bold)}</w:p>'
        "</w:tc>"
    )


def data_table(
    doc,
    headers: list[str],
    widths: list[float],
    rows: list[list[str]],
    *,
    size_style,
    numeric: set[int] | frozenset[int] = frozenset(),
    total: list[str] | None = None,
) -> Table:
    """A bordered table with a bold header row repeated on each page; no row is split across
    two pages.

    Written as one XML string and parsed once: python-docx's cell-by-cell API takes seconds
    for an appendix of a hundred rows with long texts.
    """
    style_id = size_style.style_id
    twips = [round(w / 2.54 * 1440) for w in widths]
    parts = [
        f'<w:tbl {nsdecls("w")}><w:tblPr><w:tblStyle w:val="TableGrid"/>'
        f'<w:tblW w:w="{sum(twips)}" w:type="dxa"/><w:jc w:val="center"/>'
        '<w:tblLayout w:type="fixed"/><w:tblLook w:val="04A0" w:firstRow="1" w:lastRow="0" '
        'w:firstColumn="1" w:lastColumn="0" w:noHBand="0" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in twips),
        '</w:tblGrid><w:tr><w:trPr><w:tblHeader w:val="true"/><w:cantSplit/></w:trPr>',
        *(
            _cell_xml(text, w, style_id, bold=True, align="center")
            for text, w in zip(headers, twips, strict=True)
        ),
        "</w:tr>",
    ]
    for values in [*rows, *([total] if total else [])]:
        is_total = total is not None and values is total
        # No row breaks across pages: a row's text stays on one page, with the header above.
        parts.append("<w:tr><w:trPr><w:cantSplit/></w:trPr>")
        parts.extend(
            _cell_xml(text, w, style_id, bold=is_total, align="right" if index in numeric else "")
            for index, (text, w) in enumerate(zip(values, twips, strict=True))
        )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    tbl = parse_xml("".join(parts))
    element = doc.element.body
    if element.sectPr is not None:
        element.sectPr.addprevious(tbl)
    else:
        element.append(tbl)
    return Table(tbl, doc._body)
