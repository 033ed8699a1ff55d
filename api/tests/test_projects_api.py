"""The projects API on the Bình Dương demo: the same rules as the project pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from greenplan.testing.api_errors import errors_by_field
from plans.models import Plan, PlanItem
from projects.models import BudgetLine, Project, ProjectStatus, StatusStep

M = 1_000_000
STALE = (
    "Someone else changed this project while you were editing it. Nothing was saved: reload "
    "the page to see their changes, then try again."
)


def project(fragment: str) -> Project:
    return Project.objects.get(title__contains=fragment)


@pytest.fixture
def land_plan(demo) -> Project:
    """DONRE's public land proposal: appraised, no money allocated."""
    return project("phân bổ đất công")


@pytest.fixture
def green_space(demo) -> Project:
    """DONRE's public green space project: implementing, allocated above the estimate."""
    return project("không gian xanh công cộng")


def item(code: str) -> PlanItem:
    return PlanItem.objects.get(plan__number="1847/KH-UBND", code=code)


def send(client: Client, method: str, url: str, body: dict):
    return getattr(client, method)(url, body, content_type="application/json")


def new_project(**changes) -> dict:
    body = {
        "kind": "project",
        "title": "Cải tạo hồ điều hòa Bàu Bàng (thử nghiệm API)",
        "plan_item_ids": [item("60.2").pk],
        "lead_organisation_code": "bd-stnmt",
        "partner_codes": ["bd-sxd"],
        "location_code": "ubnd-binh-duong",
        "start_date": "2020-01-01",
        "end_date": "2021-12-31",
        "total_estimate": 3_000 * M,
        "budget_lines": [
            {"year": 2020, "source": "local_budget", "estimate": 1_000 * M},
            {"year": 2021, "source": "oda", "estimate": 2_000 * M},
        ],
    }
    return {**body, **changes}


def test_every_operation_requires_authentication(land_plan, client):
    pk = land_plan.pk
    for method, url in [
        ("get", "/api/projects"),
        ("post", "/api/projects"),
        ("get", f"/api/projects/{pk}"),
        ("put", f"/api/projects/{pk}"),
        ("patch", f"/api/projects/{pk}"),
        ("post", f"/api/projects/{pk}/steps"),
        ("post", f"/api/projects/{pk}/allocation"),
        ("post", f"/api/projects/{pk}/disbursement"),
    ]:
        response = getattr(client, method)(url, headers={"Accept-Language": "en"})

        assert response.status_code == 401, (method, url)
    assert Project.objects.filter(pk=pk, version=land_plan.version).exists()


def test_the_list_shows_the_province_projects_with_their_money_and_filters(api, provincial_plan):
    viewer = api("province.viewer")

    body = viewer.get("/api/projects").json()["items"]

    assert len(body) == Project.objects.count() == 5
    programme = next(p for p in body if p["lead_organisation_code"] == "bd-sct")
    # Demo: 800 + 900 allocated, 780 + 640 disbursed (million VND), transitional.
    assert (programme["allocated"], programme["disbursed"]) == (1_700 * M, 1_420 * M)
    assert programme["transitional"] and programme["status"] == "implementing"
    implementing = viewer.get("/api/projects?status=implementing").json()["items"]
    assert {p["status"] for p in implementing} == {"implementing"} and len(implementing) == 3
    assert len(viewer.get(f"/api/projects?plan={provincial_plan.pk}").json()["items"]) == 5
    national = Plan.objects.get(number="403/QĐ-TTg")
    assert viewer.get(f"/api/projects?plan={national.pk}").json()["items"] == []


def test_a_project_comes_with_budget_lines_status_steps_and_activities(api, green_space):
    body = api("donre.staff").get(f"/api/projects/{green_space.pk}").json()

    assert [a["code"] for a in body["activities"]] == ["60.2", "60.3"]
    assert {a["plan_number"] for a in body["activities"]} == {"1847/KH-UBND"}
    lines = {(line["year"], line["source"]): line for line in body["budget_lines"]}
    assert lines[(2020, "public_investment")]["estimate"] == 25_000 * M
    assert lines[(2020, "public_investment")]["allocated"] == 27_000 * M
    assert lines[(2020, "public_investment")]["override_reason"].startswith("Bổ sung vốn")
    assert body["total_estimate"] == 45_000 * M
    assert [s["to_status"] for s in body["steps"] if s["to_status"] != s["from_status"]] == [
        "idea",
        "proposed",
        "appraised",
        "approved",
        "funded",
        "implementing",
    ]
    approved = next(s for s in body["steps"] if s["to_status"] == "approved")
    assert approved["decision_number"] == "3390/QĐ-UBND"
    assert approved["decided_on"] == "2018-12-20"
    assert approved["recorded_by"] == "Nguyễn Thị Lan"
    assert body["next_statuses"] == ["completed", "cancelled"]
    assert "bd-thu-dau-mot" in body["partner_codes"]
    assert body["version"] == green_space.version
    viewer = api("province.viewer").get(f"/api/projects/{green_space.pk}").json()
    assert viewer["next_statuses"] == []


def test_another_province_answers_404_like_a_missing_project(api, other_province, land_plan):
    outsider = api("dn.coordinator")

    assert outsider.get("/api/projects").json()["items"] == []
    for method, suffix, body in [
        ("get", "", None),
        ("put", "", {**new_project(), "version": land_plan.version}),
        ("patch", "", {"version": land_plan.version, "title": "x"}),
        ("post", "/steps", {"to_status": "approved", "version": land_plan.version}),
    ]:
        url = f"/api/projects/{land_plan.pk}{suffix}"
        response = send(outsider, method, url, body) if body else outsider.get(url)
        assert (response.status_code, response.json()) == (404, {"detail": "Not found."})
    assert api("dn.coordinator").get("/api/projects/999999").status_code == 404


def test_an_agency_registers_a_project_as_an_idea(api, demo):
    response = send(api("donre.staff"), "post", "/api/projects", new_project())

    assert response.status_code == 201, response.content
    body = response.json()
    created = Project.objects.get(pk=body["id"])
    assert created.status == ProjectStatus.IDEA and body["status"] == "idea"
    assert created.lead_organisation.code == "bd-stnmt"
    assert created.created_by.username == "donre.staff"
    assert created.total_estimate == Decimal(3_000 * M)
    assert sorted(created.budget_lines.values_list("year", "source", "estimate")) == [
        (2020, "local_budget", Decimal(1_000 * M)),
        (2021, "oda", Decimal(2_000 * M)),
    ]
    assert [p.code for p in created.partners.all()] == ["bd-sxd"]
    assert StatusStep.objects.get(project=created).to_status == "idea"
    assert [line["estimate"] for line in body["budget_lines"]] == [1_000 * M, 2_000 * M]
    assert body["activities"][0]["code"] == "60.2"


def test_sums_that_do_not_add_up_are_refused_by_field_and_nothing_is_saved(api, demo):
    before = Project.objects.count()

    response = send(
        api("donre.staff"), "post", "/api/projects", new_project(total_estimate=2_500 * M)
    )

    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "The project was not saved: correct the fields listed in errors."
    assert errors_by_field(body)["total_estimate"] == [
        "The yearly breakdown adds up to 3,000,000,000 VND, not to the total estimate of "
        "2,500,000,000 VND."
    ]
    duplicate = new_project(
        budget_lines=[
            {"year": 2020, "source": "oda", "estimate": 1_500 * M},
            {"year": 2020, "source": "oda", "estimate": 1_500 * M},
        ]
    )
    response = send(api("donre.staff"), "post", "/api/projects", duplicate)
    assert response.status_code == 422
    assert "budget_lines-1-source" in errors_by_field(response.json())
    assert Project.objects.count() == before


def test_references_outside_the_callers_choices_are_refused(api, demo):
    national_item = PlanItem.objects.filter(plan__number="403/QĐ-TTg").first()

    response = send(
        api("donre.staff"),
        "post",
        "/api/projects",
        new_project(plan_item_ids=[national_item.pk, 99_999_999], partner_codes=["nowhere"]),
    )

    assert response.status_code == 422
    errors = errors_by_field(response.json())
    assert errors["plan_item_ids"] == [
        f"{national_item.pk} is not among the choices you have.",
        "99999999 is not among the choices you have.",
    ]
    assert errors["partner_codes"] == ["nowhere is not among the choices you have."]


def test_an_agency_registers_only_projects_it_leads_and_viewers_none(api, demo):
    before = Project.objects.count()

    other_lead = send(api("doit.staff"), "post", "/api/projects", new_project())
    viewer = send(api("province.viewer"), "post", "/api/projects", new_project())

    assert other_lead.status_code == 403
    assert other_lead.json() == {
        "detail": "You may not register projects led by this organisation."
    }
    assert viewer.status_code == 403
    assert viewer.json() == {"detail": "You may not register projects."}
    assert Project.objects.count() == before


def test_the_agency_replaces_its_project_with_the_current_version(api, land_plan):
    body = {
        **new_project(
            title="Kế hoạch phân bổ đất công cho không gian xanh (sửa qua API)",
            plan_item_ids=[item("60.1").pk],
            start_date="2018-03-01",
            end_date="2019-12-31",
            total_estimate=600 * M,
            budget_lines=[
                {"year": 2018, "source": "local_budget", "estimate": 200 * M},
                {"year": 2019, "source": "local_budget", "estimate": 400 * M},
            ],
        ),
        "version": land_plan.version,
    }

    response = send(api("donre.staff"), "put", f"/api/projects/{land_plan.pk}", body)

    assert response.status_code == 200, response.content
    land_plan.refresh_from_db()
    assert land_plan.title.endswith("(sửa qua API)")
    assert land_plan.total_estimate == 600 * M
    assert land_plan.version == body["version"] + 1 == response.json()["version"]
    assert BudgetLine.objects.get(project=land_plan, year=2019).estimate == 400 * M


def test_a_stale_version_is_refused_with_409_and_nothing_changes(api, land_plan):
    title = land_plan.title
    stale = {"version": land_plan.version - 1, "title": "Ghi đè"}

    patch = send(api("donre.staff"), "patch", f"/api/projects/{land_plan.pk}", stale)
    put = send(
        api("donre.staff"),
        "put",
        f"/api/projects/{land_plan.pk}",
        {**new_project(plan_item_ids=[item("60.1").pk]), "version": land_plan.version + 5},
    )
    step = send(
        api("dpi.coordinator"),
        "post",
        f"/api/projects/{land_plan.pk}/steps",
        {
            "to_status": "approved",
            "version": land_plan.version - 1,
            "decided_on": "2018-12-01",
            "decision_number": "1/QĐ-UBND",
        },
    )

    for response in (patch, put, step):
        assert response.status_code == 409
        assert response.json() == {
            "detail": STALE,
            "errors": [{"loc": ["body", "version"], "msg": STALE, "type": "stale"}],
        }
    land_plan.refresh_from_db()
    assert land_plan.title == title and land_plan.status == ProjectStatus.APPRAISED


def test_patch_changes_only_the_fields_sent(api, land_plan):
    lines = sorted(land_plan.budget_lines.values_list("year", "source", "estimate"))

    response = send(
        api("donre.leader"),
        "patch",
        f"/api/projects/{land_plan.pk}",
        {"version": land_plan.version, "notes": "Đã lấy ý kiến các huyện", "title": None},
    )
    assert response.status_code == 422  # a title cannot be cleared
    response = send(
        api("donre.leader"),
        "patch",
        f"/api/projects/{land_plan.pk}",
        {"version": land_plan.version, "notes": "Đã lấy ý kiến các huyện"},
    )

    assert response.status_code == 200, response.content
    land_plan.refresh_from_db()
    assert land_plan.notes == "Đã lấy ý kiến các huyện"
    assert sorted(land_plan.budget_lines.values_list("year", "source", "estimate")) == lines
    assert [a["code"] for a in response.json()["activities"]] == ["60.1"]


def test_another_agency_may_not_change_the_project(api, land_plan):
    response = send(
        api("doit.staff"),
        "patch",
        f"/api/projects/{land_plan.pk}",
        {"version": land_plan.version, "title": "Không được"},
    )

    assert response.status_code == 403
    assert response.json() == {"detail": "You may not change this project."}
    land_plan.refresh_from_db()
    assert land_plan.title != "Không được"


def test_only_the_coordinator_records_an_approval(api, land_plan):
    url = f"/api/projects/{land_plan.pk}/steps"
    decision = {
        "to_status": "approved",
        "version": land_plan.version,
        "decided_on": "2018-12-28",
        "decision_number": "3500/QĐ-UBND",
    }

    refused = send(api("donre.leader"), "post", url, decision)
    incomplete = send(api("dpi.coordinator"), "post", url, {**decision, "decision_number": ""})
    approved = send(api("dpi.coordinator"), "post", url, decision)

    assert refused.status_code == 403
    assert refused.json() == {"detail": "Only the province's coordinator records this decision."}
    assert incomplete.status_code == 422
    assert errors_by_field(incomplete.json()) == {
        "decision_number": ["Give the number of the deciding document."]
    }
    assert approved.status_code == 200, approved.content
    land_plan.refresh_from_db()
    assert land_plan.status == ProjectStatus.APPROVED
    step = land_plan.steps.get(to_status="approved")
    assert step.actor.username == "dpi.coordinator"
    assert step.decision_number == "3500/QĐ-UBND"
    assert step.decided_on == datetime.date(2018, 12, 28)
    assert approved.json()["steps"][-1]["decision_number"] == "3500/QĐ-UBND"


def test_a_status_that_cannot_follow_is_refused_with_422(api, land_plan):
    response = send(
        api("donre.staff"),
        "post",
        f"/api/projects/{land_plan.pk}/steps",
        {"to_status": "completed", "version": land_plan.version},
    )

    assert response.status_code == 422
    assert errors_by_field(response.json()) == {
        "to_status": ["A project that is Appraised cannot become Completed."]
    }


def test_allocation_is_the_coordinators_and_never_silently_above_the_estimate(api, green_space):
    line = green_space.budget_lines.get(year=2020, source="private")
    url = f"/api/projects/{green_space.pk}/allocation"
    above = {"version": green_space.version, "lines": [{"line_id": line.pk, "amount": 6_000 * M}]}

    agency = send(api("donre.staff"), "post", url, above)
    no_reason = send(api("dpi.coordinator"), "post", url, above)
    allowed = send(
        api("dpi.coordinator"),
        "post",
        url,
        {**above, "lines": [{"line_id": line.pk, "amount": 4_000 * M}]},
    )

    assert agency.status_code == 403
    assert no_reason.status_code == 422
    assert list(errors_by_field(no_reason.json())) == [f"allocated_{line.pk}"]
    assert allowed.status_code == 200, allowed.content
    line.refresh_from_db()
    assert line.allocated == 4_000 * M


def test_the_agency_records_disbursements_within_the_allocation(api, green_space):
    line = green_space.budget_lines.get(year=2020, source="public_investment")
    url = f"/api/projects/{green_space.pk}/disbursement"

    over = send(
        api("donre.staff"),
        "post",
        url,
        {"version": green_space.version, "lines": [{"line_id": line.pk, "amount": 28_000 * M}]},
    )
    ok = send(
        api("donre.staff"),
        "post",
        url,
        {"version": green_space.version, "lines": [{"line_id": line.pk, "amount": 20_000 * M}]},
    )

    assert over.status_code == 422
    assert errors_by_field(over.json()) == {
        f"disbursed_{line.pk}": ["Only 27,000,000,000 VND is allocated for this line."]
    }
    assert ok.status_code == 200, ok.content
    line.refresh_from_db()
    assert line.disbursed == 20_000 * M


def test_control_characters_sent_through_the_api_are_stored_clean(api, demo):
    # They made both project exports answer 500 (#12 item 5); cleaned where text enters.
    body = new_project(title="Hồ điều hòa\x01 Bàu Bàng\x0b(API)", description="a\x0cb")

    response = send(api("donre.staff"), "post", "/api/projects", body)

    assert response.status_code == 201, response.content
    created = Project.objects.get(pk=response.json()["id"])
    assert created.title == "Hồ điều hòa Bàu Bàng\n(API)"
