"""The job page of an import of the queue: its progress (htmx polls the status part every
second while it runs), then the link to its result or the file's problems, and "try again"
when its worker died and the file is still stored."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from jobs import actions
from jobs.kinds import kind_of, may_see_job
from jobs.models import ImportJob


def _visible_job(request: AuthenticatedHttpRequest, pk: int) -> ImportJob:
    """Only its uploader (and administrators) see a job; to anyone else it does not exist."""
    job = get_object_or_404(ImportJob.objects.select_related("created_by"), pk=pk)
    if not may_see_job(request.user, job):
        raise Http404
    return job


@login_required
def job_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    if job.is_running and actions.recover_stalled_import_jobs() != (0, 0):
        job.refresh_from_db()
    kind = kind_of(job)
    context = {"job": job, "title": kind.title(), "upload_again": kind.upload_again(job)}
    template = "jobs/_job_status.html" if request.htmx else "jobs/job.html"
    return render(request, template, context)


@login_required
@require_POST
def try_again(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    job = _visible_job(request, pk)
    try:
        actions.try_again(job, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    return redirect("jobs:detail", job.pk)
