import re

from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from reporting.actions import accept_report, open_round, return_report, submit_report
from reporting.board import round_board
from reporting.models import ReportItem
from reporting.tests.conftest import add_agencies, at


def test_the_board_counts_and_lists_missing_agencies_first_with_contacts(rep, as_user):
    w = rep.world
    w.dpi.email, w.dpi.phone, w.dpi.contact_person = (
        "skhdt@binhduong.gov.vn",
        "0274 3822",
        "Chị Lan",
    )
    w.dpi.save()
    # given DONRE accepted on time, DOIT submitted late then returned, DPI missing
    submit_report(rep.donre_report, user=w.leader, at=at("20/10/2018"))
    accept_report(rep.donre_report, user=w.coordinator)
    submit_report(rep.doit_report, user=rep.doit_leader, at=at("01/11/2018"))
    return_report(rep.doit_report, user=w.coordinator, comment="Thiếu")
    board = round_board(rep.round)
    assert board.counts == {
        "expected": 3,
        "submitted": 0,
        "accepted": 1,
        "returned": 1,
        "missing": 1,
        "received": 2,
        "on_time": 1,
        "late": 1,
    }
    assert [row.report.organisation.code for row in board.agencies][0] == "bd-dpi"
    theme = board.themes[0]
    assert (theme.expected, theme.received, theme.accepted) == (4, 2, 2)
    # and the page shows it, with the contact of the missing agency and a chart
    html = as_user(w.coordinator).get(f"/reporting/rounds/{rep.round.pk}/").content.decode()
    assert 'data-count="missing">1<' in html and 'data-count="late">1<' in html
    assert "skhdt@binhduong.gov.vn" in html and "Chị Lan" in html
    chart = html[html.index("<svg") : html.index("</svg>")]
    # the chart's title is an SVG text element, not glyph outlines
    assert re.search(r"<text[^>]*>Số dòng báo cáo theo chủ đề</text>", chart)
    assert html.index('data-agency="bd-dpi"') < html.index('data-agency="bd-donre"')


def _board_queries(world, as_user, django_assert_max_num_queries, year, n, max_queries):
    add_agencies(world, world.plan, n)
    round_ = open_round(world.plan, year, user=world.coordinator)
    client = as_user(world.coordinator)
    with django_assert_max_num_queries(max_queries):
        client.get(f"/reporting/rounds/{round_.pk}/")
    with django_assert_max_num_queries(max_queries):
        client.get(f"/reporting/plans/{world.plan.pk}/")
    return round_


def test_board_and_lists_run_a_constant_number_of_queries(
    world, as_user, django_assert_max_num_queries
):
    # given 2 agencies, then 12 more agencies with more items, the count does not grow
    _board_queries(world, as_user, django_assert_max_num_queries, 2018, 2, 12)
    _board_queries(world, as_user, django_assert_max_num_queries, 2019, 12, 12)


def test_report_page_runs_a_constant_number_of_queries(rep, as_user, django_assert_max_num_queries):
    client = as_user(rep.world.staff)
    with django_assert_max_num_queries(25):
        client.get(f"/reporting/reports/{rep.donre_report.pk}/")
    for _ in range(10):
        AssignmentFactory(item=PlanItemFactory(plan=rep.world.plan), organisation=rep.world.donre)
    round_ = open_round(rep.world.plan, 2019, user=rep.world.coordinator)
    report = round_.reports.get(organisation=rep.world.donre)
    with django_assert_max_num_queries(25):
        client.get(f"/reporting/reports/{report.pk}/")


def test_the_board_over_lines_read_by_a_document_says_what_it_reads_itself(rep):
    # given DONRE's lines completed and accepted, DOIT's submitted, DPI missing
    w = rep.world
    rep.donre_report.items.update(status="completed", results="Đã hoàn thành.")
    submit_report(rep.donre_report, user=w.leader, at=at("20/10/2018"))
    accept_report(rep.donre_report, user=w.coordinator)
    submit_report(rep.doit_report, user=rep.doit_leader, at=at("01/11/2018"))

    # when the board reads the round's lines, and counts those a document read (consolidate)
    itself = round_board(rep.round)
    lines = ReportItem.objects.filter(report__round=rep.round).values_list(
        "position", "report_id", "plan_item_id", "status", "role", "progress"
    )
    given = round_board(rep.round, lines=sorted(lines, key=lambda x: (x[0], x[1])))

    # then both say the same, per agency and per theme, completed activities included
    def figures(board):
        themes = [(t.theme, t.expected, t.received, t.accepted, t.completed) for t in board.themes]
        return themes, [(r.report.pk, r.items) for r in board.agencies], board.item_ids

    assert figures(itself) == figures(given)
    completed = sum(t.completed for t in itself.themes)
    assert 0 < completed < sum(t.received for t in itself.themes)
