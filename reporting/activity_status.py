"""What an activity's status is in a round: the one rule the board, the consolidation (its
page, the Word appendix and the Excel) and anything else that counts activities use.

The status of an activity (or task) is what its LEAD agency's accepted report line says; a
coordinating agency's line contributes its text, never the status. Without an accepted lead
line the activity has no accepted report yet (NO_REPORT), whatever others reported.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Generic, Protocol, TypeVar

from plans.models import Assignment
from reporting.models import ItemStatus

NO_REPORT = "no_report"


class Line(Protocol):
    """What the rule reads of an accepted report line (a ReportItem, or a lighter row)."""

    @property
    def role(self) -> str: ...

    @property
    def status(self) -> str: ...

    @property
    def progress(self) -> int | None: ...


L = TypeVar("L", bound=Line)


@dataclass(frozen=True)
class ActivityStatus(Generic[L]):
    status: str  # an ItemStatus value, or NO_REPORT
    progress: int | None  # percent; 100 for a completed line that left it blank
    line: L | None  # the accepted line the status comes from (cite it, and only it)


def activity_status(accepted_lines: Iterable[L]) -> ActivityStatus[L]:
    """The status of one activity from its ACCEPTED report lines (in report order: the first
    lead line decides when restructuring left two)."""
    line = next((x for x in accepted_lines if x.role == Assignment.Role.LEAD), None)
    if line is None:
        return ActivityStatus(NO_REPORT, None, None)
    progress = line.progress
    if line.status == ItemStatus.COMPLETED and progress is None:
        progress = 100
    return ActivityStatus(str(line.status), progress, line)
