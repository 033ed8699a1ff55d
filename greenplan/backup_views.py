"""The backups page (administrators): the archives written so far, and a button that queues
a new one (greenplan.tasks.back_up_site, run by a worker; the page never waits for it)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from core.logs import current_request_id
from greenplan.tasks import back_up_site, backup_folder


@dataclass(frozen=True)
class Archive:
    name: str
    size: int
    written_at: datetime.datetime


def archives() -> list[Archive]:
    """The finished archives, newest first (one being written is a hidden .part file)."""
    folder = backup_folder()
    if not folder.is_dir():
        return []
    found = [
        Archive(
            path.name,
            path.stat().st_size,
            datetime.datetime.fromtimestamp(path.stat().st_mtime, tz=datetime.UTC),
        )
        for path in folder.glob("greenplan-*.zip")
        if path.is_file()
    ]
    return sorted(found, key=lambda archive: archive.written_at, reverse=True)


def queue_backup(*, user) -> None:
    """Queue a backup of the whole site, once the request's transaction commits."""
    if not permissions.can_back_up_site(user):
        raise PermissionDenied(_("Only administrators may start a backup."))
    started_by, request_id = user.username, current_request_id()
    transaction.on_commit(lambda: back_up_site.enqueue(started_by, request_id=request_id))


@login_required
def backups(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_back_up_site(request.user):
        raise PermissionDenied
    if request.method == "POST":
        queue_backup(user=request.user)
        messages.success(
            request,
            _(
                "A backup was started. It appears in the list when it is finished "
                "(reload the page in a few minutes)."
            ),
        )
        return redirect("backups")
    return render(
        request, "greenplan/backups.html", {"archives": archives(), "now": timezone.now()}
    )
