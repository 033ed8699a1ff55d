"""A national chain on top of the personas (greenplan/testing/personas.py), for the tests of
the approval chain: the national plan 403/QĐ-TTg with three activities, the Ministry of
Planning and Investment (to 28/02/2025) and its successor the Ministry of Finance with a
coordinator each, a province leader for each province, the two provincial plans adopting
national activities, and Bình Dương's 2018 round with its agencies' reports accepted."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role, User
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanItemFactory,
    UserFactory,
)
from greenplan.testing.personas import World
from orgs.models import Organisation, OrganisationKind
from plans.models import Assignment, ItemKind, PlanItem
from reporting.actions import ItemChanges, accept_report, open_round, save_draft, submit_report
from reporting.models import ReportingRound


@dataclass
class National:
    world: World
    mof: Organisation
    mpi_coordinator: User
    mof_coordinator: User
    bd_leader: User  # a vice-chairman of Bình Dương's People's Committee
    dn_leader: User
    n1: PlanItem  # national activities
    n2: PlanItem
    n3: PlanItem  # adopted by no province
    p1: PlanItem  # Bình Dương's activity implementing n1 (DONRE lead, DPI coordinating)
    p2: PlanItem  # implementing n2 (DOIT lead)
    q1: PlanItem  # Đồng Nai's activity implementing n1
    round: ReportingRound  # Bình Dương 2018, DONRE's and DOIT's reports accepted


def at(day: str, hour: int = 10) -> datetime.datetime:
    from django.utils import timezone

    d = datetime.datetime.strptime(day, "%d/%m/%Y").replace(hour=hour)  # noqa: DTZ007
    return timezone.make_aware(d)


def build_national(world: World) -> National:
    mof = OrganisationFactory(
        code="mof", name="Bộ Tài chính", kind=OrganisationKind.MINISTRY, parent=world.government
    )
    mpi = world.ministry
    mpi.valid_to = datetime.date(2025, 2, 28)
    mpi.successor = mof
    mpi.save()
    national = world.national_plan
    national.focal_point = mpi
    national.save()
    theme = PlanItemFactory(plan=national, kind=ItemKind.THEME, code="NT1", number="1")
    n1 = PlanItemFactory(plan=national, parent=theme, code="N1", number="1")
    n2 = PlanItemFactory(plan=national, parent=theme, code="N2", number="2")
    n3 = PlanItemFactory(plan=national, parent=theme, code="N3", number="3")

    p_theme = PlanItemFactory(plan=world.plan, kind=ItemKind.THEME, code="T1", implements=theme)
    p1 = PlanItemFactory(plan=world.plan, parent=p_theme, code="4", implements=n1)
    p2 = PlanItemFactory(plan=world.plan, parent=p_theme, code="9", implements=n2)
    q1 = PlanItemFactory(plan=world.other_plan, code="1", implements=n1)
    doit = world.other_staff.organisation
    assert doit is not None
    AssignmentFactory(item=p1, organisation=world.donre)
    AssignmentFactory(item=p1, organisation=world.dpi, role=Assignment.Role.COORDINATING)
    AssignmentFactory(item=p2, organisation=doit)
    AssignmentFactory(item=q1, organisation=world.other_dpi)

    doit_leader = UserFactory(username="doit_leader", organisation=doit, role=Role.AGENCY_LEADER)
    coordinator = world.coordinator
    round_ = open_round(world.plan, 2018, user=coordinator, at=at("02/01/2018"))
    reports = {r.organisation_id: r for r in round_.reports.all()}
    donre, doit_report = reports[world.donre.pk], reports[doit.pk]
    line = donre.items.get()
    save_draft(
        donre,
        user=world.staff,
        version=donre.version,
        items={
            line.pk: ItemChanges(
                {
                    "status": "completed",
                    "progress": 100,
                    "results": "Rà soát quy hoạch ngành",
                    "difficulties": "Thiếu kinh phí",
                },
                funds={"local_budget": Decimal(300_000_000)},
            )
        },
    )
    submit_report(donre, user=world.leader, document_number="12/BC-STNMT")
    accept_report(donre, user=coordinator)
    line = doit_report.items.get()
    save_draft(
        doit_report,
        user=world.other_staff,
        version=doit_report.version,
        items={
            line.pk: ItemChanges(
                {"status": "in_progress", "progress": 40, "proposals": "Bổ sung vốn"},
                funds={"local_budget": Decimal(50_000_000), "oda": Decimal(20_000_000)},
            )
        },
    )
    submit_report(doit_report, user=doit_leader)
    accept_report(doit_report, user=coordinator)
    return National(
        world=world,
        mof=mof,
        mpi_coordinator=UserFactory(
            username="mpi.coordinator", organisation=mpi, role=Role.COORDINATOR
        ),
        mof_coordinator=UserFactory(
            username="mof.coordinator", organisation=mof, role=Role.COORDINATOR
        ),
        bd_leader=UserFactory(
            username="bd.leader", organisation=world.province, role=Role.PROVINCE_LEADER
        ),
        dn_leader=UserFactory(
            username="dn.leader", organisation=world.other_province, role=Role.PROVINCE_LEADER
        ),
        n1=n1,
        n2=n2,
        n3=n3,
        p1=p1,
        p2=p2,
        q1=q1,
        round=round_,
    )


@dataclass
class Reform:
    """The 2025 reform played on the national chain (build_reform): Hồ Chí Minh City joins the
    chain with its own plan; the 2019 national round is opened while there are three
    provinces; then Đồng Nai's People's Committee is renamed and Bình Dương (its departments
    first) is merged into the city from 01/07/2025, through the restructuring file action; a
    2025 national round is opened by the Ministry of Finance."""

    national: National
    hcm: Organisation
    hcm_plan_number: str
    round_2019: ReportingRound
    round_2025: ReportingRound


REFORM_FILE_HEAD = (
    "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Tên mới,Loại cơ quan,"
    "Căn cứ pháp lý\n"
)
REFORM_FILE_ROWS = (
    "bd-dpi,sáp nhập,01/03/2025,bd-stc,,,NQ 176/2025/QH15",
    "bd-donre,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd-doit,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd-stc,sáp nhập,01/07/2025,hcm-stc,,,NQ 202/2025/QH15",
    "bd,sáp nhập,01/07/2025,hcm,,,NQ 202/2025/QH15",
)
DONG_NAI_2025 = "Ủy ban nhân dân tỉnh Đồng Nai"  # the name written in full from 01/07/2025


def build_reform(national: National) -> Reform:
    from greenplan.testing.factories import PlanFactory
    from orgs.actions import rename_organisation
    from reporting.actions import lock_round
    from restructuring.plans import apply_restructuring
    from restructuring.restructuring_file import parse_restructuring_file

    world = national.world
    for plan in (world.national_plan, world.plan, world.other_plan):
        plan.period_end = 2030
        plan.save()
    hcm = OrganisationFactory(
        code="hcm",
        name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
        short_name="UBND TP.HCM",
        kind=OrganisationKind.PROVINCE,
        parent=world.government,
    )
    hcm_dpi = OrganisationFactory(code="hcm-dpi", name="Sở Kế hoạch và Đầu tư TP.HCM", parent=hcm)
    OrganisationFactory(code="hcm-stc", name="Sở Tài chính TP.HCM", parent=hcm)
    OrganisationFactory(code="bd-stc", name="Sở Tài chính", parent=world.province)
    hcm_plan = PlanFactory(number="3797/QĐ-UBND", territory=hcm, parent=world.national_plan,
                           focal_point=hcm_dpi, period_start=2018, period_end=2030)  # fmt: skip
    PlanItemFactory(plan=hcm_plan, code="2", implements=national.n2)
    round_2019 = open_round(world.national_plan, 2019, user=national.mpi_coordinator)
    # the rounds before the reform are over: locked, so that the mergers leave nothing open
    for round_ in ReportingRound.objects.filter(locked=False).select_related("plan"):
        user = national.mpi_coordinator if round_.plan_id == world.national_plan.pk else world.admin
        lock_round(round_, user=user)
    rename_organisation(world.other_province, effective=datetime.date(2025, 7, 1),
                        name=DONG_NAI_2025, user=world.admin)  # fmt: skip
    csv = (REFORM_FILE_HEAD + "\n".join(REFORM_FILE_ROWS) + "\n").encode()
    apply_restructuring(parse_restructuring_file("sap-xep.csv", csv), user=world.admin)
    round_2025 = open_round(world.national_plan, 2025, user=national.mof_coordinator)
    return Reform(national, hcm, hcm_plan.number, round_2019, round_2025)
