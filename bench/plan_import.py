"""Plan import at scale: the full import of an N-row plan workbook against the bare read.

Generates, in a temporary folder, a plan workbook of N item rows (themes, groups, activities
and tasks, each activity and task with a lead and two coordinating agencies out of 40, every
tenth with a due date), then in one run:

* the bare read: openpyxl, read-only, every row of every sheet with values_only (the least any
  reader of the file must do);
* the full import: plans.actions.import_plan_file (parse, check every reference, write the
  plan, its items, assignments and their history in one transaction), into a fresh SQLite
  database (or BENCH_DATABASE_URL, e.g. a PostgreSQL database made for it);

and prints rows, seconds, the ratio import / bare read, the import's queries and its peak
Python memory (tracemalloc, measured on a second import of the same file under another plan
number, since tracing slows everything down). It also prints the CPU seconds of this process
for both (time.process_time) and their ratio: on a machine shared with other work the
wall-clock ratio moves with the load, the CPU ratio much less; on SQLite, which runs in this
process, it is the whole cost; on PostgreSQL it leaves out the server's own work.

    .venv/bin/python bench/plan_import.py                   # 10,000 rows
    .venv/bin/python bench/plan_import.py --rows 100000     # the limit
    .venv/bin/python bench/plan_import.py --rows 10000 --profile   # and a cProfile of it
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
if os.environ.get("BENCH_DATABASE_URL"):
    os.environ["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
else:
    _db = tempfile.NamedTemporaryFile(prefix="greenplan-bench-", suffix=".sqlite3", delete=False)
    os.environ["DATABASE_URL"] = f"sqlite:///{_db.name}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, reset_queries  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

N_AGENCIES = 40
HEADER = [
    "Mã",
    "Mã cha",
    "Loại",
    "Số",
    "Nội dung",
    "Cơ quan chủ trì",
    "Cơ quan phối hợp",
    "Hạn hoàn thành",
]


def plan_workbook(rows: int, number: str = "99/KH-UBND") -> bytes:
    """A plan of `rows` items: themes of 10 groups of 10 activities of 9 tasks (about)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    plan = book.create_sheet("Kế hoạch")
    for row in [
        ("Số hiệu", number),
        ("Tên kế hoạch", "Kế hoạch tăng trưởng xanh (bench)"),
        ("Cấp", "tỉnh"),
        ("Địa bàn", "bench-tinh"),
        ("Năm bắt đầu", 2021),
        ("Năm kết thúc", 2030),
        ("Cơ quan đầu mối", "bench-so-1"),
    ]:
        plan.append(list(row))
    items = book.create_sheet("Hoạt động")
    items.append(HEADER)
    theme = group = activity = ""
    for index in range(rows):
        lead = f"bench-so-{index % N_AGENCIES + 1}"
        others = (
            f"bench-so-{(index + 7) % N_AGENCIES + 1}; bench-so-{(index + 13) % N_AGENCIES + 1}"
        )
        due = f"{index % 28 + 1:02d}/12/2025" if index % 10 == 0 else None
        position = index % 1000
        if position == 0:
            theme = f"T{index}"
            items.append([theme, None, "chủ đề", None, f"Chủ đề {index}", None, None, None])
        elif position % 100 == 1:
            group = f"G{index}"
            items.append([group, theme, "nhóm", None, f"Nhóm hoạt động {index}", None, None, None])
        elif position % 10 == 2:
            activity = f"A{index}"
            items.append(
                [activity, group, "hoạt động", str(index), f"Hoạt động {index}: tăng trưởng xanh",
                 lead, others, due]
            )  # fmt: skip
        else:
            items.append(
                [f"N{index}", activity or group, "nhiệm vụ", f"{index}", f"Nhiệm vụ số {index}",
                 lead, others, due]
            )  # fmt: skip
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def bare_read(content: bytes) -> int:
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    count = 0
    for sheet in book.worksheets:
        sheet.reset_dimensions()
        for _row in sheet.iter_rows(values_only=True):
            count += 1
    book.close()
    return count


def setup() -> None:
    from orgs.models import Organisation, OrganisationKind

    call_command("migrate", verbosity=0)
    government, _ = Organisation.objects.get_or_create(
        code="bench-chinh-phu",
        defaults={"name": "Chính phủ (bench)", "kind": OrganisationKind.GOVERNMENT},
    )
    province, _ = Organisation.objects.get_or_create(
        code="bench-tinh",
        defaults={
            "name": "UBND tỉnh Bench",
            "kind": OrganisationKind.PROVINCE,
            "parent": government,
        },
    )
    for n in range(1, N_AGENCIES + 1):
        Organisation.objects.get_or_create(
            code=f"bench-so-{n}",
            defaults={
                "name": f"Sở số {n} tỉnh Bench",
                "kind": OrganisationKind.DEPARTMENT,
                "parent": province,
            },
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[10_000])
    parser.add_argument("--profile", action="store_true", help="print a cProfile of the import")
    parser.add_argument("--no-memory", action="store_true", help="skip the traced second import")
    args = parser.parse_args()

    from accounts.system import system_user
    from plans.actions import import_plan_file
    from plans.models import Plan

    setup()
    user = system_user()
    print(f"# database: {connection.vendor}")
    print(
        "rows     bare_s  import_s  ratio  queries  peak_MB  file_MB  bare_cpu  import_cpu  "
        "cpu_ratio"
    )
    for rows in args.rows:
        content = plan_workbook(rows)
        bare_read(content)  # warm-up: imports
        start, cpu_start = time.perf_counter(), time.process_time()
        bare_read(content)
        bare, bare_cpu = time.perf_counter() - start, time.process_time() - cpu_start
        profiler = cProfile.Profile() if args.profile else None
        reset_queries()  # the capture counts from the log's end, which holds at most 9,000
        with CaptureQueriesContext(connection) as queries:
            start, cpu_start = time.perf_counter(), time.process_time()
            if profiler:
                profiler.enable()
            plan = import_plan_file("plan.xlsx", content, user=user)
            if profiler:
                profiler.disable()
            seconds, cpu = time.perf_counter() - start, time.process_time() - cpu_start
        assert plan.items.count() == rows, (plan.items.count(), rows)
        peak = float("nan")
        if not args.no_memory:
            second = plan_workbook(rows, number="98/KH-UBND")
            tracemalloc.start()
            import_plan_file("plan.xlsx", second, user=user)
            _current, peak_bytes = tracemalloc.get_traced_memory()
            tracemalloc.stop()
            peak = peak_bytes / 1e6
        Plan.objects.filter(number__in=["99/KH-UBND", "98/KH-UBND"]).delete()
        print(
            f"{rows:<8} {bare:6.2f}  {seconds:8.2f}  {seconds / bare:5.2f}  "
            f"{len(queries.captured_queries):7}  {peak:7.1f}  {len(content) / 1e6:7.2f}  "
            f"{bare_cpu:8.2f}  {cpu:10.2f}  {cpu / bare_cpu:9.2f}"
        )
        if profiler:
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(35)


if __name__ == "__main__":
    main()
