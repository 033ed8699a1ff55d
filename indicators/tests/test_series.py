"""A territory that took in other provinces shows their series beside its own, summed only
for an additive indicator and only in years where every part has a value."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from greenplan.testing.factories import OrganisationFactory, UserFactory
from indicators import actions
from indicators.series import merged_series
from indicators.tests.conftest import accepted
from orgs.actions import close_organisation
from orgs.models import OrganisationKind

LAST_DAY = datetime.date(2025, 6, 30)


def merge_into(world, province, heir):
    close_organisation(province, last_day=LAST_DAY, successor=heir, user=world.admin)
    heir.refresh_from_db()


def given_values(world, catalogue, territory, ghg: dict[int, str], grdp: dict[int, str]):
    for year, value in ghg.items():
        accepted(catalogue.ghg, territory, year, value, by=world.admin, reviewer=world.admin)
    for year, value in grdp.items():
        accepted(catalogue.grdp, territory, year, value, by=world.admin, reviewer=world.admin)


def given_bd_merged_into_dn(world, catalogue):
    """Bình Dương: GHG 2018 and 2020. Đồng Nai: GHG 2020 and 2022. GRDP of both in 2020, so
    that the (derived, not additive) intensity has a value in each."""
    given_values(world, catalogue, world.province, {2018: "100", 2020: "120"}, {2020: "10"})
    given_values(world, catalogue, world.other_province, {2020: "300", 2022: "500"}, {2020: "20"})
    actions.save_indicator("GHG_TOTAL", additive=True, user=world.admin)
    catalogue.ghg.refresh_from_db()
    merge_into(world, world.province, world.other_province)


def table(html: str, element_id: str) -> str:
    start = html.index(f'id="{element_id}"')
    return html[start : html.index("</table>", start)]


def test_the_heir_shows_each_former_provinces_values_and_their_sum(world, catalogue, as_user):
    given_bd_merged_into_dn(world, catalogue)

    html = (
        as_user(world.other_coordinator)
        .get(reverse("indicators:indicator", args=["dn", "GHG_TOTAL"]))
        .content.decode()
    )

    series = table(html, "series")
    dn = series[series.index('data-territory="dn"') :]
    bd = series[series.index('data-territory="bd"') :]
    assert "tỉnh Đồng Nai" in dn[: dn.index("</tr>")]
    assert "tỉnh Bình Dương (đến ngày 30/06/2025)" in bd[: bd.index("</tr>")]
    # years 2018, 2020, 2022: Bình Dương 100, 120, —; Đồng Nai —, 300, 500
    bd_row = bd[: bd.index("</tr>")]
    assert bd_row.index(">100<") < bd_row.index(">120<") < bd_row.index(">—<")
    total = series[series.index('id="series-total"') :]
    total = total[: total.index("</tr>")]
    assert ">420<" in total  # 2020 only: the year in which both have a value
    assert "100" not in total and "500" not in total
    assert 'id="series-not-summed"' not in html
    assert html.count("<svg") >= 2  # the progress chart and the series chart


def test_a_not_additive_indicator_is_not_summed_and_says_why(world, catalogue, as_user):
    given_bd_merged_into_dn(world, catalogue)

    html = (
        as_user(world.other_coordinator)
        .get(reverse("indicators:indicator", args=["dn", "GHG_INTENSITY"]))
        .content.decode()
    )

    series = table(html, "series")
    assert ">12<" in series and ">15<" in series  # 120 / 10 and 300 / 20, each its own
    assert 'id="series-total"' not in html
    assert "Không cộng gộp: chỉ tiêu này không cộng được" in html  # the page is in Vietnamese


def test_the_series_reads_accepted_values_only(world, catalogue):
    given_bd_merged_into_dn(world, catalogue)
    actions.enter_value(catalogue.ghg, world.province, year=2022, value=1, user=world.admin)

    series = merged_series(catalogue.ghg, world.other_province)

    assert series is not None and series.years == [2018, 2020, 2022]
    bd = next(r for r in series.rows if r.territory == world.province)
    assert bd.cells[2] is None  # submitted, not accepted
    assert series.total is not None and series.total.cells[1] == 420


def test_a_territory_that_took_in_nobody_has_no_series(world, catalogue, as_user):
    given_values(world, catalogue, world.province, {2018: "100"}, {})

    html = (
        as_user(world.coordinator)
        .get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]))
        .content.decode()
    )

    assert merged_series(catalogue.ghg, world.province) is None
    assert 'id="series"' not in html


def test_the_page_reads_the_same_number_of_queries_however_many_provinces_merged(
    world, catalogue, as_user
):
    given_bd_merged_into_dn(world, catalogue)
    client = as_user(world.other_coordinator)
    url = reverse("indicators:indicator", args=["dn", "GHG_TOTAL"])
    client.get(url)  # warm up the session
    with CaptureQueriesContext(connection) as one:
        client.get(url)
    third = OrganisationFactory(
        code="vt",
        name="UBND tỉnh Vũng Tàu",
        kind=OrganisationKind.PROVINCE,
        parent=world.government,
    )
    given_values(world, catalogue, third, {2018: "50", 2020: "60"}, {})
    merge_into(world, third, world.other_province)

    with CaptureQueriesContext(connection) as two:
        html = client.get(url).content.decode()

    assert "tỉnh Vũng Tàu (đến ngày 30/06/2025)" in html
    assert len(two.captured_queries) == len(one.captured_queries)


def test_the_other_provinces_users_do_not_see_the_merged_page(world, catalogue, as_user):
    given_bd_merged_into_dn(world, catalogue)
    outsider = OrganisationFactory(
        code="ag",
        name="UBND tỉnh An Giang",
        kind=OrganisationKind.PROVINCE,
        parent=world.government,
    )
    stranger = UserFactory(organisation=outsider, role="coordinator")

    response = as_user(stranger).get(reverse("indicators:indicator", args=["dn", "GHG_TOTAL"]))

    assert response.status_code == 404
