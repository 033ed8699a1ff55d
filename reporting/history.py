"""What changed in a report and its lines, from simple_history: who, when, which fields."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.text import capfirst

from core.money import FundingSource
from reporting.models import (
    ITEM_FIELDS,
    ITEM_HISTORY_FIELDS,
    REPORT_HISTORY_FIELDS,
    AgencyReport,
    ItemFunding,
    ReportEvent,
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


@dataclass(frozen=True)
class FieldChange:
    label: str
    old: str
    new: str


def _shown(model, name: str, value: object) -> str:
    """A stored value as the page shows it: choices by their label, dates day first, amounts
    grouped, nothing as a dash."""
    if value is None or value == "":
        return "—"
    field = model._meta.get_field(name)
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, datetime.date):
        return date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, Decimal):
        return number_format(value, use_l10n=True, force_grouping=True)
    return str(value)


def changes_since_return(report: AgencyReport) -> dict[int, list[FieldChange]]:
    """For a report submitted again after it was returned: per ReportItem id, each field and
    fund whose value differs now from when the coordinator returned it (old → new). Empty for
    a report never returned. Three queries."""
    returned = (
        report.events.filter(action=ReportEvent.Action.RETURNED).order_by("-created_at").first()
    )
    if returned is None:
        return {}
    at = returned.created_at
    before: dict[int, object] = {}
    for record in ReportItem.history.filter(report_id=report.pk, history_date__lte=at).order_by(
        "history_date", "history_id"
    ):
        before[record.id] = record
    funds_before: dict[tuple[int, str], Decimal | None] = {}
    for fund in ItemFunding.history.filter(item__report=report.pk, history_date__lte=at).order_by(
        "history_date", "history_id"
    ):
        funds_before[(fund.item_id, fund.source)] = (
            None if fund.history_type == "-" else fund.amount
        )
    funds_now = {
        (f.item_id, f.source): f.amount for f in ItemFunding.objects.filter(item__report=report)
    }
    changes: dict[int, list[FieldChange]] = {}
    for item in report.items.all():
        old = before.get(item.pk)
        found: list[FieldChange] = []
        if old is not None:
            for name in ITEM_FIELDS:
                if getattr(old, name) != getattr(item, name):
                    found.append(
                        FieldChange(
                            capfirst(
                                str(getattr(ReportItem._meta.get_field(name), "verbose_name", name))
                            ),
                            _shown(ReportItem, name, getattr(old, name)),
                            _shown(ReportItem, name, getattr(item, name)),
                        )
                    )
        for source, label in FundingSource.choices:
            was = funds_before.get((item.pk, source))
            now = funds_now.get((item.pk, source))
            if was != now:
                found.append(
                    FieldChange(
                        str(label),
                        _shown(ItemFunding, "amount", was),
                        _shown(ItemFunding, "amount", now),
                    )
                )
        if found:
            changes[item.pk] = found
    return changes
