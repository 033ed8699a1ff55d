"""`manage.py check_province_scope`: what older imports left pointing at another province."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from greenplan.testing.factories import AssignmentFactory, PlanFactory, PlanItemFactory
from plans.province_scope import CrossReference, cross_province_references


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


def test_lists_parents_implemented_items_and_agencies_of_another_province(world):
    a_item = PlanItemFactory(plan=world.plan, code="7")
    national_item = PlanItemFactory(plan=world.national_plan, code="N1")
    b_plan = PlanFactory(number="56/KH-UBND", territory=world.other_province, parent=world.plan)
    stray = PlanItemFactory(plan=b_plan, code="1", implements=a_item)
    fine = PlanItemFactory(plan=b_plan, code="2", implements=national_item)
    AssignmentFactory(item=stray, organisation=world.donre)  # Bình Dương's, in Đồng Nai's plan
    AssignmentFactory(item=fine, organisation=world.other_dpi)  # its own
    AssignmentFactory(item=fine, organisation=world.ministry)  # a central body
    # a national plan may name any province's agency
    AssignmentFactory(item=national_item, organisation=world.donre)

    assert cross_province_references() == [
        CrossReference("56/KH-UBND", "parent", "", "1847/KH-UBND"),
        CrossReference("56/KH-UBND", "implements", "1", "1847/KH-UBND / 7"),
        CrossReference("56/KH-UBND", "assignment", "1", "bd-donre"),
    ]

    out = io.StringIO()
    with pytest.raises(CommandError, match="3 references to another province"):
        call_command("check_province_scope", stdout=out)
    assert "56/KH-UBND / 1\tassigned agency\tbd-donre" in out.getvalue().splitlines()


def test_clean_data_passes(world):
    out = io.StringIO()

    call_command("check_province_scope", stdout=out)

    assert "No plan refers to another province." in out.getvalue()
