"""Benchmark of the consolidated report on a province-sized round.

    .venv/bin/python bench/consolidation.py

Builds, in a throwaway SQLite database, a round of 66 activities assigned to 40 agencies
(a lead and two coordinating agencies each), every report accepted, with texts as long as
agencies write them; then prints, one per line:

    docx_seconds=X   read the round + build the Word report (median of 5, after a warm-up)
    xlsx_seconds=Y   read the round + build the Excel workbook (median of 5)
    peak_mb=Z        peak Python memory of one Word + one Excel build (tracemalloc)
    floor_seconds=W  the bare queries reading the same data (median of 5)
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import tempfile
import time
import tracemalloc
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
_db = tempfile.NamedTemporaryFile(prefix="greenplan-bench-", suffix=".sqlite3", delete=False)
os.environ["DATABASE_URL"] = f"sqlite:///{_db.name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.db.models import Count  # noqa: E402

THEMES = [  # number, title, activities (the national plan 2014-2020: 8, 20, 25, 13 = 66)
    (1, "Xây dựng thể chế và kế hoạch tăng trưởng xanh tại địa phương", 8),
    (2, "Giảm cường độ phát thải khí nhà kính, thúc đẩy năng lượng sạch, tái tạo", 20),
    (3, "Thực hiện xanh hóa sản xuất", 25),
    (4, "Thực hiện xanh hóa lối sống và tiêu dùng bền vững", 13),
]
N_AGENCIES = 40
RESULT = (
    "Đã ban hành kế hoạch triển khai, tổ chức hội nghị quán triệt cho cán bộ, công chức và "
    "doanh nghiệp trên địa bàn; phối hợp với các sở, ngành rà soát cơ chế, chính sách; lồng "
    "ghép nội dung tăng trưởng xanh vào kế hoạch phát triển kinh tế - xã hội hằng năm; hoàn "
    "thành điều tra, khảo sát hiện trạng sử dụng năng lượng tại 120 cơ sở sản xuất, đề xuất "
    "giải pháp tiết kiệm năng lượng và giảm phát thải khí nhà kính. "
)
DIFFICULTY = (
    "Kinh phí sự nghiệp bố trí chưa kịp thời, nguồn nhân lực chuyên trách còn mỏng; nhận thức "
    "của một bộ phận doanh nghiệp về tăng trưởng xanh còn hạn chế. "
)
PROPOSAL = (
    "Đề nghị UBND tỉnh bố trí kinh phí thực hiện các nhiệm vụ năm sau và chỉ đạo các sở, "
    "ngành phối hợp chia sẻ số liệu. "
)


def build_round():
    from accounts.models import Role, User
    from orgs.models import Organisation, OrganisationKind
    from plans.models import Assignment, ItemKind, Plan, PlanItem, PlanLevel
    from reporting import actions
    from reporting.models import AgencyReport, ItemFunding, ReportItem

    province = Organisation.objects.create(
        code="bench-province",
        name="Ủy ban nhân dân tỉnh Bình Dương",
        short_name="UBND tỉnh Bình Dương",
        kind=OrganisationKind.PROVINCE,
    )
    agencies = [
        Organisation.objects.create(
            code=f"bench-{n}",
            name=f"Sở Ngành Thử Nghiệm Số {n} tỉnh Bình Dương",
            short_name=f"Sở TN{n}",
            kind=OrganisationKind.DEPARTMENT,
            parent=province,
        )
        for n in range(N_AGENCIES)
    ]
    dpi = agencies[0]
    coordinator = User.objects.create(username="bench", organisation=dpi, role=Role.COORDINATOR)
    plan = Plan.objects.create(
        number="1/KH-BENCH",
        title="Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh giai đoạn 2018 - 2020",
        level=PlanLevel.PROVINCIAL,
        territory=province,
        focal_point=dpi,
        period_start=2018,
        period_end=2020,
    )
    position, activity = 0, 0
    assignments = []
    for number, title, count in THEMES:
        position += 1
        theme = PlanItem.objects.create(
            plan=plan, kind=ItemKind.THEME, code=f"T{number}", number=str(number),
            title=title, position=position,
        )  # fmt: skip
        for _ in range(count):
            activity += 1
            position += 1
            item = PlanItem.objects.create(
                plan=plan, parent=theme, kind=ItemKind.ACTIVITY, code=str(activity),
                number=str(activity), position=position,
                title=f"Hoạt động {activity}: nghiên cứu, xây dựng và triển khai chương trình "
                "thúc đẩy sản xuất, tiêu dùng bền vững và giảm phát thải khí nhà kính",
            )  # fmt: skip
            lead = agencies[activity % N_AGENCIES]
            assignments.append(Assignment(item=item, organisation=lead, role="lead"))
            for k in (7, 13):
                other = agencies[(activity + k) % N_AGENCIES]
                assignments.append(Assignment(item=item, organisation=other, role="coordinating"))
    Assignment.objects.bulk_create(assignments)
    round_ = actions.open_round(plan, 2018, user=coordinator)

    lines = list(ReportItem.objects.filter(report__round=round_))
    funds = []
    for n, line in enumerate(lines):
        line.status = "completed" if n % 3 == 0 else "in_progress"
        line.progress = 100 if n % 3 == 0 else 20 + n % 70
        line.results = RESULT * (1 + n % 2)
        line.outputs = "Báo cáo đánh giá, kế hoạch triển khai, tài liệu hướng dẫn."
        line.document_number = f"{100 + n}/KH-SNTN"
        line.document_date = datetime.date(2018, 9, 1 + n % 28)
        line.difficulties = DIFFICULTY if n % 2 else ""
        line.proposals = PROPOSAL if n % 4 == 1 else ""
        funds.append(ItemFunding(item=line, source="local_budget", amount=Decimal(150_000_000)))
        if n % 3 == 0:
            funds.append(ItemFunding(item=line, source="oda", amount=Decimal(420_500_000)))
    ReportItem.objects.bulk_update(
        lines,
        [
            "status", "progress", "results", "outputs", "document_number", "document_date",
            "difficulties", "proposals",
        ],
    )  # fmt: skip
    ItemFunding.objects.bulk_create(funds)
    submitted = datetime.datetime(2018, 10, 20, 9, tzinfo=datetime.UTC)
    AgencyReport.objects.filter(round=round_).update(
        status="accepted",
        first_submitted_at=submitted,
        submitted_at=submitted,
        document_number="215/BC-SNTN",
        general_results=RESULT * 2,
        general_difficulties=DIFFICULTY * 2,
        general_proposals=PROPOSAL * 2,
    )
    return round_, len(lines)


def floor(round_) -> None:
    """The same rows consolidate() reads, fetched with no processing."""
    from plans.models import PlanItem
    from reporting.models import AgencyReport, ReportingRound, ReportItem

    ReportingRound.objects.select_related("plan__territory", "plan__focal_point").get(pk=round_.pk)
    list(
        AgencyReport.objects.filter(round=round_)
        .select_related("organisation", "round")
        .annotate(n_items=Count("items"))
    )
    list(PlanItem.objects.filter(plan_id=round_.plan_id).values_list("id", "parent_id", "kind"))
    list(ReportItem.objects.filter(report__round=round_).values_list("report_id", "plan_item_id"))
    list(
        PlanItem.objects.filter(plan_id=round_.plan_id).prefetch_related(
            "assignments__organisation"
        )
    )
    list(ReportItem.objects.filter(report__round=round_).values_list("plan_item_id").distinct())
    list(
        ReportItem.objects.filter(report__round=round_, report__status="accepted").prefetch_related(
            "funds"
        )
    )


def median_time(func, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        func()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    from documents.consolidation import consolidate
    from documents.docx_report import build_docx
    from documents.xlsx_report import build_xlsx

    call_command("migrate", verbosity=0)
    round_, n_lines = build_round()
    connection.close()
    c = consolidate(round_)
    assert len(c.appendix) == 66 and c.coverage.accepted == N_AGENCIES, c.coverage
    build_docx(c)  # warm-up: imports, fonts
    build_xlsx(c)

    docx = median_time(lambda: build_docx(consolidate(round_)))
    xlsx = median_time(lambda: build_xlsx(consolidate(round_)))
    floor_seconds = median_time(lambda: floor(round_))
    tracemalloc.start()
    build_docx(consolidate(round_))
    build_xlsx(consolidate(round_))
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"# {len(c.appendix)} activities, {c.coverage.accepted} agencies, {n_lines} report lines")
    print(f"docx_seconds={docx:.3f}")
    print(f"xlsx_seconds={xlsx:.3f}")
    print(f"peak_mb={peak / 1024 / 1024:.1f}")
    print(f"floor_seconds={floor_seconds:.3f}")


if __name__ == "__main__":
    try:
        main()
    finally:
        connection.close()
        Path(_db.name).unlink(missing_ok=True)
