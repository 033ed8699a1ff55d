"""One rule decides an activity's status (reporting.activity_status): the accepted line of its
lead agency. The board, the consolidation (page, Word appendix, Excel) agree, and an
appendix row cites only the report its status comes from."""

from __future__ import annotations

import io

from docx import Document
from docx.oxml.ns import qn

from documents.consolidation import consolidate
from documents.docx_report import build_docx
from documents.wording import NO_REPORT
from plans.models import Assignment
from reporting.board import round_board
from reporting.models import ReportItem, ReportStatus


def _accepted_lines(round_):
    return ReportItem.objects.filter(report__round=round_, report__status=ReportStatus.ACCEPTED)


def test_a_row_without_a_lead_report_cites_no_report(consolidation, round_2018):
    # The demo: activities whose coordinating agency's report is accepted, the lead's not.
    lead_reported = set(
        _accepted_lines(round_2018)
        .filter(role=Assignment.Role.LEAD)
        .values_list("plan_item_id", flat=True)
    )
    coordinating_only = set(
        _accepted_lines(round_2018)
        .filter(role=Assignment.Role.COORDINATING)
        .exclude(plan_item_id__in=lead_reported)
        .values_list("plan_item_id", flat=True)
    )
    assert coordinating_only  # the case exists in the demo

    rows = {row.item_id: row for row in consolidation.appendix}
    for item_id in coordinating_only:
        row = rows[item_id]
        assert row.status == NO_REPORT
        assert row.sources == []
        assert "Nguồn" not in row.notes and "BC số" not in row.notes


def test_every_cited_report_is_the_lead_agencys(consolidation):
    for row in consolidation.appendix:
        assert len(row.sources) <= 1
        if row.status == NO_REPORT:
            assert row.sources == []
        else:
            assert len(row.sources) == 1


def test_the_board_counts_the_completed_activities_the_consolidation_counts(round_2018):
    # given a coordinating agency's accepted line marked completed where the lead has not
    # reported (in the demo such lines are in progress)
    line = (
        _accepted_lines(round_2018)
        .filter(role=Assignment.Role.COORDINATING)
        .exclude(
            plan_item_id__in=_accepted_lines(round_2018)
            .filter(role=Assignment.Role.LEAD)
            .values("plan_item_id")
        )
        .first()
    )
    ReportItem.objects.filter(pk=line.pk).update(status="completed", progress=100, results="Xong")

    board = round_board(round_2018)
    consolidation = consolidate(round_2018)

    completed = {t.theme_id: t.counts.get("completed", 0) for t in consolidation.themes}
    assert {r.theme.pk if r.theme else None: r.completed for r in board.themes} == completed
    row = next(r for r in consolidation.appendix if r.item_id == line.plan_item_id)
    assert row.status == NO_REPORT


def test_appendix_rows_never_break_across_pages_and_the_number_column_fits(consolidation):
    doc = Document(io.BytesIO(build_docx(consolidation)))

    assert len(doc.tables) > 5
    for index, table in enumerate(doc.tables):
        rows = table._tbl.findall(qn("w:tr"))
        for tr in rows:
            props = tr.find(qn("w:trPr"))
            assert props is not None and props.find(qn("w:cantSplit")) is not None
        layout = index == 0 or "Nơi nhận" in table.cell(0, 0).text
        if not layout:  # a data table: its header row repeats on each page
            assert rows[0].find(qn("w:trPr")).find(qn("w:tblHeader")) is not None
        first = table._tbl.find(qn("w:tblGrid")).find(qn("w:gridCol"))
        if table.cell(0, 0).text == "STT":
            # "STT" in bold 11-12 pt needs ~1.1 cm with the cell margins: never "S T T".
            assert int(first.get(qn("w:w"))) >= 680, table.cell(0, 1).text


def test_agencies_are_named_one_way_in_the_appendix(consolidation, round_2018):
    from orgs.models import Organisation

    short = {o.name: o.short_name for o in Organisation.objects.exclude(short_name="")}
    for row in consolidation.appendix:
        for name in filter(None, [*row.lead.split("; "), *row.coordinating.split("; ")]):
            assert name not in short, f"{name} is written in full; its short name: {short[name]}"
