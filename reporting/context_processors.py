"""The in-app notice: the user's agency's reports still to submit, with days to deadline."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject

from accounts.models import Role
from reporting.models import EDITABLE_STATUSES, AgencyReport


def _pending(user) -> list[dict]:
    if not (user.is_authenticated and user.organisation_id):
        return []
    if user.role not in {Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.COORDINATOR}:
        return []
    today = timezone.localdate()
    reports = AgencyReport.objects.filter(
        organisation_id=user.organisation_id, status__in=EDITABLE_STATUSES
    ).select_related("round__plan")
    return [
        {"report": r, "days": r.days_to_deadline(today), "late": r.days_late_on(today)}
        for r in reports
        if r.is_open_on(today)
    ]


def pending_reports(request: HttpRequest) -> dict:
    # Lazy: the query runs only on pages that show the notice.
    return {"pending_reports": SimpleLazyObject(lambda: _pending(request.user))}
