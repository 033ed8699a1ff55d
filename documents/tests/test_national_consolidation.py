"""The consolidation of a national round: every figure from the provinces' accepted reports."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from documents.national import consolidate_national
from documents.reading import read_round
from documents.tests.national_data import YEAR, build_national_world
from indicators.models import IndicatorValue, ValueStatus

pytestmark = pytest.mark.django_db
ISSUED = datetime.date(2020, 2, 3)


@pytest.fixture
def world():
    # Provinces 00, 01, 02 accepted; 03 submitted (not counted); 04 draft.
    return build_national_world(5, accepted=3)


def test_a_national_round_is_read_as_national(world):
    assert read_round(world.round, today=ISSUED).is_national


def test_each_activity_counts_adopting_provinces_and_their_accepted_statuses(world):
    c = consolidate_national(world.round, today=ISSUED)
    rows = {row.number: row for row in c.items}
    assert list(rows) == ["1.1", "1.2", "1.3", "2.1", "2.2"]
    # 1.1 is adopted by all five; accepted: 00 completed, 01 in progress, 02 not started.
    first = rows["1.1"]
    assert first.adopted == 5
    assert (first.done, first.in_progress, first.not_started) == (1, 1, 1)
    assert first.no_report == 2  # 03 (submitted, not accepted) and 04 (draft)
    # 2.1 is adopted by the even provinces only (00, 02, 04).
    assert rows["2.1"].adopted == 3
    assert rows["2.1"].no_report == 1
    assert [r.source.province for r in rows["2.1"].results] == [
        "UBND tỉnh Thử Nghiệm 00",
        "UBND tỉnh Thử Nghiệm 02",
    ]


def test_only_accepted_reports_count_and_coverage_says_so(world):
    c = consolidate_national(world.round, today=ISSUED)
    assert (c.coverage.expected, c.coverage.received, c.coverage.accepted) == (5, 4, 3)
    names = [s.province for s in c.accepted_reports]
    assert "UBND tỉnh Thử Nghiệm 03" not in names
    status = {line.province: line.status_label for line in c.provinces}
    assert status["UBND tỉnh Thử Nghiệm 03"] == "Đã gửi, chờ xem xét"


def test_funds_are_summed_by_source_over_the_accepted_provinces(world):
    c = consolidate_national(world.round, today=ISSUED)
    funds = {f.source: f.amount for f in c.funds}
    # Accepted: 00 and 02 adopt 5 activities, 01 adopts 3; 1 000 000 each, ODA on the first.
    assert funds == {"local_budget": Decimal(13_000_000), "oda": Decimal(1_500_000)}
    by_province = {f.source.province: f.total for f in c.funds_by_province}
    assert by_province["UBND tỉnh Thử Nghiệm 01"] == Decimal(3_500_000)


def test_every_figure_cites_the_province_its_report_number_and_version(world):
    c = consolidate_national(world.round, today=ISSUED)
    notes = {n.source.province: n for n in c.notes}
    first = notes["UBND tỉnh Thử Nghiệm 00"]
    assert first.source.citation == "BC số 120/BC-UBND (phiên bản 2) của UBND tỉnh Thử Nghiệm 00"
    assert "Khó khăn chung của tỉnh 00." in first.difficulties
    assert "Hoạt động 1.1: Thiếu kinh phí cho hoạt động 1.1." in first.difficulties
    assert first.proposals == ["Kiến nghị chung của tỉnh 00."]


def test_the_coverage_matrix_is_province_by_theme(world):
    c = consolidate_national(world.round, today=ISSUED)
    assert [t.short_heading for t in c.coverage_themes] == ["Chủ đề 1", "Chủ đề 2"]
    cells = {row.province: [(x.adopted, x.national) for x in row.cells] for row in c.coverage_rows}
    assert cells["UBND tỉnh Thử Nghiệm 00"] == [(3, 3), (2, 2)]
    assert cells["UBND tỉnh Thử Nghiệm 01"] == [(3, 3), (0, 2)]
    assert len(cells) == 5  # adopted whether or not they reported


def test_indicator_values_of_the_year_side_by_side_accepted_only(world):
    IndicatorValue.objects.filter(territory=world.provinces[1]).update(status=ValueStatus.SUBMITTED)
    c = consolidate_national(world.round, today=ISSUED)
    assert [col.code for col in c.indicators] == ["gg-renewable-share"]
    column = c.indicators[0].indicator_id
    values = {row.province: row.values[column].value for row in c.indicator_rows}
    assert values["UBND tỉnh Thử Nghiệm 02"] == Decimal(12)
    assert "UBND tỉnh Thử Nghiệm 01" not in values


def test_the_issuing_ministry_is_the_focal_point_valid_on_the_date(world):
    before = consolidate_national(world.round, today=datetime.date(2025, 2, 28))
    after = consolidate_national(world.round, today=datetime.date(2025, 3, 1))
    assert (before.issuing_body, before.issuing_abbreviation) == ("Bộ Kế hoạch và Đầu tư", "BKHĐT")
    assert (after.issuing_body, after.issuing_abbreviation) == ("Bộ Tài chính", "BTC")


@pytest.mark.parametrize("n_provinces", [3, 34])
def test_the_number_of_queries_does_not_grow_with_the_provinces(
    n_provinces, django_assert_num_queries
):
    world = build_national_world(n_provinces)
    # 12 whatever the number of provinces (the versions delivered are one of them; the
    # provinces of the year and the earlier names, issue 15, two more).
    with django_assert_num_queries(12):
        c = consolidate_national(world.round, today=ISSUED)
    assert c.coverage.accepted == n_provinces - 1
    assert len(c.coverage_rows) == n_provinces
    assert c.year == YEAR
