"""The board's live part: counts and chart fetched again by the open page (htmx polling)."""

from reporting.actions import open_round, submit_report
from reporting.board import round_board, round_summary
from reporting.tests.conftest import add_agencies, at


def test_the_summary_counts_like_the_board(rep):
    # given one report on time, one late and one missing
    submit_report(rep.donre_report, user=rep.world.leader, at=at("20/10/2018"))
    submit_report(rep.doit_report, user=rep.doit_leader, at=at("01/11/2018"))
    board, summary = round_board(rep.round), round_summary(rep.round)
    assert summary.counts == board.counts
    assert summary.counts["late"] == 1 and summary.counts["missing"] == 1
    assert [(t.theme, t.expected, t.received) for t in summary.themes] == [
        (t.theme, t.expected, t.received) for t in board.themes
    ]


def test_the_live_part_shows_a_new_submission_without_the_agency_table(rep, as_user):
    client = as_user(rep.world.coordinator)
    url = f"/reporting/rounds/{rep.round.pk}/live/"
    page = client.get(f"/reporting/rounds/{rep.round.pk}/").content.decode()
    # the board page polls the live part every 30 seconds
    assert f'hx-get="{url}"' in page and 'hx-trigger="every 30s"' in page
    before = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-count="submitted">0<' in before
    submit_report(rep.donre_report, user=rep.world.leader, at=at("20/10/2018"))
    after = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'data-count="submitted">1<' in after and "<svg" in after
    assert 'id="board-agencies"' not in after  # the fragment, not the page
    assert after.startswith('<div class="grid" id="board-counts"')


def test_the_live_part_runs_a_few_queries_whatever_the_round_size(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.coordinator)
    for year, agencies in ((2018, 2), (2019, 12)):
        add_agencies(world, world.plan, agencies)
        round_ = open_round(world.plan, year, user=world.coordinator)
        # session, user, organisation, round, reports, items, lines
        with django_assert_max_num_queries(7):
            client.get(f"/reporting/rounds/{round_.pk}/live/")


def test_an_expired_session_takes_the_page_to_the_login_form(rep, client):
    url = f"/reporting/rounds/{rep.round.pk}/live/"
    polled = client.get(url, headers={"HX-Request": "true"})
    # htmx navigates the whole page instead of putting the login form inside the counts
    assert polled.status_code == 200
    assert polled["HX-Redirect"].startswith("/login/?next=/reporting/rounds/")
    assert client.get(url).status_code == 302


def test_the_chart_waits_at_most_max_age_to_show_new_figures(rep, as_user, settings):
    settings.BOARD_CHART_MAX_AGE = 15
    client = as_user(rep.world.coordinator)
    url = f"/reporting/rounds/{rep.round.pk}/live/"
    first = client.get(url).content.decode()
    assert 'id="chart-as-of"' not in first
    submit_report(rep.donre_report, user=rep.world.leader, at=at("20/10/2018"))
    moved = client.get(url).content.decode()
    # the counts are current at once; the chart is the last drawing, and says so
    assert 'data-count="submitted">1<' in moved
    assert _svg(moved) == _svg(first)
    assert 'id="chart-as-of"' in moved and "tối đa 15 giây" in moved
    settings.BOARD_CHART_MAX_AGE = 0
    redrawn = client.get(url).content.decode()
    assert _svg(redrawn) != _svg(first) and 'id="chart-as-of"' not in redrawn


def _svg(html: str) -> str:
    return html[html.index("<svg") : html.index("</svg>")]
