"""The indicator pages show where the province stands and who is behind each figure."""

from decimal import Decimal

from django.urls import reverse

from indicators import actions
from indicators.models import TargetKind
from indicators.tests.conftest import accepted


def given_a_tracked_intensity(world, catalogue):
    # Baseline 2014: 80; target 2030: -15% = 68. Path in 2020 = 80 - 12 * 6/16 = 75.5.
    actions.set_baseline(
        catalogue.intensity, world.province, year=2014, value=Decimal(80), user=world.coordinator
    )
    actions.set_target(
        catalogue.intensity,
        world.province,
        year=2030,
        value=Decimal(-15),
        kind=TargetKind.RELATIVE,
        user=world.coordinator,
    )
    # 30,000,000 / 400,000 = 75 <= 75.5: on track, 7 still to go.
    accepted(
        catalogue.ghg, world.province, 2020, "30000000", by=world.staff, reviewer=world.coordinator
    )
    accepted(
        catalogue.grdp,
        world.province,
        2020,
        "400000",
        by=world.coordinator,
        reviewer=world.coordinator,
    )


def test_the_scorecard_shows_status_per_indicator(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)

    html = as_user(world.viewer).get(reverse("indicators:scorecard", args=["bd"])).content.decode()

    row = html[html.index('id="row-GHG_INTENSITY"') :]
    row = row[: row.index("</tr>")]
    assert "Đúng tiến độ" in row or "On track" in row
    assert ">75<" in row and ">68<" in row and ">7<" in row
    assert 'id="row-GHG_TOTAL"' in html


def test_the_indicator_page_traces_each_value_to_people(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    world.staff.first_name, world.staff.last_name = "Trần Văn", "Minh"
    world.staff.save()

    html = (
        as_user(world.viewer)
        .get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]))
        .content.decode()
    )

    values = html[html.index('id="values"') :]
    assert "30.000.000" in values  # Vietnamese grouping
    assert "Trần Văn Minh" in values
    assert world.coordinator.username in values
    assert "<svg" in html


def test_numbers_follow_the_language(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.viewer)
    client.cookies["django_language"] = "en"

    html = client.get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"])).content.decode()

    assert "30,000,000" in html


def test_the_derived_indicator_page_shows_gap_and_status(world, catalogue, as_user):
    given_a_tracked_intensity(world, catalogue)
    client = as_user(world.coordinator)
    client.cookies["django_language"] = "en"

    html = client.get(
        reverse("indicators:indicator", args=["bd", "GHG_INTENSITY"])
    ).content.decode()

    assert "7 still to go to the 2030 target" in html
    assert 'id="track-status">On track<' in html
    assert "computed" in html


def test_a_revised_target_shows_the_old_one_and_who_changed_it(world, catalogue, as_user):
    actions.set_target(
        catalogue.grdp, world.province, year=2025, value=Decimal(500000), user=world.admin
    )
    actions.set_target(
        catalogue.grdp, world.province, year=2025, value=Decimal(550000), user=world.coordinator
    )

    html = (
        as_user(world.coordinator)
        .get(reverse("indicators:indicator", args=["bd", "GRDP"]))
        .content.decode()
    )

    revisions = html[html.index('id="revisions"') :]
    assert "550.000" in revisions and "500.000" in revisions
    assert "coordinator" in revisions and "admin" in revisions


def test_the_catalogue_filters_by_objective(world, catalogue, as_user):
    from indicators.models import Objective

    first = Objective.objects.create(number=1, name="Giảm cường độ phát thải khí nhà kính trên GDP")
    catalogue.ghg.objective = first
    catalogue.ghg.save()
    client = as_user(world.viewer)

    html = client.get(reverse("indicators:catalogue"), {"objective": 1}).content.decode()

    assert "GHG_TOTAL" in html and "GRDP" not in html
    assert "GRDP" in client.get(reverse("indicators:catalogue")).content.decode()


def test_the_agency_enters_a_value_in_the_vietnamese_format(world, catalogue, as_user):
    response = as_user(world.staff).post(
        reverse("indicators:enter_value", args=["bd", "GHG_TOTAL"]),
        {"year": 2021, "value": "1.234,5", "source": "Sở TN&MT", "submit": "on"},
    )

    assert response.status_code == 302
    record = catalogue.ghg.values.get()
    assert record.value == Decimal("1234.5") and record.status == "submitted"


def test_text_in_the_number_field_is_rejected_and_nothing_saved(world, catalogue, as_user):
    client = as_user(world.staff)
    client.cookies["django_language"] = "en"

    response = client.post(
        reverse("indicators:enter_value", args=["bd", "GHG_TOTAL"]),
        {"year": 2021, "value": "khoảng 25 triệu", "submit": "on"},
    )

    assert response.status_code == 400
    assert response.context["value_form"].errors["value"] == ["Enter a number."]
    assert "Enter a number." in response.content.decode()
    assert not catalogue.ghg.values.exists()


def test_correcting_an_accepted_value_is_refused_with_a_message(world, catalogue, as_user):
    accepted(catalogue.ghg, world.province, 2020, "1", by=world.staff, reviewer=world.coordinator)

    response = as_user(world.staff).post(
        reverse("indicators:enter_value", args=["bd", "GHG_TOTAL"]),
        {"year": 2020, "value": "2", "submit": "on"},
    )

    assert response.status_code == 400
    assert "year" in response.context["value_form"].errors
    assert catalogue.ghg.values.get().value == Decimal(1)


def test_the_coordinator_accepts_and_returns_on_the_page(world, catalogue, as_user):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(5), user=world.staff
    )
    client = as_user(world.coordinator)

    page = client.get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"])).content.decode()
    assert reverse("indicators:accept_value", args=[record.pk]) in page
    client.post(reverse("indicators:accept_value", args=[record.pk]))
    record.refresh_from_db()
    assert record.status == "accepted" and record.reviewed_by == world.coordinator

    client.post(reverse("indicators:return_value", args=[record.pk]), {"comment": "Sai đơn vị"})
    record.refresh_from_db()
    assert record.status == "returned" and record.review_comment == "Sai đơn vị"


def test_the_coordinator_sets_a_target_on_the_page(world, catalogue, as_user):
    client = as_user(world.coordinator)

    response = client.post(
        reverse("indicators:set_target", args=["bd", "GRDP"]),
        {"year": 2030, "kind": "absolute", "value": "1.000.000", "source": "NQ ĐH Đảng bộ"},
    )

    assert response.status_code == 302
    assert catalogue.grdp.targets.get().value == Decimal(1000000)


def test_the_coordinator_sees_what_waits_for_review(world, catalogue, as_user):
    actions.enter_value(
        catalogue.ghg, world.province, year=2021, value=Decimal(5), user=world.staff
    )

    coordinator_page = as_user(world.coordinator).get(reverse("indicators:scorecard", args=["bd"]))
    viewer_page = as_user(world.viewer).get(reverse("indicators:scorecard", args=["bd"]))

    assert "GHG_TOTAL 2021" in coordinator_page.content.decode()
    assert 'id="pending-values"' not in viewer_page.content.decode()


def test_a_returned_value_is_corrected_from_a_filled_form(world, catalogue, as_user):
    record = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal("1234.5"), user=world.staff
    )
    actions.return_value(record, user=world.coordinator, comment="Kiểm tra lại")
    client = as_user(world.staff)

    page = client.get(reverse("indicators:indicator", args=["bd", "GHG_TOTAL"]), {"year": 2020})

    form = page.context["value_form"]
    assert form.initial["value"] == Decimal("1234.5") and form.initial["year"] == 2020
    assert 'value="1.234,5"' in page.content.decode()  # Vietnamese grouping and comma
