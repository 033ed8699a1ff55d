"""The provinces of a year: counted and named as they were, the mergers read from the
organisations' history, the official 63 -> 34 table beside them (issue 15)."""

import datetime

from greenplan.testing.national import DONG_NAI_2025
from orgs.provinces import provinces_on, reference_units

D = datetime.date


def test_in_2019_the_three_provinces_are_themselves_under_their_names_then(reform):
    w = reform.national.world
    year = provinces_on(D(2019, 10, 25))
    assert year.count == 3 and year.official_count == 63
    assert {p.name for p in year.provinces} == {
        "UBND tỉnh Bình Dương",
        "UBND tỉnh Đồng Nai",
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
    }
    assert year.merged == [] and year.reference == ()
    assert year.carrier_id(w.province.pk) == w.province.pk


def test_in_2025_binh_duong_is_counted_once_under_the_city_which_says_so(reform):
    w = reform.national.world
    year = provinces_on(D(2025, 10, 25))
    assert year.count == 2 and year.official_count == 34 and not year.complete
    assert {p.name for p in year.provinces} == {DONG_NAI_2025, reform.hcm.name}
    (city,) = year.merged
    assert city.pk == reform.hcm.pk
    assert city.formerly == ("tỉnh Bình Dương",)
    assert city.label == "UBND TP.HCM (gồm cả tỉnh Bình Dương trước đây)"
    assert year.carrier_id(w.province.pk) == reform.hcm.pk
    assert year.of(w.province.pk) == city
    # the day before the merger Bình Dương was still a province of its own
    assert provinces_on(D(2025, 6, 30)).count == 3


def test_the_reference_table_maps_the_63_former_provinces_into_34():
    units = reference_units()
    assert len(units) == 34
    assert len(units) + sum(len(u.former) for u in units) == 63
    city = next(u for u in units if u.name == "Hồ Chí Minh")
    assert city.former == ("Bình Dương", "Bà Rịa - Vũng Tàu")
