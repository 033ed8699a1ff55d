"""What waits for a person: the reports to review (DPI's coordinator; the ministry's for the
provinces' national reports), to submit (the agency's leader: drafts and returned reports of
rounds that still take them), to fix or finish (staff: returned reports, drafts whose
deadline nears), and the consolidated versions to approve (the province leader).

Each list is a filter (`waiting_filters`): the inbox page reads the rows, the header counts
them all in one query (`waiting_count`), so the two always agree."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import cast

from django.db.models import Count, DateField, Q, QuerySet
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts import permissions
from accounts.models import Role, User
from documents.models import ConsolidatedReport
from reporting.models import EDITABLE_STATUSES, AgencyReport, ReportStatus

# A staff member's draft shows in the inbox from this many days before its deadline.
NEAR_DEADLINE_DAYS = 14
LISTS = ("to_review", "to_submit", "returned", "near_deadline")


@dataclass
class Waiting:
    to_review: list[AgencyReport] = field(default_factory=list)
    to_submit: list[AgencyReport] = field(default_factory=list)
    returned: list[AgencyReport] = field(default_factory=list)
    near_deadline: list[AgencyReport] = field(default_factory=list)
    # The consolidated versions DPI submitted to the People's Committee (the province leader).
    to_approve: list[ConsolidatedReport] = field(default_factory=list)

    @property
    def count(self) -> int:
        return sum(len(getattr(self, name)) for name in LISTS) + len(self.to_approve)


def _to_approve(user: User) -> QuerySet[ConsolidatedReport]:
    return ConsolidatedReport.objects.filter(
        permissions.approval_scope(user, submitted=ConsolidatedReport.Status.SUBMITTED)
    )


def approves_reports(user: User) -> bool:
    return permissions.is_active_user(user) and user.role == Role.PROVINCE_LEADER


def _reports(user: User) -> QuerySet[AgencyReport]:
    due = Coalesce("deadline_override", "round__deadline", output_field=DateField())
    # (visible_to's queryset is typed loosely by django-stubs: it is a queryset of reports)
    return cast("QuerySet[AgencyReport]", AgencyReport.objects.visible_to(user).annotate(due=due))


def waiting_filters(user: User, today: datetime.date) -> dict[str, Q]:
    """The filter of each list that applies to `user` (on `_reports`, with `due`)."""
    if not permissions.is_active_user(user):
        return {}
    filters: dict[str, Q] = {}
    if user.is_admin or user.role == Role.COORDINATOR:
        filters["to_review"] = permissions.review_scope(user, submitted=ReportStatus.SUBMITTED)
    if permissions.writes_reports(user):
        own_open = (
            Q(organisation_id=user.organisation_id, status__in=EDITABLE_STATUSES)
            # the round still takes it (AgencyReport.is_open_on)
            & (Q(round__locked=False) | Q(deadline_override__gte=today))
        )
        if permissions.submits_reports(user):
            filters["to_submit"] = own_open
        else:
            filters["returned"] = own_open & Q(status=ReportStatus.RETURNED)
            filters["near_deadline"] = (
                own_open
                & Q(status=ReportStatus.DRAFT)
                & Q(due__lte=today + datetime.timedelta(days=NEAR_DEADLINE_DAYS))
            )
    return filters


def waiting_for(user: User, today: datetime.date | None = None) -> Waiting:
    """The lists, one query each."""
    filters = waiting_filters(user, today or timezone.localdate())
    rows = _reports(user).select_related("round__plan", "organisation")
    waiting = Waiting()
    for name, condition in filters.items():
        order = ("submitted_at", "pk") if name == "to_review" else ("due", "pk")
        setattr(waiting, name, list(rows.filter(condition).order_by(*order)))
    if approves_reports(user):
        waiting.to_approve = list(
            _to_approve(user).select_related("round__plan", "submitted_by").order_by("submitted_at")
        )
    return waiting


def waiting_count(user: User, today: datetime.date | None = None) -> int:
    """How many reports wait for `user`, in one query (the header's count)."""
    filters = waiting_filters(user, today or timezone.localdate())
    if approves_reports(user):  # a province leader writes no report: one query still
        return _to_approve(user).count()
    if not filters:
        return 0
    counts = _reports(user).aggregate(
        **{name: Count("pk", filter=condition) for name, condition in filters.items()}
    )
    return sum(counts.values())
