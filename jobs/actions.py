"""Every write to import jobs: queue one, run it (the generic task's work), recover the jobs
whose worker died, try a stalled one again."""

from __future__ import annotations

import dataclasses
import datetime
import functools
import logging
from pathlib import PureWindowsPath
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from core.logs import current_request_id
from core.spreadsheet import ImportProblem, ImportRejected
from core.stalled import recover_stalled, waiting_on_the_queue
from jobs.kinds import kind_of, may_see_job
from jobs.models import ImportJob

if TYPE_CHECKING:
    from accounts.models import User

logger = logging.getLogger(__name__)

Status = ImportJob.Status


def attempts() -> int:
    return max(1, settings.IMPORT_JOB_ATTEMPTS)


@transaction.atomic
def queue_import(
    kind: str,
    name: str,
    content: bytes,
    *,
    user: User,
    rows: int = 0,
    options: dict[str, Any] | None = None,
) -> ImportJob:
    """Store the file (default storage) and queue its job once the transaction commits. The
    caller (the kind's own action) has checked that `user` may import it."""
    job = ImportJob(
        kind=kind,
        file_name=PureWindowsPath(name).name[:255],
        rows=rows,
        options=options or {},
        language=translation.get_language() or settings.LANGUAGE_CODE,
        created_by=user,
        heartbeat_at=timezone.now(),
    )
    kind_of(job)  # an unknown kind is a programming error: refused before anything is stored
    job.file.save(job.file_name, ContentFile(content), save=False)
    job.save()
    job_id, request_id = job.pk, current_request_id()
    transaction.on_commit(lambda: enqueue_job(job_id, 1, request_id))
    return job


def enqueue_job(job_id: int, attempt: int, request_id: str = "") -> None:
    from jobs.tasks import run_import_job  # the task module imports this one

    result = run_import_job.enqueue(job_id, attempt, request_id=request_id)
    ImportJob.objects.filter(pk=job_id, attempt=attempt).update(task_id=result.id)


def _update(job_id: int, **fields: Any) -> None:
    ImportJob.objects.filter(pk=job_id).update(heartbeat_at=timezone.now(), **fields)


def run_job(job_id: int, *, attempt: int) -> None:
    """The task's work: read the stored file, write it in one transaction (the job marked done
    in the same one), or mark the job failed with every problem and save nothing. An attempt
    that is not the job's current one does nothing. The file is let go once read."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    if not job.is_running or job.attempt != attempt:
        return
    kind = kind_of(job)
    _update(job_id, status=Status.RUNNING, progress=5, started_at=timezone.now())
    problems: list[ImportProblem] = []
    with translation.override(job.language or settings.LANGUAGE_CODE):
        try:
            with job.file.open("rb") as stored:
                content = stored.read()
            read, rows = kind.read(job, content)
            _update(job_id, progress=40, rows=rows)
            job.rows = rows
            with transaction.atomic():
                result = kind.write(job, read)
                _update(
                    job_id,
                    status=Status.DONE,
                    progress=100,
                    problems=[],
                    result_url=result.url[:200],
                    result_label=result.label[:255],
                    finished_at=timezone.now(),
                )
        except ImportRejected as exc:
            problems = exc.problems
        except (PermissionDenied, ValidationError) as exc:  # the uploader may no longer
            problems = [ImportProblem(message) for message in _messages(exc)]
        except Exception:
            logger.exception("import job %s (%s) failed", job_id, job.kind)
            problems = [
                ImportProblem(
                    _("The import stopped on an unexpected error; nothing was saved. Try again.")
                )
            ]
    if problems:
        _update(
            job_id,
            status=Status.FAILED,
            problems=[dataclasses.asdict(p) for p in problems],
            finished_at=timezone.now(),
        )
    job.file.delete(save=False)
    ImportJob.objects.filter(pk=job_id).update(file="")


def _messages(exc: PermissionDenied | ValidationError) -> list[str]:
    if isinstance(exc, ValidationError):
        return list(exc.messages)
    return [str(exc) or _("You may no longer import this file; nothing was saved.")]


def _stalled() -> QuerySet[ImportJob]:
    cutoff = timezone.now() - datetime.timedelta(seconds=settings.IMPORT_JOB_TIMEOUT)
    return ImportJob.objects.filter(
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff),
        status__in=[Status.QUEUED, Status.RUNNING],
    )


def recover_stalled_import_jobs() -> tuple[int, int]:
    """Queue once more the jobs that stopped reporting progress (their worker died, or their
    task was lost) and have attempts left and their file; mark the others failed with the
    reason. Returns (queued, failed). Safe: a dead attempt's transaction was rolled back, so
    nothing of it remains."""
    return recover_stalled(
        _stalled(),
        retry=lambda job: job.attempt < attempts() and bool(job.file),
        queue_again=_queue_again,
        give_up=_give_up,
        waiting=_waiting_on_the_queue,
    )


def _queue_again(job: ImportJob) -> None:
    job.attempt += 1
    job.status = Status.QUEUED
    job.progress = 0
    job.heartbeat_at = timezone.now()
    job.save(update_fields=["attempt", "status", "progress", "heartbeat_at", "updated_at"])
    logger.warning(
        "import job %s stopped reporting progress: attempt %s queued", job.pk, job.attempt
    )
    transaction.on_commit(functools.partial(enqueue_job, job.pk, job.attempt))


def _give_up(jobs: list[ImportJob]) -> int:
    for job in jobs:
        with translation.override(job.language or settings.LANGUAGE_CODE):
            if job.file:
                reason = _(
                    "The import stopped without finishing (the server was probably restarted "
                    "meanwhile); nothing was saved. Try again."
                )
            else:
                reason = _(
                    "The import stopped without finishing (the server was probably restarted "
                    "meanwhile); nothing was saved. Upload the file again."
                )
        job.status = Status.FAILED
        job.stalled = True
        job.problems = [dataclasses.asdict(ImportProblem(reason))]
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "stalled", "problems", "finished_at", "updated_at"])
    return len(jobs)


def _waiting_on_the_queue(job: ImportJob) -> bool:
    from jobs.tasks import run_import_job  # the task module imports this one

    return job.status == Status.QUEUED and waiting_on_the_queue(run_import_job, job.task_id)


@transaction.atomic
def try_again(job: ImportJob, *, user: User) -> ImportJob:
    """Queue a job whose attempts all stopped without finishing, from its first attempt, on
    the file still stored. Its uploader's rights are checked again when it runs."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if not may_see_job(user, job):
        raise PermissionDenied
    if not job.may_try_again:
        raise ValidationError(
            _(
                "Only an import that stopped without finishing, whose file is kept, can be "
                "tried again."
            )
        )
    job.status = Status.QUEUED
    job.stalled = False
    job.problems = []
    job.progress = 0
    job.attempt = 1
    job.finished_at = None
    job.heartbeat_at = timezone.now()
    job.save(
        update_fields=[
            "status", "stalled", "problems", "progress", "attempt", "finished_at",
            "heartbeat_at", "updated_at",
        ]
    )  # fmt: skip
    transaction.on_commit(functools.partial(enqueue_job, job.pk, 1, current_request_id()))
    return job
