"""A plan whose province was merged into another one is shown under the province it belongs
to now, "formerly" the old one, on its board, its round list and its page; the coordinator of
the successor province runs its rounds (issue 15, items 2 and 4)."""

import datetime

import pytest
from django.utils import translation

from accounts import permissions
from accounts.models import Role
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from orgs.models import OrganisationKind
from orgs.territory import territory_label
from reporting.actions import open_round
from restructuring.plans import apply_restructuring
from restructuring.restructuring_file import parse_restructuring_file

FORMERLY = "Thành phố Hồ Chí Minh (trước đây: tỉnh Bình Dương)"
HEAD = (
    "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Tên mới,Loại cơ quan,"
    "Căn cứ pháp lý\n"
)
ROWS = (
    "bd-dpi,sáp nhập,01/03/2025,bd-stc,,,NQ 176/2025/QH15",
    "bd-donre,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd-doit,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd-stc,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd,sáp nhập,01/07/2025,hcm,,,NQ 202/2025/QH15",
)


@pytest.fixture
def merged(world):
    """Bình Dương merged into Hồ Chí Minh City on 01/07/2025, its 3961/KH-UBND still running."""
    hcm = OrganisationFactory(code="hcm", name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
                              name_en="People's Committee of Hồ Chí Minh City",
                              kind=OrganisationKind.PROVINCE, parent=world.government)  # fmt: skip
    hcm_dof = OrganisationFactory(code="hcm-stc", name="Sở Tài chính TP.HCM", parent=hcm)
    hcm_coordinator = UserFactory(organisation=hcm_dof, role=Role.COORDINATOR)
    OrganisationFactory(code="bd-stc", name="Sở Tài chính", parent=world.province)
    world.province.name_en = "People's Committee of Bình Dương Province"
    world.province.save()
    running = PlanFactory(number="3961/KH-UBND", territory=world.province, period_start=2023,
                          period_end=2030, focal_point=world.dpi)  # fmt: skip
    AssignmentFactory(item=PlanItemFactory(plan=running), organisation=world.donre)
    csv = (HEAD + "\n".join(ROWS) + "\n").encode()
    apply_restructuring(parse_restructuring_file("sap-xep.csv", csv), user=world.admin)
    running.refresh_from_db()  # its territory now lies in the city's jurisdiction
    hcm_coordinator.refresh_from_db()
    return running, hcm_coordinator


def test_the_label_names_the_province_now_and_formerly(world, merged):
    world.province.refresh_from_db()
    assert territory_label(world.province, datetime.date(2026, 1, 5)) == FORMERLY
    with translation.override("en"):
        assert territory_label(world.province, datetime.date(2026, 1, 5)) == (
            "Hồ Chí Minh City (formerly: Bình Dương Province)"
        )
    # before the merger the province was itself
    assert territory_label(world.province, datetime.date(2024, 1, 5)) == "tỉnh Bình Dương"
    assert territory_label(world.other_province, datetime.date(2026, 1, 5)) == "tỉnh Đồng Nai"


def test_the_successor_provinces_coordinator_runs_the_merged_plans_rounds(world, merged):
    running, hcm_coordinator = merged
    round_ = open_round(running, 2025, user=hcm_coordinator)
    assert set(round_.reports.values_list("organisation__code", flat=True)) == {"hcm-stc"}
    assert permissions.can_manage_reporting(hcm_coordinator, running)
    assert not permissions.can_manage_reporting(world.other_coordinator, running)


def test_board_round_list_and_plan_page_show_the_province_formerly(world, merged, as_user):
    running, hcm_coordinator = merged
    round_ = open_round(running, 2025, user=hcm_coordinator)
    client = as_user(hcm_coordinator)
    for url in (
        f"/reporting/rounds/{round_.pk}/",
        f"/reporting/plans/{running.pk}/",
        f"/plans/{running.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert FORMERLY in response.content.decode(), url


def test_a_plan_of_a_province_never_merged_shows_no_formerly(rep, as_user):
    html = as_user(rep.world.coordinator).get(f"/reporting/rounds/{rep.round.pk}/").content
    assert "trước đây" not in html.decode()
