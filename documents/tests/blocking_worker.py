"""A worker whose consolidated report builds stop half-way and wait for ever: run in its own
process by test_worker_killed.py, which then SIGKILLs it.

`python -m documents.tests.blocking_worker <marker> [run_worker options]`: once a build has
started (its version is "being generated", its task claimed), the Word step writes <marker>
and blocks, so that the test kills the worker at a known point instead of racing a sleep.
With BLOCKING_STEP=plan_import it is a plan import job's write that blocks, its file read.
"""

from __future__ import annotations

import os
import sys
import threading
from pathlib import Path

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
django.setup()

from django.core.management import call_command  # noqa: E402

from documents import reading  # noqa: E402
from plans import actions as plans_actions  # noqa: E402


def main(marker: Path, worker_args: list[str]) -> None:
    def build_docx_that_hangs(*args: object, **kwargs: object) -> bytes:
        marker.write_text(str(os.getpid()), encoding="utf-8")
        threading.Event().wait()  # until the test kills this process
        raise AssertionError("unreachable")

    if os.environ.get("BLOCKING_STEP") == "plan_import":  # an import job's write, instead
        plans_actions.import_plan = build_docx_that_hangs  # type: ignore[assignment]
    else:
        reading.build_docx = build_docx_that_hangs  # the Word step of every build (word_file)
    call_command("run_worker", *worker_args)


if __name__ == "__main__":
    main(Path(sys.argv[1]), sys.argv[2:])
