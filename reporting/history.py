"""What changed in a report and its lines, from simple_history: who, when, which fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from reporting.models import (
    ITEM_HISTORY_FIELDS,
    REPORT_HISTORY_FIELDS,
    AgencyReport,
    ReportItem,
)


@dataclass
class Change:
    at: datetime.datetime
    who: object
    subject: str  # "" for the report itself, else the item label
    fields: list[tuple[str, object, object]]  # (verbose name, old, new)


def _diffs(records, fields, model, subject_of) -> list[Change]:
    changes = []
    previous: dict[int, object] = {}
    for record in sorted(records, key=lambda r: (r.history_date, r.history_id)):
        before = previous.get(record.id)
        previous[record.id] = record
        if before is None:
            continue
        changed = [
            (str(model._meta.get_field(f).verbose_name), getattr(before, f), getattr(record, f))
            for f in fields
            if getattr(before, f) != getattr(record, f)
        ]
        if changed:
            changes.append(
                Change(record.history_date, record.history_user, subject_of(record), changed)
            )
    return changes


def report_changes(report: AgencyReport, labels: dict[int, str]) -> list[Change]:
    """Newest first. `labels` maps ReportItem ids to the item labels. Two queries."""
    report_records = AgencyReport.history.filter(id=report.pk).select_related("history_user")
    item_records = ReportItem.history.filter(report_id=report.pk).select_related("history_user")
    changes = _diffs(report_records, REPORT_HISTORY_FIELDS, AgencyReport, lambda r: "")
    changes += _diffs(item_records, ITEM_HISTORY_FIELDS, ReportItem, lambda r: labels.get(r.id, ""))
    return sorted(changes, key=lambda c: c.at, reverse=True)
