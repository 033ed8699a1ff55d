"""One unit label everywhere: pages, the Excel scorecard, charts, the Word report
(documents.wording.unit_vi) and the API (which keeps the code and adds the label) write a
unit the same way in a language."""

from django.urls import reverse
from django.utils import translation

from indicators.tests.test_excel import open_xlsx
from indicators.tests.test_pages import given_a_tracked_intensity
from indicators.units import unit_label


def test_the_label_of_a_unit_follows_the_language():
    with translation.override("vi"):
        assert unit_label("tCO2e/billion_VND") == "tấn CO2tđ/tỷ đồng"
        assert unit_label("percent") == "%"
        assert unit_label("m²/person") == "m²/người"
        assert unit_label("") == ""
    with translation.override("en"):
        assert unit_label("tCO2e/billion_VND") == "tCO2e/billion VND"
        assert unit_label("person") == "people"
        assert unit_label("ha") == "ha"  # a part the vocabulary lacks, as written


def test_pages_show_the_label_not_the_code(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.viewer)

    scorecard = client.get(reverse("indicators:scorecard", args=["bd"])).content.decode()
    page = client.get(reverse("indicators:indicator", args=["bd", "GHG_INTENSITY"]))
    listing = client.get(reverse("indicators:catalogue")).content.decode()

    for html in (scorecard, page.content.decode(), listing):
        assert "tấn CO2tđ/tỷ đồng" in html
        assert "tCO2e/billion_VND" not in html


def test_the_excel_scorecard_writes_the_label(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.viewer)
    client.cookies["django_language"] = "en"

    sheet = open_xlsx(client.get(reverse("indicators:scorecard_export", args=["bd"]))).active

    rows = {r[0]: r for r in sheet.iter_rows(min_row=5, values_only=True)}
    assert rows["GHG_INTENSITY"][2] == "tCO2e/billion VND"
