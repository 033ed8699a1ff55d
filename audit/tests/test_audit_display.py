"""The audit page reads like the rest of the site: local time dd/mm/yyyy HH:MM, people by name,
Vietnamese field labels, file names, grouped amounts; and a save writes history only for what
changed."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.utils import timezone

from audit.trail import _shown
from documents.models import ConsolidatedReport
from reporting.actions import ItemChanges, save_draft, submit_report
from reporting.models import AgencyReport, ItemFunding, ReportItem
from reporting.tests.conftest import build_reporting

URL = "/audit/"


def test_a_save_that_changes_one_item_writes_one_item_history_row(world):
    # given a report of several items
    rep = build_reporting(world)
    report = rep.donre_report
    items = list(report.items.all())
    assert len(items) >= 2
    before_items, before_reports = ReportItem.history.count(), AgencyReport.history.count()

    # when the agency saves the whole form with one item changed (the form posts every item)
    changes = {i.pk: ItemChanges({"status": i.status, "progress": i.progress}) for i in items}
    changes[items[0].pk] = ItemChanges({"status": "in_progress", "progress": 40})
    save_draft(report, user=world.staff, version=report.version, items=changes)

    # then one item row and the report's row are written, no row without a change
    assert ReportItem.history.count() - before_items == 1
    assert AgencyReport.history.count() - before_reports == 1


def test_times_people_and_labels_read_in_vietnamese(world, as_user):
    world.leader.first_name, world.leader.last_name = "Nguyễn Văn", "An"
    world.leader.save()
    rep = build_reporting(world)
    # (after the report's creation, so that the trail compares the two)
    # (minute 41, second 07: ":07" can only come from the seconds, whatever the hour)
    when = timezone.localtime().replace(minute=41, second=7, microsecond=123) + datetime.timedelta(
        hours=1
    )
    submit_report(rep.donre_report, user=world.leader, document_number="12/BC", at=when)

    html = as_user(world.admin).get(URL, {"model": "reporting.agencyreport"}).content.decode()

    body = html[html.index("<tbody>") :]
    entry = next(row for row in body.split("<tr")[1:] if "12/BC" in row)
    assert when.strftime("%d/%m/%Y %H:%M") in entry  # local time, no seconds
    assert "+00:00" not in html and ".000123" not in html and ":07" not in entry
    assert "Nguyễn Văn An" in entry
    assert f"#{world.leader.pk}<" not in entry and f"#{world.leader.pk} " not in entry
    assert "Phiên bản" in entry and "Version" not in html


def test_files_are_shown_by_name_and_amounts_grouped(world):
    path = "reports/2018/1/v3/bao-cao-tong-hop.docx"
    assert _shown(ConsolidatedReport, "docx", path) == "bao-cao-tong-hop.docx"
    assert _shown(ItemFunding, "amount", Decimal("1250000000")) == "1.250.000.000"
