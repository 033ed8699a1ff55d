"""The completeness board of a round: who reported, on time or late, per agency and theme.

A fixed number of queries whatever the number of agencies and items: the reports with their
organisations, the report lines, the plan's item skeleton (for the themes) and the earlier
names of organisations (every name is the one it had on the round's deadline, issue 15); for a
national round (one row per province) two more: the provinces' plans with their focal points
(DPI, the province's contact for the ministry) and the provinces of the year (how many the
country had, and which former provinces each one took in: orgs.provinces).
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, NamedTuple

from django.db.models import Exists, OuterRef
from django.utils import timezone

from orgs.models import NamesOn, Organisation
from orgs.provinces import ProvincesOfYear, provinces_on
from plans.models import ItemKind, Plan, PlanItem, PlanLevel, focal_points_on
from reporting.activity_status import activity_status
from reporting.models import AgencyReport, ItemStatus, ReportingRound, ReportItem, ReportStatus

if TYPE_CHECKING:
    from accounts.models import User


@dataclass
class AgencyRow:
    report: AgencyReport
    items: int
    late: bool
    days_late: int | None = None  # AgencyReport.days_late_on the board's day
    readable: bool = True  # whether the board's reader may open the report (a link or not)
    # A national round's row: the province's focal point (its plan's), the approving leader
    # is report.submitted_by.
    focal_point: Organisation | None = None
    name: str = ""  # the organisation's (short) name on the round's deadline
    focal_point_name: str = ""  # the focal point's name on the round's deadline
    formerly: str = ""  # a national row: the former provinces it took in ("including the former …")


@dataclass
class ThemeRow:
    theme: PlanItem | None
    expected: int = 0
    received: int = 0
    accepted: int = 0
    completed: int = 0  # activities whose status (reporting.activity_status) is completed


@dataclass
class Summary:
    """The counts and the per-theme figures of a round (what its chart draws)."""

    round: ReportingRound
    today: datetime.date
    counts: dict[str, int]
    themes: list[ThemeRow]


@dataclass
class Board(Summary):
    agencies: list[AgencyRow] = field(default_factory=list)
    provinces: ProvincesOfYear | None = None  # a national round's provinces of the year
    # The plan items some report of the round has a line for (what the round covers).
    item_ids: set[int] = field(default_factory=set)

    @property
    def missing(self) -> list[AgencyRow]:
        return [row for row in self.agencies if row.report.is_missing]


def round_board(
    round_: ReportingRound,
    today: datetime.date | None = None,
    reader: User | None = None,
    *,
    names: NamesOn | None = None,
    lines: Sequence[RoundLine] | None = None,
) -> Board:
    """The round's completeness; with `reader`, each row says whether they may open the
    report (read in the same query). Organisations are named as on the round's deadline, or
    as `names` says (a document built before the deadline names them as on its day).
    `lines`: every line of the round already read by the caller (RoundLine, in the order of
    position then report), instead of a query."""
    today = today or timezone.localdate()
    national = round_.plan.level == PlanLevel.NATIONAL
    # Each report's number of lines is counted from the round's lines read below (once, for
    # the themes too), not by a COUNT here: its GROUP BY made PostgreSQL estimate the query
    # (the reader's EXISTS) at thousands of rows, over its JIT threshold, and compile it at
    # each view (~25 ms of a 3 ms query).
    reports_query = (
        AgencyReport.objects.filter(round=round_)
        .select_related("organisation", *(["submitted_by"] if national else []))
        .order_by("organisation__name")
    )
    if reader is not None:
        visible = AgencyReport.objects.visible_to(reader).filter(pk=OuterRef("pk"))
        reports_query = reports_query.annotate(readable=Exists(visible))
    reports = list(reports_query)
    for report in reports:
        report.round = round_  # one instance for all rows (deadline, lock), not one per row
    if lines is None:
        lines = round_lines(round_)
    lines_of = Counter(line[1] for line in lines)
    names = names if names is not None else NamesOn(round_.deadline)
    rows = [
        AgencyRow(
            report=r,
            items=lines_of[r.pk],
            late=r.is_late,
            days_late=r.days_late_on(today),
            readable=getattr(r, "readable", True),
            name=names.short(r.organisation),
        )
        for r in reports
    ]
    provinces = None
    if national:
        provinces = provinces_on(round_.deadline, names if names.day == round_.deadline else None)
        focal = _focal_points(round_, [r.organisation_id for r in reports])
        for row in rows:
            fp = row.focal_point = focal.get(row.report.organisation_id)
            row.focal_point_name = names.short(fp) if fp is not None else ""
            then = provinces.of(row.report.organisation_id)
            if then is not None:
                row.formerly = then.formerly_text
    # Missing agencies first (to chase them), then those awaiting review, then the rest.
    order: dict[str, int] = {
        ReportStatus.DRAFT: 0,
        ReportStatus.RETURNED: 1,
        ReportStatus.SUBMITTED: 2,
        ReportStatus.ACCEPTED: 3,
    }
    rows.sort(key=lambda row: (not row.report.is_missing, order[row.report.status]))
    return Board(
        round=round_,
        today=today,
        counts=_counts(reports),
        themes=_themes(round_, reports, lines),
        agencies=rows,
        provinces=provinces,
        item_ids={line[2] for line in lines},
    )


def _focal_points(round_: ReportingRound, province_ids: list[int]) -> dict[int, Organisation]:
    """Province id -> the focal point of its plan implementing the national plan on the round's
    deadline (Plan.focal_point_on: Bình Dương's DPI for 2019 even after its plans were handed
    to Hồ Chí Minh City's Department of Finance); two queries."""
    plans = list(
        Plan.objects.filter(
            parent_id=round_.plan_id,
            territory_id__in=province_ids,
            focal_point__isnull=False,
            period_start__lte=round_.year,
            period_end__gte=round_.year,
        )
        .select_related("focal_point")
        .order_by("-period_start")
    )
    then = focal_points_on(plans, round_.deadline)
    focal: dict[int, Organisation] = {}
    for plan in plans:
        focal_point = then[plan.pk]
        if focal_point is not None:
            focal.setdefault(plan.territory_id, focal_point)
    return focal


def _counts(reports: Sequence[AgencyReport]) -> dict[str, int]:
    status = Counter(r.status for r in reports)
    received = [r for r in reports if not r.is_missing]
    return {
        "expected": len(reports),
        "submitted": status[ReportStatus.SUBMITTED],
        "accepted": status[ReportStatus.ACCEPTED],
        "returned": status[ReportStatus.RETURNED],
        "missing": len(reports) - len(received),
        "received": len(received),
        "on_time": sum(1 for r in received if not r.is_late),
        "late": sum(1 for r in received if r.is_late),
    }


# A line of the round: (position, report id, plan item id, status, role, progress).
RoundLine = tuple[int, int, int, str, str, "int | None"]


def round_lines(round_: ReportingRound) -> list[RoundLine]:
    """Every line of the round's reports, in the order of the lead line's choice (position,
    then report)."""
    # Sorted here, not by the database: ORDER BY made the query several times slower (a sort
    # of ~5,000 rows after the index scans) for an order only the lead line's choice needs.
    return sorted(
        ReportItem.objects.filter(report__round=round_)
        .order_by()
        .values_list("position", "report_id", "plan_item_id", "status", "role", "progress"),
        key=lambda line: (line[0], line[1]),
    )


def _themes(
    round_: ReportingRound, reports: Sequence[AgencyReport], lines: Sequence[RoundLine]
) -> list[ThemeRow]:
    skeleton = {
        i.pk: i
        for i in PlanItem.objects.filter(plan_id=round_.plan_id)
        .only("id", "parent_id", "kind", "code", "number", "title", "title_en", "position")
        .order_by("position")
    }

    def theme_of(item_id: int) -> PlanItem | None:
        item = skeleton.get(item_id)
        while item is not None and item.kind != ItemKind.THEME:
            item = skeleton.get(item.parent_id) if item.parent_id is not None else None
        return item

    rows: dict[int | None, ThemeRow] = {
        pk: ThemeRow(theme=i) for pk, i in skeleton.items() if i.kind == ItemKind.THEME
    }
    # Each line's row, found once an item (~5,000 lines, ~150 items): a line of an item the
    # plan no longer has counts under "no theme".
    row_of: dict[int, ThemeRow] = {}

    def row_for(item_id: int) -> ThemeRow:
        theme = theme_of(item_id)
        row = row_of[item_id] = rows.setdefault(theme.pk if theme else None, ThemeRow(None))
        return row

    status_of = {r.pk: r.status for r in reports}
    received = (ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)
    accepted: dict[int, list[_Line]] = defaultdict(list)
    for _position, report_id, item_id, item_status, role, progress in lines:
        row = row_of.get(item_id) or row_for(item_id)
        status = status_of[report_id]
        row.expected += 1
        if status in received:
            row.received += 1
        if status == ReportStatus.ACCEPTED:
            row.accepted += 1
            accepted[item_id].append(_Line(role, item_status, progress))
    # Activities completed: by the one rule of an activity's status (the lead's accepted line),
    # as the consolidated report counts them; a coordinating agency's line never counts.
    for item_id, item_lines in accepted.items():
        if activity_status(item_lines).status == ItemStatus.COMPLETED:
            row_of[item_id].completed += 1
    return [row for row in rows.values() if row.expected]


class _Line(NamedTuple):
    role: str
    status: str
    progress: int | None
