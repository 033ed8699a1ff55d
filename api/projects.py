"""Proposals and projects: read the visible ones with their money and status history;
register, change and move a project along its workflow, record allocations and
disbursements. Same choices, permissions and actions as the project pages.

Money is whole VND (the database's unit; the pages show million VND). Related objects are
named as elsewhere in the API: organisations by code, plan items and development plans by id.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict, cast

import pydantic
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, QuerySet, Sum
from django.forms import ModelChoiceField
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext
from ninja import Query, Router, Status

from accounts import permissions
from accounts.models import User
from api.auth import ApiRequest
from api.errors import content_refused, forbidden, not_saved, stale, translate_validation_errors
from api.pagination import ChangedSinceIn, PageIn, in_sync_order, page_of, paginate
from api.project_schemas import (
    AllocationIn,
    DisbursementIn,
    LineAmountIn,
    ProjectDetailOut,
    ProjectFilters,
    ProjectIn,
    ProjectOut,
    ProjectPatchIn,
    ProjectUpdateIn,
    StepIn,
)
from api.schemas import ErrorOut, ProblemOut, ShapeErrorOut
from orgs.models import Organisation
from plans.models import PlanItem
from projects import actions
from projects.forms import ProjectForm
from projects.models import (
    PROVINCE_DECISIONS,
    Project,
    StatusStep,
)

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

router = Router(tags=["projects"])


# --- Reading -------------------------------------------------------------------------------


class ProjectTotals(TypedDict):
    allocated_total: Decimal | None
    disbursed_total: Decimal | None


def _with_money(projects: QuerySet[Project]) -> QuerySet[WithAnnotations[Project, ProjectTotals]]:
    return projects.annotate(
        allocated_total=Sum("budget_lines__allocated"),
        disbursed_total=Sum("budget_lines__disbursed"),
    )


def _choices(form: ProjectForm, name: str) -> QuerySet[Any]:
    """The choices ProjectForm gave its model choice field `name`: what the caller may pick."""
    queryset = cast(ModelChoiceField, form.fields[name]).queryset
    assert queryset is not None  # ProjectForm.__init__ sets each
    return queryset


def _person(user: User | None) -> str | None:
    return (user.get_full_name() or user.username) if user is not None else None


def _summary(
    project: Project, allocated: Decimal | int | None, disbursed: Decimal | int | None
) -> dict:
    return {
        "id": project.pk,
        "kind": project.kind,
        "title": project.title,
        "status": project.status,
        "lead_organisation_code": project.lead_organisation.code,
        "lead_organisation": project.lead_organisation.name,
        "transitional": project.transitional,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "total_estimate": int(project.total_estimate),
        "allocated": int(allocated or 0),
        "disbursed": int(disbursed or 0),
        "version": project.version,
    }


def _get_project(user: User, project_id: int) -> Project:
    """The project, or 404 when it does not exist or lies outside the user's scope."""
    projects = Project.objects.visible_to(user).select_related(
        "lead_organisation", "location_organisation"
    )
    return get_object_or_404(projects, pk=project_id)


def _detail(user: User, project_id: int) -> dict:
    project = _get_project(user, project_id)
    items = PlanItem.objects.select_related("plan").order_by("plan__number", "position")
    project = (
        Project.objects.select_related("lead_organisation", "location_organisation")
        .prefetch_related(
            Prefetch("plan_items", queryset=items),
            "partners",
            "development_plans",
            "budget_lines",
            Prefetch("steps", queryset=StatusStep.objects.select_related("actor")),
        )
        .get(pk=project.pk)
    )
    lines = list(project.budget_lines.all())
    return {
        **_summary(
            project, sum(line.allocated for line in lines), sum(line.disbursed for line in lines)
        ),
        "description": project.description,
        "partner_codes": sorted(p.code for p in project.partners.all()),
        "location_code": (
            project.location_organisation.code
            if project.location_organisation is not None
            else None
        ),
        "location_text": project.location_text,
        "development_plans": [
            {
                "id": d.pk,
                "kind": d.kind,
                "title": d.title,
                "period_start": d.period_start,
                "period_end": d.period_end,
            }
            for d in project.development_plans.all()
        ],
        "notes": project.notes,
        "activities": [
            {
                "id": i.pk,
                "plan_id": i.plan_id,
                "plan_number": i.plan.number,
                "code": i.code,
                "title": i.title,
            }
            for i in project.plan_items.all()
        ],
        "budget_lines": [
            {
                "id": line.pk,
                "year": line.year,
                "source": line.source,
                "estimate": int(line.estimate),
                "allocated": int(line.allocated),
                "disbursed": int(line.disbursed),
                "override_reason": line.override_reason,
            }
            for line in lines
        ],
        "steps": [
            {
                "from_status": s.from_status,
                "to_status": s.to_status,
                "decided_on": s.decided_on,
                "decision_number": s.decision_number,
                "recorded_by": _person(s.actor),
                "note": s.note,
                "recorded_at": s.created_at,
            }
            for s in project.steps.all()
        ],
        "next_statuses": [
            s for s in project.allowed_next if permissions.can_record_project_step(user, project, s)
        ],
        "created_at": project.created_at,
        "updated_at": project.updated_at,
    }


# --- Writing -------------------------------------------------------------------------------

# The actions' error keys that differ from the API's field names.
ACTION_KEYS = {
    "plan_items": "plan_item_ids",
    "lead_organisation": "lead_organisation_code",
    "location_organisation": "location_code",
    "development_plans": "development_plan_ids",
    "partners": "partner_codes",
}


class Unresolved(Exception):
    def __init__(self, errors: dict[str, list[str]]) -> None:
        self.errors = errors


def _project_data(user: User, payload: ProjectIn, current: Project | None) -> actions.ProjectData:
    """The payload as the actions' input, its references resolved among the choices the
    project form offers `user`. Raises Unresolved naming what cannot be chosen, and
    PermissionDenied for a lead organisation the user may not register projects for."""
    form = ProjectForm(user=user, current=current)  # only for its choices, as on the page
    errors: dict[str, list[str]] = {}

    def missing(key: str, wanted, found) -> None:
        for ref in sorted(set(wanted) - set(found), key=str):
            errors.setdefault(key, []).append(
                gettext("%(ref)s is not among the choices you have.") % {"ref": ref}
            )

    lead = Organisation.objects.visible_to(user).filter(code=payload.lead_organisation_code)
    lead_organisation = lead.first()
    if lead_organisation is None:
        missing("lead_organisation_code", [payload.lead_organisation_code], [])
    elif (
        not (current is not None and lead_organisation.pk == current.lead_organisation_id)
        and not Organisation.objects.project_lead_choices(user)
        .filter(pk=lead_organisation.pk)
        .exists()
    ):
        raise PermissionDenied(gettext("You may not register projects led by this organisation."))
    items = list(_choices(form, "plan_items").filter(pk__in=payload.plan_item_ids))
    missing("plan_item_ids", payload.plan_item_ids, [i.pk for i in items])
    partners = list(_choices(form, "partners").filter(code__in=payload.partner_codes))
    missing("partner_codes", payload.partner_codes, [p.code for p in partners])
    location = None
    if payload.location_code:
        location = (
            _choices(form, "location_organisation").filter(code=payload.location_code).first()
        )
        if location is None:
            missing("location_code", [payload.location_code], [])
    plans = list(_choices(form, "development_plans").filter(pk__in=payload.development_plan_ids))
    missing("development_plan_ids", payload.development_plan_ids, [p.pk for p in plans])
    if errors or lead_organisation is None:
        raise Unresolved(errors)
    order = {pk: i for i, pk in enumerate(payload.plan_item_ids)}
    return actions.ProjectData(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        plan_items=sorted(items, key=lambda i: order[i.pk]),
        lead_organisation=lead_organisation,
        partners=partners,
        location_organisation=location,
        location_text=payload.location_text,
        start_date=payload.start_date,
        end_date=payload.end_date,
        total_estimate=Decimal(payload.total_estimate),
        budget=[
            actions.BudgetRow(
                row.year, row.source, Decimal(row.estimate), ref=f"budget_lines-{index}"
            )
            for index, row in enumerate(payload.budget_lines)
        ],
        transitional=payload.transitional,
        development_plans=plans,
        notes=payload.notes,
    )


def _as_input(project: Project) -> dict[str, Any]:
    """The project as a ProjectIn payload: what a PATCH starts from."""
    return {
        "kind": project.kind,
        "title": project.title,
        "description": project.description,
        "plan_item_ids": list(
            project.plan_items.order_by("plan__number", "position").values_list("pk", flat=True)
        ),
        "lead_organisation_code": project.lead_organisation.code,
        "partner_codes": list(project.partners.values_list("code", flat=True)),
        "location_code": (
            project.location_organisation.code
            if project.location_organisation is not None
            else None
        ),
        "location_text": project.location_text,
        "start_date": project.start_date,
        "end_date": project.end_date,
        "total_estimate": int(project.total_estimate),
        "budget_lines": [
            {"year": line.year, "source": line.source, "estimate": int(line.estimate)}
            for line in project.budget_lines.all()
        ],
        "transitional": project.transitional,
        "development_plan_ids": list(project.development_plans.values_list("pk", flat=True)),
        "notes": project.notes,
    }


def _not_saved() -> str:
    return gettext("The project was not saved: correct the fields listed in errors.")


def _stale(exc: actions.StaleProject) -> Status:
    return stale(str(exc))


def _save(request: ApiRequest, project: Project | None, payload: ProjectIn, version: int):
    user = request.auth
    try:
        data = _project_data(user, payload, project)
        if project is None:
            saved = actions.create_project(data, user=user)
        else:
            saved = actions.update_project(project, data, user=user, version=version)
    except Unresolved as exc:
        return content_refused(_not_saved(), exc.errors)
    except PermissionDenied as exc:
        return forbidden(exc, gettext("You may not change this project."))
    except actions.StaleProject as exc:
        return _stale(exc)
    except ValidationError as exc:
        return not_saved(exc, _not_saved(), ACTION_KEYS)
    return Status(201 if project is None else 200, _detail(user, saved.pk))


def _manageable(request: ApiRequest, project_id: int) -> Project | Status:
    project = _get_project(request.auth, project_id)
    if not permissions.can_manage_project(request.auth, project):
        return Status(403, {"detail": gettext("You may not change this project.")})
    return project


WRITE_ERRORS = {401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ProblemOut, 422: ProblemOut}
RULES = (
    " Checked as on the project pages: content the rules refuse (sums that do not add up, "
    "an activity or organisation that is not among the caller's choices, a stale `version`) "
    "answers 422 with `errors` by field (budget lines as `budget_lines-<index>-<field>`), "
    "as do values of the wrong shape; a stale `version` answers 409; nothing is saved."
)


# --- Operations ----------------------------------------------------------------------------


@router.get(
    "",
    response={200: page_of(ProjectOut), 401: ErrorOut, 422: ShapeErrorOut},
    summary="Visible projects",
    description=(
        "The projects of the caller's province (every province for central bodies), by title "
        "then id; with `changed_since`, by `updated_at` then id."
    ),
)
def list_projects(
    request: ApiRequest,
    filters: Query[ProjectFilters],
    changed: Query[ChangedSinceIn],
    page: Query[PageIn],
) -> dict[str, Any]:
    projects = Project.objects.visible_to(request.auth)
    if filters.status:
        projects = projects.filter(status=filters.status)
    if filters.plan is not None:
        serving = Project.objects.filter(plan_items__plan_id=filters.plan).values("pk")
        projects = projects.filter(pk__in=serving)
    rows = _with_money(projects.select_related("lead_organisation"))
    rows = in_sync_order(rows, changed.changed_since, "title", "pk")
    return paginate(
        request, rows, page, lambda p: _summary(p, p.allocated_total, p.disbursed_total)
    )


@router.get(
    "/{project_id}",
    response={200: ProjectDetailOut, 401: ErrorOut, 404: ErrorOut},
    summary="One project with its budget lines, status steps and activities served",
)
def get_project(request: ApiRequest, project_id: int):
    return _detail(request.auth, project_id)


@router.post(
    "",
    response={201: ProjectDetailOut, **WRITE_ERRORS},
    summary="Register a proposal or project",
    description=(
        "Registers the project with status `idea` and its yearly budget estimate. An agency "
        "registers projects it leads; the province's coordinator any of the province's." + RULES
    ),
)
def create_project(request: ApiRequest, payload: ProjectIn):
    if not permissions.can_create_projects(request.auth):
        return Status(403, {"detail": gettext("You may not register projects.")})
    return _save(request, None, payload, version=0)


@router.put(
    "/{project_id}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Replace what a project is and its yearly estimates",
    description=(
        "Allocations and disbursements already recorded on a line are kept (such a line "
        "cannot be removed). `version` must be the project's current version." + RULES
    ),
)
def update_project(request: ApiRequest, project_id: int, payload: ProjectUpdateIn):
    project = _manageable(request, project_id)
    if isinstance(project, Status):
        return project
    return _save(request, project, payload, payload.version)


@router.patch(
    "/{project_id}",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Change some fields of a project",
    description=(
        "As PUT, for the fields sent only; `budget_lines`, when sent, replaces all the lines."
        + RULES
    ),
)
def patch_project(request: ApiRequest, project_id: int, payload: ProjectPatchIn):
    project = _manageable(request, project_id)
    if isinstance(project, Status):
        return project
    changes = payload.model_dump(exclude_unset=True)
    version = changes.pop("version")
    try:
        merged = ProjectIn.model_validate({**_as_input(project), **changes})
    except pydantic.ValidationError as exc:
        errors = exc.errors(include_url=False, include_input=False)
        return Status(
            422,
            {
                "detail": gettext("The request has values of the wrong shape: see errors."),
                "errors": translate_validation_errors(errors),
            },
        )
    return _save(request, project, merged, version)


@router.post(
    "/{project_id}/steps",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Move a project to its next status",
    description=(
        "Appraisal, approval and funding are the province's decisions: only its coordinator "
        "records them (403 for anyone else), with the deciding document's number and date. "
        "The other steps are recorded by whoever manages the project. A status that cannot "
        "follow the current one answers 422; a stale `version`, 409."
    ),
)
def record_step(request: ApiRequest, project_id: int, payload: StepIn):
    user = request.auth
    project = _get_project(user, project_id)
    if not permissions.can_record_project_step(user, project, payload.to_status):
        if payload.to_status in PROVINCE_DECISIONS:
            detail = gettext("Only the province's coordinator records this decision.")
        else:
            detail = gettext("You may not change this project.")
        return Status(403, {"detail": detail})
    try:
        actions.record_status_step(
            project,
            payload.to_status,
            user=user,
            version=payload.version,
            decided_on=payload.decided_on,
            decision_number=payload.decision_number,
            note=payload.note,
        )
    except PermissionDenied as exc:
        return forbidden(exc, gettext("You may not change this project."))
    except actions.StaleProject as exc:
        return _stale(exc)
    except ValidationError as exc:
        detail = gettext("The status was not recorded: correct the fields listed in errors.")
        return not_saved(exc, detail, ACTION_KEYS)
    return _detail(user, project.pk)


def _amounts(lines: list[LineAmountIn]) -> dict[int, Decimal]:
    return {entry.line_id: Decimal(entry.amount) for entry in lines}


@router.post(
    "/{project_id}/allocation",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Record the money allocated per budget line (the province's coordinator)",
    description=(
        "Amounts per budget line id, in VND, for an approved project. Above a line's "
        "estimate only with `override` and a `reason`, which is logged. Refusals answer 422 "
        "with `errors` keyed `allocated_<line id>`."
    ),
)
def allocate(request: ApiRequest, project_id: int, payload: AllocationIn):
    user = request.auth
    project = _get_project(user, project_id)
    if not permissions.can_allocate_project(user, project):
        return Status(
            403, {"detail": gettext("Only the province's coordinator records allocations.")}
        )
    try:
        actions.allocate_budget(
            project,
            _amounts(payload.lines),
            user=user,
            version=payload.version,
            override=payload.override,
            reason=payload.reason,
        )
    except PermissionDenied as exc:
        return forbidden(exc, "")
    except actions.StaleProject as exc:
        return _stale(exc)
    except ValidationError as exc:
        return not_saved(exc, _not_saved(), ACTION_KEYS)
    return _detail(user, project.pk)


@router.post(
    "/{project_id}/disbursement",
    response={200: ProjectDetailOut, **WRITE_ERRORS},
    summary="Record the money disbursed so far per budget line",
    description=(
        "Amounts per budget line id, in VND, for a funded project; never above what is "
        "allocated. Refusals answer 422 with `errors` at `disbursed_<line id>`."
    ),
)
def disburse(request: ApiRequest, project_id: int, payload: DisbursementIn):
    user = request.auth
    project = _manageable(request, project_id)
    if isinstance(project, Status):
        return project
    try:
        actions.record_disbursement(
            project, _amounts(payload.lines), user=user, version=payload.version
        )
    except PermissionDenied as exc:
        return forbidden(exc, "")
    except actions.StaleProject as exc:
        return _stale(exc)
    except ValidationError as exc:
        return not_saved(exc, _not_saved(), ACTION_KEYS)
    return _detail(user, project.pk)
