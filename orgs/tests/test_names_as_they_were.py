"""Organisations keep their earlier names and parents with dates; a merged province's units
follow the city; successors carry on to any depth."""

import datetime

from accounts.system import system_user
from greenplan.testing.factories import OrganisationFactory
from orgs.actions import close_organisation, move_organisation, rename_organisation
from orgs.models import Organisation, OrganisationKind

D = datetime.date


def _reload(org: Organisation) -> Organisation:
    return Organisation.objects.get(pk=org.pk)


def test_a_renamed_organisation_keeps_its_earlier_name_for_earlier_days(db):
    dpi = OrganisationFactory(name="Sở Kế hoạch và Đầu tư tỉnh Bình Dương", short_name="Sở KH&ĐT")
    rename_organisation(
        dpi, effective=D(2025, 3, 1), name="Sở Tài chính tỉnh Bình Dương",
        short_name="Sở TC", legal_basis="NQ 176/2025/QH15", user=system_user(),
    )  # fmt: skip
    dpi = _reload(dpi)
    assert dpi.name == "Sở Tài chính tỉnh Bình Dương"
    assert dpi.name_on(D(2019, 10, 25)) == "Sở Kế hoạch và Đầu tư tỉnh Bình Dương"
    assert str(dpi.as_on(D(2025, 2, 28))) == "Sở KH&ĐT"
    assert dpi.name_on(D(2025, 3, 1)) == "Sở Tài chính tỉnh Bình Dương"


def test_two_renames_each_keep_their_period(db):
    org = OrganisationFactory(name="A")
    rename_organisation(org, effective=D(2020, 1, 1), name="B", user=system_user())
    rename_organisation(org, effective=D(2023, 1, 1), name="C", user=system_user())
    org = _reload(org)
    assert [org.name_on(D(y, 6, 1)) for y in (2019, 2020, 2022, 2023, 2026)] == list("ABBCC")


def test_a_closed_organisation_is_named_by_its_successor_after_its_last_day(db):
    mpi = OrganisationFactory(name="Bộ Kế hoạch và Đầu tư", kind=OrganisationKind.MINISTRY)
    mof = OrganisationFactory(name="Bộ Tài chính", kind=OrganisationKind.MINISTRY)
    close_organisation(mpi, last_day=D(2025, 2, 28), successor=mof, user=system_user())
    mpi = _reload(mpi)
    assert mpi.name_on(D(2019, 12, 31)) == "Bộ Kế hoạch và Đầu tư"
    assert mpi.name_on(D(2025, 3, 1)) == "Bộ Tài chính"


def test_a_move_keeps_the_earlier_parent_and_the_units_follow_the_new_province(db):
    bd = OrganisationFactory(code="ubnd-bd", name="UBND tỉnh Bình Dương", kind="province")
    hcm = OrganisationFactory(code="ubnd-hcm", name="UBND TP. Hồ Chí Minh", kind="province")
    dept = OrganisationFactory(parent=bd)
    unit = OrganisationFactory(parent=dept)
    move_organisation(dept, effective=D(2025, 7, 1), parent=hcm, user=system_user())
    dept, unit = _reload(dept), _reload(unit)
    assert dept.province_id == hcm.pk and unit.province_id == hcm.pk
    assert dept.as_on(D(2024, 1, 1)).parent_id == bd.pk
    assert dept.as_on(D(2025, 7, 1)).parent_id == hcm.pk


def test_a_merged_province_and_all_its_units_belong_to_the_city(db):
    bd = OrganisationFactory(code="ubnd-bd", kind="province")
    hcm = OrganisationFactory(code="ubnd-hcm", kind="province")
    dept = OrganisationFactory(parent=bd, valid_to=D(2025, 6, 30))
    unit = OrganisationFactory(parent=dept)
    close_organisation(bd, last_day=D(2025, 6, 30), successor=hcm, user=system_user())
    assert _reload(bd).province_id == hcm.pk
    assert _reload(dept).province_id == hcm.pk and _reload(unit).province_id == hcm.pk
    assert _reload(hcm).province_id == hcm.pk


def test_the_heir_is_the_end_of_the_successor_chain_at_any_depth(db):
    a, b, c, d = (OrganisationFactory() for _ in range(4))
    close_organisation(a, last_day=D(2021, 12, 31), successor=b, user=system_user())
    close_organisation(b, last_day=D(2023, 12, 31), successor=c, user=system_user())
    assert _reload(a).heir_id == c.pk and _reload(b).heir_id == c.pk
    close_organisation(c, last_day=D(2025, 6, 30), successor=d, user=system_user())
    assert {_reload(o).heir_id for o in (a, b, c)} == {d.pk}
    assert _reload(d).heir_id is None
    assert _reload(a).carrier_on(D(2026, 1, 1)) == d
    assert _reload(a).carrier_on(D(2021, 12, 31)) == a
