"""Project pages. Thin: they read through accounts.permissions and write through actions.

Projects outside the user's scope answer 404 (whether or not they exist); forbidden writes
on visible projects answer 403.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, Sum
from django.forms import ChoiceField
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from accounts import permissions
from accounts.http import AuthenticatedHttpRequest
from core.charts import to_svg
from plans.models import Plan, PlanItem
from plans.visibility import get_visible_plan
from projects import actions, workbooks
from projects.charts import funding_figure
from projects.forms import (
    AllocationForm,
    BoardFilterForm,
    BudgetRowFormSet,
    DisbursementForm,
    ProjectForm,
    StepForm,
    add_errors,
    budget_initial,
    project_data,
)
from projects.models import (
    ALLOCATION_STATUSES,
    DISBURSEMENT_STATUSES,
    BudgetLine,
    Project,
    ProjectStatus,
)
from projects.totals import item_projects, plan_funding

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations


def _visible_project(request: AuthenticatedHttpRequest, pk: int) -> Project:
    return get_object_or_404(
        Project.objects.visible_to(request.user).select_related(
            "lead_organisation", "location_organisation", "created_by"
        ),
        pk=pk,
    )


def _with_money(
    projects: QuerySet[Project],
) -> QuerySet[WithAnnotations[Project, workbooks.ProjectMoney]]:
    """Annotate each project with its allocated and disbursed totals (one join, no fan-out)."""
    return projects.annotate(
        allocated=Sum("budget_lines__allocated"), disbursed=Sum("budget_lines__disbursed")
    )


def _filtered(request: AuthenticatedHttpRequest) -> tuple[BoardFilterForm, QuerySet[Project]]:
    form = BoardFilterForm(request.GET or None, user=request.user)
    projects = Project.objects.visible_to(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            projects = projects.filter(title__icontains=data["q"])
        if data["plan"]:
            projects = projects.filter(
                pk__in=Project.objects.filter(plan_items__plan=data["plan"]).values("pk")
            )
        if data["lead"]:
            projects = projects.filter(lead_organisation=data["lead"])
        if data["transitional"]:
            projects = projects.filter(transitional=True)
    return form, projects


@login_required
def board(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The pipeline: one column per status, every visible project as a card."""
    form, projects = _filtered(request)
    rows = _with_money(projects.select_related("lead_organisation")).order_by("title")
    columns: dict[str, list[Project]] = {status: [] for status in ProjectStatus.values}
    for project in rows:
        columns[project.status].append(project)
    plans = Plan.objects.visible_to(request.user).filter(level="provincial")
    return render(
        request,
        "projects/board.html",
        {
            "filter": form,
            "columns": [(ProjectStatus(s), columns[s]) for s in ProjectStatus.values],
            "count": sum(len(c) for c in columns.values()),
            "plans": plans,
            "can_create": permissions.can_create_projects(request.user),
            "query": request.GET.urlencode(),
        },
    )


# reporting.ReportDisbursement, reached through its relation: reporting builds on projects,
# not the other way round.
ReportedDisbursement = BudgetLine._meta.get_field("reported_disbursements").related_model


def _detail(request: AuthenticatedHttpRequest, project: Project, **forms) -> HttpResponse:
    user = request.user
    # With the figures agencies reported in yearly reports the coordinator has not accepted yet.
    lines = list(
        project.budget_lines.prefetch_related(
            Prefetch(
                "reported_disbursements",
                queryset=ReportedDisbursement._default_manager.exclude(report__status="accepted")
                .select_related("report__round")
                .order_by("report__round__year"),
                to_attr="pending_reports",
            )
        )
    )
    totals = {
        name: sum((getattr(line, name) for line in lines), start=0)
        for name in ("estimate", "allocated", "disbursed")
    }
    can_manage = permissions.can_manage_project(user, project)
    step_form = forms.get("step_form") or StepForm(user=user, project=project)
    allocation_form = forms.get("allocation_form")
    if allocation_form is None and (
        permissions.can_allocate_project(user, project) and project.status in ALLOCATION_STATUSES
    ):
        allocation_form = AllocationForm(project=project, lines=lines)
    disbursement_form = forms.get("disbursement_form")
    if disbursement_form is None and can_manage and project.status in DISBURSEMENT_STATUSES:
        disbursement_form = DisbursementForm(project=project, lines=lines)
    return render(
        request,
        "projects/project_detail.html",
        {
            "project": project,
            "items": project.plan_items.select_related("plan").order_by("plan", "position"),
            "partners": project.partners.all(),
            "development_plans": project.development_plans.all(),
            "lines": lines,
            "totals": totals,
            "steps": project.steps.select_related("actor"),
            "can_manage": can_manage,
            "step_form": step_form
            if cast(ChoiceField, step_form.fields["to_status"]).choices
            else None,
            "allocation_form": allocation_form,
            "disbursement_form": disbursement_form,
        },
        status=400 if forms else 200,
    )


@login_required
def project_detail(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    return _detail(request, _visible_project(request, pk))


def _edit(request: AuthenticatedHttpRequest, project: Project | None) -> HttpResponse:
    user = request.user
    if request.method == "POST":
        form = ProjectForm(request.POST, user=user, current=project)
        formset = BudgetRowFormSet(request.POST, prefix="budget_lines")
        if form.is_valid() and formset.is_valid():
            data = project_data(form, formset)
            try:
                if project is None:
                    project = actions.create_project(data, user=user)
                else:
                    version = form.cleaned_data["version"] or 0
                    project = actions.update_project(project, data, user=user, version=version)
            except ValidationError as error:
                add_errors(error, form, formset)
            except actions.StaleProject as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, _("Project saved."))
                return redirect("projects:detail", project.pk)
    elif project is None:
        initial: dict = {"start_date": None}
        if item_id := request.GET.get("item"):
            initial["plan_items"] = PlanItem.objects.filter(pk=item_id)
        if user.organisation_id:
            initial["lead_organisation"] = user.organisation_id
        form = ProjectForm(initial=initial, user=user)
        year = timezone.localdate().year
        formset = BudgetRowFormSet(prefix="budget_lines", initial=[{"year": year}])
    else:
        form = ProjectForm(initial=ProjectForm.initial_for(project), user=user, current=project)
        formset = BudgetRowFormSet(prefix="budget_lines", initial=budget_initial(project))
    return render(
        request,
        "projects/project_form.html",
        {"form": form, "formset": formset, "project": project},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def project_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    if not permissions.can_create_projects(request.user):
        raise PermissionDenied
    return _edit(request, None)


@login_required
def project_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    if not permissions.can_manage_project(request.user, project):
        raise PermissionDenied
    return _edit(request, project)


@login_required
@require_POST
def project_step(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    form = StepForm(request.POST, user=request.user, project=project)
    if not cast(ChoiceField, form.fields["to_status"]).choices:
        raise PermissionDenied
    if form.is_valid():
        data = form.cleaned_data
        try:
            actions.record_status_step(
                project,
                data["to_status"],
                user=request.user,
                version=data["version"],
                decided_on=data["decided_on"],
                decision_number=data["decision_number"],
                note=data["note"],
            )
        except ValidationError as error:
            add_errors(error, form)
        except actions.StaleProject as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Status recorded."))
            return redirect("projects:detail", project.pk)
    return _detail(request, project, step_form=form)


@login_required
@require_POST
def project_allocate(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    if not permissions.can_allocate_project(request.user, project):
        raise PermissionDenied
    form = AllocationForm(request.POST, project=project, lines=list(project.budget_lines.all()))
    if form.is_valid():
        try:
            actions.allocate_budget(
                project,
                form.amounts(),
                user=request.user,
                version=form.cleaned_data["version"],
                override=form.cleaned_data["override"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_errors(error, form)
        except actions.StaleProject as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Allocation recorded."))
            return redirect("projects:detail", project.pk)
    return _detail(request, project, allocation_form=form)


@login_required
@require_POST
def project_disburse(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    project = _visible_project(request, pk)
    if not permissions.can_manage_project(request.user, project):
        raise PermissionDenied
    form = DisbursementForm(request.POST, project=project, lines=list(project.budget_lines.all()))
    if form.is_valid():
        try:
            actions.record_disbursement(
                project, form.amounts(), user=request.user, version=form.cleaned_data["version"]
            )
        except ValidationError as error:
            add_errors(error, form)
        except actions.StaleProject as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("Disbursement recorded."))
            return redirect("projects:detail", project.pk)
    return _detail(request, project, disbursement_form=form)


@login_required
def activity(request: AuthenticatedHttpRequest, item_id: int) -> HttpResponse:
    """Projects and funding of one plan item (and the items below it)."""
    item = get_object_or_404(PlanItem.objects.select_related("plan__territory"), pk=item_id)
    if not Plan.objects.visible_to(request.user).filter(pk=item.plan_id).exists():
        raise Http404
    projects = list(item_projects(item, Project.objects.visible_to(request.user)))
    live = [p for p in projects if p.status != ProjectStatus.CANCELLED]
    totals = {
        name: sum((getattr(line, name) for p in live for line in p.budget_lines.all()), start=0)
        for name in ("estimate", "allocated", "disbursed")
    }
    return render(
        request,
        "projects/activity.html",
        {
            "item": item,
            "plan": item.plan,
            "projects": projects,
            "totals": totals,
            "can_create": permissions.can_create_projects(request.user),
        },
    )


@login_required
def plan_totals(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    """Which activities have money, from where, and how much was spent."""
    plan = get_visible_plan(request.user, plan_pk)
    funding = plan_funding(plan, Project.objects.visible_to(request.user))
    charts = None
    if funding.project_count:
        charts = {
            "year": mark_safe(to_svg(funding_figure(funding.by_year, _("By year")))),  # noqa: S308
            "source": mark_safe(  # noqa: S308
                to_svg(funding_figure(funding.by_source, _("By funding source")))
            ),
        }
    return render(
        request, "projects/totals.html", {"plan": plan, "funding": funding, "charts": charts}
    )


@login_required
def export_projects(request: AuthenticatedHttpRequest) -> HttpResponse:
    _form, filtered = _filtered(request)
    projects = _with_money(filtered.select_related("lead_organisation")).prefetch_related(
        "partners", Prefetch("plan_items", queryset=PlanItem.objects.select_related("plan"))
    )
    response = HttpResponse(workbooks.project_list(projects.order_by("title")), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="projects.xlsx"'
    return response


@login_required
def export_budget(request: AuthenticatedHttpRequest, plan_pk: int) -> HttpResponse:
    plan = get_visible_plan(request.user, plan_pk)
    funding = plan_funding(plan, Project.objects.visible_to(request.user))
    response = HttpResponse(workbooks.budget_summary(funding), content_type=XLSX)
    name = plan.number.replace("/", "-")
    response["Content-Disposition"] = f'attachment; filename="budget-{name}.xlsx"'
    return response
