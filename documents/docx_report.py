"""The consolidated report as a Word document in the state format of Decree 30/2020/NĐ-CP.

A4 portrait, margins 20/20/30/15 mm, Times New Roman (also for East Asian text) in black,
the header block (issuing body and number on the left, national title, motto, place and date
on the right), the title, the body, "Nơi nhận" and the signature, page numbers centred in
the top margin from page 2. The appendices (one row per activity; funds per agency) are in
a landscape A4 section so that their seven columns stay readable.

Renders a `Consolidation` (documents.consolidation) and nothing else: no queries here. The
layout (fonts, styles, page setup, paragraph and table writers) is documents.docx_layout.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import translation
from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from core.money import million_vi, vnd_vi
from core.numbers import statistic
from documents.contents import Consolidation, FundingRow
from documents.docx_layout import (
    APPENDIX_PT,
    BODY_PT,
    HEADING_1,
    HEADING_2,
    LANDSCAPE_WIDTH_CM,
    TABLE_STYLE,
    TEXT_WIDTH_CM,
    add_paragraph,
    add_text,
    body,
    centred,
    data_table,
    fixed_widths,
    font,
    page_numbers,
    page_setup,
    paragraphs,
    rule,
    set_fonts,
    setup_styles,
)
from documents.figures import png_of, report_figures
from documents.wording import STATUS_ORDER, STATUS_VI

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]

Progress = Callable[[int], None]


def vietnamese_date(place: str, day) -> str:
    """ "Bình Dương, ngày 05 tháng 02 năm 2019": days below 10 and months 1 and 2 take a
    leading zero (Decree 30/2020/NĐ-CP, Appendix I)."""
    month = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


# --- The document ------------------------------------------------------------------------------


def _header_block(doc, c: Consolidation) -> None:
    if c.issued is not None:  # "ỦY BAN NHÂN DÂN / TỈNH BÌNH DƯƠNG", no line above
        body_name = c.issued.body.upper()
        committee = "ỦY BAN NHÂN DÂN"
        superior, issuing = committee, body_name.removeprefix(committee).strip() or body_name
        number = c.issued.number
    else:
        superior, issuing = c.superior_body, c.issuing_body
        number = f"      /BC-{c.issuing_abbreviation}"
    header_block(
        doc,
        superior=superior,
        issuing=issuing,
        number=number,
        place=c.place,
        issued_on=c.issued_on,
        superior_bold=c.issued is not None,
    )


def header_block(
    doc,
    *,
    superior: str,
    issuing: str,
    number: str,
    place: str,
    issued_on,
    superior_bold: bool = False,
) -> None:
    """Decree 30's header: the body (under its superior body, if any) and the number on the
    left, the national title, motto, place and date on the right. `number` is what follows
    "Số: " ("125/BC-UBND", or blanks before "/BC-…" until the number is issued)."""
    left_w, right_w = 6.6, 10.2
    table = doc.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed_widths(table, [left_w, right_w], margin_cm=0.05)
    left, right = table.cell(0, 0), table.cell(0, 1)
    if superior:
        centred(left, superior.upper(), 12, bold=superior_bold, first=True)
    centred(left, issuing.upper(), 12, bold=True, first=not superior)
    rule(left, 2.5, left_w)
    centred(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, bold=True, first=True)
    centred(right, "Độc lập - Tự do - Hạnh phúc", 13, bold=True)
    rule(right, 5.8, right_w)
    centred(table.cell(1, 0), f"Số: {number}", 13, first=True)
    centred(table.cell(1, 1), vietnamese_date(place, issued_on), 13, italic=True, first=True)


def _title(doc, c: Consolidation) -> None:
    p = centred(doc, "BÁO CÁO", BODY_PT, bold=True)
    p.paragraph_format.space_before = Pt(18)
    centred(doc, c.subject, BODY_PT, bold=True, after=2)
    rule(doc, 4.0, TEXT_WIDTH_CM).paragraph_format.space_after = Pt(6)
    if c.issued is not None and c.issued.addressee:
        centred(doc, f"Kính gửi: {c.issued.addressee}.", BODY_PT, after=6)


class Numbering:
    def __init__(self) -> None:
        self.index = 0

    def heading(self, doc, text: str) -> None:
        add_paragraph(doc, f"{ROMAN[self.index]}. {text.upper()}", style=HEADING_1)
        self.index += 1


def _overview(doc, c: Consolidation, n: Numbering) -> None:
    n.heading(doc, "Tình hình triển khai và báo cáo")
    cov = c.coverage
    body(
        doc,
        f"Số cơ quan, đơn vị phải báo cáo: {cov.expected}; số báo cáo đã nhận: {cov.received}; "
        f"số báo cáo đã được chấp nhận và tổng hợp: {cov.accepted} "
        f"(đạt {cov.accepted_share}% số báo cáo phải gửi). Báo cáo này chỉ tổng hợp số liệu từ "
        "các báo cáo đã được chấp nhận.",
        bold_prefix="Phạm vi tổng hợp: ",
    )
    paragraphs(doc, c.narrative["overview"])


def _themes(doc, c: Consolidation, n: Numbering, style) -> None:
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
        body(doc, f"{theme.activities} hoạt động, nhiệm vụ: {', '.join(parts)}{progress}.")
        for highlight in theme.highlights:
            body(
                doc,
                f" {highlight.text}",
                bold_prefix=f"- {highlight.agency} (hoạt động {highlight.item_label}):",
            )
        if theme.more_highlights:
            body(
                doc,
                f"- Cùng {theme.more_highlights} kết quả khác của các cơ quan, đơn vị "
                "(chi tiết tại Phụ lục I).",
            )


def _figures(doc, c: Consolidation, progress: Progress) -> None:
    # Drawn in Vietnamese (the numbers on the axes), and only when no earlier build drew the
    # same figures (core.charts.drawn): ~200 ms of matplotlib for the two.
    with translation.override("vi"):
        figures = report_figures(c)
        pngs = [png_of(figure, dpi=110) for figure in figures]
    for number, (figure, png) in enumerate(zip(figures, pngs, strict=True), start=1):
        caption = figure.caption
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(png), width=Cm(15))
        centred(doc, f"Biểu đồ {number}. {caption}", 12, italic=True, after=6)
        progress(40 + 15 * number)


def _priorities(doc, c: Consolidation, n: Numbering, style) -> None:
    n.heading(doc, f"Nhiệm vụ ưu tiên năm {c.year}")
    if not c.priorities:
        body(doc, f"Kế hoạch không có nhiệm vụ ưu tiên năm {c.year}.")
        return
    done = sum(1 for p in c.priorities if p.status == "completed")
    body(doc, f"Có {len(c.priorities)} nhiệm vụ ưu tiên, trong đó {done} nhiệm vụ hoàn thành.")
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
    data_table(
        doc,
        ["Số", "Nhiệm vụ", "Cơ quan chủ trì", "Tình trạng", "Kết quả"],
        [1.2, 5.3, 3.0, 2.5, 4.5],
        rows,
        size_style=style,
    )


def _indicators(doc, c: Consolidation, n: Numbering, style) -> None:
    if not c.indicators:
        return
    n.heading(doc, "Chỉ tiêu tăng trưởng xanh")
    on_track = sum(1 for row in c.indicators if row.status == "on_track")
    judged = sum(1 for row in c.indicators if row.status in ("on_track", "off_track"))
    body(
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
    data_table(
        doc,
        ["STT", "Chỉ tiêu", "Đơn vị", f"Năm {c.year}", "Mục tiêu", "Đánh giá", "Nguồn"],
        [1.3, 4.1, 2.1, 2.4, 2.2, 2.0, 2.4],
        rows,
        size_style=style,
        numeric={3, 4},
    )


MONEY_KEYS = ("estimate", "allocated", "disbursed")


def _money_table(doc, style, first: str, rows: list[FundingRow], total: FundingRow) -> None:
    data_table(
        doc,
        ["STT", first, "Dự toán", "Đã phân bổ", "Đã giải ngân"],
        [1.3, 7.4, 2.6, 2.6, 2.6],
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
        body(doc, f"Chưa có đề án, dự án nào phục vụ Kế hoạch được bố trí kinh phí năm {c.year}.")
        return
    total = funding.total
    share = (
        f" ({funding.disbursed_share}% số vốn đã phân bổ)"
        if funding.disbursed_share is not None
        else ""
    )
    body(
        doc,
        f"Năm {c.year}, {len(funding.projects)} đề án, dự án phục vụ Kế hoạch số {c.plan_number} "
        f"có dự toán {million_vi(total.estimate)} triệu đồng, đã được phân bổ "
        f"{million_vi(total.allocated)} triệu đồng và đã giải ngân {million_vi(total.disbursed)} "
        f"triệu đồng{share}. Số liệu theo dõi tại hệ thống, không kể các đề án, dự án đã hủy.",
    )
    centred(doc, "(Đơn vị tính: triệu đồng)", 13, italic=True, after=6)
    body(doc, "a) Theo nguồn vốn:")
    _money_table(doc, style, "Nguồn vốn", funding.by_source, total)
    body(doc, "b) Theo chủ đề (mỗi đề án, dự án tính theo chủ đề của hoạt động đầu tiên):")
    _money_table(doc, style, "Chủ đề", funding.by_theme, total)
    body(doc, "c) Theo đề án, dự án:")
    data_table(
        doc,
        ["STT", "Đề án, dự án", "Chủ trì; tình trạng", "Dự toán", "Đã phân bổ", "Đã giải ngân"],
        [1.3, 5.6, 3.3, 2.1, 2.1, 2.1],
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


def _funds(doc, c: Consolidation, n: Numbering, style) -> None:
    n.heading(doc, "Kinh phí thực hiện")
    if c.project_funding is not None:
        add_paragraph(
            doc, "1. Kinh phí đã sử dụng theo báo cáo của các cơ quan, đơn vị", style=HEADING_2
        )
    if not c.funds:
        body(doc, "Các báo cáo được chấp nhận không nêu kinh phí đã sử dụng.")
        _project_funding(doc, c, style)
        return
    body(
        doc,
        f"Tổng kinh phí đã sử dụng theo các báo cáo được chấp nhận: {vnd_vi(c.funds_total)} đồng, "
        "theo nguồn vốn như sau (chi tiết theo cơ quan tại Phụ lục II):",
    )
    rows = [[str(i), f.label, vnd_vi(f.amount)] for i, f in enumerate(c.funds, start=1)]
    data_table(
        doc,
        ["STT", "Nguồn vốn", "Kinh phí (đồng)"],
        [1.5, 9.0, 6.0],
        rows,
        size_style=style,
        numeric={2},
        total=["", "Tổng cộng", vnd_vi(c.funds_total)],
    )
    _project_funding(doc, c, style)


def _agency_lists(doc, c: Consolidation, n: Numbering, attribute: str, key: str) -> None:
    n.heading(doc, "Khó khăn, vướng mắc" if attribute == "difficulties" else "Kiến nghị, đề xuất")
    paragraphs(doc, c.narrative[key])
    for notes in c.agencies:
        texts = getattr(notes, attribute)
        if not texts:
            continue
        body(doc, f"- {notes.agency} ({notes.source.citation}):", indent=True).runs[0].bold = True
        for text in texts:
            body(doc, f"+ {text}")


def _closing(doc, c: Consolidation) -> None:
    issuer, superior = c.issuing_body, c.superior_body
    recipients = c.narrative["recipients"]
    title_lines = signer_title_lines(c.narrative["signer_title"])
    signer = c.narrative["signer_name"]
    if c.issued is not None:
        issuer, superior = c.issued.body, c.issued.addressee or c.superior_body
        recipients = f"Như trên;\nLưu: VT, {c.issued.drafting_unit}."
        title_lines, signer = [c.issued.authority, c.issued.title], c.issued.signer
    body(
        doc,
        f"Trên đây là báo cáo kết quả thực hiện Kế hoạch số {c.plan_number} năm {c.year}; "
        f"{issuer} kính báo cáo {superior}./.",
    )
    signature_block(doc, recipients=recipients, title_lines=title_lines, signer=signer)


def signer_title_lines(text: str) -> list[str]:
    """The signer's authority and title, one per line: written on several lines or on one
    with " / " between them ("KT. BỘ TRƯỞNG / THỨ TRƯỞNG")."""
    lines = [part.strip() for line in text.splitlines() for part in line.split(" / ")]
    return [line for line in lines if line] or [""]


def signature_block(doc, *, recipients: str, title_lines: list[str], signer: str) -> None:
    """ "Nơi nhận" on the left, the signer's authority, title and name on the right."""
    table = doc.add_table(rows=1, cols=2)
    fixed_widths(table, [7.5, 9.0])
    left, right = table.rows[0].cells
    p = left.paragraphs[0]
    p.paragraph_format.first_line_indent = Cm(0)
    p.paragraph_format.space_after = Pt(0)
    font(add_text(p, "Nơi nhận:"), 12, bold=True, italic=True)
    for line in recipients.splitlines():
        if line.strip():
            q = left.add_paragraph()
            q.paragraph_format.first_line_indent = Cm(0)
            q.paragraph_format.space_after = Pt(0)
            q.paragraph_format.line_spacing = 1.0
            text = line.strip()
            font(add_text(q, text if text.startswith("-") else f"- {text}"), 11)
    title_lines = [t for t in title_lines if t.strip()] or [""]
    centred(right, title_lines[0].upper(), BODY_PT, bold=True, first=True)
    for extra in title_lines[1:]:
        centred(right, extra.upper(), BODY_PT, bold=True)
    for _blank in range(4):
        centred(right, "", BODY_PT)
    centred(right, signer, BODY_PT, bold=True)


def _appendices(doc, c: Consolidation, appendix_style) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=True)
    section.different_first_page_header_footer = False
    centred(doc, "Phụ lục I", BODY_PT, bold=True)
    centred(
        doc,
        f"KẾT QUẢ THỰC HIỆN CÁC HOẠT ĐỘNG, NHIỆM VỤ NĂM {c.year}",
        BODY_PT,
        bold=True,
    )
    number, issuer = f"      /BC-{c.issuing_abbreviation}", c.issuing_body
    if c.issued is not None:
        number, issuer = c.issued.number, c.issued.body
    centred(
        doc,
        f"(Kèm theo Báo cáo số {number} ngày {c.issued_on:%d/%m/%Y} của {issuer})",
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
    data_table(
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
    centred(doc, "Phụ lục II", BODY_PT, bold=True)
    centred(doc, f"KINH PHÍ ĐÃ SỬ DỤNG NĂM {c.year} THEO CƠ QUAN VÀ NGUỒN VỐN", BODY_PT, bold=True)
    centred(doc, "(Đơn vị tính: đồng)", 13, italic=True, after=6)
    sources = [f.source for f in c.funds]
    fixed = 1.3 + 5.9 + 3.0 + 5.0
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
    data_table(
        doc,
        ["STT", "Cơ quan", *[f.label for f in c.funds], "Tổng cộng", "Nguồn số liệu"],
        [1.3, 5.9, *[width] * len(sources), 3.0, 5.0],
        rows,
        size_style=appendix_style,
        numeric=numeric,
        total=["", "Tổng cộng", *[vnd_vi(f.amount) for f in c.funds], vnd_vi(c.funds_total), ""],
    )


def new_document(title: str, author: str):
    """An empty Decree 30 document: styles, A4 portrait page, page numbers from page 2.
    Returns it with its table and appendix paragraph styles."""
    doc = Document()
    setup_styles(doc)
    table_style = doc.styles[TABLE_STYLE]
    appendix_style = doc.styles.add_style("GP Appendix", WD_STYLE_TYPE.PARAGRAPH)
    appendix_style.base_style = table_style
    set_fonts(appendix_style.element.get_or_add_rPr())
    appendix_style.font.size = Pt(APPENDIX_PT)
    section = doc.sections[0]
    page_setup(section)
    page_numbers(section)
    doc.core_properties.title = title
    doc.core_properties.author = author
    doc.core_properties.language = "vi-VN"
    # The template's first (empty) paragraph would push the header block down.
    element = doc.element.body
    for p in list(element.iterchildren(qn("w:p"))):
        element.remove(p)
    return doc, table_style, appendix_style


def build_docx(c: Consolidation, progress: Progress | None = None) -> bytes:
    """The .docx bytes of the consolidated report; `progress(percent)` is told along."""
    report = progress or (lambda _percent: None)
    doc, table_style, appendix_style = new_document(f"Báo cáo {c.subject}", c.issuing_body)

    _header_block(doc, c)
    _title(doc, c)
    paragraphs(doc, c.narrative["introduction"])
    report(20)
    n = Numbering()
    _overview(doc, c, n)
    _themes(doc, c, n, table_style)
    report(35)
    _figures(doc, c, report)
    _priorities(doc, c, n, table_style)
    _indicators(doc, c, n, table_style)
    _funds(doc, c, n, table_style)
    _agency_lists(doc, c, n, "difficulties", "difficulties")
    n.heading(doc, "Nhiệm vụ, giải pháp thời gian tới")
    paragraphs(doc, c.narrative["next_steps"])
    _agency_lists(doc, c, n, "proposals", "proposals")
    _closing(doc, c)
    report(75)
    _appendices(doc, c, appendix_style)
    report(90)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
