import pytest
from django.core.management import call_command
from django.urls import reverse

from accounts.models import User
from demo import data
from orgs.models import Organisation
from plans.models import Assignment, Plan, PlanItem
from reporting.models import AgencyReport, ReportingRound, ReportItem

NEW_PROVINCES = {"ubnd-ba-ria-vung-tau": "brvt", "ubnd-tp-hcm": "hcm"}
PLANS = {
    "403/QĐ-TTg": None,
    "1847/KH-UBND": "ubnd-binh-duong",
    "DEMO-BRVT/KH-UBND": "ubnd-ba-ria-vung-tau",
    "DEMO-HCM/KH-UBND": "ubnd-tp-hcm",
    "882/QĐ-TTg": None,
    "3961/KH-UBND": "ubnd-binh-duong",
    "3797/QĐ-UBND": "ubnd-tp-hcm",
}


def _counts():
    return (
        Organisation.objects.count(),
        Plan.objects.count(),
        PlanItem.objects.count(),
        Assignment.objects.count(),
        User.objects.count(),
        ReportingRound.objects.count(),
        AgencyReport.objects.count(),
        ReportItem.objects.count(),
        sorted(AgencyReport.objects.values_list("pk", "status", "version")),
    )


def test_loading_the_demo_twice_duplicates_nothing(db):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")

    assert _counts() == first
    assert first[1] == len(PLANS)
    assert first[4] == len(data.USERS)


def test_demo_states_the_seed_facts(demo):
    plan = Plan.objects.get(number="1847/KH-UBND")
    assert plan.focal_point.code == "bd-skhdt"
    lead_of_5 = PlanItem.objects.get(plan=plan, code="5").assignments.get(role="lead")
    assert lead_of_5.organisation.code == "bd-skhdt"
    task = PlanItem.objects.get(plan=plan, code="7.1")
    assert (task.priority_year, task.due_date.isoformat()) == (2018, "2018-12-31")
    donre_tasks = PlanItem.objects.filter(
        plan=plan, priority_year=2018, assignments__organisation__code="bd-stnmt"
    )
    assert {t.parent.code for t in donre_tasks} == {"4", "34", "39", "60"}
    assert donre_tasks.filter(on_request=True).count() == 2


def test_demo_has_the_2018_district_level_and_the_2025_restructuring(demo):
    districts = Organisation.objects.filter(kind="district", parent__code="ubnd-binh-duong")
    assert districts.count() == 9
    assert all(d.valid_to.isoformat() == "2025-06-30" for d in districts)
    mpi = Organisation.objects.get(code="bo-khdt")
    assert mpi.successor.code == "bo-tc" and mpi.valid_to.isoformat() == "2025-02-28"


def test_national_plan_has_4_themes_12_groups_66_activities(demo):
    items = PlanItem.objects.filter(plan__number="403/QĐ-TTg")
    assert [items.filter(kind=k).count() for k in ["theme", "group", "activity"]] == [4, 12, 66]


def test_the_two_other_provinces_have_their_departments_districts_and_small_plans(demo):
    for province, prefix in NEW_PROVINCES.items():
        committee = Organisation.objects.get(code=province)
        assert committee.kind == "province" and committee.parent.code == "chinh-phu"
        departments = Organisation.objects.filter(parent=committee, kind="department")
        assert {d.code.removeprefix(f"{prefix}-") for d in departments} >= {
            "skhdt", "stc", "stnmt", "snnptnt", "sct", "sxd", "sgtvt", "skhcn", "stttt"
        }  # fmt: skip
        assert all(d.email.endswith(".example") for d in departments)
        districts = Organisation.objects.filter(parent=committee, kind="district")
        assert districts.count() == 3
        assert {d.valid_to.isoformat() for d in districts} == {"2025-06-30"}

        plan = Plan.objects.get(territory=committee, period_start=2018)
        assert plan.number.startswith("DEMO-") and "minh họa" in plan.title
        assert plan.parent.number == "403/QĐ-TTg" and plan.focal_point.code == f"{prefix}-skhdt"
        activities = plan.items.filter(kind="activity")
        assert activities.exists()
        assert all(a.implements.plan_id == plan.parent_id for a in activities)
        assert all(a.assignments.filter(role="lead").count() == 1 for a in activities)


def test_every_province_has_rounds_2018_to_2019_with_accepted_reports_in_varied_states(demo):
    for plan in Plan.objects.filter(level="provincial", parent__number="403/QĐ-TTg"):
        years = set(plan.rounds.values_list("year", flat=True))
        assert {2018, 2019} <= years
        accepted_2019 = AgencyReport.objects.filter(
            round__plan=plan, round__year=2019, status="accepted"
        )
        assert accepted_2019.exists(), plan.number
    for number in ["DEMO-BRVT/KH-UBND", "DEMO-HCM/KH-UBND"]:
        reports = AgencyReport.objects.filter(round__plan__number=number)
        assert set(reports.values_list("round__year", flat=True)) == {2018, 2019, 2020}
        assert set(reports.values_list("status", flat=True)) >= {
            "accepted", "returned", "submitted", "draft"
        }  # fmt: skip
        late = [
            r for r in reports.filter(submitted_at__isnull=False).select_related("round")
            if r.submitted_at.date() > r.round.deadline
        ]  # fmt: skip
        assert late
        never_started = reports.filter(status="draft", items__results="").distinct()
        assert never_started.exists()  # missing


def test_the_2021_2030_generation(demo):
    national = Plan.objects.get(number="882/QĐ-TTg")
    items = national.items
    assert [items.filter(kind=k).count() for k in ["theme", "group", "task"]] == [18, 57, 134]
    themes = items.filter(kind="theme").order_by("position")
    assert not any(t.is_placeholder for t in themes[:9])
    assert all(t.is_placeholder for t in themes[9:])
    assert themes[0].title.startswith("Xây dựng và hoàn thiện thể chế")
    assert all(t.is_placeholder for t in items.filter(kind__in=["group", "task"]))

    bd = Plan.objects.get(number="3961/KH-UBND")
    assert (bd.parent, bd.territory.code, bd.period_start, bd.period_end) == (
        national,
        "ubnd-binh-duong",
        2023,
        2030,
    )
    assert bd.items.filter(kind="theme").count() == 18
    assert set(bd.rounds.values_list("year", flat=True)) == {2023, 2024}
    hcm = Plan.objects.get(number="3797/QĐ-UBND")
    assert (hcm.parent, hcm.period_start) == (national, 2024)
    groups = hcm.items.filter(kind="group", parent=None).order_by("position")
    assert groups.count() == 14 and groups[0].title == "Tài chính xanh"
    assert set(hcm.rounds.values_list("year", flat=True)) == {2024}
    for plan in (bd, hcm):
        assert AgencyReport.objects.filter(round__plan=plan, status="accepted").exists()


def test_the_demo_logins_list_the_ministry_and_each_province_s_leader(demo, capsys):
    call_command("demo_logins")

    out = capsys.readouterr().out
    for username in ["mpi.coordinator", "mof.coordinator", "bd.leader", "brvt.leader"]:
        assert username in out
    assert out.index("mpi.coordinator") < out.index("bd.leader")
    assert "Bộ Kế hoạch và Đầu tư (đến 28/02/2025)" in out
    hcm = out.index("Ủy ban nhân dân Thành phố Hồ Chí Minh\n")
    assert out.index("hcm.leader") - hcm < out.index("hcm.dpi") - hcm


@pytest.mark.parametrize("username", [u[0] for u in data.USERS])
def test_every_demo_user_logs_in_and_sees_only_their_province(demo, client, username):
    user = User.objects.get(username=username)

    response = client.post(reverse("login"), {"username": username, "password": data.DEMO_PASSWORD})
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
    page = client.get(reverse("home")).content.decode()

    seen = set(Plan.objects.visible_to(user).values_list("number", flat=True))
    province = user.organisation.province
    if user.is_admin or province is None:
        assert seen == set(PLANS)  # administrators and the ministry see every province
    else:
        own = {n for n, p in PLANS.items() if p in (None, province.code)}
        assert seen == own
        for number in set(PLANS) - own:
            assert number not in page
