"""The crosswalk pages: import links between an earlier plan's items and this plan's (a file
previewed, then applied), the template to fill in, and removing one link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts.http import AuthenticatedHttpRequest
from core.spreadsheet import ImportProblem, ImportRejected
from plans import crosswalk
from plans.crosswalk_file import (
    CrosswalkFile,
    LinkRow,
    build_crosswalk_template,
    parse_crosswalk_file,
)
from plans.forms import CrosswalkFileForm
from plans.models import ItemLink, Plan
from plans.visibility import get_visible_plan

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# A preview is applied within this time, or uploaded again.
PREVIEW_MAX_AGE = 60 * 60


def _plan_to_link(request: AuthenticatedHttpRequest, pk: int) -> Plan:
    """The successor plan: 404 outside the user's scope, 403 for those who may not edit it."""
    plan = get_visible_plan(request.user, pk)
    if not crosswalk.may_link(request.user, plan):
        raise PermissionDenied
    return plan


def _salt(plan: Plan) -> str:
    return f"plans.crosswalk.preview.{plan.pk}"


def _token(data: CrosswalkFile, predecessor: Plan, plan: Plan) -> str:
    rows = [[r.predecessor, r.successor, r.note, r.row] for r in data.rows]
    payload = {"p": predecessor.pk, "s": data.sheet, "c": list(data.columns), "r": rows}
    return signing.dumps(payload, salt=_salt(plan), compress=True)


def _untoken(token: str, plan: Plan) -> tuple[int, CrosswalkFile]:
    payload = signing.loads(token, salt=_salt(plan), max_age=PREVIEW_MAX_AGE)
    rows = [LinkRow(str(a), str(b), str(c), int(n)) for a, b, c, n in payload["r"]]
    columns = tuple(str(c) for c in payload["c"])
    if len(columns) != 3:
        raise ValueError("a preview names three columns")
    return int(payload["p"]), CrosswalkFile(
        str(payload["s"]), rows, (columns[0], columns[1], columns[2])
    )


@login_required
def crosswalk_page(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_link(request, pk)
    choices = crosswalk.predecessor_plans(request.user, plan)
    problems: list[ImportProblem] = []
    planned: list[crosswalk.PlannedLink] = []
    token = ""
    predecessor: Plan | None = None
    form = CrosswalkFileForm(plans=choices)
    if request.method == "POST" and "token" in request.POST:
        try:
            predecessor_pk, data = _untoken(request.POST["token"], plan)
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            messages.error(
                request, _("The preview has expired or is damaged; upload the file again.")
            )
            return redirect("plans:crosswalk", plan.pk)
        predecessor = get_object_or_404(choices, pk=predecessor_pk)
        try:
            applied = crosswalk.import_crosswalk(data, predecessor, plan, user=request.user)
        except ImportRejected as exc:
            problems = exc.problems
        else:
            messages.success(
                request,
                _("Crosswalk %(earlier)s → %(later)s saved: %(count)d links.")
                % {"earlier": predecessor.number, "later": plan.number, "count": len(applied)},
            )
            return redirect("plans:detail", plan.pk)
    elif request.method == "POST":
        form = CrosswalkFileForm(request.POST, request.FILES, plans=choices)
        if form.is_valid():
            predecessor = form.cleaned_data["predecessor_plan"]
            upload = form.cleaned_data["file"]
            try:
                data = parse_crosswalk_file(upload.name or "", upload.read())
                planned = crosswalk.check_crosswalk(data, predecessor, plan, user=request.user)
            except ImportRejected as exc:
                problems = exc.problems
            else:
                token = _token(data, predecessor, plan)
    return render(
        request,
        "plans/crosswalk.html",
        {
            "plan": plan,
            "form": form,
            "problems": problems,
            "planned": planned,
            "token": token,
            "predecessor": predecessor,
            "has_choices": choices.exists(),
        },
    )


@login_required
def crosswalk_template(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    plan = _plan_to_link(request, pk)
    earlier = crosswalk.predecessor_plans(request.user, plan).first()
    content = build_crosswalk_template(earlier.number if earlier else "", plan.number)
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-lien-ket-ke-hoach.xlsx"'
    return response


@login_required
@require_POST
def unlink(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    link = get_object_or_404(
        ItemLink.objects.select_related(
            "successor__plan__territory", "predecessor__plan__territory"
        ),
        pk=pk,
    )
    if not Plan.objects.visible_to(request.user).filter(pk=link.successor.plan_id).exists():
        raise Http404
    crosswalk.unlink(link, user=request.user)  # PermissionDenied: 403
    messages.success(
        request,
        _("Link %(earlier)s → %(later)s removed.")
        % {
            "earlier": f"{link.predecessor.plan.number} · {link.predecessor.label}",
            "later": f"{link.successor.plan.number} · {link.successor.label}",
        },
    )
    back = link.successor if request.POST.get("back") != "predecessor" else link.predecessor
    return redirect("plans:item", back.pk)
