"""The Word report follows Decree 30/2020/NĐ-CP and says what the accepted reports say."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from documents import figures
from documents.consolidation import consolidate
from documents.docx_report import build_docx, vietnamese_date
from reporting import actions
from reporting.models import AgencyReport, ReportItem, ReportStatus

FONT = "Times New Roman"


def all_paragraphs(doc):
    yield from doc.paragraphs
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                yield from cell.paragraphs


def full_text(doc) -> str:
    return "\n".join(p.text for p in all_paragraphs(doc))


def run_with(paragraphs, text: str):
    for p in paragraphs:
        for run in p.runs:
            if text in run.text:
                return run
    raise AssertionError(f"no run with {text!r}")


def test_the_page_is_a4_portrait_with_the_decree_margins(docx_document):
    section = docx_document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    assert abs(section.top_margin - Mm(20)) < Mm(0.5)
    assert abs(section.bottom_margin - Mm(20)) < Mm(0.5)
    assert abs(section.left_margin - Mm(30)) < Mm(0.5)
    assert abs(section.right_margin - Mm(15)) < Mm(0.5)
    # The appendix section is A4 too, turned to landscape for its wide table.
    appendix = docx_document.sections[-1]
    assert abs(appendix.page_width - Mm(297)) < Mm(0.5)
    assert abs(appendix.left_margin - Mm(30)) < Mm(0.5)


def test_times_new_roman_everywhere_also_for_east_asian_text(docx_document):
    for name in ("Normal", "Heading 1", "Heading 2", "GP Table", "GP Appendix"):
        fonts = docx_document.styles[name].element.rPr.find(qn("w:rFonts"))
        assert fonts.get(qn("w:ascii")) == FONT, name
        assert fonts.get(qn("w:eastAsia")) == FONT, name
        assert fonts.get(qn("w:asciiTheme")) is None, name
    defaults = docx_document.styles.element.find(qn("w:docDefaults"))
    assert (
        defaults.find(f"{qn('w:rPrDefault')}/{qn('w:rPr')}/{qn('w:rFonts')}").get(qn("w:hAnsi"))
        == FONT
    )
    for paragraph in all_paragraphs(docx_document):
        for run in paragraph.runs:
            assert run.font.name in (None, FONT)
            assert run.font.color.rgb in (None, docx_document.styles["Normal"].font.color.rgb)
    assert str(docx_document.styles["Normal"].font.color.rgb) == "000000"


def test_the_body_has_at_least_6pt_between_paragraphs_and_1_to_1_5_line_spacing(docx_document):
    fmt = docx_document.styles["Normal"].paragraph_format
    assert fmt.space_after >= Pt(6)
    assert 1 <= fmt.line_spacing <= 1.5
    assert docx_document.styles["Normal"].font.size in (Pt(13), Pt(14))


def test_the_header_block_names_the_issuing_body_number_national_title_motto_and_date(
    docx_document,
):
    header = docx_document.tables[0]
    assert header.style is None or header.style.name != "Table Grid"  # borderless
    assert header.rows[0]._tr.find(f".//{qn('w:tcBorders')}") is None
    left = header.cell(0, 0).paragraphs
    right = header.cell(0, 1).paragraphs
    assert left[0].text == "UBND TỈNH BÌNH DƯƠNG"
    assert left[1].text == "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"
    assert left[1].runs[0].bold
    title = run_with(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert title.text == title.text.upper()
    assert title.bold and title.font.size in (Pt(12), Pt(13))
    motto = run_with(right, "Độc lập - Tự do - Hạnh phúc")
    assert motto.bold and motto.font.size in (Pt(13), Pt(14))
    motto_paragraph = next(p for p in right if p.text == "Độc lập - Tự do - Hạnh phúc")
    assert motto_paragraph.alignment == 1  # centred
    assert header.cell(1, 0).text.startswith("Số:")
    assert header.cell(1, 0).text.endswith("/BC-SKHĐT")
    date = header.cell(1, 1).paragraphs[0]
    assert date.text == "Bình Dương, ngày 05 tháng 11 năm 2018"
    assert date.runs[0].italic


def test_the_title_and_subject_follow_the_header(docx_document):
    texts = [p.text for p in docx_document.paragraphs]
    title = docx_document.paragraphs[texts.index("BÁO CÁO")]
    assert title.runs[0].bold
    subject = texts[texts.index("BÁO CÁO") + 1]
    assert subject.startswith("Kết quả thực hiện kế hoạch hành động về tăng trưởng xanh")
    assert subject.endswith("năm 2018")


def test_page_numbers_in_the_header_from_page_two(docx_document):
    section = docx_document.sections[0]
    assert section.different_first_page_header_footer
    header_xml = section.header._element.xml
    assert "PAGE" in header_xml and "fldChar" in header_xml
    assert "PAGE" not in section.first_page_header._element.xml
    assert section.header.paragraphs[0].alignment == 1  # centred
    # The landscape appendix keeps numbering (same header, no "first page" exception).
    assert not docx_document.sections[-1].different_first_page_header_footer
    assert docx_document.sections[-1].header.is_linked_to_previous


def test_the_document_states_how_many_reports_were_expected_received_and_accepted(
    docx_document, round_2018
):
    reports = AgencyReport.objects.filter(round=round_2018)
    expected = reports.count()
    received = reports.filter(first_submitted_at__isnull=False).count()
    accepted = reports.filter(status=ReportStatus.ACCEPTED).count()
    assert (expected, received, accepted) == (20, 5, 4)
    text = full_text(docx_document)
    assert f"Số cơ quan, đơn vị phải báo cáo: {expected}" in text
    assert f"số báo cáo đã nhận: {received}" in text
    assert f"đã được chấp nhận và tổng hợp: {accepted}" in text


def test_the_appendix_has_one_row_per_activity_of_the_round(docx_document, round_2018):
    activities = (
        ReportItem.objects.filter(report__round=round_2018)
        .values("plan_item_id")
        .distinct()
        .count()
    )
    appendix = next(t for t in docx_document.tables if t.cell(0, 1).text == "Nội dung")
    assert [c.text for c in appendix.rows[0].cells] == [
        "Số",
        "Nội dung",
        "Cơ quan chủ trì",
        "Cơ quan phối hợp",
        "Tình trạng",
        "Kết quả",
        "Ghi chú",
    ]
    assert len(appendix.rows) - 1 == activities == 64
    # Traceable: each row with a figure names the accepted report it comes from.
    sourced = [row for row in appendix.rows[1:] if row.cells[4].text.startswith("Hoàn thành")]
    assert sourced and all("Nguồn: BC số" in row.cells[6].text for row in sourced)


def test_only_accepted_reports_feed_the_figures(round_2018, django_user_model):
    returned = AgencyReport.objects.get(round=round_2018, status=ReportStatus.RETURNED)
    writer = django_user_model.objects.get(username="doit.staff")
    item = returned.items.first()
    actions.save_draft(
        returned,
        user=writer,
        version=returned.version,
        items={item.pk: actions.ItemChanges({"results": "KẾT QUẢ CHƯA ĐƯỢC DUYỆT"})},
    )

    doc = Document(io.BytesIO(build_docx(consolidate(round_2018))))

    text = full_text(doc)
    assert "KẾT QUẢ CHƯA ĐƯỢC DUYỆT" not in text
    assert f"của {returned.organisation.name}" not in text  # never cited as a source
    assert "Sở Tài nguyên và Môi trường tỉnh Bình Dương (hoạt động" in text  # accepted: cited


def test_charts_are_embedded_as_pictures(docx_document):
    assert len(docx_document.inline_shapes) == 2
    text = full_text(docx_document)
    assert "Biểu đồ 1. Tiến độ thực hiện bình quân theo chủ đề" in text
    assert "Biểu đồ 2. Mức độ đầy đủ của báo cáo" in text


def test_sections_priority_tasks_funds_difficulties_and_recipients(docx_document, consolidation):
    text = full_text(docx_document)
    headings = [p.text for p in docx_document.paragraphs if p.style.name == "Heading 1"]
    assert headings[:3] == [
        "I. TÌNH HÌNH TRIỂN KHAI VÀ BÁO CÁO",
        "II. KẾT QUẢ THỰC HIỆN THEO CHỦ ĐỀ",
        "III. NHIỆM VỤ ƯU TIÊN NĂM 2018",
    ]
    assert [h.split(". ", 1)[1] for h in headings[-4:]] == [
        "KINH PHÍ THỰC HIỆN",
        "KHÓ KHĂN, VƯỚNG MẮC",
        "NHIỆM VỤ, GIẢI PHÁP THỜI GIAN TỚI",
        "KIẾN NGHỊ, ĐỀ XUẤT",
    ]
    for heading in ("KINH PHÍ THỰC HIỆN", "Nơi nhận:", "Phụ lục I", "Phụ lục II"):
        assert heading in text
    assert "1. Chủ đề 1: Xây dựng thể chế và kế hoạch tăng trưởng xanh tại địa phương" in text
    assert "Ngân sách địa phương" in text
    accepted_funds = accepted_funds_total(consolidation)  # the four accepted reports
    assert f"{accepted_funds:,}".replace(",", ".") in text
    assert consolidation.funds_total == accepted_funds
    assert len(consolidation.priorities) == 9


def test_the_indicator_section_is_left_out_when_there_are_no_indicator_values(
    round_2018, monkeypatch
):
    monkeypatch.setattr("documents.consolidation._indicators", lambda territory_id, year: [])

    doc = Document(io.BytesIO(build_docx(consolidate(round_2018))))

    headings = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert not any("CHỈ TIÊU" in h for h in headings)
    assert headings[3] == "IV. KINH PHÍ THỰC HIỆN"  # numbering stays continuous


def test_edited_narrative_replaces_the_default_text(round_2018):
    c = consolidate(round_2018, narrative={"next_steps": "Tập trung hoàn thành đề án thí điểm."})
    doc = Document(io.BytesIO(build_docx(c)))
    assert "Tập trung hoàn thành đề án thí điểm." in full_text(doc)


def test_dates_take_a_leading_zero_below_ten_and_for_january_and_february():
    import datetime

    assert vietnamese_date("Bình Dương", datetime.date(2019, 2, 5)) == (
        "Bình Dương, ngày 05 tháng 02 năm 2019"
    )
    assert vietnamese_date("Bình Dương", datetime.date(2018, 11, 25)) == (
        "Bình Dương, ngày 25 tháng 11 năm 2018"
    )


def test_reading_the_round_takes_the_same_number_of_queries_whatever_its_size(
    round_2018, django_assert_num_queries
):
    small = round_2018.plan.rounds.get(year=2019)
    # 16 (the round's lines read once for the board and the report), 4 for the names as they
    # were when the round was due (documents.consolidation), and 2 for the projects' leads as
    # they were then (their history, their organisations)
    with django_assert_num_queries(22):
        consolidate(small)
    with django_assert_num_queries(22):
        consolidate(round_2018)


def accepted_funds_total(consolidation) -> int:
    """Funds the accepted reports of the round declare, summed straight from the database."""
    from django.db.models import Sum

    from reporting.models import ItemFunding, ReportStatus

    total = ItemFunding.objects.filter(
        item__report__round=consolidation.round, item__report__status=ReportStatus.ACCEPTED
    ).aggregate(total=Sum("amount"))["total"]
    return int(total)


def test_control_characters_in_report_text_do_not_break_the_word_report(round_2018):
    # Pasted from Word: a vertical tab (manual line break), a form feed (page break), and
    # another control character, stored before text was cleaned on entry.
    from reporting.models import AgencyReport, ReportItem

    pasted = "Khó khăn\x0bvề vốn\x0cvà\x01 nhân lực"
    accepted = AgencyReport.objects.filter(round=round_2018, status="accepted")
    ReportItem.objects.filter(report__in=accepted).update(
        results=pasted, difficulties=pasted, proposals=pasted
    )
    accepted.update(general_difficulties=pasted, general_proposals=pasted)

    document = Document(
        io.BytesIO(build_docx(consolidate(round_2018, narrative={"next_steps": pasted})))
    )

    text = "\n".join(p.text for p in document.paragraphs)
    text += "\n".join(c.text for t in document.tables for r in t.rows for c in r.cells)
    assert "và nhân lực" in text and "\x01" not in text and "\x0b" not in text


def test_a_dollar_sign_in_a_theme_title_does_not_break_the_charts_of_the_word_report(round_2018):
    # "$x^{$" was read as mathtext by the chart engine: the build failed (#12 item 4).
    from plans.models import PlanItem

    PlanItem.objects.filter(plan=round_2018.plan, kind="theme").update(title="Chi phí $x^{$ triệu")

    document = Document(io.BytesIO(build_docx(consolidate(round_2018))))

    assert any("Chi phí $x^{$ triệu" in p.text for p in document.paragraphs)


def test_a_second_build_of_unchanged_figures_does_not_redraw_the_charts(consolidation, monkeypatch):
    drawings = []
    real = figures.to_png

    def counting(figure, dpi=150):
        drawings.append(dpi)
        return real(figure, dpi=dpi)

    monkeypatch.setattr(figures, "to_png", counting)
    first = build_docx(consolidation)
    assert len(drawings) == 2  # progress by theme, completeness

    second = build_docx(consolidation)

    assert len(drawings) == 2
    pictures = [Document(io.BytesIO(f)).inline_shapes for f in (first, second)]
    assert [len(p) for p in pictures] == [2, 2]
    # Other figures (a theme's average progress moved): the progress chart is drawn again.
    consolidation.themes[0].average_progress = (consolidation.themes[0].average_progress or 0) + 1
    build_docx(consolidation)
    assert len(drawings) == 3
