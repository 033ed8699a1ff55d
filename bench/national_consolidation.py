"""Benchmark of the ministry's national report on a nation-sized round.

    .venv/bin/python bench/national_consolidation.py                 # SQLite (a temporary file)
    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_natdocs_bench \\
        .venv/bin/python bench/national_consolidation.py             # PostgreSQL

On PostgreSQL the named database is dropped and created again, then dropped at the end.

Builds (invented bench data, in bulk) the national plan 403/QĐ-TTg with its 66 activities in
4 themes; 34 provinces, each with 40 agencies, a provincial plan whose 66 activities implement
the national ones (a lead and two coordinating agencies each) and its provincial round with
the 40 agencies' reports accepted (the provincial layer: the national consolidation does not
read it, but it sits in the same tables, as in production); then the national round 2019 with
the 34 provinces' reports accepted, 66 lines each with texts, funds and the provinces'
indicator values. Prints, one per line:

    docx_seconds=X      read the national round + build the Word report (median of 5)
    xlsx_seconds=Y      read the national round + build the Excel workbook (median of 5)
    read_seconds=R      read the national round only (consolidate_national, median of 5)
    sql_seconds=S       the same figures by hand-written SQL aggregates (raw cursor, median of 5)
    (each also as *_cpu_seconds: this process's CPU time, for a machine shared with others)
    docx_ratio=X/S, xlsx_ratio=Y/S, read_ratio=R/S (wall-clock)
    docx_bytes, xlsx_bytes, queries (of one reading)
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
POSTGRES_URL = os.environ.get("BENCH_DATABASE_URL", "")
_db = None
if POSTGRES_URL:
    os.environ["DATABASE_URL"] = POSTGRES_URL
else:
    _db = tempfile.NamedTemporaryFile(prefix="greenplan-bench-", suffix=".sqlite3", delete=False)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db.name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")


def _recreate_postgres(drop_only: bool = False) -> None:
    import psycopg

    url = urlparse(POSTGRES_URL)
    name = url.path.lstrip("/")
    admin = url._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
        if not drop_only:
            conn.execute(f'CREATE DATABASE "{name}"')


if POSTGRES_URL:
    _recreate_postgres()

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

N_PROVINCES = 34
N_AGENCIES = 40
YEAR = 2019
THEMES = [  # number, title, activities (the national plan 2014-2020: 8, 20, 25, 13 = 66)
    (1, "Giảm cường độ phát thải khí nhà kính và thúc đẩy sử dụng năng lượng sạch", 8),
    (2, "Giảm phát thải khí nhà kính, thúc đẩy năng lượng sạch, năng lượng tái tạo", 20),
    (3, "Thực hiện xanh hóa sản xuất", 25),
    (4, "Thực hiện xanh hóa lối sống và tiêu dùng bền vững", 13),
]
RESULT = (
    "Đã ban hành kế hoạch triển khai, tổ chức hội nghị quán triệt cho cán bộ, công chức và "
    "doanh nghiệp trên địa bàn; lồng ghép nội dung tăng trưởng xanh vào kế hoạch phát triển "
    "kinh tế - xã hội hằng năm; hoàn thành điều tra hiện trạng sử dụng năng lượng tại 120 cơ "
    "sở sản xuất, đề xuất giải pháp tiết kiệm năng lượng và giảm phát thải khí nhà kính. "
)
DIFFICULTY = "Kinh phí sự nghiệp bố trí chưa kịp thời, nguồn nhân lực chuyên trách còn mỏng. "
PROPOSAL = "Đề nghị Bộ hướng dẫn phương pháp tính chỉ tiêu và bố trí kinh phí hỗ trợ. "
STATUSES = ["completed", "in_progress", "in_progress", "not_started", "on_hold"]


def build():  # noqa: PLR0915 (one linear script of bulk inserts)
    from accounts.models import Role, User
    from indicators.models import Indicator, IndicatorValue
    from orgs.models import Organisation, OrganisationKind
    from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel
    from reporting.models import AgencyReport, ItemFunding, ReportingRound, ReportItem

    gov = Organisation.objects.create(
        code="bench-gov", name="Chính phủ", kind=OrganisationKind.GOVERNMENT
    )
    mof = Organisation.objects.create(
        code="bench-bo-tc", name="Bộ Tài chính", kind=OrganisationKind.MINISTRY, parent=gov
    )
    mpi = Organisation.objects.create(
        code="bench-bo-khdt",
        name="Bộ Kế hoạch và Đầu tư",
        kind=OrganisationKind.MINISTRY,
        parent=gov,
        valid_to=datetime.date(2025, 2, 28),
        successor=mof,
    )
    User.objects.create(username="bench-mpi", organisation=mpi, role=Role.COORDINATOR)
    national = Plan.objects.create(
        number="403/QĐ-TTg",
        title="Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn 2014 - 2020",
        level=PlanLevel.NATIONAL,
        territory=gov,
        focal_point=mpi,
        period_start=2014,
        period_end=2020,
    )
    national_activities: list[tuple[int, int]] = []  # (theme index, item)
    position = 0
    themes = []
    for number, title, _count in THEMES:
        position += 1
        themes.append(
            PlanItem(
                plan=national,
                kind=ItemKind.THEME,
                code=f"T{number}",
                number=str(number),
                title=title,
                position=position,
            )  # fmt: skip
        )
    PlanItem.objects.bulk_create(themes)
    themes = list(PlanItem.objects.filter(plan=national).order_by("position"))
    activities = []
    n = 0
    for theme, (number, _title, count) in zip(themes, THEMES, strict=True):
        for k in range(1, count + 1):
            n += 1
            activities.append(
                PlanItem(
                    plan=national,
                    parent=theme,
                    kind=ItemKind.ACTIVITY,
                    code=f"{number}.{k}",
                    number=f"{number}.{k}",
                    position=100 + n,
                    title=f"Hoạt động {number}.{k}: nghiên cứu, xây dựng và triển khai chương "
                    "trình thúc đẩy sản xuất, tiêu dùng bền vững",
                )  # fmt: skip
            )
    PlanItem.objects.bulk_create(activities)
    activities = list(
        PlanItem.objects.filter(plan=national, kind=ItemKind.ACTIVITY).order_by("position")
    )
    national_activities = [(a.parent_id, a.pk) for a in activities]
    indicators = [
        Indicator(
            code=f"bench-ind-{i}",
            name=f"Chỉ tiêu thống kê tăng trưởng xanh {i}",
            unit="percent",
            position=i,
        )  # fmt: skip
        for i in range(12)
    ]
    Indicator.objects.bulk_create(indicators)
    indicators = list(Indicator.objects.filter(code__startswith="bench-ind-"))

    national_round = ReportingRound.objects.create(
        plan=national,
        year=YEAR,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        deadline=datetime.date(YEAR + 1, 1, 31),
    )
    submitted = datetime.datetime(YEAR + 1, 1, 20, 9, tzinfo=datetime.UTC)
    counts = {"provincial_reports": 0, "provincial_lines": 0, "national_lines": 0}
    for p in range(N_PROVINCES):
        province = Organisation.objects.create(
            code=f"bench-tinh-{p}",
            name=f"Ủy ban nhân dân tỉnh Thử Nghiệm {p:02d}",
            short_name=f"UBND tỉnh Thử Nghiệm {p:02d}",
            kind=OrganisationKind.PROVINCE,
            parent=gov,
        )
        Organisation.objects.bulk_create(
            [
                Organisation(
                    code=f"bench-{p}-{a}",
                    name=f"Sở Thử Nghiệm {a} tỉnh {p:02d}",
                    short_name=f"Sở TN{a}",
                    kind=OrganisationKind.DEPARTMENT,
                    parent=province,
                    province=province,
                )  # fmt: skip
                for a in range(N_AGENCIES)
            ]
        )
        agencies = list(Organisation.objects.filter(parent=province).order_by("code"))
        plan = Plan.objects.create(
            number=f"{p + 1}/KH-UBND-BENCH",
            title=f"Kế hoạch hành động tăng trưởng xanh tỉnh Thử Nghiệm {p:02d}",
            level=PlanLevel.PROVINCIAL,
            territory=province,
            parent=national,
            focal_point=agencies[0],
            period_start=2018,
            period_end=2020,
        )
        # Each province adopts all but a few national activities (varied by province).
        skipped = {(p + k * 7) % 66 for k in range(p % 5)}
        items = [
            PlanItem(
                plan=plan,
                kind=ItemKind.ACTIVITY,
                code=str(i + 1),
                number=str(i + 1),
                position=i + 1,
                implements_id=pk,
                title=f"Hoạt động {i + 1} của tỉnh: triển khai hoạt động quốc gia",
            )  # fmt: skip
            for i, (_theme, pk) in enumerate(national_activities)
            if i not in skipped
        ]
        PlanItem.objects.bulk_create(items)
        items = list(PlanItem.objects.filter(plan=plan).order_by("position"))
        assignments = []
        for i, item in enumerate(items):
            assignments.append(
                Assignment(item=item, organisation=agencies[i % N_AGENCIES], role="lead")
            )
            for k in (7, 13):
                assignments.append(
                    Assignment(
                        item=item, organisation=agencies[(i + k) % N_AGENCIES], role="coordinating"
                    )
                )
        Assignment.objects.bulk_create(assignments)
        # The provincial layer: the round of the province's plan, every agency accepted.
        provincial_round = ReportingRound.objects.create(
            plan=plan,
            year=YEAR,
            period_start=datetime.date(YEAR, 1, 1),
            period_end=datetime.date(YEAR, 12, 31),
            deadline=datetime.date(YEAR, 12, 15),
        )
        AgencyReport.objects.bulk_create(
            [
                AgencyReport(
                    round=provincial_round,
                    organisation=agency,
                    status="accepted",
                    document_number=f"{a + 10}/BC-STN",
                    first_submitted_at=submitted,
                    submitted_at=submitted,
                    general_results=RESULT,
                )  # fmt: skip
                for a, agency in enumerate(agencies)
            ]
        )
        report_of = {
            r.organisation_id: r.pk for r in AgencyReport.objects.filter(round=provincial_round)
        }
        lines = [
            ReportItem(
                report_id=report_of[a.organisation_id],
                plan_item_id=a.item_id,
                role=a.role,
                position=i,
                status=STATUSES[i % 5],
                progress=60,
                results=RESULT,
            )  # fmt: skip
            for i, a in enumerate(assignments)
        ]
        ReportItem.objects.bulk_create(lines)
        counts["provincial_reports"] += len(report_of)
        counts["provincial_lines"] += len(lines)
        # The province's report to the ministry, accepted.
        report = AgencyReport.objects.create(
            round=national_round,
            organisation=province,
            status="accepted",
            version=3,
            document_number=f"{100 + p}/BC-UBND",
            signer=f"Phó Chủ tịch tỉnh {p:02d}",
            first_submitted_at=submitted,
            submitted_at=submitted,
            general_results=RESULT * 2,
            general_difficulties=DIFFICULTY * 2,
            general_proposals=PROPOSAL * 2,
        )
        national_lines = [
            ReportItem(
                report=report,
                plan_item_id=pk,
                role="lead",
                position=i,
                status=STATUSES[(i + p) % 5],
                progress=100 if (i + p) % 5 == 0 else 45,
                results=RESULT,
                outputs="Báo cáo đánh giá, kế hoạch triển khai.",
                difficulties=DIFFICULTY if i % 3 == 0 else "",
                proposals=PROPOSAL if i % 4 == 1 else "",
            )  # fmt: skip
            for i, (_theme, pk) in enumerate(national_activities)
            if i not in skipped
        ]
        ReportItem.objects.bulk_create(national_lines)
        national_lines = list(ReportItem.objects.filter(report=report))
        funds = []
        for i, line in enumerate(national_lines):
            funds.append(
                ItemFunding(item=line, source="local_budget", amount=Decimal(150_000_000 + p))
            )
            if i % 3 == 0:
                funds.append(ItemFunding(item=line, source="oda", amount=Decimal(420_500_000)))
        ItemFunding.objects.bulk_create(funds)
        counts["national_lines"] += len(national_lines)
        IndicatorValue.objects.bulk_create(
            [
                IndicatorValue(
                    indicator=ind,
                    territory=province,
                    year=YEAR,
                    value=Decimal(10 + p + k),
                    source=f"Cục Thống kê tỉnh {p:02d}",
                    status="accepted",
                )  # fmt: skip
                for k, ind in enumerate(indicators)
            ]
        )
    return national_round, counts


SQL = {
    # Provinces adopting each national activity (their plans covering the year).
    "adoption": """
        SELECT pi.implements_id, COUNT(DISTINCT p.territory_id)
        FROM plans_planitem pi JOIN plans_plan p ON p.id = pi.plan_id
        WHERE p.parent_id = %(plan)s AND p.level = 'provincial'
          AND p.period_start <= %(year)s AND p.period_end >= %(year)s
          AND pi.implements_id IS NOT NULL
        GROUP BY pi.implements_id""",
    # Provinces by status of each activity: the lead line of the accepted reports.
    "statuses": """
        SELECT ri.plan_item_id, ri.status, COUNT(*)
        FROM reporting_reportitem ri JOIN reporting_agencyreport r ON r.id = ri.report_id
        WHERE r.round_id = %(round)s AND r.status = 'accepted' AND ri.role = 'lead'
        GROUP BY ri.plan_item_id, ri.status""",
    # Funds by activity and source, and by province and source.
    "funds_by_item": """
        SELECT ri.plan_item_id, f.source, SUM(f.amount)
        FROM reporting_itemfunding f JOIN reporting_reportitem ri ON ri.id = f.item_id
        JOIN reporting_agencyreport r ON r.id = ri.report_id
        WHERE r.round_id = %(round)s AND r.status = 'accepted'
        GROUP BY ri.plan_item_id, f.source""",
    "funds_by_province": """
        SELECT r.organisation_id, r.document_number, r.version, f.source, SUM(f.amount)
        FROM reporting_itemfunding f JOIN reporting_reportitem ri ON ri.id = f.item_id
        JOIN reporting_agencyreport r ON r.id = ri.report_id
        WHERE r.round_id = %(round)s AND r.status = 'accepted'
        GROUP BY r.organisation_id, r.document_number, r.version, f.source""",
    # Coverage matrix: activities adopted per province and theme of the national plan.
    "coverage": """
        SELECT p.territory_id, n.parent_id, COUNT(DISTINCT pi.implements_id)
        FROM plans_planitem pi JOIN plans_plan p ON p.id = pi.plan_id
        JOIN plans_planitem n ON n.id = pi.implements_id
        WHERE p.parent_id = %(plan)s AND p.level = 'provincial' AND n.kind = 'activity'
          AND p.period_start <= %(year)s AND p.period_end >= %(year)s
        GROUP BY p.territory_id, n.parent_id""",
    # The provinces' reports: who, number, version, status.
    "reports": """
        SELECT r.id, o.name, o.short_name, r.status, r.document_number, r.version, r.signer
        FROM reporting_agencyreport r JOIN orgs_organisation o ON o.id = r.organisation_id
        WHERE r.round_id = %(round)s""",
    # Difficulties and proposals, with the province and the activity.
    "notes": """
        SELECT r.organisation_id, n.number, ri.difficulties, ri.proposals
        FROM reporting_reportitem ri JOIN reporting_agencyreport r ON r.id = ri.report_id
        JOIN plans_planitem n ON n.id = ri.plan_item_id
        WHERE r.round_id = %(round)s AND r.status = 'accepted'
          AND (ri.difficulties <> '' OR ri.proposals <> '')""",
    # The lines the appendix and the detail sheet cite (results per province and activity).
    "results": """
        SELECT ri.plan_item_id, r.organisation_id, ri.status, ri.progress, ri.results
        FROM reporting_reportitem ri JOIN reporting_agencyreport r ON r.id = ri.report_id
        WHERE r.round_id = %(round)s AND r.status = 'accepted' AND ri.role = 'lead'""",
    # Accepted indicator values of the year, province by province.
    "indicators": """
        SELECT v.territory_id, v.indicator_id, v.value, i.name, i.unit
        FROM indicators_indicatorvalue v JOIN indicators_indicator i ON i.id = v.indicator_id
        WHERE v.status = 'accepted' AND v.year = %(year)s
          AND v.territory_id IN (
            SELECT organisation_id FROM reporting_agencyreport WHERE round_id = %(round)s)""",
}


def sql_aggregate(round_) -> int:
    """The figures of the national report by hand-written SQL; returns the rows fetched."""
    params = {"plan": round_.plan_id, "year": round_.year, "round": round_.pk}
    rows = 0
    with connection.cursor() as cursor:
        for query in SQL.values():
            cursor.execute(query, params)
            rows += len(cursor.fetchall())
    return rows


def median_time(func, runs: int = 5) -> tuple[float, float]:
    """Median wall-clock and median CPU seconds of this process (the CPU time tells the
    code's cost on a machine shared with other work; on PostgreSQL it leaves out the
    server's share)."""
    walls, cpus = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        func()
        walls.append(time.perf_counter() - start)
        cpus.append(time.process_time() - start_cpu)
    return statistics.median(walls), statistics.median(cpus)


def main() -> None:
    from documents.national import consolidate_national
    from documents.national_docx import build_national_docx
    from documents.national_xlsx import build_national_xlsx

    call_command("migrate", verbosity=0)
    start = time.perf_counter()
    round_, counts = build()
    built = time.perf_counter() - start
    connection.close()
    today = datetime.date(2020, 2, 10)
    with CaptureQueriesContext(connection) as queries:
        c = consolidate_national(round_, today=today)
    n_queries = len(queries)
    assert c.coverage.accepted == N_PROVINCES and len(c.items) == 66, c.coverage
    docx_bytes = build_national_docx(c)  # warm-up: imports, fonts
    xlsx_bytes = build_national_xlsx(c)
    sql_rows = sql_aggregate(round_)
    reset_queries()
    if os.environ.get("BENCH_PROFILE"):  # where the time of one reading and build goes
        import cProfile
        import pstats

        profile = cProfile.Profile()
        profile.enable()
        build_national_docx(consolidate_national(round_, today=today))
        profile.disable()
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(35)

    docx, docx_cpu = median_time(
        lambda: build_national_docx(consolidate_national(round_, today=today))
    )
    xlsx, xlsx_cpu = median_time(
        lambda: build_national_xlsx(consolidate_national(round_, today=today))
    )
    read, read_cpu = median_time(lambda: consolidate_national(round_, today=today))
    sql, sql_cpu = median_time(lambda: sql_aggregate(round_))
    print(f"# database={connection.vendor} built_in={built:.1f}s load={os.getloadavg()[0]:.1f}")
    print(
        f"# {N_PROVINCES} provinces x {N_AGENCIES} agencies, {len(c.items)} national "
        f"activities; provincial layer: {counts['provincial_reports']} agency reports, "
        f"{counts['provincial_lines']} lines; national round: {c.coverage.accepted} accepted "
        f"reports, {counts['national_lines']} lines; {len(c.indicators)} indicators"
    )
    print(f"queries={n_queries}")
    print(f"sql_rows={sql_rows}")
    print(f"docx_bytes={len(docx_bytes)}")
    print(f"xlsx_bytes={len(xlsx_bytes)}")
    for name, wall, cpu in (
        ("read", read, read_cpu),
        ("docx", docx, docx_cpu),
        ("xlsx", xlsx, xlsx_cpu),
        ("sql", sql, sql_cpu),
    ):
        print(f"{name}_seconds={wall:.3f} {name}_cpu_seconds={cpu:.3f}")
    for name, wall in (("read", read), ("docx", docx), ("xlsx", xlsx)):
        print(f"{name}_ratio={wall / sql:.1f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        if _db is not None:
            Path(_db.name).unlink(missing_ok=True)
        if POSTGRES_URL:
            _recreate_postgres(drop_only=True)
