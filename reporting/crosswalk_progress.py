"""What the accepted reports say of items linked across plan generations, for the item page's
year-by-year table (plans.crosswalk asks through its `progress_wanted` signal, since plans may
not import reporting)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from plans.crosswalk import ReportedProgress
from reporting.activity_status import activity_status
from reporting.models import AgencyReport, ItemStatus, ReportItem, ReportStatus

if TYPE_CHECKING:
    from accounts.models import User


class _Line(NamedTuple):
    role: str
    status: str
    progress: int | None


def yearly_progress(user: User, item_ids: Sequence[int]) -> list[ReportedProgress]:
    """Per year and item: the status of the item by the one rule (reporting.activity_status,
    the lead agency's accepted line), among the accepted reports `user` may read. One query."""
    readable = AgencyReport.objects.visible_to(user).filter(status=ReportStatus.ACCEPTED)
    lines = (
        ReportItem.objects.filter(plan_item_id__in=item_ids, report__in=readable)
        .order_by("report__round__year", "position", "report_id")
        .values_list("report__round__year", "plan_item_id", "role", "status", "progress")
    )
    by_key: dict[tuple[int, int], list[_Line]] = defaultdict(list)
    for year, item_id, role, status, progress in lines:
        by_key[year, item_id].append(_Line(role, status, progress))
    labels = dict(ItemStatus.choices)
    found = []
    for (year, item_id), item_lines in by_key.items():
        state = activity_status(item_lines)
        if state.line is None:  # only coordinating agencies' lines: no status to show
            continue
        found.append(
            ReportedProgress(year, item_id, state.status, str(labels[state.status]), state.progress)
        )
    return found


def answer_progress_wanted(
    sender: Any, *, user: User, item_ids: Sequence[int], **kwargs: Any
) -> list[ReportedProgress]:
    return yearly_progress(user, item_ids)


def connect() -> None:
    from plans.crosswalk import progress_wanted

    progress_wanted.connect(answer_progress_wanted, dispatch_uid="reporting.crosswalk_progress")
