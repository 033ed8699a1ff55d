"""The board's live part: counts, chart and lists fetched again by the open page (htmx polling),
from the one reading of the round (reporting.board.round_board)."""

import datetime

from orgs.models import Organisation, OrganisationPeriod
from reporting.actions import open_round, return_report, submit_report
from reporting.tests.conftest import add_agencies, at


def _missing_in_list(html: str) -> int:
    table = html[html.index('id="board-agencies"') :]
    table = table[: table.index("</table>")]
    return table.count(' missing"')


def test_after_a_live_refresh_the_counts_and_the_list_agree(rep, as_user):
    # given the board open with three agencies missing
    client = as_user(rep.world.coordinator)
    url = f"/reporting/rounds/{rep.round.pk}/live/"
    page = client.get(f"/reporting/rounds/{rep.round.pk}/").content.decode()
    assert 'data-count="missing">3<' in page and _missing_in_list(page) == 3
    # when one submits and the page refreshes its live part
    submit_report(rep.donre_report, user=rep.world.leader, at=at("20/10/2018"))
    live = client.get(url, headers={"HX-Request": "true"}).content.decode()
    # then the counts and the list in it say the same
    assert 'data-count="missing">2<' in live and _missing_in_list(live) == 2
    assert 'id="board-themes"' in live


def test_the_board_shows_the_submission_the_report_shows(rep, as_user):
    # given DONRE submitted, returned and submitted again
    submit_report(rep.donre_report, user=rep.world.leader, at=at("20/10/2018", 9))
    return_report(rep.donre_report, user=rep.world.coordinator, comment="Thiếu")
    submit_report(rep.donre_report, user=rep.world.leader, at=at("24/10/2018", 15))
    client = as_user(rep.world.coordinator)

    board = client.get(f"/reporting/rounds/{rep.round.pk}/").content.decode()
    report = client.get(f"/reporting/reports/{rep.donre_report.pk}/").content.decode()

    row = board[board.index(f'data-agency="{rep.world.donre.code}"') :]
    row = row[: row.index("</tr>")]
    assert "24/10/2018 15:00" in row and "20/10/2018" not in row
    assert "24/10/2018 15:00" in report


def test_the_live_part_shows_a_new_submission(rep, as_user):
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
    assert 'id="board-agencies"' in after  # the list refreshed with the counts
    assert "<h1" not in after and after.startswith('<div id="board-live"')


def test_the_live_part_runs_a_few_queries_whatever_the_round_size(
    world, as_user, django_assert_max_num_queries
):
    client = as_user(world.coordinator)
    for year, agencies in ((2018, 2), (2019, 12)):
        add_agencies(world, world.plan, agencies)
        round_ = open_round(world.plan, year, user=world.coordinator)
        # every agency renamed since: the board names them as they were on the deadline
        for org in Organisation.objects.filter(pk__in=round_.reports.values("organisation_id")):
            OrganisationPeriod.objects.get_or_create(
                organisation=org,
                valid_to=datetime.date(2020, 12, 31),
                defaults={"name": f"{org.name} (cũ)"},
            )
        # session, user, organisation, round, reports, items, lines, earlier names
        with django_assert_max_num_queries(8):
            html = client.get(f"/reporting/rounds/{round_.pk}/live/").content.decode()
        assert html.count(" (cũ)</") == round_.reports.count()


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
