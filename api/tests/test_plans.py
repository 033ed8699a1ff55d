from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.testing.factories import AssignmentFactory, PlanItemFactory
from orgs.models import Organisation
from plans.models import PlanItem


def numbers(response) -> set[str]:
    return {plan["number"] for plan in response.json()["items"]}


def test_a_coordinator_lists_the_national_plan_and_their_province_plans(world, as_user):
    response = as_user(world.coordinator).get("/api/plans")

    assert numbers(response) == {"403/QĐ-TTg", "1847/KH-UBND"}


def test_a_coordinator_of_another_province_does_not_see_the_plan(world, as_user):
    client = as_user(world.other_coordinator)

    assert numbers(client.get("/api/plans")) == {"403/QĐ-TTg", "99/KH-UBND"}
    for suffix in ["", "/items", "/coverage"]:
        response = client.get(
            f"/api/plans/{world.plan.pk}{suffix}", headers={"Accept-Language": "en"}
        )
        assert response.status_code == 404, suffix
        assert response.json() == {"detail": "Not found."}


def test_a_plan_outside_the_scope_answers_like_a_missing_one(world, as_user):
    client = as_user(world.other_coordinator)

    hidden = client.get(f"/api/plans/{world.plan.pk}")
    missing = client.get("/api/plans/999999")

    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_a_viewer_reads_the_plans_of_the_province(world, as_user):
    client = as_user(world.viewer)

    assert numbers(client.get("/api/plans")) == {"403/QĐ-TTg", "1847/KH-UBND"}
    assert client.get(f"/api/plans/{world.plan.pk}").json()["number"] == "1847/KH-UBND"


def test_a_ministry_sees_every_province(world, as_user):
    response = as_user(world.ministry_viewer).get("/api/plans")

    assert numbers(response) == {"403/QĐ-TTg", "1847/KH-UBND", "99/KH-UBND"}


def test_plan_detail_has_legal_basis_parent_and_focal_point(coordinator, provincial_plan, as_user):
    body = as_user(coordinator).get(f"/api/plans/{provincial_plan.pk}").json()

    assert body["number"] == "1847/KH-UBND"
    assert body["level"] == "provincial"
    assert body["parent_number"] == "403/QĐ-TTg"
    assert body["focal_point"]["code"] == "bd-skhdt"
    assert body["territory_code"] == "ubnd-binh-duong"
    documents = {d["number"]: d for d in body["legal_documents"]}
    assert set(documents) == {"1847/KH-UBND", "403/QĐ-TTg", "1670/QĐ-TTg"}
    assert documents["403/QĐ-TTg"]["issued_on"] == "2014-03-20"  # ISO, not 20/03/2014
    assert documents["403/QĐ-TTg"]["issuer_code"] == "chinh-phu"


def test_dates_are_iso(coordinator, national_plan, as_user):
    body = as_user(coordinator).get(f"/api/plans/{national_plan.pk}").json()

    assert body["issued_on"] == "2014-03-20"


def test_items_come_flat_in_tree_order_with_their_parent(coordinator, provincial_plan, as_user):
    items = as_user(coordinator).get(f"/api/plans/{provincial_plan.pk}/items").json()["items"]

    assert [i["code"] for i in items[:8]] == ["T1", "3", "4", "4.1", "5", "7", "7.1", "T2"]
    assert len(items) == PlanItem.objects.filter(plan=provincial_plan).count()
    seen: set[int] = set()
    for item in items:
        assert item["parent_id"] is None or item["parent_id"] in seen
        seen.add(item["id"])


def test_an_item_carries_its_assignment_priority_and_national_activity(
    coordinator, provincial_plan, as_user
):
    items = as_user(coordinator).get(f"/api/plans/{provincial_plan.pk}/items").json()["items"]
    by_code = {i["code"]: i for i in items}

    task = by_code["4.1"]
    assert task["kind"] == "task"
    assert task["parent_id"] == by_code["4"]["id"]
    assert (task["priority_year"], task["due_date"]) == (2018, "2018-12-31")
    assert task["lead_codes"] == ["bd-stnmt"]
    assert by_code["4"]["implements"] == {"plan_number": "403/QĐ-TTg", "code": "4"}
    assert by_code["5"]["lead_codes"] == ["bd-skhdt"]
    assert by_code["T1"]["implements"] is None


def test_items_filter_by_agency_and_priority_year(coordinator, provincial_plan, as_user):
    response = as_user(coordinator).get(
        f"/api/plans/{provincial_plan.pk}/items", {"agency": "bd-stnmt", "priority_year": 2018}
    )

    codes = [i["code"] for i in response.json()["items"]]
    assert codes == ["4.1", "34.1", "39.1", "39.2", "39.3", "60.1", "60.2", "60.3"]


def test_items_filter_by_kind(coordinator, provincial_plan, as_user):
    response = as_user(coordinator).get(f"/api/plans/{provincial_plan.pk}/items", {"kind": "theme"})

    assert [i["code"] for i in response.json()["items"]] == ["T1", "T2", "T3", "T4"]


def test_an_unknown_kind_is_a_validation_error(coordinator, provincial_plan, as_user):
    response = as_user(coordinator).get(
        f"/api/plans/{provincial_plan.pk}/items", {"kind": "chapter"}
    )

    assert response.status_code == 422


def test_search_without_diacritics_finds_vietnamese_titles(coordinator, provincial_plan, as_user):
    response = as_user(coordinator).get(
        f"/api/plans/{provincial_plan.pk}/items", {"q": "tang truong xanh"}
    )

    items = response.json()["items"]
    codes = {i["code"] for i in items}
    assert {"7", "7.1"} <= codes
    assert "T3" not in codes  # "Thực hiện xanh hóa sản xuất" has no "tăng trưởng"
    assert all("tăng trưởng xanh" in i["title"].lower() for i in items)


def test_filters_combine(coordinator, provincial_plan, as_user):
    response = as_user(coordinator).get(
        f"/api/plans/{provincial_plan.pk}/items",
        {"q": "tang truong xanh", "agency": "bd-stnmt", "kind": "task"},
    )

    assert [i["code"] for i in response.json()["items"]] == ["4.1", "34.1", "39.3"]


def test_coverage_of_the_demo_plan(coordinator, provincial_plan, as_user):
    body = as_user(coordinator).get(f"/api/plans/{provincial_plan.pk}/coverage").json()

    assert [(t["code"], t["adopted"], t["national"]) for t in body["themes"]] == [
        ("T1", 4, 8),
        ("T2", 18, 20),
        ("T3", 22, 25),
        ("T4", 11, 13),
    ]
    assert (body["adopted"], body["national"]) == (55, 66)
    assert body["parent_number"] == "403/QĐ-TTg"
    assert body["not_adopted"] == ["1", "2", "6", "8", "12", "25", "30", "45", "51", "56", "64"]
    assert body["themes"][0]["not_adopted"] == ["1", "2", "6", "8"]


def test_a_plan_without_parent_has_no_coverage(coordinator, national_plan, as_user):
    response = as_user(coordinator).get(
        f"/api/plans/{national_plan.pk}/coverage", headers={"Accept-Language": "en"}
    )

    assert response.status_code == 404
    assert response.json() == {"detail": "This plan has no parent plan, so it has no coverage."}


def test_plan_endpoints_run_a_constant_number_of_queries(
    coordinator, provincial_plan, as_user, django_assert_max_num_queries
):
    client = as_user(coordinator)
    base = f"/api/plans/{provincial_plan.pk}"
    # Session, user and its organisation, then the endpoint's own queries; the demo plan
    # has ~150 items, so one query per item or assignment would show at once. (A list's
    # page counts its rows: one more query.)
    for url, max_queries in [
        ("/api/plans", 5),
        (base, 5),
        (f"{base}/items", 7),
        (f"{base}/items?agency=bd-stnmt&q=dat", 7),
        (f"{base}/coverage", 6),
    ]:
        with django_assert_max_num_queries(max_queries):
            assert client.get(url).status_code == 200, url


def test_the_item_list_costs_the_same_queries_with_more_items(
    coordinator, provincial_plan, as_user
):
    client = as_user(coordinator)
    url = f"/api/plans/{provincial_plan.pk}/items"
    with CaptureQueriesContext(connection) as before:
        client.get(url)
    theme = PlanItem.objects.get(plan=provincial_plan, code="T1")
    donre = Organisation.objects.get(code="bd-stnmt")
    for n in range(20):
        item = PlanItemFactory(plan=provincial_plan, parent=theme, code=f"X{n}", position=900 + n)
        AssignmentFactory(item=item, organisation=donre)

    with CaptureQueriesContext(connection) as after:
        items = client.get(url).json()["items"]

    assert len(after) == len(before)
    assert [i["code"] for i in items if i["code"].startswith("X")] == [f"X{n}" for n in range(20)]
