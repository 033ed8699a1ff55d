"""The indicators API on the Bình Dương demo: catalogue, scorecard, values, value entry."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.test import Client

from accounts.models import User
from greenplan.testing.api_errors import errors_by_field
from indicators.models import Indicator, IndicatorValue, ValueStatus

PROVINCE = "ubnd-binh-duong"
SCORECARD = f"/api/indicators/territories/{PROVINCE}/scorecard"
GHG_VALUES = f"/api/indicators/territories/{PROVINCE}/GHG_TOTAL/values"


@pytest.fixture
def users(demo) -> dict[str, User]:
    return {u.username: u for u in User.objects.all()}


def post_value(client: Client, url: str, **body):
    return client.post(url, body, content_type="application/json")


def test_every_operation_requires_authentication(demo, client):
    for method, url in [
        ("get", "/api/indicators"),
        ("get", SCORECARD),
        ("get", GHG_VALUES),
        ("post", GHG_VALUES),
    ]:
        response = getattr(client, method)(url, headers={"Accept-Language": "en"})

        assert response.status_code == 401, url
        assert "Authorization: Bearer" in response.json()["detail"]


def test_the_catalogue_lists_every_indicator_with_its_unit_and_agency(api):
    body = api("province.viewer").get("/api/indicators").json()["items"]

    by_code = {row["code"]: row for row in body}
    assert len(body) == Indicator.objects.count()
    assert by_code["GHG_TOTAL"]["unit"] == "tCO2e"
    assert by_code["GHG_TOTAL"]["responsible_agency_code"] == "bd-stnmt"
    assert by_code["GHG_INTENSITY"]["kind"] == "derived"
    assert by_code["GHG_INTENSITY"]["formula"].replace(" ", "") == "GHG_TOTAL/GRDP"


def test_the_scorecard_gives_baseline_targets_latest_value_path_gap_and_status(api):
    body = api("province.viewer").get(SCORECARD).json()

    assert body["territory_code"] == PROVINCE
    rows = {row["code"]: row for row in body["rows"]}
    intensity = rows["GHG_INTENSITY"]
    # Demo: 2014 baseline 16 000 000 t / 190 000 bn VND; latest 2022: 21 000 000 / 400 000.
    assert intensity["baseline"]["year"] == 2014
    assert Decimal(intensity["baseline"]["value"]) == Decimal("84.21")  # demo rounds it
    assert intensity["latest"]["year"] == 2022
    assert Decimal(intensity["latest"]["value"]) == Decimal("52.5")
    assert [(t["year"], t["kind"]) for t in intensity["targets"]] == [
        (2020, "relative"),
        (2030, "relative"),
    ]
    assert intensity["target"]["year"] == 2030
    assert intensity["status"] == "on_track" and intensity["status_label"] == "On track"
    # Lower is better: the gap is actual - target (negative: the target is beaten).
    gap = Decimal(intensity["gap"])
    assert gap == Decimal(intensity["latest"]["value"]) - Decimal(intensity["target"]["value"])
    assert gap < 0
    assert Decimal(intensity["path_value"]) > Decimal(intensity["latest"]["value"])
    assert rows["GHG_TOTAL"]["status"] == "no_target"
    assert rows["TPES_PER_GDP"]["status"] == "no_data" and rows["TPES_PER_GDP"]["latest"] is None
    assert sum(body["counts"].values()) == len(rows)


def test_another_province_answers_404_like_a_missing_territory(api, other_province):
    outsider = api("dn.coordinator")

    for url in (SCORECARD, GHG_VALUES):
        response = outsider.get(url)
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    missing = outsider.get("/api/indicators/territories/no-such-place/scorecard")
    assert missing.status_code == 404
    hidden = api("donre.staff").get("/api/indicators/territories/ubnd-dong-nai/scorecard")
    assert hidden.status_code == 404
    refused = post_value(
        api("donre.staff"),
        "/api/indicators/territories/ubnd-dong-nai/GHG_TOTAL/values",
        year=2023,
        value=1,
    )
    assert refused.status_code == 404


def test_values_say_who_entered_and_who_accepted_them(api, users):
    body = api("province.viewer").get(GHG_VALUES).json()

    assert [v["year"] for v in body] == [2014, 2016, 2018, 2020, 2022]
    value_2018 = body[2]
    assert Decimal(value_2018["value"]) == Decimal("18500000")
    assert value_2018["status"] == "accepted"
    assert value_2018["entered_by"] == users["donre.staff"].get_full_name() == "Trần Văn Minh"
    assert value_2018["reviewed_by"] == "Nguyễn Thị Lan"
    assert value_2018["reviewed_at"] and value_2018["submitted_at"]
    assert "demo" in value_2018["source"]


def test_the_responsible_agency_enters_a_value_for_review(api, users):
    response = post_value(
        api("donre.staff"),
        GHG_VALUES,
        year=2023,
        value="21500000.5",
        source="Kiểm kê khí nhà kính 2023",
        notes="Số liệu sơ bộ",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert body["status"] == "submitted" and body["entered_by"] == "Trần Văn Minh"
    assert Decimal(body["value"]) == Decimal("21500000.5")
    record = IndicatorValue.objects.get(
        indicator__code="GHG_TOTAL", territory__code=PROVINCE, year=2023
    )
    assert record.value == Decimal("21500000.5")
    assert record.status == ValueStatus.SUBMITTED
    assert record.entered_by == users["donre.staff"]
    assert record.source == "Kiểm kê khí nhà kính 2023"
    # Not accepted yet: the viewer does not see it, the agency and the coordinator do.
    assert 2023 not in [v["year"] for v in api("province.viewer").get(GHG_VALUES).json()]
    for username in ("donre.staff", "dpi.coordinator"):
        assert 2023 in [v["year"] for v in api(username).get(GHG_VALUES).json()], username


def test_a_draft_stays_a_draft_and_a_json_number_is_accepted(api):
    response = post_value(api("donre.staff"), GHG_VALUES, year=2024, value=22000000, submit=False)

    assert response.status_code == 200, response.content
    assert response.json()["status"] == "draft"


def test_only_the_responsible_agency_may_enter_a_value(api):
    for username in ("doit.staff", "province.viewer", "dpi.coordinator"):
        response = post_value(api(username), GHG_VALUES, year=2023, value="1")

        assert response.status_code == 403, username
        assert response.json() == {
            "detail": "Only the indicator's responsible agency enters its values."
        }
    derived = post_value(
        api("admin"),
        f"/api/indicators/territories/{PROVINCE}/GHG_INTENSITY/values",
        year=2023,
        value="50",
    )
    assert derived.status_code == 403
    assert "computed from its formula" in derived.json()["detail"]
    assert not IndicatorValue.objects.filter(year=2023).exists()


def test_a_bad_number_is_refused_with_a_clear_message_and_nothing_saved(api):
    client = api("donre.staff")

    for value, message in [
        ("12,5 tấn", 'Enter a number, with a dot before any decimals (e.g. "1234.5").'),
        ("NaN", "Enter a finite number."),
        ("1.1234567", "Enter at most 6 decimal places."),
        ("1" * 19, "Enter at most 18 digits before the decimal point."),
    ]:
        response = post_value(client, GHG_VALUES, year=2023, value=value)

        assert response.status_code == 422, value
        assert errors_by_field(response.json()) == {"value": [message]}, value
        assert response.json()["detail"].startswith("The value was not saved")
    out_of_range = post_value(client, GHG_VALUES, year=1800, value="1")
    assert out_of_range.status_code == 422
    assert not IndicatorValue.objects.filter(year__in=[2023, 1800]).exists()


def test_an_accepted_value_cannot_be_overwritten(api):
    response = post_value(api("donre.staff"), GHG_VALUES, year=2018, value="1")

    assert response.status_code == 422
    assert "already accepted" in errors_by_field(response.json())["year"][0]
    record = IndicatorValue.objects.get(
        indicator__code="GHG_TOTAL", territory__code=PROVINCE, year=2018
    )
    assert record.value == Decimal("18500000")


def test_units_are_codes_with_a_label_in_the_asked_language(api):
    catalogue = {
        row["code"]: row for row in api("province.viewer").get("/api/indicators").json()["items"]
    }
    scorecard = {row["code"]: row for row in api("province.viewer").get(SCORECARD).json()["rows"]}

    for rows in (catalogue, scorecard):
        assert rows["GHG_INTENSITY"]["unit"] == "tCO2e/billion_VND"
        assert rows["GHG_INTENSITY"]["unit_label"] == "tCO2e/billion VND"
