"""What waits for a person: the reports to review (DPI's coordinator), to submit (the agency's
leader: drafts and returned reports of rounds that still take them), to fix or finish (staff:
returned reports, drafts whose deadline nears). A few queries, however many reports."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from accounts import permissions
from accounts.models import User
from reporting.models import EDITABLE_STATUSES, AgencyReport, ReportStatus

# A staff member's draft shows in the inbox from this many days before its deadline.
NEAR_DEADLINE_DAYS = 14


@dataclass
class Waiting:
    to_review: list[AgencyReport] = field(default_factory=list)
    to_submit: list[AgencyReport] = field(default_factory=list)
    returned: list[AgencyReport] = field(default_factory=list)
    near_deadline: list[AgencyReport] = field(default_factory=list)

    @property
    def count(self) -> int:
        return (
            len(self.to_review) + len(self.to_submit) + len(self.returned) + len(self.near_deadline)
        )


def waiting_for(user: User, today: datetime.date | None = None) -> Waiting:
    today = today or timezone.localdate()
    waiting = Waiting()
    if not permissions.is_active_user(user):
        return waiting
    if user.is_admin or user.role == "coordinator":
        waiting.to_review = list(
            AgencyReport.objects.filter(
                permissions.review_scope(user, submitted=ReportStatus.SUBMITTED)
            )
            .select_related("round__plan", "organisation")
            .order_by("submitted_at", "pk")
        )
    if not permissions.writes_reports(user):
        return waiting
    own = (
        AgencyReport.objects.visible_to(user)
        .filter(organisation_id=user.organisation_id, status__in=EDITABLE_STATUSES)
        .filter(Q(round__locked=False) | Q(deadline_override__gte=today))
        .select_related("round__plan", "organisation")
        .order_by("round__deadline", "pk")
    )
    for report in own:
        if permissions.submits_reports(user):
            waiting.to_submit.append(report)
        elif report.status == ReportStatus.RETURNED:
            waiting.returned.append(report)
        elif report.days_to_deadline(today) <= NEAR_DEADLINE_DAYS:
            waiting.near_deadline.append(report)
    return waiting
