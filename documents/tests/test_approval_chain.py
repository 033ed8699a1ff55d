"""The approval chain of a consolidated report: DPI submits a version to the People's
Committee; the province leader approves it (issued number, date, signer: the version becomes
the People's Committee's report to the ministry valid on that date, its files rebuilt and
frozen with their SHA-256, delivered to the national round) or returns it with a comment."""

import datetime
import hashlib
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from documents.actions import (
    approve_consolidated_report,
    generate_consolidated_report,
    mark_sent,
    return_to_dpi,
    submit_to_leader,
)
from documents.models import ConsolidatedReport
from reporting.actions import open_round, return_report
from reporting.models import AgencyReport, ReportStatus

Status = ConsolidatedReport.Status


@pytest.fixture(autouse=True)
def _files(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = False
    settings.DOCUMENTS_SOFFICE = ""


@pytest.fixture
def version(national):
    report = generate_consolidated_report(national.round, user=national.world.coordinator)
    return submit_to_leader(report, user=national.world.coordinator)


def _approve(national, version, **kw):
    values = {
        "user": national.bd_leader,
        "issued_number": "125",
        "issued_on": datetime.date(2018, 11, 20),
        "signer_name": "Trần Văn B",
        "signature_authority": ConsolidatedReport.Authority.VICE_CHAIRMAN,
    }
    return approve_consolidated_report(version, **values | kw)


def _text(field) -> str:
    with field.open("rb") as handle:
        document = Document(io.BytesIO(handle.read()))
    cells = [c.text for t in document.tables for row in t.rows for c in row.cells]
    return "\n".join([p.text for p in document.paragraphs] + cells)


def test_dpi_submits_a_version_to_the_peoples_committee(national, version):
    assert version.status == Status.SUBMITTED
    assert version.submitted_by == national.world.coordinator
    assert version.awaits_approval


def test_the_leader_approves_the_version_as_the_peoples_committees_report(national, version):
    approved = _approve(national, version)
    assert approved.status == Status.APPROVED
    assert approved.is_frozen
    assert (approved.issued_number, approved.signer_name) == ("125/BC-UBND", "Trần Văn B")
    assert approved.addressee == "Bộ Kế hoạch và Đầu tư"
    # the Word file is the People's Committee's report, signed for the chairman
    text = _text(approved.docx)
    assert "Số: 125/BC-UBND" in text
    assert "Kính gửi: Bộ Kế hoạch và Đầu tư." in text
    assert "KT. CHỦ TỊCH" in text and "PHÓ CHỦ TỊCH" in text and "Trần Văn B" in text
    assert "UBND TỈNH BÌNH DƯƠNG" in text.upper() or "TỈNH BÌNH DƯƠNG" in text
    # and each file's SHA-256 is stored
    with approved.docx.open("rb") as handle:
        assert approved.docx_sha256 == hashlib.sha256(handle.read()).hexdigest()
    assert len(approved.xlsx_sha256) == 64


def test_after_the_merger_the_report_is_addressed_to_the_ministry_of_finance(national, version):
    approved = _approve(
        national,
        version,
        issued_on=datetime.date(2025, 3, 10),
        signature_authority=ConsolidatedReport.Authority.CHAIRMAN,
    )
    assert approved.addressee == "Bộ Tài chính"
    text = _text(approved.docx)
    assert "Kính gửi: Bộ Tài chính." in text
    assert "TM. ỦY BAN NHÂN DÂN" in text


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("issued_number", ""),
        ("issued_number", "12/QĐ-UBND"),
        ("issued_on", None),
        ("signer_name", "  "),
        ("signature_authority", ""),
    ],
)
def test_approving_without_number_date_or_signer_is_refused(national, version, field, value):
    with pytest.raises(ValidationError) as exc:
        _approve(national, version, **{field: value})
    assert field in exc.value.message_dict
    version.refresh_from_db()
    assert version.status == Status.SUBMITTED
    assert (version.issued_number, version.docx_sha256) == ("", "")


def test_approving_twice_is_refused_and_changes_nothing(national, version):
    approved = _approve(national, version)
    digest = approved.docx_sha256
    with pytest.raises(ValidationError) as exc:
        _approve(national, approved, issued_number="126")
    assert "125/BC-UBND" in exc.value.messages[0]
    approved.refresh_from_db()
    assert (approved.issued_number, approved.docx_sha256) == ("125/BC-UBND", digest)


@pytest.mark.parametrize("who", ["coordinator", "viewer", "staff", "dn_leader", "mpi_coordinator"])
def test_only_the_provinces_leader_approves(national, version, who):
    user = getattr(national, who, None) or getattr(national.world, who)
    with pytest.raises(PermissionDenied):
        _approve(national, version, user=user)
    assert ConsolidatedReport.objects.get(pk=version.pk).status == Status.SUBMITTED


def test_the_leader_returns_a_version_with_a_comment(national, version):
    with pytest.raises(ValidationError):
        return_to_dpi(version, user=national.bd_leader, comment=" ")
    returned = return_to_dpi(version, user=national.bd_leader, comment="Bổ sung phần kiến nghị")
    assert returned.status == Status.RETURNED
    assert returned.review_comment == "Bổ sung phần kiến nghị"
    with pytest.raises(ValidationError):
        _approve(national, returned)


def test_approval_delivers_the_report_to_the_open_national_round(national, version):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    approved = _approve(national, version)
    report = AgencyReport.objects.get(round=round_, organisation=w.province)
    assert approved.delivered_as == report
    assert report.status == ReportStatus.SUBMITTED
    assert report.document_number == "125/BC-UBND"
    assert report.submitted_by == national.bd_leader
    assert report.items.get(plan_item=national.n1).status == "completed"


def test_opening_the_national_round_later_delivers_the_approved_version(national, version):
    w = national.world
    approved = _approve(national, version)
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    report = AgencyReport.objects.get(round=round_, organisation=w.province)
    approved.refresh_from_db()
    assert approved.delivered_as == report
    assert report.status == ReportStatus.SUBMITTED
    assert report.submitted_at == approved.reviewed_at
    assert report.submitted_by == national.bd_leader
    # Đồng Nai approved nothing: still missing
    assert AgencyReport.objects.get(round=round_, organisation=w.other_province).is_missing


def test_a_returned_national_report_travels_again_as_a_new_approved_version(national, version):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    first = _approve(national, version)
    report = AgencyReport.objects.get(round=round_, organisation=w.province)
    # a second version cannot be approved while the ministry has not reviewed the first
    second = generate_consolidated_report(national.round, user=w.coordinator)
    submit_to_leader(second, user=w.coordinator)
    with pytest.raises(ValidationError):
        _approve(national, second, issued_number="130")
    return_report(report, user=national.mpi_coordinator, comment="Bổ sung kinh phí")
    again = _approve(national, second, issued_number="130")
    report.refresh_from_db()
    assert again.delivered_as == report == first.delivered_as
    assert (report.status, report.document_number) == (ReportStatus.SUBMITTED, "130/BC-UBND")


def test_mark_sent_freezes_with_the_digests(national):
    report = generate_consolidated_report(national.round, user=national.world.coordinator)
    sent = mark_sent(report, user=national.world.coordinator)
    assert sent.is_frozen and len(sent.docx_sha256) == 64


def test_only_one_version_waits_for_the_leader(national, version):
    other = generate_consolidated_report(national.round, user=national.world.coordinator)
    with pytest.raises(ValidationError):
        submit_to_leader(other, user=national.world.coordinator)
