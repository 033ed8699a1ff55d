"""The restructuring file page: upload, see everything that will move, then apply it whole."""

from __future__ import annotations

import base64
import hashlib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from core.spreadsheet import ImportRejected, check_upload_size
from restructuring.forms import RestructuringFileForm
from restructuring.plans import (
    apply_in_background,
    apply_restructuring,
    preview_restructuring,
    queue_restructuring,
)
from restructuring.restructuring_file import COLUMNS, parse_restructuring_file, template_workbook

SESSION_KEY = "restructuring_file"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _digest(content: bytes) -> str:
    return hashlib.sha256(content).hexdigest()[:16]


@login_required
def restructuring_file(request: AuthenticatedHttpRequest) -> HttpResponse:
    """GET: the upload form. POST with a file: the preview (nothing written; the file is kept
    in the session). POST with `confirm` and the file's digest: the whole file applied, by a
    task of the queue when it has more than RESTRUCTURING_BACKGROUND_ROWS changes."""
    if not permissions.can_restructure_organisations(request.user):
        raise PermissionDenied
    form = RestructuringFileForm()
    context: dict = {"columns": COLUMNS}
    if request.method == "POST" and "confirm" in request.POST:
        kept = request.session.get(SESSION_KEY)
        if not kept or kept["digest"] != request.POST.get("digest"):
            messages.error(request, _("Upload the file again: the one shown is no longer kept."))
            return redirect("restructuring:file")
        content = base64.b64decode(kept["content"])
        try:
            changes = parse_restructuring_file(kept["name"], content)
            if apply_in_background(changes):
                job = queue_restructuring(kept["name"], content, user=request.user, changes=changes)
                del request.session[SESSION_KEY]
                return redirect("jobs:detail", job.pk)
            done = apply_restructuring(changes, user=request.user)
        except ImportRejected as exc:
            context["problems"] = exc.problems
        else:
            del request.session[SESSION_KEY]
            messages.success(
                request,
                _("The restructuring file was applied: %(count)s changes.")
                % {"count": len(done.outcomes)},
            )
            return redirect("orgs:list")
    elif request.method == "POST":
        form = RestructuringFileForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                check_upload_size(upload.size)
                content = upload.read()
                changes = parse_restructuring_file(upload.name, content)
            except ValidationError as exc:
                form.add_error("file", exc)
            except ImportRejected as exc:
                context["problems"] = exc.problems
            else:
                preview = preview_restructuring(changes, user=request.user)
                context["preview"] = preview
                if preview.ok:
                    digest = _digest(content)
                    request.session[SESSION_KEY] = {
                        "name": upload.name,
                        "content": base64.b64encode(content).decode(),
                        "digest": digest,
                    }
                    context["digest"] = digest
                else:
                    context["problems"] = preview.problems
    context["form"] = form
    return render(request, "restructuring/file.html", context)


@login_required
@require_GET
def restructuring_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The template of the restructuring file (.xlsx, Vietnamese headings, example rows)."""
    if not permissions.can_restructure_organisations(request.user):
        raise PermissionDenied
    response = HttpResponse(template_workbook(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-sap-xep-to-chuc.xlsx"'
    return response
