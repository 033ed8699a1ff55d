"""A restructuring file: every change applied in one transaction, or the file refused whole
with each problem at its row and column (issue 15, restructuring plans and province mergers)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import translation

from accounts import permissions
from accounts.models import Role, User
from core.spreadsheet import ImportRejected
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from orgs.models import Organisation, OrganisationKind
from reporting.actions import open_round
from restructuring.plans import apply_restructuring, preview_restructuring
from restructuring.restructuring_file import parse_restructuring_file, template_workbook

D = datetime.date
HEAD = (
    "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Tên mới,Loại cơ quan,"
    "Căn cứ pháp lý\n"
)


def _file(*rows: str) -> list:
    return parse_restructuring_file("sap-xep.csv", (HEAD + "\n".join(rows) + "\n").encode())


def _org(code: str) -> Organisation:
    return Organisation.objects.get(code=code)


@pytest.fixture
def city(world):
    """Hồ Chí Minh City with its Department of Finance, and Bình Dương's Finance and a district."""
    hcm = OrganisationFactory(code="hcm", name="UBND Thành phố Hồ Chí Minh",
                              kind=OrganisationKind.PROVINCE, parent=world.government)  # fmt: skip
    hcm_dof = OrganisationFactory(code="hcm-stc", name="Sở Tài chính TP.HCM", parent=hcm)
    hcm_dpi = OrganisationFactory(code="hcm-skhdt", name="Sở KH&ĐT TP.HCM", parent=hcm)
    hcm_coordinator = UserFactory(organisation=hcm_dpi, role=Role.COORDINATOR)
    OrganisationFactory(code="bd-stc", name="Sở Tài chính", parent=world.province)
    OrganisationFactory(code="bd-di-an", name="UBND TX. Dĩ An", kind="district",
                        parent=world.province)  # fmt: skip
    return hcm, hcm_dof, hcm_coordinator


def test_the_2025_file_merges_a_province_into_the_city(world, city):
    hcm, hcm_dof, hcm_coordinator = city
    running = PlanFactory(number="3961/KH-UBND", territory=world.province, period_start=2023,
                          period_end=2030, focal_point=world.dpi)  # fmt: skip
    changes = _file(
        "bd-dpi,sáp nhập,01/03/2025,bd-stc,,,NQ 176/2025/QH15",
        "bd-donre,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
        "bd-doit,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
        "bd-stc,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
        "bd-di-an,giải thể,01/07/2025,,,,NQ 202/2025/QH15",
        "hcm-p-di-an,thành lập,01/07/2025,hcm,Ủy ban nhân dân phường Dĩ An (ví dụ),xã,NQ 202",
        "bd,sáp nhập,01/07/2025,hcm,,,NQ 202/2025/QH15",
    )
    preview = preview_restructuring(changes, user=world.admin)
    assert preview.ok, preview.problems
    assert _org("bd").valid_to is None and not Organisation.objects.filter(code="hcm-p-di-an")
    people = preview.outcomes[0].moves[0][1]  # who moves, first
    assert people == [f"{world.coordinator.username} ({world.coordinator.get_full_name()})"]

    apply_restructuring(changes, user=world.admin)
    bd = _org("bd")
    assert bd.valid_to == D(2025, 6, 30) and bd.successor == hcm and bd.province_id == hcm.pk
    assert _org("bd-dpi").province_id == hcm.pk and _org("bd-dpi").heir_id == hcm_dof.pk
    assert _org("bd-di-an").valid_to == D(2025, 6, 30) and _org("bd-di-an").successor is None
    assert _org("hcm-p-di-an").parent == hcm and _org("hcm-p-di-an").valid_from == D(2025, 7, 1)
    # Bình Dương's people now work for the city; its running plan is run by the city
    assert User.objects.get(pk=world.coordinator.pk).organisation == hcm_dof
    running.refresh_from_db()
    assert running.focal_point == hcm_dof
    assert permissions.can_manage_reporting(hcm_coordinator, running)
    assert not permissions.can_manage_reporting(world.other_coordinator, running)
    # the 2019 names are still those of 2019
    assert bd.name_on(D(2019, 10, 25)) == "UBND tỉnh Bình Dương"
    assert running.focal_point_on(D(2024, 10, 25)) == world.dpi


@pytest.mark.parametrize(
    "row, where, words",
    [
        ("nowhere,sáp nhập,01/03/2025,bd-stc,,,", ("Mã cơ quan", 2), "Unknown organisation"),
        ("bd-stc,sáp nhập,01/03/2025,bd-stc,,,", ("Sáp nhập vào / trực thuộc", 2), "cycle"),
        ("bd,chuyển,01/03/2025,bd-di-an,,,", ("Sáp nhập vào / trực thuộc", 2), "cycle"),
        ("bd-stc,sáp nhập,01/03/2025,bd-closed,,,", ("Sáp nhập vào / trực thuộc", 2), "stops"),
        ("bd-new,sáp nhập,01/03/2019,bd-stc,,,", ("Ngày hiệu lực", 2), "began"),
        ("bd-stc,sáp nhập,31/02/2025,hcm-stc,,,", ("Ngày hiệu lực", 2), "not a date"),
        ("bd-stc,đi chơi,01/03/2025,hcm-stc,,,", ("Thay đổi", 2), "not a change"),
        ("bd-dpi,sáp nhập,01/03/2025,bd-stc,,,", ("Sáp nhập vào / trực thuộc", 2), "not submitted"),
    ],
)
def test_a_bad_row_refuses_the_whole_file_with_its_row_and_column(world, city, row, where, words):
    OrganisationFactory(code="bd-closed", parent=world.province, valid_to=D(2024, 12, 31))
    OrganisationFactory(code="bd-new", parent=world.province, valid_from=D(2020, 1, 1))
    AssignmentFactory(item=PlanItemFactory(plan=world.plan), organisation=world.dpi)
    open_round(world.plan, 2019, user=world.coordinator)  # DPI's report is a draft
    good = "bd-doit,đổi tên,01/03/2025,,Sở Công Thương tỉnh Bình Dương,,"
    with pytest.raises(ImportRejected) as refused, translation.override("en"):
        apply_restructuring(_file(good, row), user=world.admin)
    problems = [p for p in refused.value.problems if words in p.message]
    assert problems, refused.value.problems
    assert (problems[0].column, problems[0].row) in {where, (where[0], 3)}
    assert _org("bd-doit").name == "Sở Công Thương" and not _org("bd-doit").periods.exists()


def test_a_file_applied_again_changes_nothing_and_says_so(world, city):
    """Rows already in effect (the same merger, closure or creation on the same date) are
    not refused: the file can be uploaded again, or after a part of it was loaded."""
    rows = (
        "bd-donre,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
        "bd-di-an,giải thể,01/07/2025,,,,NQ 202/2025/QH15",
        "hcm-p-di-an,thành lập,01/07/2025,hcm,Ủy ban nhân dân phường Dĩ An (ví dụ),xã,NQ 202",
    )
    apply_restructuring(_file(*rows), user=world.admin)
    history = Organisation.history.count()

    with translation.override("en"):
        again = apply_restructuring(_file(*rows), user=world.admin)

    assert again.ok and len(again.outcomes) == 3
    assert all("already in effect since 01/07/2025" in o.summary for o in again.outcomes)
    assert Organisation.history.count() == history
    # a merger into another successor than the one in effect is still refused
    with pytest.raises(ImportRejected) as refused, translation.override("en"):
        apply_restructuring(_file("bd-donre,sáp nhập,01/07/2025,hcm,,,"), user=world.admin)
    assert "already stopped" in refused.value.problems[0].message


def test_rename_and_move_keep_the_earlier_state(world, city):
    hcm = city[0]
    apply_restructuring(
        _file(
            "bd-doit,đổi tên,01/03/2025,,Sở Công Thương tỉnh Bình Dương,,NĐ 45/2025",
            "bd-doit,chuyển,01/07/2025,hcm,,,NQ 202/2025/QH15",
        ),
        user=world.admin,
    )
    doit = _org("bd-doit")
    assert doit.name_on(D(2024, 1, 1)) == "Sở Công Thương"
    assert doit.name_on(D(2025, 3, 1)) == "Sở Công Thương tỉnh Bình Dương"
    assert doit.as_on(D(2025, 6, 30)).parent_id == world.province.pk
    assert doit.parent == hcm and doit.province_id == hcm.pk


def test_closing_an_organisation_with_people_is_refused(world, city):
    with pytest.raises(ImportRejected) as refused, translation.override("en"):
        apply_restructuring(_file("bd-donre,giải thể,01/07/2025,,,,"), user=world.admin)
    assert "people" in refused.value.problems[0].message
    assert _org("bd-donre").valid_to is None


def test_only_an_administrator_restructures(world, city):
    with pytest.raises(PermissionDenied):
        preview_restructuring(_file("bd-di-an,giải thể,01/07/2025,,,,"), user=world.coordinator)


def test_the_template_reads_back(world):
    changes = parse_restructuring_file("mau.xlsx", template_workbook())
    assert [c.change for c in changes] == ["merge", "rename", "close"]
    assert changes[0].effective == D(2025, 3, 1) and changes[0].target == "bd-stc"
