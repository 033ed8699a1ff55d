"""Named personas, so that permission tests read like sentences.

Two provinces (Bình Dương and Đồng Nai), each with a People's Committee, a DPI and a
department; a ministry at the centre. Passwords are all "pw".
"""

from dataclasses import dataclass

from accounts.models import Role, User
from greenplan.testing.factories import OrganisationFactory, PlanFactory, UserFactory
from orgs.models import Organisation, OrganisationKind
from plans.models import Plan, PlanLevel


@dataclass
class World:
    government: Organisation
    ministry: Organisation
    province: Organisation
    dpi: Organisation
    donre: Organisation
    other_province: Organisation
    other_dpi: Organisation
    national_plan: Plan
    plan: Plan
    other_plan: Plan
    admin: User
    coordinator: User  # DPI of Bình Dương
    leader: User  # DONRE leader
    staff: User  # DONRE staff
    viewer: User  # provincial leadership
    other_coordinator: User  # DPI of Đồng Nai
    other_staff: User  # another department of Bình Dương (DOIT)
    ministry_viewer: User


def build_world() -> World:
    gov = OrganisationFactory(code="gov", name="Chính phủ", kind=OrganisationKind.GOVERNMENT)
    ministry = OrganisationFactory(
        code="mpi", name="Bộ Kế hoạch và Đầu tư", kind=OrganisationKind.MINISTRY, parent=gov
    )
    province = OrganisationFactory(
        code="bd", name="UBND tỉnh Bình Dương", kind=OrganisationKind.PROVINCE, parent=gov
    )
    dpi = OrganisationFactory(code="bd-dpi", name="Sở Kế hoạch và Đầu tư", parent=province)
    donre = OrganisationFactory(
        code="bd-donre", name="Sở Tài nguyên và Môi trường", parent=province
    )
    doit = OrganisationFactory(code="bd-doit", name="Sở Công Thương", parent=province)
    other = OrganisationFactory(
        code="dn", name="UBND tỉnh Đồng Nai", kind=OrganisationKind.PROVINCE, parent=gov
    )
    other_dpi = OrganisationFactory(code="dn-dpi", name="Sở KH&ĐT Đồng Nai", parent=other)
    national = PlanFactory(
        number="403/QĐ-TTg", level=PlanLevel.NATIONAL, territory=gov, period_start=2014
    )
    plan = PlanFactory(number="1847/KH-UBND", territory=province, parent=national, focal_point=dpi)
    other_plan = PlanFactory(number="99/KH-UBND", territory=other, parent=national)
    return World(
        government=gov,
        ministry=ministry,
        province=province,
        dpi=dpi,
        donre=donre,
        other_province=other,
        other_dpi=other_dpi,
        national_plan=national,
        plan=plan,
        other_plan=other_plan,
        admin=UserFactory(username="admin", organisation=province, role=Role.ADMIN),
        coordinator=UserFactory(username="coordinator", organisation=dpi, role=Role.COORDINATOR),
        leader=UserFactory(username="leader", organisation=donre, role=Role.AGENCY_LEADER),
        staff=UserFactory(username="staff", organisation=donre, role=Role.AGENCY_STAFF),
        viewer=UserFactory(username="viewer", organisation=province, role=Role.VIEWER),
        other_coordinator=UserFactory(
            username="other_coordinator", organisation=other_dpi, role=Role.COORDINATOR
        ),
        other_staff=UserFactory(username="other_staff", organisation=doit, role=Role.AGENCY_STAFF),
        ministry_viewer=UserFactory(username="ministry", organisation=ministry, role=Role.VIEWER),
    )
