import datetime

from django.urls import reverse

from orgs.models import Organisation
from projects.models import Project, ProjectStatus


def test_the_board_shows_each_project_in_its_status_column(funded_world, as_user):
    response = as_user(funded_world.coordinator).get(reverse("projects:board"))

    html = response.content.decode()
    assert response.status_code == 200
    columns = dict(response.context["columns"])
    assert [p.title for p in columns[ProjectStatus.FUNDED]] == ["Đầu tư không gian xanh công cộng"]
    assert [p.title for p in columns[ProjectStatus.APPROVED]] == ["Chiến dịch truyền thông xanh"]
    assert [p.title for p in columns[ProjectStatus.CANCELLED]] == ["Nghiên cứu đã hủy"]
    assert "Đề án thí điểm mô hình tăng trưởng xanh" in html
    assert "300,0" in html  # estimate of the green space project, million VND, Vietnamese format


def test_the_project_page_shows_lines_steps_and_activities(funded_world, tree, as_user):
    project = Project.objects.get(title="Đầu tư không gian xanh công cộng")

    response = as_user(funded_world.viewer).get(reverse("projects:detail", args=[project.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "approved/QĐ-UBND" in html and "01/03/2019" in html  # decision number and date
    assert "Không gian xanh" in html  # the activity served
    assert html.count("<tr><td>20") >= 3  # three budget lines, 2019 and 2020
    assert "70,0" in html and "300,0" in html
    assert response.context["step_form"] is None  # a viewer records nothing
    assert response.context["allocation_form"] is None


def test_the_activity_page_lists_projects_and_money(funded_world, tree, as_user):
    response = as_user(funded_world.staff).get(reverse("projects:activity", args=[tree.a60.pk]))

    html = response.content.decode()
    assert "Đầu tư không gian xanh công cộng" in html and "Chiến dịch truyền thông xanh" in html
    assert response.context["totals"]["allocated"] == 310_000_000


def test_an_activity_with_no_project_says_so(funded_world, tree, as_user):
    html = as_user(funded_world.staff).get(reverse("projects:activity", args=[tree.a61.pk]))
    assert "Nghiên cứu đã hủy" in html.content.decode()  # the cancelled one is listed
    assert html.context["totals"]["estimate"] == 0


def test_the_totals_page_has_tables_chart_and_flags(funded_world, tree, as_user):
    response = as_user(funded_world.coordinator).get(
        reverse("projects:totals", args=[funded_world.plan.pk])
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html
    assert 'data-flag="no_project"' in html and 'data-flag="no_money"' in html
    assert "350,0" in html and "310,0" in html


def test_registering_a_project_through_the_form(world, tree, as_user):
    response = as_user(world.staff).post(
        reverse("projects:create"),
        {
            "kind": "project",
            "title": "Trồng cây xanh đô thị",
            "plan_items": [tree.a60.pk],
            "lead_organisation": world.donre.pk,
            "start_date": "01/01/2019",
            "end_date": "31/12/2020",
            "total_estimate": "1.500,5",
            "budget_lines-TOTAL_FORMS": "3",
            "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-0-year": "2019",
            "budget_lines-0-source": "local_budget",
            "budget_lines-0-estimate": "1.000",
            "budget_lines-1-year": "2020",
            "budget_lines-1-source": "oda",
            "budget_lines-1-estimate": "500,5",
        },
    )

    project = Project.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "projects:detail", args=[project.pk]
    )
    assert project.total_estimate == 1_500_500_000
    assert sorted(project.budget_lines.values_list("year", "estimate")) == [
        (2019, 1_000_000_000),
        (2020, 500_500_000),
    ]


def test_a_form_whose_lines_do_not_add_up_keeps_the_input_and_saves_nothing(world, tree, as_user):
    response = as_user(world.staff).post(
        reverse("projects:create"),
        {
            "kind": "project",
            "title": "Trồng cây xanh đô thị",
            "plan_items": [tree.a60.pk],
            "lead_organisation": world.donre.pk,
            "start_date": "01/01/2019",
            "end_date": "31/12/2020",
            "total_estimate": "2.000",
            "budget_lines-TOTAL_FORMS": "2",
            "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-0-year": "2019",
            "budget_lines-0-source": "local_budget",
            "budget_lines-0-estimate": "1.000",
            "budget_lines-1-year": "2030",
            "budget_lines-1-source": "local_budget",
            "budget_lines-1-estimate": "abc",
        },
    )

    assert response.status_code == 400
    assert Project.objects.count() == 0
    formset = response.context["formset"]
    assert formset.forms[1].errors["estimate"]
    assert 'value="Trồng cây xanh đô thị"' in response.content.decode() or (
        "Trồng cây xanh đô thị" in response.content.decode()
    )


def test_the_action_s_messages_land_on_their_fields(world, tree, as_user):
    response = as_user(world.staff).post(
        reverse("projects:create"),
        {
            "kind": "project",
            "title": "Trồng cây xanh đô thị",
            "plan_items": [tree.a60.pk],
            "lead_organisation": world.donre.pk,
            "start_date": "01/01/2019",
            "end_date": "31/12/2020",
            "total_estimate": "2.000",
            "budget_lines-TOTAL_FORMS": "2",
            "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-0-year": "2019",
            "budget_lines-0-source": "local_budget",
            "budget_lines-0-estimate": "1.000",
            "budget_lines-1-year": "2030",
            "budget_lines-1-source": "oda",
            "budget_lines-1-estimate": "500",
        },
    )

    assert response.status_code == 400
    assert Project.objects.count() == 0
    form, formset = response.context["form"], response.context["formset"]
    assert "1.500.000.000" in form.errors["total_estimate"][0]
    assert formset.forms[1].errors["year"]


def test_the_coordinator_approves_through_the_step_form(world, donre_project, as_user):
    from projects.tests.conftest import advance

    project = advance(donre_project, ProjectStatus.PROPOSED, world.staff)
    response = as_user(world.coordinator).post(
        reverse("projects:step", args=[project.pk]),
        {
            "to_status": "appraised",
            "decided_on": "15/02/2019",
            "decision_number": "12/BC-SKHĐT",
            "version": project.version,
        },
    )

    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPRAISED
    step = project.steps.last()
    assert step.decision_number == "12/BC-SKHĐT" and step.decided_on.isoformat() == "2019-02-15"


def test_an_allocation_above_the_estimate_in_the_form_needs_override(world, donre_project, as_user):
    from projects.tests.conftest import approve

    project = approve(donre_project, world)
    line = project.budget_lines.get(year=2019)
    client = as_user(world.coordinator)
    url = reverse("projects:allocate", args=[project.pk])

    refused = client.post(url, {f"allocated_{line.pk}": "120", "version": project.version})
    assert refused.status_code == 400
    assert refused.context["allocation_form"].errors[f"allocated_{line.pk}"]
    line.refresh_from_db()
    assert line.allocated == 0

    accepted = client.post(
        url,
        {
            f"allocated_{line.pk}": "120",
            "override": "on",
            "reason": "Bổ sung vốn",
            "version": project.version,
        },
    )
    assert accepted.status_code == 302
    line.refresh_from_db()
    assert line.allocated == 120_000_000 and line.override_reason == "Bổ sung vốn"
    page = client.get(reverse("projects:detail", args=[project.pk])).content.decode()
    assert "Bổ sung vốn" in page


def test_a_stale_edit_shows_the_message_and_saves_nothing(world, tree, donre_project, as_user):
    response = as_user(world.staff).post(
        reverse("projects:edit", args=[donre_project.pk]),
        {
            "kind": "project",
            "title": "Tên mới",
            "plan_items": [tree.a60.pk],
            "lead_organisation": world.donre.pk,
            "total_estimate": "0",
            "version": donre_project.version - 1,
            "budget_lines-TOTAL_FORMS": "0",
            "budget_lines-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 400
    assert response.context["form"].non_field_errors()
    donre_project.refresh_from_db()
    assert donre_project.title == "Đầu tư không gian xanh công cộng"


def test_a_project_whose_partner_was_closed_is_still_editable_on_the_page(
    world, tree, donre_project, as_user
):
    # given a partner that the 2025 restructuring closed after it was linked
    partner = world.other_staff.organisation
    donre_project.partners.add(partner)
    Organisation.objects.filter(pk=partner.pk).update(valid_to=datetime.date(2025, 6, 30))
    client = as_user(world.staff)
    url = reverse("projects:edit", args=[donre_project.pk])

    # the form still offers it, and saving keeps it
    assert str(partner) in client.get(url).content.decode()
    response = client.post(
        url,
        {
            "kind": "project",
            "title": "Tên mới",
            "plan_items": [tree.a60.pk],
            "lead_organisation": world.donre.pk,
            "partners": [partner.pk],
            "total_estimate": "300",
            "version": donre_project.version,
            "budget_lines-TOTAL_FORMS": "3",
            "budget_lines-INITIAL_FORMS": "0",
            "budget_lines-0-year": "2019",
            "budget_lines-0-source": "local_budget",
            "budget_lines-0-estimate": "100",
            "budget_lines-1-year": "2020",
            "budget_lines-1-source": "local_budget",
            "budget_lines-1-estimate": "150",
            "budget_lines-2-year": "2020",
            "budget_lines-2-source": "public_investment",
            "budget_lines-2-estimate": "50",
        },
    )

    assert response.status_code == 302, response.context["form"].errors
    donre_project.refresh_from_db()
    assert donre_project.title == "Tên mới"
    assert list(donre_project.partners.all()) == [partner]
