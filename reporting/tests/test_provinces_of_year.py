"""The national board counts and names the provinces as they were on the round's deadline:
a 2019 round lists Bình Dương, Đồng Nai and Hồ Chí Minh City under their 2019 names; a 2025
round, after Bình Dương was merged into the city, counts the city once and says it took
Bình Dương in, with the mapping and the official 63 -> 34 table on the page (issue 15). The
round list names the coordinating body as it was on each round's deadline."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.testing.national import DONG_NAI_2025
from orgs.actions import rename_organisation
from orgs.models import OrganisationPeriod
from reporting.actions import open_round
from reporting.board import round_board

D = datetime.date
NAMES_2019 = {"UBND tỉnh Bình Dương", "UBND tỉnh Đồng Nai", "UBND TP.HCM"}


def _rows(round_):
    return {row.report.organisation.code: row for row in round_board(round_).agencies}


def test_a_2019_national_board_lists_the_three_provinces_under_their_2019_names(reform, as_user):
    board = round_board(reform.round_2019)
    assert {row.name for row in board.agencies} == NAMES_2019
    assert all(row.formerly == "" for row in board.agencies)
    assert board.counts["expected"] == 3
    assert board.provinces is not None
    assert (board.provinces.count, board.provinces.official_count) == (3, 63)
    html = (
        as_user(reform.national.mof_coordinator)
        .get(f"/reporting/rounds/{reform.round_2019.pk}/")
        .content.decode()
    )
    assert 'data-count="3" data-official="63"' in html
    assert "cả nước có 63 tỉnh, thành phố" in html
    assert "UBND tỉnh Đồng Nai" in html and DONG_NAI_2025 not in html
    assert 'id="provinces-mapping"' not in html and "trước đây" not in html


def test_a_2025_national_board_counts_the_city_once_formerly_binh_duong(reform, as_user):
    rows = _rows(reform.round_2025)
    assert set(rows) == {"hcm", "dn"}  # Bình Dương is not a row of its own any more
    assert rows["hcm"].formerly == "gồm cả tỉnh Bình Dương trước đây"
    assert rows["dn"].name == DONG_NAI_2025 and rows["dn"].formerly == ""
    html = (
        as_user(reform.national.mof_coordinator)
        .get(f"/reporting/rounds/{reform.round_2025.pk}/")
        .content.decode()
    )
    assert 'data-count="2" data-official="34"' in html
    assert "cả nước có 34 tỉnh, thành phố" in html
    assert html.count('data-formerly="1"') == 1
    # the mapping from the data, then the official table for reference (3 of 34 provinces held)
    mapping = html[html.index('id="provinces-mapping"') :]
    assert '<tr data-province="hcm"><td>UBND TP.HCM</td><td>tỉnh Bình Dương</td></tr>' in mapping
    reference = html[html.index('id="provinces-reference"') :]
    assert "Bảng sắp xếp 63 tỉnh, thành phố thành 34" in reference
    assert "<td>Hồ Chí Minh</td><td>Bình Dương, Bà Rịa - Vũng Tàu</td>" in reference
    assert "<td>Đồng Nai</td><td>Bình Phước</td>" in reference


def test_the_round_list_names_the_coordinator_as_it_was_on_each_deadline(reform, as_user):
    w = reform.national.world
    # Bình Dương's 1847/KH-UBND: coordinated by its DPI in 2018, by the city's Department of
    # Finance (which carried on the DPI's work) in 2025
    html = as_user(w.admin).get(f"/reporting/plans/{w.plan.pk}/").content.decode()
    row_2018 = html[html.index('data-round-year="2018"') :].split("</tr>")[0]
    assert '<td data-coordinated-by="1">Sở Kế hoạch và Đầu tư</td>' in row_2018
    national = (
        as_user(reform.national.mof_coordinator)
        .get(f"/reporting/plans/{w.national_plan.pk}/")
        .content.decode()
    )
    row_2019 = national[national.index('data-round-year="2019"') :].split("</tr>")[0]
    row_2025 = national[national.index('data-round-year="2025"') :].split("</tr>")[0]
    assert '<td data-coordinated-by="1">Bộ Kế hoạch và Đầu tư</td>' in row_2019
    assert '<td data-coordinated-by="1">Bộ Tài chính</td>' in row_2025


def test_a_provincial_board_names_the_agencies_as_they_were_on_its_deadline(rep):
    w = rep.world
    rename_organisation(w.donre, effective=D(2019, 1, 1), name="Sở Tài nguyên và Môi trường mới",
                        user=w.admin)  # fmt: skip
    names = {row.name for row in round_board(rep.round).agencies}
    assert "Sở Tài nguyên và Môi trường" in names
    assert "Sở Tài nguyên và Môi trường mới" not in names


def test_the_round_list_reads_the_same_queries_for_one_round_and_many(world, as_user):
    client = as_user(world.coordinator)
    world.plan.period_end = 2025
    world.plan.save()
    open_round(world.plan, 2018, user=world.coordinator)
    with CaptureQueriesContext(connection) as one:
        assert client.get(f"/reporting/plans/{world.plan.pk}/").status_code == 200
    for year in range(2019, 2025):
        open_round(world.plan, year, user=world.coordinator)
        OrganisationPeriod.objects.create(
            organisation=world.dpi, valid_to=D(year, 12, 31), name=f"Sở KH&ĐT {year}"
        )
    with CaptureQueriesContext(connection) as seven:
        html = client.get(f"/reporting/plans/{world.plan.pk}/").content.decode()
    assert len(seven) == len(one)
    assert '<td data-coordinated-by="1">Sở KH&amp;ĐT 2019</td>' in html
