"""Demo projects of Bình Dương, loaded through the same actions users go through. Idempotent.

What is fact (the seed): DPI prepares a proposal for pilot small-scale green growth models
(activity 7, submitted in 2018); DONRE plans public land for urban green space and invests in
public green space (activity 60); agencies finish transitional projects; projects are listed
in the SEDPs and the medium-term public investment plan 2016-2020. Everything else (amounts,
dates, decision numbers, the transitional projects themselves) is a demo choice, marked so.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from core.money import MILLION
from core.money import FundingSource as S
from orgs.models import Organisation
from plans.models import Plan, PlanItem
from projects import actions
from projects.models import DevelopmentPlan, Project, ProjectKind, ProjectStatus

PROVINCE = "ubnd-binh-duong"
PLAN = "1847/KH-UBND"
DEMO = "Số liệu minh họa (demo)"
DEMO_NOTE = (
    f"{DEMO}: số tiền, ngày và số hiệu văn bản là giả định của bản demo, không phải số liệu "
    "thật. Demo data: amounts, dates and document numbers are invented."
)

SEDP_5Y = (DevelopmentPlan.Kind.SEDP_5_YEAR, 2016, 2020)
INVESTMENT = (DevelopmentPlan.Kind.INVESTMENT_MEDIUM_TERM, 2016, 2020)
SEDP_2018 = (DevelopmentPlan.Kind.SEDP_ANNUAL, 2018, 2018)

DEVELOPMENT_PLANS = [
    (
        SEDP_5Y,
        "Kế hoạch phát triển kinh tế - xã hội 5 năm 2016 - 2020 tỉnh Bình Dương",
        "Socio-economic development plan 2016-2020 of Bình Dương province",
    ),
    (
        INVESTMENT,
        "Kế hoạch đầu tư công trung hạn 5 năm 2016 - 2020 tỉnh Bình Dương",
        "Medium-term public investment plan 2016-2020 of Bình Dương province",
    ),
    (
        SEDP_2018,
        "Kế hoạch phát triển kinh tế - xã hội năm 2018 tỉnh Bình Dương",
        "Socio-economic development plan 2018 of Bình Dương province",
    ),
]


@dataclass
class Step:
    status: str
    user: str
    on: datetime.date
    number: str = ""


@dataclass
class DemoProject:
    title: str
    kind: str
    lead: str
    items: list[str]
    creator: str
    start: datetime.date
    end: datetime.date
    budget: dict[tuple[int, str], int]  # million VND
    steps: list[Step] = field(default_factory=list)
    allocated: dict[tuple[int, str], int] = field(default_factory=dict)
    override: str = ""
    funded: Step | None = None
    after_funding: list[Step] = field(default_factory=list)
    disbursed: dict[tuple[int, str], int] = field(default_factory=dict)
    # Disbursements the lead agency writes into its draft report of that year's round.
    reported: dict[tuple[int, str], int] = field(default_factory=dict)
    partners: list[str] = field(default_factory=list)
    location: str = PROVINCE
    location_text: str = ""
    transitional: bool = False
    development_plans: list[tuple] = field(default_factory=list)
    description: str = ""


def d(year: int, month: int, day: int) -> datetime.date:
    return datetime.date(year, month, day)


COORD, DONRE_STAFF, DONRE_LEAD, DOIT = (
    "dpi.coordinator",
    "donre.staff",
    "donre.leader",
    "doit.staff",
)

PROJECTS = [
    DemoProject(
        title="Đề án thực hiện thí điểm một số mô hình tăng trưởng xanh quy mô nhỏ trên địa bàn "
        f"tỉnh Bình Dương nhằm nâng cao nhận thức về tăng trưởng xanh ({DEMO})",
        kind=ProjectKind.PROPOSAL,
        lead="bd-skhdt",
        items=["7.1"],
        creator=COORD,
        partners=["bd-stnmt", "bd-sct", "bd-stc"],
        start=d(2018, 6, 1),
        end=d(2020, 12, 31),
        budget={
            (2018, S.LOCAL_BUDGET): 300,
            (2019, S.LOCAL_BUDGET): 1200,
            (2020, S.LOCAL_BUDGET): 1000,
        },
        steps=[
            Step(ProjectStatus.PROPOSED, COORD, d(2018, 11, 15), "125/TTr-SKHĐT"),
            Step(ProjectStatus.APPRAISED, COORD, d(2018, 12, 10), "45/BC-STC"),
            Step(ProjectStatus.APPROVED, COORD, d(2018, 12, 28), "3456/QĐ-UBND"),
        ],
        allocated={(2019, S.LOCAL_BUDGET): 1200, (2020, S.LOCAL_BUDGET): 800},
        funded=Step(ProjectStatus.FUNDED, COORD, d(2019, 1, 10), "5012/QĐ-UBND"),
        after_funding=[Step(ProjectStatus.IMPLEMENTING, COORD, d(2019, 3, 1))],
        disbursed={(2019, S.LOCAL_BUDGET): 1050},
        development_plans=[SEDP_5Y, SEDP_2018],
        description="Trình UBND tỉnh xin ý kiến trong năm 2018 (Kế hoạch 1847/KH-UBND).",
    ),
    DemoProject(
        title="Kế hoạch phân bổ đất công để nâng cao diện tích không gian xanh và mặt nước ở các "
        f"đô thị ({DEMO})",
        kind=ProjectKind.PROPOSAL,
        lead="bd-stnmt",
        items=["60.1"],
        creator=DONRE_STAFF,
        partners=["bd-sxd"],
        start=d(2018, 3, 1),
        end=d(2019, 12, 31),
        budget={(2018, S.LOCAL_BUDGET): 200, (2019, S.LOCAL_BUDGET): 300},
        steps=[
            Step(ProjectStatus.PROPOSED, DONRE_LEAD, d(2018, 10, 5), "210/TTr-STNMT"),
            Step(ProjectStatus.APPRAISED, COORD, d(2018, 11, 20), "98/BC-SKHĐT"),
        ],
        development_plans=[SEDP_2018],
    ),
    DemoProject(
        title=f"Dự án đầu tư không gian xanh công cộng tại các đô thị ({DEMO})",
        kind=ProjectKind.PROJECT,
        lead="bd-stnmt",
        items=["60.2", "60.3"],
        creator=DONRE_STAFF,
        partners=["bd-sxd", "bd-thu-dau-mot", "bd-di-an", "bd-thuan-an"],
        location="bd-thu-dau-mot",
        location_text="Công viên trung tâm và các tuyến đường chính",
        start=d(2019, 1, 1),
        end=d(2020, 12, 31),
        budget={
            (2019, S.PUBLIC_INVESTMENT): 15000,
            (2020, S.PUBLIC_INVESTMENT): 25000,
            (2020, S.PRIVATE): 5000,
        },
        steps=[
            Step(ProjectStatus.PROPOSED, DONRE_LEAD, d(2018, 9, 1), "180/TTr-STNMT"),
            Step(ProjectStatus.APPRAISED, COORD, d(2018, 10, 15), "77/BC-SKHĐT"),
            Step(ProjectStatus.APPROVED, COORD, d(2018, 12, 20), "3390/QĐ-UBND"),
        ],
        allocated={(2019, S.PUBLIC_INVESTMENT): 15000, (2020, S.PUBLIC_INVESTMENT): 27000},
        override="Bổ sung vốn theo Nghị quyết của HĐND tỉnh về điều chỉnh kế hoạch đầu tư công "
        f"năm 2020 ({DEMO})",
        funded=Step(ProjectStatus.FUNDED, COORD, d(2019, 1, 15), "5020/QĐ-UBND"),
        after_funding=[Step(ProjectStatus.IMPLEMENTING, DONRE_STAFF, d(2019, 4, 1))],
        disbursed={(2020, S.PUBLIC_INVESTMENT): 18000},
        reported={(2019, S.PUBLIC_INVESTMENT): 13500},
        development_plans=[SEDP_5Y, INVESTMENT],
    ),
    DemoProject(
        title="Chương trình sử dụng năng lượng tiết kiệm và hiệu quả tỉnh Bình Dương giai đoạn "
        f"2016 - 2020 (chuyển tiếp) ({DEMO})",
        kind=ProjectKind.PROGRAMME,
        lead="bd-sct",
        items=["9"],
        creator=DOIT,
        transitional=True,
        start=d(2016, 1, 1),
        end=d(2020, 12, 31),
        budget={
            (2018, S.LOCAL_BUDGET): 800,
            (2019, S.LOCAL_BUDGET): 900,
            (2019, S.PRIVATE): 2000,
            (2020, S.LOCAL_BUDGET): 900,
        },
        steps=[
            Step(ProjectStatus.PROPOSED, DOIT, d(2015, 9, 1), "95/TTr-SCT"),
            Step(ProjectStatus.APPRAISED, COORD, d(2015, 10, 20), "60/BC-SKHĐT"),
            Step(ProjectStatus.APPROVED, COORD, d(2015, 12, 15), "3120/QĐ-UBND"),
        ],
        allocated={(2018, S.LOCAL_BUDGET): 800, (2019, S.LOCAL_BUDGET): 900},
        funded=Step(ProjectStatus.FUNDED, COORD, d(2018, 1, 10), "150/QĐ-UBND"),
        after_funding=[Step(ProjectStatus.IMPLEMENTING, DOIT, d(2018, 1, 15))],
        disbursed={(2018, S.LOCAL_BUDGET): 780, (2019, S.LOCAL_BUDGET): 640},
        development_plans=[SEDP_5Y],
        description="Dự án chuyển tiếp từ giai đoạn trước; chỉ ghi phần vốn 2018 - 2020.",
    ),
    DemoProject(
        title=f"Điều tra, đánh giá thoái hóa đất tỉnh Bình Dương (chuyển tiếp) ({DEMO})",
        kind=ProjectKind.STUDY,
        lead="bd-stnmt",
        items=["39"],
        creator=DONRE_STAFF,
        transitional=True,
        start=d(2017, 1, 1),
        end=d(2019, 12, 31),
        budget={(2018, S.LOCAL_BUDGET): 600, (2019, S.LOCAL_BUDGET): 400},
        steps=[
            Step(ProjectStatus.PROPOSED, DONRE_LEAD, d(2016, 10, 1), "150/TTr-STNMT"),
            Step(ProjectStatus.APPRAISED, COORD, d(2016, 11, 15), "80/BC-SKHĐT"),
            Step(ProjectStatus.APPROVED, COORD, d(2016, 12, 20), "3300/QĐ-UBND"),
        ],
        allocated={(2018, S.LOCAL_BUDGET): 600, (2019, S.LOCAL_BUDGET): 400},
        funded=Step(ProjectStatus.FUNDED, COORD, d(2018, 1, 12), "160/QĐ-UBND"),
        after_funding=[
            Step(ProjectStatus.IMPLEMENTING, DONRE_STAFF, d(2018, 2, 1)),
            Step(ProjectStatus.COMPLETED, DONRE_LEAD, d(2019, 12, 20), "450/QĐ-STNMT"),
        ],
        disbursed={(2018, S.LOCAL_BUDGET): 600},
        reported={(2019, S.LOCAL_BUDGET): 380},
        development_plans=[SEDP_5Y],
    ),
]


def load_development_plans() -> dict[tuple, DevelopmentPlan]:
    province = Organisation.objects.get(code=PROVINCE)
    plans = {}
    for key, title, title_en in DEVELOPMENT_PLANS:
        kind, start, end = key
        plans[key], _created = DevelopmentPlan.objects.update_or_create(
            territory=province,
            kind=kind,
            period_start=start,
            period_end=end,
            defaults={"title": title, "title_en": title_en},
        )
    return plans


def _fresh(project: Project) -> Project:
    return Project.objects.get(pk=project.pk)


def _step(project: Project, step: Step, users) -> Project:
    actions.record_status_step(
        project,
        step.status,
        user=users[step.user],
        version=project.version,
        decided_on=step.on,
        decision_number=step.number,
    )
    return _fresh(project)


def _by_key(project: Project, amounts: dict[tuple[int, str], int]) -> dict[int, Decimal]:
    lines = {(line.year, line.source): line.pk for line in project.budget_lines.all()}
    return {lines[key]: amount * MILLION for key, amount in amounts.items()}


def _load(spec: DemoProject, plan: Plan, users, development_plans) -> Project:
    items = {i.code: i for i in PlanItem.objects.filter(plan=plan, code__in=spec.items)}
    orgs = {o.code: o for o in Organisation.objects.all()}
    data = actions.ProjectData(
        kind=spec.kind,
        title=spec.title,
        description=spec.description,
        lead_organisation=orgs[spec.lead],
        plan_items=[items[c] for c in spec.items],
        partners=[orgs[c] for c in spec.partners],
        location_organisation=orgs[spec.location],
        location_text=spec.location_text,
        start_date=spec.start,
        end_date=spec.end,
        total_estimate=sum(spec.budget.values()) * MILLION,
        budget=[
            actions.BudgetRow(y, s, amount * MILLION) for (y, s), amount in spec.budget.items()
        ],
        transitional=spec.transitional,
        development_plans=[development_plans[k] for k in spec.development_plans],
        notes=DEMO_NOTE,
    )
    project = actions.create_project(data, user=users[spec.creator])
    for step in spec.steps:
        project = _step(project, step, users)
    if spec.allocated:
        actions.allocate_budget(
            project,
            _by_key(project, spec.allocated),
            user=users[COORD],
            version=project.version,
            override=bool(spec.override),
            reason=spec.override,
        )
        project = _fresh(project)
    for step in [spec.funded, *spec.after_funding] if spec.funded else []:
        project = _step(project, step, users)
        if step.status == ProjectStatus.FUNDED and spec.disbursed:
            actions.record_disbursement(
                project,
                _by_key(project, spec.disbursed),
                user=users[spec.creator],
                version=project.version,
            )
            project = _fresh(project)
    if spec.reported:
        _report_in_round(project, plan, spec.reported, users[spec.creator])
    return project


def _report_in_round(project: Project, plan: Plan, amounts, user) -> None:
    """Write the disbursements into the lead agency's draft report of the round of that year
    (reporting.actions.save_draft), where agencies report them; skipped when the report is
    not a draft any more."""
    from reporting.actions import save_draft
    from reporting.models import AgencyReport

    lines = {(line.year, line.source): line.pk for line in project.budget_lines.all()}
    for year in sorted({y for y, _source in amounts}):
        report = AgencyReport.objects.filter(
            round__plan=plan, round__year=year, organisation=project.lead_organisation
        ).first()
        if report is None or not report.is_editable:
            continue
        figures = {lines[(y, s)]: a * MILLION for (y, s), a in amounts.items() if y == year}
        written = timezone.make_aware(datetime.datetime.combine(d(year, 10, 14), datetime.time(9)))
        save_draft(report, user=user, version=report.version, disbursements=figures, at=written)


def load_demo_projects() -> list[str]:
    """Load the demo development plans and projects that are missing; a line for the log."""
    plan = Plan.objects.filter(number=PLAN).first()
    if plan is None:
        return ["projects: the plan is not loaded, skipped"]
    development_plans = load_development_plans()
    users = {
        u.username: u
        for u in get_user_model().objects.filter(
            username__in=[COORD, DONRE_STAFF, DONRE_LEAD, DOIT]
        )
    }
    created = 0
    for spec in PROJECTS:
        if Project.objects.filter(title=spec.title).exists():
            continue
        _load(spec, plan, users, development_plans)
        created += 1
    return [f"development plans: {len(development_plans)}; demo projects created: {created}"]
