"""The task worker's memory while it builds the largest consolidated report (issue 16 item 5).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_national_big \\
        .venv/bin/python bench/worker_memory.py                  # one build, a worker kept
    ... bench/worker_memory.py --builds 3                        # three builds in one worker
    ... bench/worker_memory.py --max-tasks 1                     # the worker exits after it
    ... bench/worker_memory.py --where                           # in this process: tracemalloc

Reads a database made by bench/national_data.py and writes into it only the consolidated
report versions it asks for (deleted at the end, their files in a temporary folder): do not
point it at a database others measure. Starts a real `manage.py run_worker` (its own process,
production settings: DEBUG=0, the database task backend, polling every 0.1 s, no PDF: no
converter on this machine), waits until it is idle, then asks for a consolidated report of
the provincial round with the most accepted lines the way the page does
(documents.actions.generate_consolidated_report, queued), and samples the worker's resident
memory (/proc/<pid>/status VmRSS) every 50 ms until the version is ready, then 3 s more.
Prints the idle RSS, the peak RSS during each build, the RSS after each build (the last
sample), and with --max-tasks whether the worker exited (its memory returned with the
process, as a supervisor restarts it).

--where builds the same version in this process instead (documents.actions.build_files'
steps one by one) under tracemalloc, and prints the Python memory held and the peak of each
step, the RSS after the build and after glibc's malloc_trim(0), and the lines holding most
Python memory once the round is read.
"""

from __future__ import annotations

import argparse
import os
import secrets
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/gp_national_big"
SAMPLE_SECONDS = 0.05


def rss_kb(pid: int) -> int | None:
    """The process's resident set (VmRSS, kB), or None once it has exited."""
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except (FileNotFoundError, ProcessLookupError):
        return None
    return None


def mb(kb: float) -> str:
    return f"{kb / 1024:.0f} MB"


def setup() -> None:
    tmp = Path(tempfile.mkdtemp(prefix="greenplan-worker-memory-"))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "greenplan.settings",
            "DEBUG": "0",
            "SECRET_KEY": os.environ.get("SECRET_KEY") or secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "MEDIA_ROOT": str(tmp / "media"),
            "STATIC_ROOT": str(tmp / "static"),
            "CACHE_URL": f"file://{tmp / 'cache'}",
            "DOCUMENTS_BUILD_IN_BACKGROUND": "1",
            "DOCUMENTS_SOFFICE": "",
            "TASKS_BACKEND": "django_tasks_db.DatabaseBackend",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()


def largest_round() -> Any:
    from django.db.models import Count, Q

    from reporting.models import ReportingRound, ReportStatus

    found = (
        ReportingRound.objects.filter(plan__level="provincial")
        .annotate(
            accepted_lines=Count("reports__items", filter=Q(reports__status=ReportStatus.ACCEPTED))
        )
        .select_related("plan")
        .order_by("-accepted_lines", "pk")
        .first()
    )
    if found is None:
        raise SystemExit("no provincial round: run bench/national_data.py first")
    return found


def coordinator_of(plan: Any) -> Any:
    from accounts.models import Role, User

    return User.objects.filter(
        role=Role.COORDINATOR, organisation_id=plan.focal_point_id, is_active=True
    ).first()


def in_worker(round_: Any, builds: int, max_tasks: int | None) -> None:
    from documents import actions
    from documents.models import ConsolidatedReport

    user = coordinator_of(round_.plan)
    command = [sys.executable, "manage.py", "run_worker", "--no-schedule", "--no-startup-delay"]
    command += ["--interval", "0.1"]
    if max_tasks:
        command += ["--max-tasks", str(max_tasks)]
    log = tempfile.NamedTemporaryFile(prefix="greenplan-worker-", suffix=".log", delete=False)
    worker = subprocess.Popen(
        command, cwd=ROOT, env=os.environ.copy(), stdout=log, stderr=subprocess.STDOUT
    )
    made: list[int] = []
    try:
        time.sleep(6)  # Django's set-up in the worker, then it polls an empty queue
        idle = []
        for _ in range(20):
            time.sleep(SAMPLE_SECONDS)
            idle.append(rss_kb(worker.pid) or 0)
        print(f"worker pid {worker.pid}: idle RSS {mb(max(idle))}")
        for n in range(1, builds + 1):
            start = time.perf_counter()
            version = actions.generate_consolidated_report(round_, user=user, background=True)
            made.append(version.pk)
            peak, state, samples = 0, "", 0
            while True:
                rss = rss_kb(worker.pid)
                if rss is None:
                    break
                peak, samples = max(peak, rss), samples + 1
                state = ConsolidatedReport.objects.values_list("build", flat=True).get(
                    pk=version.pk
                )
                if state in (ConsolidatedReport.Build.READY, ConsolidatedReport.Build.FAILED):
                    break
                time.sleep(SAMPLE_SECONDS)
            seconds = time.perf_counter() - start
            after = None
            for _ in range(int(3 / SAMPLE_SECONDS)):
                time.sleep(SAMPLE_SECONDS)
                rss = rss_kb(worker.pid)
                if rss is None or worker.poll() is not None:
                    after = None
                    break
                peak, after = max(peak, rss), rss
            size = ConsolidatedReport.objects.get(pk=version.pk)
            files = sum(f.size for f in (size.docx, size.xlsx) if f)
            after_text = mb(after) if after is not None else "worker exited (--max-tasks)"
            print(
                f"build {n}: {state} in {seconds:.1f} s ({samples} samples), peak RSS {mb(peak)}, "
                f"RSS after {after_text}, files {files / 1e6:.1f} MB"
            )
            if state == ConsolidatedReport.Build.FAILED:
                print(f"the build failed: see the worker's output in {log.name}")
            if worker.poll() is not None:
                print(f"worker exited with code {worker.returncode} after its task(s)")
                break
    finally:
        if worker.poll() is None:
            worker.terminate()
            worker.wait(timeout=120)
        ConsolidatedReport.objects.filter(pk__in=made).delete()


def where(round_: Any) -> None:
    """The build's steps in this process, under tracemalloc."""
    import gc
    import tracemalloc

    from django.utils import timezone

    from documents.reading import excel_file, read_round, word_file

    user = coordinator_of(round_.plan)
    assert user is not None
    pid = os.getpid()
    print(f"this process: RSS {mb(rss_kb(pid) or 0)} before the build")
    tracemalloc.start(12)
    steps: list[tuple[str, Any]] = []

    def step(name: str, call: Any) -> Any:
        tracemalloc.reset_peak()
        value = call()
        current, peak = tracemalloc.get_traced_memory()
        steps.append((name, tracemalloc.take_snapshot()))
        print(
            f"{name:<12} held {current / 2**20:7.1f} MB   peak {peak / 2**20:7.1f} MB   "
            f"RSS {mb(rss_kb(pid) or 0)}",
            flush=True,
        )
        return value

    today = timezone.localdate()
    built: dict[str, Any] = {}
    built["data"] = step("read", lambda: read_round(round_, today=today))
    built["docx"] = step("word", lambda: word_file(built["data"]))
    built["xlsx"] = step("excel", lambda: excel_file(built["data"]))
    print(f"files: docx {len(built['docx']) / 1e6:.1f} MB, xlsx {len(built['xlsx']) / 1e6:.1f} MB")
    built.clear()
    gc.collect()
    current, _peak = tracemalloc.get_traced_memory()
    print(f"after        held {current / 2**20:7.1f} MB   RSS {mb(rss_kb(pid) or 0)}")
    try:  # glibc: give the free heap pages back; what stays is held, not merely fragmented
        import ctypes

        ctypes.CDLL("libc.so.6").malloc_trim(0)
        print(f"malloc_trim  RSS {mb(rss_kb(pid) or 0)}")
    except OSError:
        pass
    print("largest holders once the reading is done (by line):")
    for stat in steps[0][1].statistics("lineno")[:12]:
        print(f"   {stat.size / 2**20:7.1f} MB  {stat.count:>8}  {stat.traceback[0]}")
    tracemalloc.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--builds", type=int, default=1, help="builds in one worker")
    parser.add_argument("--max-tasks", type=int, default=None, help="run_worker --max-tasks")
    parser.add_argument("--where", action="store_true", help="in this process, tracemalloc")
    args = parser.parse_args()
    setup()
    from django.db import connection

    round_ = largest_round()
    print(
        f"database: {connection.settings_dict['NAME']}; round {round_.pk} "
        f"({round_.plan.number}, {round_.year}): {round_.accepted_lines} accepted lines"
    )
    if args.where:
        where(round_)
    else:
        in_worker(round_, args.builds, args.max_tasks)
    return 0


if __name__ == "__main__":
    sys.exit(main())
