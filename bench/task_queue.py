"""What the task queue costs a consolidated report's build: printed figures, not a test.

    DATABASE_URL=sqlite:////tmp/gp_bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/gp_bench.sqlite3 .venv/bin/python manage.py load_demo
    DATABASE_URL=sqlite:////tmp/gp_bench.sqlite3 .venv/bin/python bench/task_queue.py [N]

On the Bình Dương demo's 2018 round, N times each (default 5):
- in the request: generate_consolidated_report(background=False), the request waits for the
  files (what DOCUMENTS_BUILD_IN_BACKGROUND=0 does, and the time today's thread took);
- through the queue: the request only counts the reports and queues the task; a real worker
  (`manage.py run_worker`, started once, polling every 0.1 s) builds it. Printed: the
  request's time, and from the request's start until the version is "ready" on the row.
No PDF (DOCUMENTS_SOFFICE=""). Medians and worst, in ms.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
os.environ["DOCUMENTS_SOFFICE"] = ""
os.environ["TASKS_BACKEND"] = "django_tasks_db.DatabaseBackend"
os.environ.setdefault("MEDIA_ROOT", tempfile.mkdtemp(prefix="gp-bench-media-"))

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402

from documents import actions  # noqa: E402
from documents.models import ConsolidatedReport  # noqa: E402
from reporting.models import ReportingRound  # noqa: E402


def figures(label: str, values: list[float]) -> None:
    print(
        f"{label:<58} median {statistics.median(values) * 1000:8.1f} ms"
        f"   worst {max(values) * 1000:8.1f} ms   (n={len(values)})"
    )


def main(n: int) -> None:
    round_ = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2018)
    coordinator = get_user_model().objects.get(username="dpi.coordinator")
    print(f"database: {os.environ.get('DATABASE_URL', 'sqlite (default)')}; round {round_}")

    in_request = []
    for _ in range(n):
        start = time.perf_counter()
        version = actions.generate_consolidated_report(round_, user=coordinator, background=False)
        in_request.append(time.perf_counter() - start)
        assert version.build == ConsolidatedReport.Build.READY

    worker = subprocess.Popen(
        [sys.executable, "manage.py", "run_worker", "--no-schedule", "--no-startup-delay"]
        + ["--interval", "0.1"],
        cwd=ROOT,
        env=os.environ.copy(),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        time.sleep(5)  # the worker's start (Django set-up), not part of any build
        requests, until_ready = [], []
        for _ in range(n):
            start = time.perf_counter()
            version = actions.generate_consolidated_report(
                round_, user=coordinator, background=True
            )
            requests.append(time.perf_counter() - start)
            while True:
                build = ConsolidatedReport.objects.values_list("build", flat=True).get(
                    pk=version.pk
                )
                if build in (ConsolidatedReport.Build.READY, ConsolidatedReport.Build.FAILED):
                    break
                time.sleep(0.01)
            until_ready.append(time.perf_counter() - start)
            assert build == ConsolidatedReport.Build.READY, build
    finally:
        worker.terminate()
        worker.wait(timeout=60)

    figures("in the request: the request (files built in it)", in_request)
    figures("through the queue: the request (counts, queues the task)", requests)
    figures("through the queue: request start -> version ready", until_ready)
    overhead = statistics.median(until_ready) - statistics.median(in_request)
    print(f"queue overhead on the median (poll interval 0.1 s included): {overhead * 1000:.1f} ms")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5)
