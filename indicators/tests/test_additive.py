"""Whether an indicator adds up across territories is in the catalogue and its file."""

import pytest
from django.urls import reverse

from accounts.system import system_user
from indicators import actions
from indicators.catalogue_file import CATALOGUE_COLUMNS, CATALOGUE_SHEET, ImportRejected
from indicators.models import Indicator
from indicators.seed import load_catalogue
from indicators.tests.test_excel import catalogue_file, open_xlsx


def test_the_starting_catalogue_sums_totals_and_not_intensities(db):
    load_catalogue(user=system_user())

    additive = dict(Indicator.objects.values_list("code", "additive"))

    assert additive["GHG_TOTAL"] and additive["GREEN_AREA"] and additive["URBAN_POP"]
    assert additive["EV_CHARGING_POINTS"]  # a count
    assert not additive["GHG_INTENSITY"] and not additive["RE_SHARE_TPES"]
    assert not additive["GREEN_SPACE_PER_PERSON"]


def test_the_export_says_yes_or_no(world, catalogue, as_user):
    actions.save_indicator("GHG_TOTAL", additive=True, user=world.admin)

    response = as_user(world.viewer).get(reverse("indicators:catalogue_export"))

    sheet = open_xlsx(response)[CATALOGUE_SHEET]
    column = CATALOGUE_COLUMNS.index("additive")
    rows = {r[0]: r[column] for r in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["GHG_TOTAL"] == "yes" and rows["GHG_INTENSITY"] == "no"


def test_the_file_sets_it_in_english_or_vietnamese_and_an_empty_cell_keeps_it(world, catalogue):
    actions.save_indicator("GRDP", additive=True, user=world.admin)
    content = catalogue_file(
        [
            {"code": "GHG_TOTAL", "name": "Tổng", "unit": "tCO2e", "additive": "Có"},
            {
                "code": "GHG_INTENSITY",
                "name": "Cường độ",
                "unit": "tCO2e/billion_VND",
                "kind": "derived",
                "formula": "GHG_TOTAL / GRDP",
                "additive": "no",
            },
            {"code": "GRDP", "name": "GRDP", "unit": "billion_VND"},
        ]
    )

    actions.import_catalogue_file(content, user=world.admin)

    additive = dict(Indicator.objects.values_list("code", "additive"))
    assert additive == {"GHG_TOTAL": True, "GHG_INTENSITY": False, "GRDP": True}


def test_another_word_is_refused_at_its_row_and_column_and_nothing_saved(world, catalogue):
    content = catalogue_file(
        [
            {"code": "GHG_TOTAL", "name": "Tên mới", "unit": "tCO2e", "additive": "yes"},
            {"code": "GRDP", "name": "GRDP", "unit": "billion_VND", "additive": "maybe"},
        ]
    )

    with pytest.raises(ImportRejected) as refused:
        actions.import_catalogue_file(content, user=world.admin)

    [problem] = refused.value.problems
    assert (problem.row, problem.column) == (3, "additive")
    assert not Indicator.objects.filter(additive=True).exists()
    assert Indicator.objects.get(code="GHG_TOTAL").name != "Tên mới"
