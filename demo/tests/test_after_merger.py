"""The demo as `make run` loads it (load_demo(restructure=True)): the 2025 restructuring, then
Hồ Chí Minh City's 2025 rounds covering both former provinces' running plans, and the issue's
hand checks (plan coverage, the 2019 report regenerated, Bình Dương's People's Committee)."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from docx import Document

from demo.loader import load_demo
from orgs.models import Organisation
from reporting.models import ReportingRound

CITY_DEPARTMENTS_3961 = {
    "hcm-stc", "hcm-snnmt", "hcm-sct", "hcm-sxd", "hcm-skhcn", "hcm-sgddt", "hcm-svhttdl"
}  # fmt: skip
CITY_DEPARTMENTS_3797 = {"hcm-stc", "hcm-snnmt", "hcm-sct", "hcm-sxd", "hcm-skhcn"}


@pytest.fixture
def restructured_demo(demo) -> list[str]:
    """The shared demo (before the restructuring) brought to `make run`'s: the loader again,
    restructuring included; returns its log."""
    return load_demo(restructure=True)


def _docx_text(path) -> str:
    document = Document(path)
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_the_city_s_2025_rounds_expect_only_organisations_valid_on_the_deadline(
    restructured_demo,
):
    log = restructured_demo
    made = [line for line in log if " 2025 (after the merger" in line]
    assert len(made) == 2 and "3961/KH-UBND" in made[0] and "3797/QĐ-UBND" in made[1]

    for number, departments in [
        ("3961/KH-UBND", CITY_DEPARTMENTS_3961),
        ("3797/QĐ-UBND", CITY_DEPARTMENTS_3797),
    ]:
        round_ = ReportingRound.objects.get(plan__number=number, year=2025)
        assert round_.deadline == datetime.date(2025, 10, 25)
        # the plan is coordinated by the city's Department of Finance (DPI's successor), and
        # the round was opened by a coordinator working there
        assert round_.plan.focal_point.code == "hcm-stc"
        assert round_.opened_by.organisation.code == "hcm-stc"
        reports = list(round_.reports.select_related("organisation"))
        assert {r.organisation.code for r in reports} == departments
        for report in reports:
            assert report.organisation.is_valid_on(round_.deadline), report.organisation.code
            assert report.organisation.valid_to is None, report.organisation.code
        statuses = {r.status for r in reports}
        assert {"accepted", "draft"} <= statuses

    bd_2025 = ReportingRound.objects.get(plan__number="3961/KH-UBND", year=2025)
    # the former Bình Dương departments' work is reported by their successors, none closed:
    # DONRE's people write for the city's Agriculture and Environment
    agriculture = bd_2025.reports.get(organisation__code="hcm-snnmt")
    assert agriculture.status == "accepted"
    assert agriculture.submitted_by.username == "donre.leader"
    late = [
        r.organisation.code
        for r in bd_2025.reports.filter(submitted_at__isnull=False).select_related("organisation")
        if r.submitted_at.date() > bd_2025.deadline
    ]
    assert late == ["hcm-sct"]
    drafts = bd_2025.reports.filter(status="draft", items__results__gt="").distinct()
    assert {r.organisation.code for r in drafts} == {"hcm-sxd", "hcm-skhcn"}
    city_2025 = ReportingRound.objects.get(plan__number="3797/QĐ-UBND", year=2025)
    assert city_2025.reports.get(organisation__code="hcm-sxd").status == "submitted"

    # and loading again makes nothing twice
    again = load_demo(restructure=True)
    assert "reporting round 3961/KH-UBND 2025: already loaded" in again
    assert "reporting round 3797/QĐ-UBND 2025: already loaded" in again
    assert ReportingRound.objects.filter(year=2025).count() == 2


def test_the_hand_checks_after_the_restructuring(restructured_demo, tmp_path, capsys):
    # plan_coverage: the 18 themes of 882/QĐ-TTg, adopted of national
    call_command("plan_coverage", "3961/KH-UBND")
    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[0] for line in lines] == [str(n) for n in range(1, 19)] + ["Tổng cộng"]
    assert lines[0].split("\t")[1] == "6/9"
    assert lines[-1].split("\t")[1] == "90/134"

    # the 2019 report regenerated after the merger is issued by the DPI of 2019
    out = tmp_path / "r.docx"
    call_command("consolidate_report", "1847/KH-UBND", "2019", "--out", str(out))
    text = _docx_text(out)
    header = Document(out).tables[0].rows[0].cells[0].text
    assert header.split("\n")[:2] == ["UBND TỈNH BÌNH DƯƠNG", "SỞ KẾ HOẠCH VÀ ĐẦU TƯ"]
    assert "Sở Kế hoạch và Đầu tư tỉnh Bình Dương" in text
    intro = next(p.text for p in Document(out).paragraphs if p.text.startswith("Thực hiện"))
    assert "của UBND tỉnh Bình Dương" in intro and "Sở Kế hoạch và Đầu tư tổng hợp" in intro
    assert "Hồ Chí Minh" not in header + intro

    # Bình Dương's People's Committee: until 30/06/2025, then Hồ Chí Minh City
    committee = Organisation.objects.get(code="ubnd-binh-duong")
    assert committee.valid_to == datetime.date(2025, 6, 30)
    assert committee.successor.code == "ubnd-tp-hcm"
    assert not committee.is_valid_on(datetime.date(2025, 7, 1))


def test_a_2019_report_names_each_project_s_lead_as_it_was_then(restructured_demo):
    """The merger handed Bình Dương's unfinished projects to the city's departments; the
    2019 report still names the department that led each of them in 2019."""
    from documents.consolidation import consolidate
    from projects.models import Project

    round_ = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2019)
    handed_over = Project.objects.filter(
        plan_items__plan=round_.plan, lead_organisation__code__startswith="hcm-"
    ).distinct()
    assert handed_over.exists()  # the story: the city leads them today

    notes = [p.detail for p in consolidate(round_).project_funding.projects]

    assert notes and not any("Thành phố Hồ Chí Minh" in note for note in notes), notes
    assert any("tỉnh Bình Dương" in note for note in notes), notes
