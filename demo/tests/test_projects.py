from django.urls import reverse

from accounts.models import User
from demo.loader import load_demo
from demo.projects import DEMO, load_demo_projects
from plans.models import Plan, PlanItem
from projects.models import DevelopmentPlan, Project, ProjectStatus


def test_the_demo_has_the_seed_s_projects_marked_as_demo(demo):
    projects = list(Project.objects.all())

    assert len(projects) == 5
    assert all(DEMO in p.title and DEMO in p.notes for p in projects)
    pilot = Project.objects.get(plan_items__code="7.1")
    assert pilot.lead_organisation.code == "bd-skhdt"
    assert pilot.status == ProjectStatus.IMPLEMENTING
    assert Project.objects.filter(plan_items__code__startswith="60.").distinct().count() == 2
    assert Project.objects.filter(transitional=True).count() == 2
    assert DevelopmentPlan.objects.count() == 3
    green = Project.objects.get(plan_items__code="60.2")
    assert green.budget_lines.filter(override_reason__contains="HĐND").count() == 1


def test_loading_the_demo_twice_changes_nothing(demo):
    before = list(Project.objects.values_list("pk", "version"))
    load_demo(restructure=False)
    assert load_demo_projects() == ["development plans: 3; demo projects created: 0"]
    assert list(Project.objects.values_list("pk", "version")) == before


def test_the_coordinator_sees_the_demo_funding_of_activity_60(demo, as_user):
    coordinator = User.objects.get(username="dpi.coordinator")
    activity = PlanItem.objects.get(plan__number="1847/KH-UBND", code="60")
    client = as_user(coordinator)

    page = client.get(reverse("projects:activity", args=[activity.pk])).content.decode()
    assert "Dự án đầu tư không gian xanh công cộng" in page
    assert "Kế hoạch phân bổ đất công" in page

    plan = Plan.objects.get(number="1847/KH-UBND")
    totals = client.get(reverse("projects:totals", args=[plan.pk]))
    assert totals.status_code == 200
    assert totals.context["funding"].project_count == 5
    item_page = client.get(reverse("plans:item", args=[activity.pk])).content.decode()
    assert reverse("projects:activity", args=[activity.pk]) in item_page
