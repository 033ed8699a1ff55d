"""All or nothing: an agency workbook upload that fails half-way (at its second line) leaves
the report as it was; an amount too large for the database is refused on its cell."""

import io
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from greenplan.testing.atomicity import fail_on_call, row_counts
from reporting import actions
from reporting.agency_workbook import build_template
from reporting.models import ItemFunding
from reporting.tests.conftest import build_reporting


@pytest.fixture
def rep(world):
    return build_reporting(world)


@pytest.fixture
def staff(rep, as_user):
    client = as_user(rep.world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def filled_template(report, cells: dict[str, Any]) -> bytes:
    with translation.override("en"):  # the language the upload is made in
        wb = load_workbook(io.BytesIO(build_template(report)))
    ws = wb.worksheets[0]
    for cell, value in cells.items():
        ws[cell] = value
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(client, report, content: bytes):
    return client.post(
        reverse("documents:report_workbook", args=[report.pk]),
        {"file": SimpleUploadedFile("bao-cao.xlsx", content)},
    )


def state(report):
    report.refresh_from_db()
    items = list(report.items.order_by("pk").values_list("status", "progress", "results"))
    funds = sorted(ItemFunding.objects.values_list("item_id", "source", "amount"))
    return report.version, report.general_results, items, funds


def test_an_upload_failing_at_its_second_line_saves_no_line(rep, staff, monkeypatch):
    report = rep.donre_report
    assert report.items.count() == 2
    content = filled_template(
        report,
        {
            "E2": "In progress",
            "F2": 40,
            "G2": "Dòng thứ nhất đã lưu rồi bị hoàn tác",
            "N2": 5_000_000,  # local budget
            "E3": "In progress",
            "F3": 70,
            "P3": 2_000_000,  # ODA
        },
    )
    before, before_state = row_counts(), state(report)
    stand_in = fail_on_call(2, actions._save_funds)
    monkeypatch.setattr(actions, "_save_funds", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        upload(staff, report, content)

    assert stand_in.calls == 2  # the first line and its funds had been written
    assert row_counts() == before
    assert state(report) == before_state


def test_an_amount_too_large_for_the_database_is_refused_on_its_cell(rep, staff):
    # 10^20 VND used to pass the workbook's checks and crash the INSERT (numeric overflow).
    report = rep.donre_report
    content = filled_template(report, {"G2": "Kết quả", "N2": 10**20})
    before, before_state = row_counts(), state(report)

    response = upload(staff, report, content)

    assert response.status_code == 200
    page = response.content.decode().replace("&quot;", '"')
    assert 'Sheet "Report lines", row 2, column' in page
    assert row_counts() == before
    assert state(report) == before_state
