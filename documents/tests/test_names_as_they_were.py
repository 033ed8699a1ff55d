"""A consolidated report names the bodies as they were when its round was due, whenever it is
(re)generated (issue 15: names as they were)."""

import datetime

from documents.consolidation import consolidate
from greenplan.testing.factories import OrganisationFactory, PlanFactory
from orgs.models import OrganisationKind
from reporting.actions import open_round
from restructuring.actions import merge_organisation

D = datetime.date


def test_old_reports_keep_the_old_names_and_new_ones_name_the_successors(world):
    world.national_plan.focal_point = world.ministry
    world.national_plan.save()
    mof = OrganisationFactory(code="mof", name="Bộ Tài chính", kind=OrganisationKind.MINISTRY,
                              parent=world.government)  # fmt: skip
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    running = PlanFactory(number="3961/KH-UBND", territory=world.province, period_start=2023,
                          period_end=2030, parent=world.national_plan,
                          focal_point=world.dpi)  # fmt: skip
    old_round = open_round(world.plan, 2019, user=world.admin)
    round_2024 = open_round(running, 2024, user=world.admin)
    merge_organisation(world.ministry, mof, D(2025, 3, 1), user=world.admin)
    merge_organisation(world.dpi, finance, D(2025, 3, 1), user=world.admin)
    round_2025 = open_round(running, 2025, user=world.admin)

    then = consolidate(old_round, today=D(2026, 1, 5))
    assert then.issuing_body == "Sở Kế hoạch và Đầu tư"
    assert then.superior_body == "UBND tỉnh Bình Dương"
    assert "Bộ Kế hoạch và Đầu tư (để báo cáo);" in then.narrative["recipients"]

    again = consolidate(round_2024, today=D(2026, 1, 5))  # handed over since, named as then
    assert again.issuing_body == "Sở Kế hoạch và Đầu tư"

    now = consolidate(round_2025, today=D(2025, 11, 2))
    assert now.issuing_body == "Sở Tài chính"
    assert "Bộ Tài chính (để báo cáo);" in now.narrative["recipients"]
