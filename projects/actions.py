"""Every write to projects goes through here: one transaction, the acting user, history.

Pages, the demo loader and (later) the API call these. Each action checks
accounts.permissions and raises PermissionDenied, ValidationError (keyed by form field, so
that pages put each message next to its field) or StaleProject; nothing is saved then.

Error keys: project fields by name ("total_estimate"); a budget row by its `ref` and field
("budget_lines-0-estimate", the formset's own field names); an allocation or disbursement by
"allocated_<line id>" / "disbursed_<line id>".
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import permissions
from core.history import stamp
from core.money import FundingSource, format_vnd
from orgs.models import Organisation
from plans.models import Plan, PlanItem
from projects.models import (
    ALLOCATION_STATUSES,
    DISBURSEMENT_STATUSES,
    PROJECT_HISTORY,
    PROVINCE_DECISIONS,
    BudgetLine,
    DevelopmentPlan,
    Project,
    ProjectKind,
    ProjectStatus,
    StatusStep,
    can_transition,
)

if TYPE_CHECKING:
    from accounts.models import User

ZERO = Decimal(0)
PROJECT_FIELDS = (
    "kind",
    "title",
    "description",
    "lead_organisation",
    "location_organisation",
    "location_text",
    "start_date",
    "end_date",
    "total_estimate",
    "transitional",
    "notes",
)


class StaleProject(Exception):
    """Someone changed the project since this user loaded it; the write is refused."""

    def __init__(self, project: Project) -> None:
        self.project = project
        super().__init__(
            _(
                "Someone else changed this project while you were editing it. Nothing was "
                "saved: reload the page to see their changes, then try again."
            )
        )


@dataclass
class BudgetRow:
    """A year's estimate from one funding source, in VND. `ref` names the form row."""

    year: int
    source: str
    estimate: Decimal
    ref: str = ""


@dataclass
class ProjectData:
    kind: str
    title: str
    lead_organisation: Organisation
    plan_items: list[PlanItem]
    total_estimate: Decimal = ZERO
    budget: list[BudgetRow] = field(default_factory=list)
    description: str = ""
    partners: list[Organisation] = field(default_factory=list)
    location_organisation: Organisation | None = None
    location_text: str = ""
    start_date: datetime.date | None = None
    end_date: datetime.date | None = None
    transitional: bool = False
    development_plans: list[DevelopmentPlan] = field(default_factory=list)
    notes: str = ""


def _row_key(row: BudgetRow, index: int, name: str) -> str:
    return f"{row.ref or f'budget_lines-{index}'}-{name}"


def _check_version(project: Project, version: int) -> Project:
    """Lock the row and compare versions: a stale write is refused before anything else."""
    current = Project.objects.select_for_update().get(pk=project.pk)
    if current.version != version:
        raise StaleProject(current)
    return current


def _validate(
    data: ProjectData, *, user: User, lines: Mapping[tuple[int, str], BudgetLine]
) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}

    def add(key: str, message: str) -> None:
        errors.setdefault(key, []).append(message)

    if data.kind not in ProjectKind.values:
        add("kind", _("Choose a kind of project."))
    if not data.title.strip():
        add("title", _("Give the project a title."))
    if data.start_date and data.end_date and data.end_date < data.start_date:
        add("end_date", _("The end is before the start."))
    if data.total_estimate < 0:
        add("total_estimate", _("The estimate cannot be negative."))
    if not data.plan_items:
        add("plan_items", _("Choose at least one plan activity the project serves."))
    visible = {
        item.pk: item
        for item in PlanItem.objects.filter(
            pk__in=[i.pk for i in data.plan_items], plan__in=Plan.objects.visible_to(user)
        ).select_related("plan__territory")
    }
    province_id = data.lead_organisation.province_id
    for item in data.plan_items:
        if item.pk not in visible:
            add(
                "plan_items", _("Activity %(label)s is not visible to you.") % {"label": item.label}
            )
        elif visible[item.pk].plan.territory.province_id not in (None, province_id):
            add(
                "plan_items",
                _("Activity %(label)s belongs to another province's plan.") % {"label": item.label},
            )

    seen: set[tuple[int, str]] = set()
    first = data.start_date.year if data.start_date else None
    last = data.end_date.year if data.end_date else None
    for index, row in enumerate(data.budget):
        key = (row.year, row.source)
        if row.source not in FundingSource.values:
            add(_row_key(row, index, "source"), _("Choose a funding source."))
        if key in seen:
            add(
                _row_key(row, index, "source"),
                _("Year %(year)s already has a line for this funding source.") % {"year": row.year},
            )
        seen.add(key)
        if (first and row.year < first) or (last and row.year > last):
            add(
                _row_key(row, index, "year"),
                _("Year %(year)s is outside the project's period.") % {"year": row.year},
            )
        if row.estimate < 0:
            add(_row_key(row, index, "estimate"), _("The estimate cannot be negative."))
        line = lines.get(key)
        if line and row.estimate < line.allocated and not line.override_reason:
            add(
                _row_key(row, index, "estimate"),
                _(
                    "%(amount)s VND is already allocated for this line; the estimate cannot be "
                    "lower."
                )
                % {"amount": format_vnd(line.allocated)},
            )
    for key, line in lines.items():
        if key not in seen and (line.allocated or line.disbursed):
            add(
                "budget_lines",
                _(
                    "The line for %(year)s (%(source)s) has money allocated or disbursed and "
                    "cannot be removed."
                )
                % {"year": line.year, "source": line.get_source_display()},
            )
    breakdown = sum((row.estimate for row in data.budget), ZERO)
    if breakdown != data.total_estimate:
        add(
            "total_estimate",
            _(
                "The yearly breakdown adds up to %(breakdown)s VND, not to the total estimate "
                "of %(total)s VND."
            )
            % {"breakdown": format_vnd(breakdown), "total": format_vnd(data.total_estimate)},
        )
    return errors


def _save_with_links(project: Project, data: ProjectData) -> None:
    """Save the project and set its links, with one history record for the whole write.

    Left alone, django-simple-history records the save, then each addition and each removal
    of links on its own (up to seven records for one edit, the first of a new project without
    its links). Here nothing is recorded until the links are set; then one record keeps the
    fields and the links together, by the user and reason `stamp` put on the project."""

    def set_links() -> None:
        project.plan_items.set(data.plan_items)
        project.partners.set([p for p in data.partners if p.pk != data.lead_organisation.pk])
        project.development_plans.set(data.development_plans)

    _save_recorded_once(project, set_links)


def _save_recorded_once(project: Project, set_links: Callable[[], None]) -> None:
    """Save, call `set_links`, then write the one history record of both."""
    created = project.pk is None
    # Honoured by simple_history's post_save and m2m_changed handlers alike.
    project.skip_history_when_saving = True
    try:
        project.save()
        set_links()
    finally:
        del project.skip_history_when_saving
    PROJECT_HISTORY.create_historical_record(project, "+" if created else "~")


def _write(project: Project, data: ProjectData, *, user: User, lines: dict) -> None:
    for name in PROJECT_FIELDS:
        setattr(project, name, getattr(data, name))
    project.title = data.title.strip()
    stamp(project, user)
    _save_with_links(project, data)
    wanted = {(row.year, row.source): row for row in data.budget}
    for key, line in lines.items():
        if key not in wanted:
            stamp(line, user)
            line.delete()
    for key, row in wanted.items():
        line = lines.get(key) or BudgetLine(project=project, year=row.year, source=row.source)
        if line.pk and line.estimate == row.estimate:
            continue
        line.estimate = row.estimate
        stamp(line, user)
        line.save()


@transaction.atomic
def create_project(data: ProjectData, *, user: User) -> Project:
    """Register a proposal or project (status "idea") with its yearly budget estimate."""
    if not permissions.can_lead_project_as(user, data.lead_organisation):
        raise PermissionDenied(_("You may not register projects led by this organisation."))
    errors = _validate(data, user=user, lines={})
    if errors:
        raise ValidationError(errors)
    project = Project(created_by=user, status=ProjectStatus.IDEA)
    _write(project, data, user=user, lines={})
    StatusStep.objects.create(
        project=project,
        from_status="",
        to_status=ProjectStatus.IDEA,
        actor=user,
        decided_on=timezone.localdate(),
        note=_("Registered."),
    )
    return project


@transaction.atomic
def update_project(project: Project, data: ProjectData, *, user: User, version: int) -> Project:
    """Change what the project is and its yearly estimates; allocations and disbursements
    already recorded on a line are kept (the line cannot be removed then)."""
    project = _check_version(project, version)
    if not permissions.can_manage_project(user, project):
        raise PermissionDenied(_("You may not change this project."))
    if data.lead_organisation.pk != project.lead_organisation_id and not (
        permissions.can_lead_project_as(user, data.lead_organisation)
    ):
        raise PermissionDenied(_("You may not hand the project to this organisation."))
    lines = {(line.year, line.source): line for line in project.budget_lines.all()}
    errors = _validate(data, user=user, lines=lines)
    if errors:
        raise ValidationError(errors)
    project.version += 1
    _write(project, data, user=user, lines=lines)
    return project


@transaction.atomic
def record_status_step(
    project: Project,
    to_status: str,
    *,
    user: User,
    version: int,
    decided_on: datetime.date | None = None,
    decision_number: str = "",
    note: str = "",
) -> StatusStep:
    """Move the project along the workflow (STATUS_TRANSITIONS). Appraisal, approval and
    funding are the province's decisions: its coordinator records them with the decision's
    number and date; funding needs money allocated first."""
    project = _check_version(project, version)
    if not permissions.can_view_project(user, project):
        raise PermissionDenied
    errors: dict[str, list[str]] = {}
    if not can_transition(project.status, to_status):
        raise ValidationError(
            {
                "to_status": _("A project that is %(from)s cannot become %(to)s.")
                % {
                    "from": ProjectStatus(project.status).label,
                    "to": ProjectStatus(to_status).label
                    if to_status in ProjectStatus.values
                    else to_status,
                }
            }
        )
    if not permissions.can_record_project_step(user, project, to_status):
        raise PermissionDenied(_("Only the province's coordinator records this decision."))
    if to_status in PROVINCE_DECISIONS:
        if not decision_number.strip():
            errors["decision_number"] = [_("Give the number of the deciding document.")]
        if decided_on is None:
            errors["decided_on"] = [_("Give the date of the decision.")]
    if decided_on and decided_on > timezone.localdate():
        errors["decided_on"] = [_("The decision date is in the future.")]
    if to_status == ProjectStatus.FUNDED and not any(
        line.allocated for line in project.budget_lines.all()
    ):
        errors.setdefault("to_status", []).append(
            _("Record the money allocated before marking the project funded.")
        )
    if errors:
        raise ValidationError(errors)
    step = StatusStep.objects.create(
        project=project,
        from_status=project.status,
        to_status=to_status,
        decided_on=decided_on,
        decision_number=decision_number.strip(),
        actor=user,
        note=note.strip(),
    )
    project.status = to_status
    project.version += 1
    stamp(project, user)
    project.save(update_fields=["status", "version", "updated_at"])
    return step


def _amounts_for(
    project: Project, amounts: Mapping[int, Decimal | None], prefix: str
) -> Iterable[tuple[BudgetLine, Decimal]]:
    lines = {line.pk: line for line in project.budget_lines.all()}
    for pk, amount in amounts.items():
        if pk not in lines:
            raise ValidationError({f"{prefix}_{pk}": _("This budget line does not exist.")})
        yield lines[pk], amount if amount is not None else ZERO


@transaction.atomic
def allocate_budget(
    project: Project,
    amounts: Mapping[int, Decimal | None],
    *,
    user: User,
    version: int,
    override: bool = False,
    reason: str = "",
) -> Project:
    """Record the money allocated per budget line (id -> VND), a decision of the province.

    An allocation above the line's estimate is refused unless `override` is set with a
    `reason`; the reason is kept on the line and in its history, and logged as a note on the
    project's status history."""
    project = _check_version(project, version)
    if not permissions.can_allocate_project(user, project):
        raise PermissionDenied(_("Only the province's coordinator records allocations."))
    if project.status not in ALLOCATION_STATUSES:
        raise ValidationError({"__all__": _("Money is allocated only to approved projects.")})
    errors: dict[str, list[str]] = {}
    changed: list[tuple[BudgetLine, Decimal]] = []
    over: list[BudgetLine] = []
    for line, amount in _amounts_for(project, amounts, "allocated"):
        key = f"allocated_{line.pk}"
        if amount < 0:
            errors[key] = [_("The amount cannot be negative.")]
            continue
        if amount < line.disbursed:
            errors[key] = [
                _("%(amount)s VND is already disbursed; the allocation cannot be lower.")
                % {"amount": format_vnd(line.disbursed)}
            ]
            continue
        if amount > line.estimate:
            if not override:
                errors[key] = [
                    _(
                        "%(amount)s VND is above the estimate of %(estimate)s VND: tick "
                        '"allocate above the estimate" and give the reason.'
                    )
                    % {"amount": format_vnd(amount), "estimate": format_vnd(line.estimate)}
                ]
                continue
            if not reason.strip():
                errors["reason"] = [_("Give the reason for allocating above the estimate.")]
                continue
            over.append(line)
        if amount != line.allocated:
            changed.append((line, amount))
    if errors:
        raise ValidationError(errors)
    override_reason = reason.strip() if over else ""
    for line, amount in changed:
        line.allocated = amount
        fields = ["allocated", "updated_at"]
        if line in over:
            line.override_reason = override_reason
            fields.append("override_reason")
        elif line.override_reason and amount <= line.estimate:
            line.override_reason = ""
            fields.append("override_reason")
        stamp(line, user, override_reason if line in over else "")
        line.save(update_fields=fields)
    if over:
        labels = ", ".join(f"{line.year} ({line.get_source_display()})" for line in over)
        StatusStep.objects.create(
            project=project,
            from_status=project.status,
            to_status=project.status,
            actor=user,
            decided_on=timezone.localdate(),
            note=_("Allocated above the estimate for %(lines)s: %(reason)s")
            % {"lines": labels, "reason": override_reason},
        )
    project.version += 1
    stamp(project, user, override_reason)
    project.save(update_fields=["version", "updated_at"])
    return project


@transaction.atomic
def record_disbursement(
    project: Project, amounts: Mapping[int, Decimal | None], *, user: User, version: int
) -> Project:
    """Record the money disbursed so far per budget line (id -> VND); never above what was
    allocated."""
    project = _check_version(project, version)
    if not permissions.can_manage_project(user, project):
        raise PermissionDenied(_("You may not change this project."))
    if project.status not in DISBURSEMENT_STATUSES:
        raise ValidationError(
            {"__all__": _("Disbursements are recorded only for funded projects.")}
        )
    errors: dict[str, list[str]] = {}
    changed: list[tuple[BudgetLine, Decimal]] = []
    for line, amount in _amounts_for(project, amounts, "disbursed"):
        problem = disbursement_problem(line, amount)
        if problem:
            errors[f"disbursed_{line.pk}"] = [problem]
        elif amount != line.disbursed:
            changed.append((line, amount))
    if errors:
        raise ValidationError(errors)
    _write_disbursements(project, changed, user=user)
    return project


def disbursement_problem(line: BudgetLine, amount: Decimal) -> str | None:
    """Why `amount` cannot be the money disbursed on `line`, or None when it can. The one rule
    for the project page and for the yearly report round."""
    if amount < 0:
        return _("The amount cannot be negative.")
    if amount > line.allocated:
        return _("Only %(amount)s VND is allocated for this line.") % {
            "amount": format_vnd(line.allocated)
        }
    return None


def _write_disbursements(
    project: Project, changed: Iterable[tuple[BudgetLine, Decimal]], *, user: User, reason: str = ""
) -> None:
    for line, amount in changed:
        line.disbursed = amount
        stamp(line, user, reason)
        line.save(update_fields=["disbursed", "updated_at"])
    project.version += 1
    stamp(project, user, reason)
    project.save(update_fields=["version", "updated_at"])


def record_reported_disbursements(
    amounts: Mapping[BudgetLine, Decimal], *, user: User, reason: str
) -> list[BudgetLine]:
    """Copy the disbursements an accepted yearly report gives (line -> VND) onto the budget
    lines; `reason` (which report) goes into the lines' history. The caller has checked that
    `user` may accept the report; the amounts are checked again against the allocations as they
    are now, and every line must be of a project `user` may see (else nothing is written).
    Returns the lines that changed. Runs inside the caller's transaction."""
    lines = {
        line.pk: line
        # (the lead organisation is read for the permission check, not locked)
        for line in BudgetLine.objects.select_for_update(of=("self", "project"))
        .select_related("project__lead_organisation")
        .filter(pk__in=[line.pk for line in amounts])
    }
    errors: dict[str, list[str]] = {}
    by_project: dict[int, list[tuple[BudgetLine, Decimal]]] = {}
    for reported, amount in amounts.items():
        line = lines[reported.pk]
        if not permissions.can_record_reported_disbursement(user, line.project):
            # Named by its id only: the project's title is what the reviewer may not see.
            errors.setdefault(f"disbursed_{line.pk}", []).append(
                _(
                    "Budget line %(id)s belongs to a project you may not see; return the report "
                    "so that the agency removes this figure."
                )
                % {"id": line.pk}
            )
            continue
        problem = disbursement_problem(line, amount)
        if problem:
            errors.setdefault(f"disbursed_{line.pk}", []).append(
                f"{line.project.title} ({line.year}, {line.get_source_display()}): {problem}"
            )
        elif amount != line.disbursed:
            by_project.setdefault(line.project_id, []).append((line, amount))
    if errors:
        raise ValidationError(errors)
    changed: list[BudgetLine] = []
    for pairs in by_project.values():
        project = Project.objects.select_for_update().get(pk=pairs[0][0].project_id)
        _write_disbursements(project, pairs, user=user, reason=reason)
        changed.extend(line for line, _amount in pairs)
    return changed


def unfinished_projects_of(org: Organisation):
    """The projects not completed or cancelled that `org` leads or is a partner of."""
    return (
        Project.objects.filter(Q(lead_organisation=org) | Q(partners=org))
        .exclude(status__in=[ProjectStatus.COMPLETED, ProjectStatus.CANCELLED])
        .distinct()
    )


def hand_over_projects(
    source: Organisation, successor: Organisation, *, user: User, reason: str
) -> list[Project]:
    """On a merger: the projects not yet completed or cancelled that `source` leads or is a
    partner of have `successor` in its place (never as both lead and partner). Finished
    projects keep `source`: it did the work. One history record per project, with the reason;
    the version moves on so that an edit started before is refused. The caller holds the
    transaction."""
    concerned = unfinished_projects_of(source).values("pk")
    # Locked by id (PostgreSQL refuses FOR UPDATE with the DISTINCT a join on partners needs).
    projects = list(Project.objects.select_for_update().filter(pk__in=concerned).order_by("pk"))
    for project in projects:
        if project.lead_organisation_id == source.pk:
            project.lead_organisation = successor
        partners = [p for p in project.partners.all() if p.pk != source.pk]
        if project.partners.filter(pk=source.pk).exists():
            partners.append(successor)
        project.version += 1
        stamp(project, user, reason)

        def set_partners(
            project: Project = project, partners: list[Organisation] = partners
        ) -> None:
            project.partners.set([p for p in partners if p.pk != project.lead_organisation_id])

        _save_recorded_once(project, set_partners)
    return projects
