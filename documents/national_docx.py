"""The ministry's national report as a Word document in the format of Decree 30/2020/NĐ-CP.

The same layout as a province's consolidated report (documents.docx_report and docx_layout:
page, fonts, header block, signature block, tables): the issuing body is the national plan's
focal point valid on the report's date ("BỘ TÀI CHÍNH", "Số: …/BC-BTC"), it reports to the
Prime Minister, and its figures are the provinces' accepted reports, each cited with the
province's report number and version. Renders a `NationalConsolidation` and nothing else.
"""

from __future__ import annotations

import io
from collections.abc import Callable

from django.utils import translation
from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.shared import Cm, Pt

from core.money import vnd_vi
from core.numbers import statistic
from documents.docx_layout import (
    BODY_PT,
    HEADING_2,
    LANDSCAPE_WIDTH_CM,
    TEXT_WIDTH_CM,
    add_paragraph,
    body,
    centred,
    data_table,
    page_setup,
    paragraphs,
    rule,
)
from documents.docx_report import (
    Numbering,
    header_block,
    new_document,
    signature_block,
    signer_title_lines,
)
from documents.figures import national_figures, png_of
from documents.national import NationalConsolidation
from documents.wording import STATUS_ORDER, STATUS_VI

Progress = Callable[[int], None]
# Indicators side by side: this many per table in the landscape appendix.
INDICATORS_PER_TABLE = 5


def _title(doc, c: NationalConsolidation) -> None:
    p = centred(doc, "BÁO CÁO", BODY_PT, bold=True)
    p.paragraph_format.space_before = Pt(18)
    centred(doc, c.subject, BODY_PT, bold=True, after=2)
    rule(doc, 4.0, TEXT_WIDTH_CM).paragraph_format.space_after = Pt(6)
    p = centred(doc, f"Kính gửi: {c.recipient}.", BODY_PT, after=6)
    p.paragraph_format.space_before = Pt(6)


def _reporting(doc, c: NationalConsolidation, n: Numbering, style) -> None:
    n.heading(doc, "Tình hình báo cáo của các địa phương")
    cov = c.coverage
    body(
        doc,
        f"Số địa phương phải báo cáo (có kế hoạch thực hiện {c.plan_number} trong năm "
        f"{c.year}): {cov.expected}; số báo cáo đã nhận: {cov.received}; số báo cáo đã được "
        f"chấp nhận và tổng hợp: {cov.accepted} (đạt {cov.accepted_share}%). Báo cáo này chỉ "
        "tổng hợp số liệu từ các báo cáo đã được chấp nhận.",
        bold_prefix="Phạm vi tổng hợp: ",
    )
    if c.province_count_line:
        body(doc, c.province_count_line, bold_prefix="Số tỉnh, thành phố: ")
    paragraphs(doc, c.narrative["overview"])
    rows = [
        [
            str(i),
            line.label,
            line.plan_numbers or "—",
            line.status_label,
            line.source.document_number if line.source else "—",
            str(line.source.version) if line.source else "—",
            f"{line.source.submitted_on:%d/%m/%Y}"
            if line.source and line.source.submitted_on
            else "—",
        ]
        for i, line in enumerate(c.provinces, start=1)
    ]
    data_table(
        doc,
        ["STT", "Địa phương", "Kế hoạch", "Tình trạng", "Số báo cáo", "Phiên bản", "Ngày gửi"],
        [1.2, 3.5, 2.7, 2.6, 2.6, 1.5, 2.4],
        rows,
        size_style=style,
        numeric={5},
    )
    _mapping(doc, c, style)


def _mapping(doc, c: NationalConsolidation, style) -> None:
    """The provinces merged before the round's deadline (from the organisations' history) and,
    when the system does not hold every province, the official 63 → 34 table for reference."""
    year_provinces = c.provinces_of_year
    if year_provinces is None or not year_provinces.after_reform:
        return
    if year_provinces.merged:
        body(
            doc,
            "các tỉnh, thành phố dưới đây được tổng hợp một lần, gồm cả số liệu và kế hoạch của "
            "các tỉnh đã hợp nhất vào:",
            bold_prefix="Sắp xếp đơn vị hành chính: ",
        )
        data_table(
            doc,
            ["STT", "Tỉnh, thành phố", "Gồm cả các tỉnh trước đây"],
            [1.2, 6.0, 9.3],
            [
                [str(i), p.short, ", ".join(p.formerly)]
                for i, p in enumerate(year_provinces.merged, start=1)
            ],
            size_style=style,
        )
    if year_provinces.reference and not year_provinces.complete:
        body(
            doc,
            f"hệ thống có dữ liệu của {year_provinces.count}/{year_provinces.official_count} "
            "tỉnh, thành phố; bảng sắp xếp 63 tỉnh, thành phố thành 34 theo Nghị quyết "
            "202/2025/QH15 dưới đây để tham khảo:",
            bold_prefix="Đối chiếu: ",
        )
        data_table(
            doc,
            ["STT", "Tỉnh, thành phố từ 01/07/2025", "Gồm cả các tỉnh trước đây"],
            [1.2, 6.0, 9.3],
            [[str(u.number), u.name, ", ".join(u.former) or "—"] for u in year_provinces.reference],
            size_style=style,
        )


def _coverage(doc, c: NationalConsolidation, n: Numbering, style) -> None:
    n.heading(doc, "Mức độ triển khai kế hoạch tại các địa phương")
    if not c.coverage_rows:
        body(doc, "Chưa có địa phương nào có kế hoạch thực hiện trong năm.")
        return
    national = sum(t.items for t in c.coverage_themes)
    body(
        doc,
        f"Số hoạt động của Kế hoạch quốc gia mà kế hoạch của từng địa phương triển khai, theo "
        f"chủ đề (đã triển khai/tổng số; Kế hoạch quốc gia có {national} hoạt động):",
    )
    themes = c.coverage_themes
    width = max(1.6, (TEXT_WIDTH_CM - 1.1 - 3.8 - 2.4) / max(len(themes), 1))
    data_table(
        doc,
        ["STT", "Địa phương", *[t.short_heading for t in themes], "Tổng"],
        [1.1, 3.8, *[width] * len(themes), 2.4],
        [
            [
                str(i),
                row.province,
                *[f"{cell.adopted}/{cell.national}" for cell in row.cells],
                f"{row.total.adopted}/{row.total.national} ({row.total.percent}%)",
            ]
            for i, row in enumerate(c.coverage_rows, start=1)
        ],
        size_style=style,
        numeric=set(range(2, 3 + len(themes))),
    )


def _results(doc, c: NationalConsolidation, n: Numbering, style, progress: Progress) -> None:
    n.heading(doc, "Kết quả thực hiện theo chủ đề")
    for index, theme in enumerate(c.themes, start=1):
        add_paragraph(doc, f"{index}. {theme.heading}", style=HEADING_2)
        parts = [
            f"{theme.counts[key]} lượt {STATUS_VI[key].lower()}"
            for key in STATUS_ORDER
            if theme.counts.get(key)
        ]
        body(
            doc,
            f"{theme.items} hoạt động, nhiệm vụ; theo báo cáo của các địa phương: "
            f"{', '.join(parts) or 'chưa có báo cáo'}.",
        )
    with translation.override("vi"):
        figures = national_figures(c)
        pngs = [png_of(figure, dpi=110) for figure in figures]
    for number, (figure, png) in enumerate(zip(figures, pngs, strict=True), start=1):
        caption = figure.caption
        p = doc.add_paragraph()
        p.alignment = WD_ALIGN_PARAGRAPH.CENTER
        p.paragraph_format.keep_with_next = True
        p.add_run().add_picture(io.BytesIO(png), width=Cm(15))
        centred(doc, f"Biểu đồ {number}. {caption}", 12, italic=True, after=6)
        progress(40 + 10 * number)
    body(doc, "Chi tiết theo từng hoạt động, nhiệm vụ và địa phương tại Phụ lục I.")


def _funds(doc, c: NationalConsolidation, n: Numbering, style) -> None:
    n.heading(doc, "Kinh phí thực hiện")
    if not c.funds:
        body(doc, "Các báo cáo được chấp nhận không nêu kinh phí đã sử dụng.")
        return
    body(
        doc,
        f"Tổng kinh phí các địa phương đã sử dụng theo các báo cáo được chấp nhận: "
        f"{vnd_vi(c.funds_total)} đồng, theo nguồn vốn như sau (chi tiết theo địa phương tại "
        "Phụ lục II):",
    )
    data_table(
        doc,
        ["STT", "Nguồn vốn", "Kinh phí (đồng)"],
        [1.5, 9.0, 6.0],
        [[str(i), f.label, vnd_vi(f.amount)] for i, f in enumerate(c.funds, start=1)],
        size_style=style,
        numeric={2},
        total=["", "Tổng cộng", vnd_vi(c.funds_total)],
    )


def _notes(doc, c: NationalConsolidation, n: Numbering, attribute: str, style) -> None:
    heading = "Khó khăn, vướng mắc" if attribute == "difficulties" else "Kiến nghị, đề xuất"
    n.heading(doc, heading)
    paragraphs(doc, c.narrative[attribute])
    # One row per province (a table: 34 provinces' texts as paragraphs take seconds).
    rows = [
        [notes.source.province, "\n".join(f"- {t}" for t in texts), notes.source.citation]
        for notes in c.notes
        if (texts := getattr(notes, attribute))
    ]
    if rows:
        data_table(
            doc,
            ["STT", "Địa phương", heading, "Nguồn"],
            [1.1, 3.4, 8.6, 3.4],
            [[str(i), *row] for i, row in enumerate(rows, start=1)],
            size_style=style,
        )


def _closing(doc, c: NationalConsolidation) -> None:
    body(
        doc,
        f"Trên đây là báo cáo tình hình thực hiện Kế hoạch số {c.plan_number} năm {c.year} "
        f"của các địa phương; {c.issuing_body} kính báo cáo {c.recipient}./.",
    )
    signature_block(
        doc,
        recipients=c.narrative["recipients"],
        title_lines=signer_title_lines(c.narrative["signer_title"]),
        signer=c.narrative["signer_name"],
    )


def _appendix_heading(doc, c: NationalConsolidation, number: str, title: str) -> None:
    centred(doc, f"Phụ lục {number}", BODY_PT, bold=True)
    centred(doc, title.upper(), BODY_PT, bold=True)
    centred(
        doc,
        f"(Kèm theo Báo cáo số       /BC-{c.issuing_abbreviation} ngày "
        f"{c.issued_on:%d/%m/%Y} của {c.issuing_body})",
        13,
        italic=True,
        after=6,
    )


def _appendices(doc, c: NationalConsolidation, style) -> None:
    section = doc.add_section(WD_SECTION.NEW_PAGE)
    page_setup(section, landscape=True)
    section.different_first_page_header_footer = False
    _appendix_heading(
        doc, c, "I", f"Kết quả thực hiện các hoạt động, nhiệm vụ năm {c.year} theo địa phương"
    )
    rows = []
    for row in c.items:
        by_status = "\n".join(
            f"{label}: {', '.join(names)}" for label, names in row.provinces_by_status()
        )
        rows.append(
            [
                row.number,
                row.content,
                str(row.adopted),
                str(row.done),
                str(row.in_progress),
                str(row.not_started),
                str(row.no_report),
                vnd_vi(row.funds_total) if row.funds else "",
                by_status,
            ]
        )
    data_table(
        doc,
        [
            "Số",
            "Nội dung",
            "Số địa phương triển khai",
            "Hoàn thành",
            "Đang thực hiện",
            "Chưa triển khai",
            "Chưa có báo cáo",
            "Kinh phí (đồng)",
            "Địa phương theo tình trạng",
        ],
        [1.2, 6.4, 2.0, 1.7, 1.7, 1.7, 1.7, 2.8, 6.0],
        rows,
        size_style=style,
        numeric={2, 3, 4, 5, 6, 7},
    )
    if c.funds_by_province:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _appendix_heading(doc, c, "II", f"Kinh phí đã sử dụng năm {c.year} theo địa phương")
        sources = [f.source for f in c.funds]
        fixed = 1.1 + 4.0 + 3.0 + 5.5
        width = max(2.0, (LANDSCAPE_WIDTH_CM - fixed) / max(len(sources), 1))
        data_table(
            doc,
            ["STT", "Địa phương", *[f.label for f in c.funds], "Tổng cộng", "Nguồn số liệu"],
            [1.1, 4.0, *[width] * len(sources), 3.0, 5.5],
            [
                [
                    str(i),
                    f.source.province,
                    *[vnd_vi(f.amounts[s]) if f.amounts.get(s) else "" for s in sources],
                    vnd_vi(f.total),
                    f.source.citation,
                ]
                for i, f in enumerate(c.funds_by_province, start=1)
            ],
            size_style=style,
            numeric=set(range(2, 3 + len(sources))),
            total=[
                "",
                "Tổng cộng",
                *[vnd_vi(f.amount) for f in c.funds],
                vnd_vi(c.funds_total),
                "",
            ],
        )
    if c.indicators:
        doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
        _appendix_heading(doc, c, "III", f"Chỉ tiêu tăng trưởng xanh năm {c.year} theo địa phương")
        body(doc, "Giá trị đã được chấp nhận của năm báo cáo, theo từng địa phương:")
        for start in range(0, len(c.indicators), INDICATORS_PER_TABLE):
            columns = c.indicators[start : start + INDICATORS_PER_TABLE]
            width = (LANDSCAPE_WIDTH_CM - 1.1 - 4.5) / len(columns)
            data_table(
                doc,
                ["STT", "Địa phương", *[f"{col.name} ({col.unit_label})" for col in columns]],
                [1.1, 4.5, *[width] * len(columns)],
                [
                    [
                        str(i),
                        row.province,
                        *[
                            statistic(row.values[col.indicator_id].value)
                            if col.indicator_id in row.values
                            else "—"
                            for col in columns
                        ],
                    ]
                    for i, row in enumerate(c.indicator_rows, start=1)
                ],
                size_style=style,
                numeric=set(range(2, 2 + len(columns))),
            )
            doc.add_paragraph()


def build_national_docx(c: NationalConsolidation, progress: Progress | None = None) -> bytes:
    """The .docx bytes of the ministry's report; `progress(percent)` is told along."""
    report = progress or (lambda _percent: None)
    doc, table_style, appendix_style = new_document(f"Báo cáo {c.subject}", c.issuing_body)
    header_block(
        doc,
        superior="",
        issuing=c.issuing_body,
        number=f"      /BC-{c.issuing_abbreviation}",
        place=c.place,
        issued_on=c.issued_on,
    )
    _title(doc, c)
    paragraphs(doc, c.narrative["introduction"])
    report(20)
    n = Numbering()
    _reporting(doc, c, n, table_style)
    _coverage(doc, c, n, table_style)
    report(30)
    _results(doc, c, n, table_style, report)
    _funds(doc, c, n, table_style)
    _notes(doc, c, n, "difficulties", table_style)
    n.heading(doc, "Nhiệm vụ, giải pháp thời gian tới")
    paragraphs(doc, c.narrative["next_steps"])
    _notes(doc, c, n, "proposals", table_style)
    _closing(doc, c)
    report(75)
    _appendices(doc, c, appendix_style)
    report(90)
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
