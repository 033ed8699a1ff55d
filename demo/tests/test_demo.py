from django.core.management import call_command

from accounts.models import User
from orgs.models import Organisation
from plans.models import Assignment, Plan, PlanItem


def _counts():
    return (
        Organisation.objects.count(),
        Plan.objects.count(),
        PlanItem.objects.count(),
        Assignment.objects.count(),
        User.objects.count(),
    )


def test_loading_the_demo_twice_duplicates_nothing(db):
    call_command("load_demo")
    first = _counts()
    call_command("load_demo")

    assert _counts() == first
    assert first[1] == 2


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
