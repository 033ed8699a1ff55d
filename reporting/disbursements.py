"""Project disbursements reported in the yearly round: which budget lines an agency reports on.

An agency that leads funded projects says, in its yearly report, how much was disbursed in the
round's year on each budget line; the amounts reach the projects when the coordinator accepts
the report (reporting.actions.accept_report -> projects.actions.record_reported_disbursements).
"""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q

from projects.models import DISBURSEMENT_STATUSES, BudgetLine
from reporting.models import AgencyReport


def lines_to_report(report: AgencyReport) -> list[BudgetLine]:
    """The budget lines of the round's year, with money allocated, of the projects the agency
    leads that are funded, implementing or completed; and any line it already reported on
    (so that a figure never disappears from the report when a project's status changes).
    One query."""
    expected = Q(
        project__lead_organisation_id=report.organisation_id,
        project__status__in=DISBURSEMENT_STATUSES,
        year=report.round.year,
        allocated__gt=0,
    )
    already = Q(reported_disbursements__report=report)
    return list(
        BudgetLine.objects.filter(expected | already)
        .distinct()
        .select_related("project")
        .order_by("project__title", "project_id", "source")
    )


def reported_amounts(report: AgencyReport) -> dict[int, Decimal]:
    """Budget line id -> the amount this report gives. One query."""
    return dict(report.disbursements.values_list("budget_line_id", "amount"))
