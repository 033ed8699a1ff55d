"""Import a plan from a spreadsheet, and download the template to fill in."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts.http import AuthenticatedHttpRequest
from accounts.permissions import can_import_plans
from plans.actions import import_in_background, import_plan_file, queue_plan_import
from plans.forms import PlanFileForm
from plans.plan_file import MAX_ROWS
from plans.plan_import import ImportProblem, ImportRejected
from plans.plan_template import build_plan_template

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
TEMPLATE_NAME = "mau-nhap-ke-hoach.xlsx"


def _require_importer(request: AuthenticatedHttpRequest) -> None:
    if not can_import_plans(request.user):
        raise PermissionDenied


@login_required
def import_plan_page(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_importer(request)
    problems: list[ImportProblem] = []
    form = PlanFileForm(request.POST, request.FILES) if request.method == "POST" else PlanFileForm()
    if form.is_bound and form.is_valid():
        upload = form.cleaned_data["file"]
        content = upload.read()
        if import_in_background(upload.name, content):
            job = queue_plan_import(
                upload.name, content, user=request.user, replace=form.cleaned_data["replace"]
            )
            return redirect("jobs:detail", job.pk)
        try:
            plan = import_plan_file(
                upload.name,
                content,
                user=request.user,
                replace=form.cleaned_data["replace"],
            )
        except ImportRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Plan %(number)s imported: %(count)d items.")
                % {"number": plan.number, "count": plan.items.count()},
            )
            return redirect("plans:detail", plan.pk)
    return render(
        request,
        "plans/import.html",
        {
            "form": form,
            "problems": problems,
            "max_bytes": settings.UPLOAD_MAX_BYTES,
            "max_rows": number_format(MAX_ROWS, force_grouping=True),
            "background_rows": number_format(
                settings.PLAN_IMPORT_BACKGROUND_ROWS, force_grouping=True
            ),
        },
    )


@login_required
def import_template(request: AuthenticatedHttpRequest) -> HttpResponse:
    _require_importer(request)
    response = HttpResponse(build_plan_template(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{TEMPLATE_NAME}"'
    return response
