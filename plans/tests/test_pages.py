import pytest
from django.urls import reverse

from accounts.models import User
from plans.models import Plan, PlanItem


@pytest.fixture
def coordinator(demo):
    return User.objects.get(username="dpi.coordinator")


def test_coverage_page_shows_table_chart_and_not_adopted(demo, coordinator, as_user):
    plan = Plan.objects.get(number="1847/KH-UBND")
    response = as_user(coordinator).get(reverse("plans:coverage", args=[plan.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    for fraction in ["4/8", "18/20", "22/25", "11/13", "55/66"]:
        assert fraction in html
    assert "<svg" in html
    assert html.count('<tr><td><a href="/plans/items/') == 11


def test_the_coverage_chart_is_drawn_again_only_when_its_figures_change(
    demo, coordinator, as_user, monkeypatch
):
    from plans import views

    plan = Plan.objects.get(number="1847/KH-UBND")
    drawings = []
    real = views.coverage_figure
    monkeypatch.setattr(views, "coverage_figure", lambda c: drawings.append(1) or real(c))
    url = reverse("plans:coverage", args=[plan.pk])
    client = as_user(coordinator)

    first, again = client.get(url).content.decode(), client.get(url).content.decode()

    assert len(drawings) == 1
    assert "<svg" in first and first[first.index("<svg") :] == again[again.index("<svg") :]
    # An item stops implementing its national activity: the figures change, so does the chart.
    item = PlanItem.objects.filter(plan=plan, implements__isnull=False).first()
    item.implements = None
    item.save(update_fields=["implements"])
    client.get(url)
    assert len(drawings) == 2


def test_plan_page_lists_priority_tasks_with_lead_and_due_date(demo, coordinator, as_user):
    plan = Plan.objects.get(number="1847/KH-UBND")
    html = as_user(coordinator).get(reverse("plans:detail", args=[plan.pk])).content.decode()

    assert "Xây dựng đề án thực hiện thí điểm" in html
    assert "31/12/2018" in html
    assert "Sở TN&amp;MT" in html


def test_search_without_diacritics_finds_vietnamese_text(demo, coordinator, as_user):
    plan = Plan.objects.get(number="1847/KH-UBND")
    response = as_user(coordinator).get(
        reverse("plans:items", args=[plan.pk]), {"q": "tang truong xanh"}
    )

    codes = {item.code for item in response.context["page"]}
    assert "7" in codes and "7.1" in codes
    assert "T3" not in codes  # "Thực hiện xanh hóa sản xuất" has no "tăng trưởng"


def test_filters_by_agency_and_priority_year(demo, coordinator, as_user):
    plan = Plan.objects.get(number="1847/KH-UBND")
    donre = PlanItem.objects.get(plan=plan, code="60.1").assignments.get().organisation
    response = as_user(coordinator).get(
        reverse("plans:items", args=[plan.pk]), {"agency": donre.pk, "priority_year": 2018}
    )

    codes = sorted(item.code for item in response.context["page"])
    assert codes == ["34.1", "39.1", "39.2", "39.3", "4.1", "60.1", "60.2", "60.3"]


def test_filter_by_theme_keeps_the_theme_subtree(demo, coordinator, as_user):
    plan = Plan.objects.get(number="1847/KH-UBND")
    theme = PlanItem.objects.get(plan=plan, code="T1")
    response = as_user(coordinator).get(
        reverse("plans:items", args=[plan.pk]), {"theme": theme.pk, "kind": "activity"}
    )

    assert sorted(int(i.code) for i in response.context["page"]) == [3, 4, 5, 7]


def test_item_page_shows_agencies_timeframe_request_flag_and_legal_basis(
    demo, coordinator, as_user
):
    item = PlanItem.objects.get(plan__number="1847/KH-UBND", code="34.1")
    html = as_user(coordinator).get(reverse("plans:item", args=[item.pk])).content.decode()

    assert "Sở Tài nguyên và Môi trường tỉnh Bình Dương" in html
    assert "1847/KH-UBND" in html
    assert "khi có yêu cầu" in html.lower() or "when requested" in html.lower()


def test_placeholder_titles_carry_a_visible_badge(demo, coordinator, as_user):
    plan = Plan.objects.get(number="403/QĐ-TTg")
    html = as_user(coordinator).get(reverse("plans:detail", args=[plan.pk])).content.decode()

    assert html.count('class="badge placeholder"') == 12 + 63  # groups + unknown activities


def test_plan_pages_run_a_constant_number_of_queries(
    demo, coordinator, as_user, django_assert_max_num_queries
):
    client = as_user(coordinator)
    plans = Plan.objects.visible_to(coordinator)  # other provinces' plans are not found
    assert plans.filter(number="3961/KH-UBND").exists()  # a plan of tasks is among them
    for plan in plans:
        for name in ["plans:detail", "plans:items", "plans:coverage"]:
            with django_assert_max_num_queries(12):
                assert client.get(reverse(name, args=[plan.pk])).status_code == 200
