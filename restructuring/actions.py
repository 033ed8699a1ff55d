"""Restructuring: one organisation merged into another from a given day.

In 2025 ministries (MPI into Finance), provinces and departments were merged and the district
level removed. A merger closes the merged organisation (its last day and its successor) and
hands what is still running to the successor: its people, its assignments in plans still
running, the plans it is focal point of, the indicators it answers for and the projects not
yet finished. What was done stays as it was: reports, their steps and files keep the
organisation that wrote them, plans that ended keep their assignments, so who reported what
reads the same before and after. Each write goes through the owning app's actions and is in
the history with who made it and why.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts import permissions
from accounts.actions import move_users
from accounts.models import User
from indicators.actions import hand_over_indicators, responsibilities_to_hand_over
from indicators.models import Indicator, Responsibility
from orgs.actions import close_organisation
from orgs.models import Organisation
from plans.actions import (
    hand_over_running_plans,
    running_assignments,
    running_plans_coordinated_by,
)
from plans.models import Assignment, Plan
from projects.actions import hand_over_projects, unfinished_projects_of
from projects.models import Project
from reporting.models import EDITABLE_STATUSES, AgencyReport


@dataclass
class Merger:
    """What merging `source` into `successor` on `effective` does (or would do)."""

    source: Organisation
    successor: Organisation
    effective: datetime.date
    problems: list[str] = field(default_factory=list)
    users: list[User] = field(default_factory=list)
    assignments: list[Assignment] = field(default_factory=list)
    focal_plans: list[Plan] = field(default_factory=list)
    indicators: list[Indicator] = field(default_factory=list)
    # Before the merger: the territories' responsibilities it hands over; after it: the rows
    # opened for the successor (agency or heir territory).
    responsibilities: list[Responsibility] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)

    @property
    def last_day(self) -> datetime.date:
        return self.effective - datetime.timedelta(days=1)

    @property
    def reason(self) -> str:
        # Full names: short ones repeat across provinces ("Sở KH&CN merged into Sở KH&CN").
        return _("%(source)s merged into %(successor)s from %(day)s") % {
            "source": self.source.name,
            "successor": self.successor.name,
            "day": _day(self.effective),
        }


def _day(value: datetime.date) -> str:
    return date_format(value, "SHORT_DATE_FORMAT")


def _problems(source: Organisation, successor: Organisation, effective) -> list[str]:
    problems = []
    if source.pk == successor.pk:
        problems.append(_("An organisation cannot be merged into itself."))
    if source.valid_to is not None:
        problems.append(
            _("%(org)s already stopped on %(day)s.") % {"org": source, "day": _day(source.valid_to)}
        )
    if successor.valid_to is not None and successor.valid_to < effective:
        problems.append(
            _("%(org)s stops on %(day)s: it cannot take over from %(effective)s.")
            % {"org": successor, "day": _day(successor.valid_to), "effective": _day(effective)}
        )
    if source.valid_from is not None and effective <= source.valid_from:
        problems.append(
            _("The merger must take effect after %(org)s started (%(day)s).")
            % {"org": source, "day": _day(source.valid_from)}
        )
    open_units = [c for c in source.children.all() if c.valid_to is None]
    if open_units:
        problems.append(
            _("%(org)s still has units of its own (%(units)s): merge or move them first.")
            % {"org": source, "units": ", ".join(str(u) for u in open_units)}
        )
    problems.extend(unsubmitted_report_problems(source))
    return problems


def unsubmitted_report_problems(source: Organisation) -> list[str]:
    """The reports of `source` not submitted in rounds still open: a merger or a closure
    would leave them behind."""
    unfinished = (
        AgencyReport.objects.filter(
            organisation=source, status__in=EDITABLE_STATUSES, round__locked=False
        )
        .select_related("round__plan")
        .order_by("round__year")
    )
    return [
        _(
            "The %(year)s report of %(org)s on %(plan)s is not submitted: have it "
            "submitted, or lock the round, before the merger."
        )
        % {"year": report.round.year, "org": source, "plan": report.round.plan.number}
        for report in unfinished
    ]


def plan_merger(source: Organisation, successor: Organisation, effective: datetime.date) -> Merger:
    """What the merger would do, and what stands in its way; writes nothing."""
    year = effective.year
    return Merger(
        source=source,
        successor=successor,
        effective=effective,
        problems=_problems(source, successor, effective),
        users=list(User.objects.filter(organisation=source).order_by("username")),
        assignments=list(
            running_assignments(source, year)
            .select_related("item__plan")
            .order_by("item__plan_id", "item__position")
        ),
        focal_plans=list(running_plans_coordinated_by(source, year)),
        indicators=list(Indicator.objects.filter(responsible_agency=source)),
        responsibilities=responsibilities_to_hand_over(source, effective),
        projects=list(unfinished_projects_of(source).order_by("title")),
    )


@transaction.atomic
def merge_organisation(
    source: Organisation, successor: Organisation, effective: datetime.date, *, user: User
) -> Merger:
    """Merge `source` into `successor` from `effective` (its first day under the successor).
    All or nothing: refused with every problem named, nothing written."""
    if not permissions.can_restructure_organisations(user):
        raise PermissionDenied(_("Only an administrator may restructure organisations."))
    # Rows locked in a fixed order, so that two mergers of the same organisations queue.
    locked = Organisation.objects.select_for_update().filter(pk__in=[source.pk, successor.pk])
    rows = {o.pk: o for o in locked.order_by("pk")}
    source, successor = rows[source.pk], rows[successor.pk]
    merger = plan_merger(source, successor, effective)
    if merger.problems:
        raise ValidationError(merger.problems)
    reason = merger.reason
    merger.users = move_users(source, successor, user=user, reason=reason)
    merger.assignments, merger.focal_plans = hand_over_running_plans(
        source,
        successor,
        from_year=effective.year,
        user=user,
        reason=reason,
        last_day=merger.last_day,
    )
    handed = hand_over_indicators(source, successor, effective=effective, user=user, reason=reason)
    merger.indicators, merger.responsibilities = handed.indicators, handed.responsibilities
    merger.projects = hand_over_projects(source, successor, user=user, reason=reason)
    close_organisation(
        source, last_day=merger.last_day, successor=successor, user=user, reason=reason
    )
    return merger
