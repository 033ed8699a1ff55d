"""A national round built with the factories: the data shape of issue 14 (fixed.md).

The national plan 403/QĐ-TTg (focal point Bộ Kế hoạch và Đầu tư, closed 28/02/2025, successor
Bộ Tài chính), N provinces each with a provincial plan implementing some national activities,
a national round 2019 with one report per provincial People's Committee, its lines on the
national activities the province's plan implements (role lead), with results, funds and the
province's indicator values. Invented test content.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from accounts.models import Role, User
from greenplan.testing.factories import (
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from indicators.models import Indicator, IndicatorValue, ValueStatus
from orgs.models import Organisation, OrganisationKind
from plans.models import ItemKind, Plan, PlanItem, PlanLevel
from reporting.models import AgencyReport, ItemFunding, ReportingRound, ReportItem, ReportStatus

YEAR = 2019
THEMES = [("1", "Giảm cường độ phát thải khí nhà kính", 3), ("2", "Xanh hóa sản xuất", 2)]
STATUSES = ["completed", "in_progress", "not_started"]


@dataclass
class NationalWorld:
    government: Organisation
    mpi: Organisation
    mof: Organisation
    plan: Plan
    activities: list[PlanItem]
    provinces: list[Organisation]
    round: ReportingRound
    reports: list[AgencyReport]
    mpi_coordinator: User
    mof_coordinator: User


def build_national_world(
    n_provinces: int = 3, *, accepted: int | None = None, names: list[str] | None = None
) -> NationalWorld:
    """`n_provinces` provinces (named "tỉnh Thử Nghiệm NN", or after `names`); the first
    `accepted` (default all but the last) have an accepted report, the next one a submitted
    report, the rest a draft."""
    accepted = n_provinces - 1 if accepted is None else accepted
    names = names or [f"tỉnh Thử Nghiệm {i:02d}" for i in range(n_provinces)]
    gov = OrganisationFactory(code="chinh-phu", name="Chính phủ", kind=OrganisationKind.GOVERNMENT)
    mof = OrganisationFactory(
        code="bo-tc", name="Bộ Tài chính", kind=OrganisationKind.MINISTRY, parent=gov
    )
    mpi = OrganisationFactory(
        code="bo-khdt",
        name="Bộ Kế hoạch và Đầu tư",
        kind=OrganisationKind.MINISTRY,
        parent=gov,
        valid_to=datetime.date(2025, 2, 28),
        successor=mof,
    )
    plan = PlanFactory(
        number="403/QĐ-TTg",
        title="Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn 2014 - 2020",
        level=PlanLevel.NATIONAL,
        territory=gov,
        focal_point=mpi,
        period_start=2014,
        period_end=2020,
    )
    activities: list[PlanItem] = []
    position = 0
    for number, title, count in THEMES:
        position += 1
        theme = PlanItemFactory(
            plan=plan, kind=ItemKind.THEME, code=f"T{number}", number=number, title=title,
            position=position,
        )  # fmt: skip
        for k in range(1, count + 1):
            position += 1
            activities.append(
                PlanItemFactory(
                    plan=plan,
                    parent=theme,
                    kind=ItemKind.ACTIVITY,
                    code=f"{number}.{k}",
                    number=f"{number}.{k}",
                    title=f"Hoạt động quốc gia {number}.{k}",
                    position=position,
                )  # fmt: skip
            )
    indicator = Indicator.objects.create(
        code="gg-renewable-share", name="Tỷ lệ năng lượng tái tạo", unit="percent"
    )
    round_ = ReportingRound.objects.create(
        plan=plan,
        year=YEAR,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        deadline=datetime.date(YEAR + 1, 1, 15),
    )
    provinces, reports = [], []
    for i in range(n_provinces):
        province = OrganisationFactory(
            code=f"tinh-{i:02d}",
            name=f"Ủy ban nhân dân {names[i]}",
            short_name=f"UBND {names[i]}",
            kind=OrganisationKind.PROVINCE,
            parent=gov,
        )
        provinces.append(province)
        provincial = PlanFactory(
            number=f"{100 + i}/KH-UBND",
            territory=province,
            parent=plan,
            level=PlanLevel.PROVINCIAL,
            period_start=2018,
            period_end=2020,
        )
        # Every province adopts the first activities; the even ones all of them.
        adopted = activities if i % 2 == 0 else activities[:3]
        for k, national in enumerate(adopted, start=1):
            PlanItemFactory(
                plan=provincial, kind=ItemKind.ACTIVITY, code=str(k), number=str(k),
                title=f"Hoạt động {k} của tỉnh", implements=national, position=k,
            )  # fmt: skip
        status = (
            ReportStatus.ACCEPTED
            if i < accepted
            else ReportStatus.SUBMITTED
            if i == accepted
            else ReportStatus.DRAFT
        )
        submitted = (
            datetime.datetime(YEAR + 1, 1, 10, 9, tzinfo=datetime.UTC)
            if status != ReportStatus.DRAFT
            else None
        )
        report = AgencyReport.objects.create(
            round=round_,
            organisation=province,
            status=status,
            version=2,
            document_number=f"{120 + i}/BC-UBND",
            signer=f"Nguyễn Văn {i:02d}",
            first_submitted_at=submitted,
            submitted_at=submitted,
            general_difficulties=f"Khó khăn chung của tỉnh {i:02d}.",
            general_proposals=f"Kiến nghị chung của tỉnh {i:02d}.",
        )
        reports.append(report)
        for k, national in enumerate(adopted):
            line = ReportItem.objects.create(
                report=report,
                plan_item=national,
                role="lead",
                position=national.position,
                status=STATUSES[(i + k) % 3],
                progress=100 if STATUSES[(i + k) % 3] == "completed" else 40,
                results=f"Kết quả của tỉnh {i:02d} về hoạt động {national.number}.",
                difficulties=f"Thiếu kinh phí cho hoạt động {national.number}." if k == 0 else "",
            )
            ItemFunding.objects.create(item=line, source="local_budget", amount=Decimal(1_000_000))
            if k == 0:
                ItemFunding.objects.create(item=line, source="oda", amount=Decimal(500_000))
        IndicatorValue.objects.create(
            indicator=indicator,
            territory=province,
            year=YEAR,
            value=Decimal(10 + i),
            source=f"Cục Thống kê tỉnh {i:02d}",
            status=ValueStatus.ACCEPTED,
        )
    return NationalWorld(
        government=gov,
        mpi=mpi,
        mof=mof,
        plan=plan,
        activities=activities,
        provinces=provinces,
        round=round_,
        reports=reports,
        mpi_coordinator=UserFactory(
            username="mpi.coordinator", organisation=mpi, role=Role.COORDINATOR
        ),
        mof_coordinator=UserFactory(
            username="mof.coordinator", organisation=mof, role=Role.COORDINATOR
        ),
    )
