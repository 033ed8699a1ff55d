"""The consolidated report as a Word document in the state format of Decree 30/2020/NĐ-CP.

A4 portrait, margins 20/20/30/15 mm, Times New Roman (also for East Asian text) in black,
the header block (issuing body and number on the left, national title, motto, place and date
on the right), the title, the body, "Nơi nhận" and the signature, page numbers centred in
the top margin from page 2. The appendices (one row per activity; funds per agency) are in
a landscape A4 section so that their seven columns stay readable.

Renders a `Consolidation` (documents.consolidation) and nothing else: no queries here.
"""

from __future__ import annotations

import io
from collections.abc import Callable
from xml.sax.saxutils import escape

from django.utils import translation
from docx import Document
from docx.document import Document as DocumentObject
from docx.enum.section import WD_ORIENT, WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Mm, Pt, RGBColor
from docx.table import Table
from docx.text.paragraph import Paragraph
from docx.text.run import Run

from core.charts import to_png
from core.money import million_vi, vnd_vi
from core.numbers import statistic
from core.text import strip_xml_illegal
from documents.contents import Consolidation, FundingRow
from documents.figures import report_figures
from documents.wording import STATUS_ORDER, STATUS_VI

FONT = "Times New Roman"
BLACK = RGBColor(0, 0, 0)
BODY_PT = 14
TABLE_PT = 12
APPENDIX_PT = 11
TEXT_WIDTH_CM = 16.5  # 210 mm - 30 mm - 15 mm
LANDSCAPE_WIDTH_CM = 25.2  # 297 mm - 30 mm - 15 mm
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
TABLE_STYLE = "GP Table"
HEADING_1 = "Heading 1"
HEADING_2 = "Heading 2"

Progress = Callable[[int], None]
# Characters XML 1.0 forbids; agency text pasted from elsewhere sometimes carries them.


def vietnamese_date(place: str, day) -> str:
    """ "Bình Dương, ngày 05 tháng 02 năm 2019": days below 10 and months 1 and 2 take a
    leading zero (Decree 30/2020/NĐ-CP, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- Fonts and styles --------------------------------------------------------------------------


def _set_fonts(rpr) -> None:
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
    _set_fonts(run._element.get_or_add_rPr())
    if size is not None:
        run.font.size = Pt(size)
    if bold:
        run.font.bold = True
    if italic:
        run.font.italic = True
    return run


def _setup_styles(doc: DocumentObject) -> None:
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    if defaults is not None:
        rpr = defaults.find(qn("w:rPrDefault") + "/" + qn("w:rPr"))
        if rpr is not None:
            _set_fonts(rpr)
    for style in doc.styles:
        if style.type in (WD_STYLE_TYPE.PARAGRAPH, WD_STYLE_TYPE.CHARACTER, WD_STYLE_TYPE.TABLE):
            _set_fonts(style.element.get_or_add_rPr())
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
    _set_fonts(table_text.element.get_or_add_rPr())
    table_text.font.size = Pt(TABLE_PT)
    table_text.paragraph_format.space_before = Pt(2)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0
    table_text.paragraph_format.first_line_indent = Cm(0)


def _page_setup(section, *, landscape: bool = False) -> None:
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


def _page_numbers(section) -> None:
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


def _line(container, width_cm: float, cell_width_cm: float) -> Paragraph:
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


def _fixed_widths(table: Table, widths_cm: list[float], margin_cm: float | None = None) -> None:
    """Column widths Word and LibreOffice both honour: grid, cells and a fixed layout."""
    table.autofit = False
    for col, width in zip(table.columns, widths_cm, strict=True):
        col.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)
    if margin_cm is not None:
        tblpr = table._tbl.tblPr
        margins = OxmlElement("w:tblCellMar")
        for side in ("left", "right"):
            edge = OxmlElement(f"w:{side}")
            edge.set(qn("w:w"), str(round(margin_cm / 2.54 * 1440)))
            edge.set(qn("w:type"), "dxa")
            margins.append(edge)
        tblpr.append(margins)


def _centred(
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


def _body(doc, text: str, *, bold_prefix: str = "", indent: bool = True) -> Paragraph:
    p = doc.add_paragraph()
    p.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
    if indent:
        p.paragraph_format.first_line_indent = Cm(1)
    if bold_prefix:
        font(add_text(p, bold_prefix), bold=True)
    font(add_text(p, text))
    return p


def _paragraphs(doc, text: str) -> None:
    for chunk in (text or "").splitlines():
        if chunk.strip():
            _body(doc, chunk.strip())


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


def _data_table(
    doc,
    headers: list[str],
    widths: list[float],
    rows: list[list[str]],
    *,
    size_style,
    numeric: set[int] | frozenset[int] = frozenset(),
    total: list[str] | None = None,
) -> Table:
    """A bordered table with a bold header row repeated on each page.

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
        parts.append("<w:tr>")
        parts.extend(
            _cell_xml(text, w, style_id, bold=is_total, align="right" if index in numeric else "")
            for index, (text, w) in enumerate(zip(values, twips, strict=True))
        )
        parts.append("</w:tr>")
    parts.append("</w:tbl>")
    tbl = parse_xml("".join(parts))
    body = doc.element.body
    if body.sectPr is not None:
        body.sectPr.addprevious(tbl)
    else:
        body.append(tbl)
    return Table(tbl, doc._body)


# --- The document ------------------------------------------------------------------------------


def _header_block(doc, c: Consolidation) -> None:
    left_w, right_w = 6.6, 10.2
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _fixed_widths(table, [left_w, right_w], margin_cm=0.05)
    left, right = table.cell(0, 0), table.cell(0, 1)
    _centred(left, c.superior_body.upper(), 12, first=True)
    _centred(left, c.issuing_body.upper(), 12, bold=True)
    _line(left, 2.5, left_w)
    _centred(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    _centred(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    _line(right, 5.8, right_w)
    _centred(table.cell(1, 0), f"Số:       /BC-{c.issuing_abbreviation}", 13, first=True)
    _centred(table.cell(1, 1), vietnamese_date(c.place, c.issued_on), 13, italic=True, first=True)


def _title(doc, c: Consolidation) -> None:
    p = _centred(doc, "BÁO CÁO", BODY_PT, bold=True)
    p.paragraph_format.space_before = Pt(18)
    _centred(doc, c.subject, BODY_PT, bold=True, after=2)
    _line(doc, 4.0, TEXT_WIDTH_CM).paragraph_format.space_after = Pt(6)


class _Numbering:
    def __init__(self) -> None:
        self.index = 0

    def heading(self, doc, text: str) -> None:
        add_paragraph(doc, f"{ROMAN[self.index]}. {text.upper()}", style=HEADING_1)
        self.index += 1


def _overview(doc, c: Consolidation, n: _Numbering) -> None:
    n.heading(doc, "Tình hình triển khai và báo cáo")
    cov = c.coverage
    _body(
        doc,
        f"Số cơ quan, đơn vị phải báo cáo: {cov.expected}; số báo cáo đã nhận: {cov.received}; "
        f"số báo cáo đã được chấp nhận và tổng hợp: {cov.accepted} "
        f"(đạt {cov.accepted_share}% số báo cáo phải gửi). Báo cáo này chỉ tổng hợp số liệu từ "
        "các báo cáo đã được chấp nhận.",
        bold_prefix="Phạm vi tổng hợp: ",
    )
    _paragraphs(doc, c.narrative["overview"])


def _themes(doc, c: Consolidation, n: _Numbering, style) -> None:
    n.heading(doc, "Kết quả thực hiện theo chủ đề")
    for index, theme in enumerate(c.themes, start=1):
        add_paragraph(doc, f"{index}. {theme.heading}", style=HEADING_2)
        parts = [
            f"{theme.counts[key]} {STATUS_VI[key].lower()}"
            for key in STATUS_ORDER
            if theme.counts.get(key)
        ]
        progress = (
            f"; tiến độ bình quân {theme.average_progress}%"
            if theme.average_progress is not None
            else ""
        )
        _body(doc, f"{theme.activities} hoạt động, nhiệm vụ: {', '.join(parts)}{progress}.")
        for highlight in theme.highlights:
            _body(
                doc,
                f" {highlight.text}",
                bold_prefix=f"- {highlight.agency} (hoạt động {highlight.item_label}):",
            )
        if theme.more_highlights:
            _body(
                doc,
                f"- Cùng {theme.more_highlights} kết quả khác của các cơ quan, đơn vị "
                "(chi tiết tại Phụ lục I).",
            )


def _figures(doc, c: Consolidation, progress: Progress) -> None:
    with translation.override("vi"):
        figures = report_figures(c)
    for number, (caption, figure) in enumerate(figures, start=1):
        png = to_png(figure, dpi=110)
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(png), width=Cm(15))
        _centred(doc, f"Biểu đồ {number}. {caption}", 12, italic=True, after=6)
        progress(40 + 15 * number)


def _priorities(doc, c: Consolidation, n: _Numbering, style) -> None:
    n.heading(doc, f"Nhiệm vụ ưu tiên năm {c.year}")
    if not c.priorities:
        _body(doc, f"Kế hoạch không có nhiệm vụ ưu tiên năm {c.year}.")
        return
    done = sum(1 for p in c.priorities if p.status == "completed")
    _body(doc, f"Có {len(c.priorities)} nhiệm vụ ưu tiên, trong đó {done} nhiệm vụ hoàn thành.")
    rows = [
        [
            p.number,
            p.title,
            p.lead,
            p.status_label + (f" ({p.progress}%)" if p.progress is not None else ""),
            p.result or "—",
        ]
        for p in c.priorities
    ]
    _data_table(
        doc,
        ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Kết quả"],
        [1.2, 5.3, 3.0, 2.5, 4.5],
        rows,
        size_style=style,
    )


def _indicators(doc, c: Consolidation, n: _Numbering, style) -> None:
    if not c.indicators:
        return
    n.heading(doc, "Chỉ tiêu tăng trưởng xanh")
    on_track = sum(1 for row in c.indicators if row.status == "on_track")
    judged = sum(1 for row in c.indicators if row.status in ("on_track", "off_track"))
    _body(
        doc,
        f"Giá trị đã được chấp nhận của {len(c.indicators)} chỉ tiêu (năm {c.year}, hoặc năm "
        f"gần nhất có số liệu); {on_track}/{judged} chỉ tiêu có mục tiêu đạt lộ trình (lộ "
        "trình tuyến tính từ năm cơ sở đến từng mục tiêu):",
    )
    rows = [
        [
            str(i),
            row.name,
            row.unit_label,
            statistic(row.value) + ("" if row.year == c.year else f" (năm {row.year})"),
            f"{statistic(row.target)} ({row.target_year})" if row.target is not None else "—",
            row.status_label,
            "Tính theo công thức từ các chỉ tiêu thành phần" if row.computed else row.source,
        ]
        for i, row in enumerate(c.indicators, start=1)
    ]
    _data_table(
        doc,
        ["STT", "Chỉ tiêu", "Đơn vị", f"Năm {c.year}", "Mục tiêu", "Đánh giá", "Nguồn"],
        [1.0, 4.4, 2.1, 2.4, 2.2, 2.0, 2.4],
        rows,
        size_style=style,
        numeric={3, 4},
    )


MONEY_KEYS = ("estimate", "allocated", "disbursed")


def _money_table(doc, style, first: str, rows: list[FundingRow], total: FundingRow) -> None:
    _data_table(
        doc,
        ["STT", first, "Dự toán", "Đã phân bổ", "Đã giải ngân"],
        [1.2, 7.5, 2.6, 2.6, 2.6],
        [
            [
                str(i),
                r.label,
                million_vi(r.estimate),
                million_vi(r.allocated),
                million_vi(r.disbursed),
            ]
            for i, r in enumerate(rows, start=1)
        ],
        size_style=style,
        numeric={2, 3, 4},
        total=["", "Tổng cộng", *(million_vi(getattr(total, k)) for k in MONEY_KEYS)],
    )


def _project_funding(doc, c: Consolidation, style) -> None:
    funding = c.project_funding
    if funding is None:
        return
    add_paragraph(doc, f"2. Vốn các đề án, dự án năm {c.year}", style=HEADING_2)
    if not funding.projects:
        _body(doc, f"Chưa có đề án, dự án nào phục vụ Kế hoạch được bố trí kinh phí năm {c.year}.")
        return
    total = funding.total
    share = (
        f" ({funding.disbursed_share}% số vốn đã phân bổ)"
        if funding.disbursed_share is not None
        else ""
    )
    _body(
        doc,
        f"Năm {c.year}, {len(funding.projects)} đề án, dự án phục vụ Kế hoạch số {c.plan_number} "
        f"có dự toán {million_vi(total.estimate)} triệu đồng, đã được phân bổ "
        f"{million_vi(total.allocated)} triệu đồng và đã giải ngân {million_vi(total.disbursed)} "
        f"triệu đồng{share}. Số liệu theo dõi tại hệ thống, không kể các đề án, dự án đã hủy.",
    )
    _centred(doc, "(Đơn vị tính: triệu đồng)", 13, italic=True, after=6)
    _body(doc, "a) Theo nguồn vốn:")
    _money_table(doc, style, "Nguồn vốn", funding.by_source, total)
    _body(doc, "b) Theo chủ đề (mỗi đề án, dự án tính theo chủ đề của hoạt động đầu tiên):")
    _money_table(doc, style, "Chủ đề", funding.by_theme, total)
    _body(doc, "c) Theo đề án, dự án:")
    _data_table(
        doc,
        ["STT", "Đề án, dự án", "Chủ trì; tình trạng", "Dự toán", "Đã phân bổ", "Đã giải ngân"],
        [0.9, 6.0, 3.3, 2.1, 2.1, 2.1],
        [
            [
                str(i),
                p.label,
                p.detail,
                million_vi(p.estimate),
                million_vi(p.allocated),
                million_vi(p.disbursed),
            ]
            for i, p in enumerate(funding.projects, start=1)
        ],
        size_style=style,
        numeric={3, 4, 5},
        total=["", "Tổng cộng", "", *(million_vi(getattr(total, k)) for k in MONEY_KEYS)],
    )


def _funds(doc, c: Consolidation, n: _Numbering, style) -> None:
    n.heading(doc, "Kinh phí thực hiện")
    if c.project_funding is not None:
        add_paragraph(
            doc, "1. Kinh phí đã sử dụng theo báo cáo của các cơ quan, đơn vị", style=HEADING_2
        )
    if not c.funds:
        _body(doc, "Các báo cáo được chấp nhận không nêu kinh phí đã sử dụng.")
        _project_funding(doc, c, style)
        return
    _body(
        doc,
        f"Tổng kinh phí đã sử dụng theo các báo cáo được chấp nhận: {vnd_vi(c.funds_total)} đồng, "
        "theo nguồn vốn như sau (chi tiết theo cơ quan tại Phụ lục II):",
    )
    rows = [[str(i), f.label, vnd_vi(f.amount)] for i, f in enumerate(c.funds, start=1)]
    _data_table(
        doc,
        ["STT", "Nguồn vốn", "Kinh phí (đồng)"],
        [1.5, 9.0, 6.0],
        rows,
        size_style=style,
        numeric={2},
        total=["", "Tổng cộng", vnd_vi(c.funds_total)],
    )
    _project_funding(doc, c, style)


def _agency_lists(doc, c: Consolidation, n: _Numbering, attribute: str, key: str) -> None:
    n.heading(doc, "Khó khăn, vướng mắc" if attribute == "difficulties" else "Kiến nghị, đề xuất")
    _paragraphs(doc, c.narrative[key])
    for notes in c.agencies:
        texts = getattr(notes, attribute)
        if not texts:
            continue
        _body(doc, f"- {notes.agency} ({notes.source.citation}):", indent=True).runs[0].bold = True
        for text in texts:
            _body(doc, f"+ {text}")


def _closing(doc, c: Consolidation) -> None:
    _body(
        doc,
        f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {c.plan_number} năm {c.year}; "
        f"{c.issuing_body} kính báo cáo {c.superior_body}./.",
    )
    table = doc.add_table(rows=1, cols=2)
    _fixed_widths(table, [7.5, 9.0])
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    font(add_text(p, "Nơi nhận:"), 12, bold=True, italic=True)
    for line in c.narrative["recipients"].splitlines():
        if line.strip():
            q = left.add_paragraph()
            q.paragraph_format.first_line_indent = Cm(0)
            q.paragraph_format.space_after = Pt(0)
            q.paragraph_format.line_spacing = 1.0
            text = line.strip()
            font(add_text(q, text if text.startswith("-") else f"- {text}"), 11)
    title_lines = [t for t in c.narrative["signer_title"].splitlines() if t.strip()] or [""]
    _centred(right, title_lines[0].upper(), BODY_PT, bold=True, first=True)
    for extra in title_lines[1:]:
        _centred(right, extra.upper(), BODY_PT, bold=True)
    for _blank in range(4):
        _centred(right, "", BODY_PT)
    _centred(right, c.narrative["signer_name"], BODY_PT, bold=True)


def _appendices(doc, c: Consolidation, appendix_style) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    _page_setup(section, landscape=True)
    section.different_first_page_header_footer = False
    _centred(doc, "Phụ lục I", BODY_PT, bold=True)
    _centred(
        doc,
        f"KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG, NHIỆM VỤ NĂM {c.year}",
        BODY_PT,
        bold=True,
    )
    _centred(
        doc,
        f"(Kèm theo Báo cáo số       /BC-{c.issuing_abbreviation} ngày "
        f"{c.issued_on:%d/%m/%Y} của {c.issuing_body})",
        13,
        italic=True,
        after=6,
    )
    rows = [
        [
            row.number,
            row.content,
            row.lead,
            row.coordinating,
            row.status_label + (f" ({row.progress}%)" if row.progress is not None else ""),
            row.result,
            row.notes,
        ]
        for row in c.appendix
    ]
    _data_table(
        doc,
        [
            "Số",
            "Nội dung",
            "Cơ quan chủ trì",
            "Cơ quan phối hợp",
            "Tình trạng",
            "Kết quả",
            "Ghi chú",
        ],
        [1.3, 5.4, 3.0, 2.8, 2.4, 5.6, 4.7],
        rows,
        size_style=appendix_style,
    )
    if not c.funds_by_agency:
        return
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _centred(doc, "Phụ lục II", BODY_PT, bold=True)
    _centred(doc, f"KINH PHÍ ĐÃ SỬ DỤNG NĂM {c.year} THEO CƠ QUAN VÀ NGUỒN VỐN", BODY_PT, bold=True)
    _centred(doc, "(Đơn vị tính: đồng)", 13, italic=True, after=6)
    sources = [f.source for f in c.funds]
    fixed = 1.2 + 6.0 + 3.0 + 5.0
    width = max(2.2, (LANDSCAPE_WIDTH_CM - fixed) / max(len(sources), 1))
    rows = [
        [
            str(i),
            a.agency,
            *[vnd_vi(a.amounts[s]) if a.amounts.get(s) else "" for s in sources],
            vnd_vi(a.total),
            a.source.citation,
        ]
        for i, a in enumerate(c.funds_by_agency, start=1)
    ]
    numeric = set(range(2, 3 + len(sources)))
    _data_table(
        doc,
        ["STT", "Cơ quan", *[f.label for f in c.funds], "Tổng cộng", "Nguồn số liệu"],
        [1.2, 6.0, *[width] * len(sources), 3.0, 5.0],
        rows,
        size_style=appendix_style,
        numeric=numeric,
        total=["", "Tổng cộng", *[vnd_vi(f.amount) for f in c.funds], vnd_vi(c.funds_total), ""],
    )


def build_docx(c: Consolidation, progress: Progress | None = None) -> bytes:
    """The .docx bytes of the consolidated report; `progress(percent)` is told along."""
    report = progress or (lambda _percent: None)
    doc = Document()
    _setup_styles(doc)
    table_style = doc.styles[TABLE_STYLE]
    appendix_style = doc.styles.add_style("GP Appendix", WD_STYLE_TYPE.PARAGRAPH)
    appendix_style.base_style = table_style
    _set_fonts(appendix_style.element.get_or_add_rPr())
    appendix_style.font.size = Pt(APPENDIX_PT)
    section = doc.sections[0]
    _page_setup(section)
    _page_numbers(section)
    doc.core_properties.title = f"Báo cáo {c.subject}"
    doc.core_properties.author = c.issuing_body
    doc.core_properties.language = "vi-VN"
    # The template's first (empty) paragraph would push the header block down.
    body = doc.element.body
    for p in list(body.iterchildren(qn("w:p"))):
        body.remove(p)

    _header_block(doc, c)
    _title(doc, c)
    _paragraphs(doc, c.narrative["introduction"])
    report(20)
    n = _Numbering()
    _overview(doc, c, n)
    _themes(doc, c, n, table_style)
    report(35)
    _figures(doc, c, report)
    _priorities(doc, c, n, table_style)
    _indicators(doc, c, n, table_style)
    _funds(doc, c, n, table_style)
    _agency_lists(doc, c, n, "difficulties", "difficulties")
    n.heading(doc, "Nhiệm vụ, giải pháp thời gian tới")
    _paragraphs(doc, c.narrative["next_steps"])
    _agency_lists(doc, c, n, "proposals", "proposals")
    _closing(doc, c)
    report(75)
    _appendices(doc, c, appendix_style)
    report(90)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
