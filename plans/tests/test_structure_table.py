"""The plan page's structure rows written in Python (plans.structure_table) against the
template loop they replace, and the plan page's queries at two sizes."""

import pytest
from django.db import connection
from django.template import Context, Template
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from greenplan.testing.factories import AssignmentFactory, OrganisationFactory, PlanItemFactory
from plans.models import Assignment, ItemKind, PlanItem
from plans.structure_table import structure_rows
from plans.tree import build_tree, flatten, with_agencies

# plans/plan_detail.html's loop as it was, reading the assignments of each item (prefetched).
TEMPLATE_LOOP = (
    "{% load i18n localized plans %}{% for node in nodes %}{% with item=node.item %}\n"
    '    <tr class="depth-{{ node.depth }} kind-{{ item.kind }}">\n'
    "      <td><a href=\"{% url 'plans:item' item.pk %}\">{{ item.label }}</a></td>\n"
    '      <td class="title">{{ item|localized }} {% include "plans/_item_badges.html" %}</td>\n'
    '      <td>{% for a in item.assignments.all %}{% if a.role == "lead" %}{{ a.organisation }}'
    "{% endif %}{% endfor %}</td>\n"
    '      <td class="hide-sm">{{ item.assignments.all|in_role:"coordinating"|join:"; " }}</td>\n'
    '      <td class="hide-sm">{{ item.timeframe }}</td>\n'
    "    </tr>{% endwith %}{% endfor %}"
)


@pytest.fixture
def awkward_plan(world):
    """Items with every badge, English titles or not, and names that need escaping."""
    plan = world.plan
    theme = PlanItemFactory(
        plan=plan, kind=ItemKind.THEME, code="T<1>", number="", title='Chủ đề "A" & B',
        title_en="Theme <A>", is_placeholder=True, position=1,
    )  # fmt: skip
    task = PlanItemFactory(
        plan=plan, parent=theme, kind=ItemKind.TASK, code="N1", number="1.1",
        title="Nhiệm vụ ưu tiên", on_request=True, priority_year=2026, timeframe="2025 & 2026",
        position=2,
    )  # fmt: skip
    PlanItemFactory(plan=plan, parent=task, code="A1", title="Hoạt động 'x'", position=3)
    agencies = [
        OrganisationFactory(name="Sở Tài nguyên & Môi trường", short_name="STNMT"),
        OrganisationFactory(name="Sở <Xây dựng>"),
        OrganisationFactory(name="Ban 'Quản lý'", short_name=""),
        OrganisationFactory(name="An Giang"),
    ]
    for n, org in enumerate(agencies):
        AssignmentFactory(item=task, organisation=org, role=Assignment.Role.LEAD)
        if n % 2:
            AssignmentFactory(item=theme, organisation=org, role=Assignment.Role.COORDINATING)
        AssignmentFactory(item=task, organisation=org, role=Assignment.Role.COORDINATING)
    return plan


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_rows_are_the_template_loops_byte_for_byte(awkward_plan, language):
    # Given the plan read as the template read it (assignments prefetched with their
    # organisations, in the default ordering) and as the page reads it now
    old = list(
        PlanItem.objects.filter(plan=awkward_plan).prefetch_related("assignments__organisation")
    )
    new = with_agencies(list(PlanItem.objects.filter(plan=awkward_plan)), awkward_plan)
    with translation.override(language):
        # When both are written
        expected = Template(TEMPLATE_LOOP).render(Context({"nodes": flatten(build_tree(old))}))
        written = structure_rows(flatten(build_tree(new)))

    # Then they are the same bytes, escaped, badges and agencies included
    assert written == expected
    assert "Sở Tài nguyên &amp; Môi trường" not in written  # its short name is shown
    assert "STNMT" in written and "Sở &lt;Xây dựng&gt;" in written
    assert 'badge priority">' in written and 'badge request">' in written


def test_agencies_are_listed_by_role_in_the_order_of_their_names(awkward_plan):
    task = with_agencies(list(PlanItem.objects.filter(plan=awkward_plan, code="N1")))[0]

    assert [str(a) for a in task.agencies.lead] == [
        "An Giang", "Ban 'Quản lý'", "Sở <Xây dựng>", "STNMT",
    ]  # fmt: skip
    assert [str(a) for a in task.agencies.coordinating] == [str(a) for a in task.agencies.lead]


def test_the_plan_page_costs_the_same_queries_with_more_items(world, as_user):
    client = as_user(world.coordinator)
    url = reverse("plans:detail", args=[world.plan.pk])
    theme = PlanItemFactory(plan=world.plan, kind=ItemKind.THEME, code="T1", position=1)
    AssignmentFactory(item=theme)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for n in range(30):
        item = PlanItemFactory(plan=world.plan, parent=theme, code=f"X{n}", position=10 + n)
        for role in Assignment.Role.values:
            AssignmentFactory(item=item, role=role)

    with CaptureQueriesContext(connection) as large:
        html = client.get(url).content.decode()

    assert len(large) == len(small)
    assert html.count('<tr class="depth-1 kind-activity">') == 30
