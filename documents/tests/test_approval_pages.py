"""The pages of the approval chain: DPI submits a version, the province leader reads it and
approves it (after a confirmation naming what will happen) or returns it; the ministry's
national board and its review of a province's report."""

import pytest
from django.urls import reverse

from documents.actions import (
    approve_consolidated_report,
    generate_consolidated_report,
    submit_to_leader,
)
from documents.models import ConsolidatedReport
from reporting.actions import open_round
from reporting.models import AgencyReport, ReportStatus

Status = ConsolidatedReport.Status


@pytest.fixture(autouse=True)
def _files(settings, tmp_path, monkeypatch):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = False
    settings.DOCUMENTS_SOFFICE = ""
    settings.LANGUAGE_CODE = "en"
    monkeypatch.setattr("reporting.views.completeness_figure", lambda *a, **k: None)
    monkeypatch.setattr("reporting.views.to_svg", lambda figure: "<svg></svg>")


@pytest.fixture
def version(national):
    report = generate_consolidated_report(national.round, user=national.world.coordinator)
    return submit_to_leader(report, user=national.world.coordinator)


APPROVAL = {
    "issued_number": "125",
    "issued_on": "20/11/2018",
    "signer_name": "Trần Văn B",
    "signature_authority": "vice_chairman",
}


def test_dpi_submits_after_a_confirmation(national, client):
    w = national.world
    draft = generate_consolidated_report(national.round, user=w.coordinator)
    client.force_login(w.coordinator)
    url = reverse("documents:submit_to_leader", args=[draft.pk])
    asked = client.post(url)
    assert 'id="confirm-step"' in asked.content.decode()
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == Status.DRAFT
    client.post(url, {"confirm": "1"})
    assert ConsolidatedReport.objects.get(pk=draft.pk).status == Status.SUBMITTED


def test_the_leader_reads_the_version_and_approves_after_a_confirmation(national, version, client):
    client.force_login(national.bd_leader)
    page = client.get(reverse("documents:approval", args=[version.pk])).content.decode()
    assert 'id="approve-form"' in page and 'id="return-form"' in page
    assert "Bộ Tài chính" in page  # the addressee of an approval today (after 01/03/2025)
    url = reverse("documents:approve", args=[version.pk])
    asked = client.post(url, APPROVAL).content.decode()
    # the confirmation names what will happen; nothing is done yet
    assert "125/BC-UBND" in asked and "KT. CHỦ TỊCH" in asked and "Trần Văn B" in asked
    assert "Bộ Kế hoạch và Đầu tư" in asked  # the ministry on 20/11/2018
    assert ConsolidatedReport.objects.get(pk=version.pk).status == Status.SUBMITTED
    client.post(url, APPROVAL | {"confirm": "1"})
    approved = ConsolidatedReport.objects.get(pk=version.pk)
    assert approved.status == Status.APPROVED
    page = client.get(reverse("documents:approval", args=[version.pk])).content.decode()
    assert approved.docx_sha256 in page


def test_approving_without_a_number_is_refused_on_the_page(national, version, client):
    client.force_login(national.bd_leader)
    response = client.post(
        reverse("documents:approve", args=[version.pk]),
        APPROVAL | {"issued_number": "", "confirm": "1"},
    )
    assert response.status_code == 400
    assert ConsolidatedReport.objects.get(pk=version.pk).status == Status.SUBMITTED


def test_approving_twice_on_the_page_says_so(national, version, client):
    client.force_login(national.bd_leader)
    url = reverse("documents:approve", args=[version.pk])
    client.post(url, APPROVAL | {"confirm": "1"})
    again = client.post(url, APPROVAL | {"issued_number": "126"}, follow=True)
    assert "already approved as No. 125/BC-UBND" in again.content.decode()
    assert ConsolidatedReport.objects.get(pk=version.pk).issued_number == "125/BC-UBND"


def test_the_leader_returns_with_a_comment_after_a_confirmation(national, version, client):
    client.force_login(national.bd_leader)
    url = reverse("documents:return_version", args=[version.pk])
    assert client.post(url, {"comment": ""}).status_code == 400
    client.post(url, {"comment": "Bổ sung"})
    assert ConsolidatedReport.objects.get(pk=version.pk).status == Status.SUBMITTED
    client.post(url, {"comment": "Bổ sung", "confirm": "1"})
    assert ConsolidatedReport.objects.get(pk=version.pk).status == Status.RETURNED
    page = client.get(reverse("documents:consolidation", args=[national.round.pk]))
    assert "Bổ sung" in page.content.decode()


def test_the_ministry_reviews_the_delivered_report_and_sees_its_frozen_files(
    national, version, client
):
    w = national.world
    round_ = open_round(w.national_plan, 2018, user=national.mpi_coordinator)
    approved = approve_consolidated_report(
        version,
        user=national.bd_leader,
        issued_number="125",
        issued_on=version.generated_at.date(),
        signer_name="Trần Văn B",
        signature_authority="chairman",
    )
    report = AgencyReport.objects.get(round=round_, organisation=w.province)
    client.force_login(national.mpi_coordinator)
    page = client.get(reverse("reporting:report", args=[report.pk])).content.decode()
    assert approved.docx_sha256 in page and "125/BC-UBND" in page
    download = client.get(reverse("documents:download", args=[approved.pk, "docx"]))
    assert download.status_code == 200
    # returning without a comment is refused, nothing changed
    review = reverse("reporting:review", args=[report.pk])
    client.post(review, {"decision": "return", "comment": "", "confirm": "1"})
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    # accepting asks first, then accepts
    asked = client.post(review, {"decision": "accept"}).content.decode()
    assert 'id="confirm-step"' in asked
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.SUBMITTED
    client.post(review, {"decision": "accept", "confirm": "1"})
    assert AgencyReport.objects.get(pk=report.pk).status == ReportStatus.ACCEPTED
    # the board shows the province accepted, its approving leader and DPI's contacts
    w.dpi.email = "skhdt@binhduong.gov.vn"
    w.dpi.save()
    board = client.get(reverse("reporting:round", args=[round_.pk])).content.decode()
    assert f'data-agency="{w.province.code}" data-status="accepted"' in board
    assert "skhdt@binhduong.gov.vn" in board and "bd.leader" in board


@pytest.mark.parametrize("who", ["coordinator", "viewer", "bd_leader", "staff"])
def test_a_province_user_is_refused_the_national_board(national, client, who):
    round_ = open_round(national.world.national_plan, 2018, user=national.mpi_coordinator)
    client.force_login(getattr(national, who, None) or getattr(national.world, who))
    response = client.get(reverse("reporting:round", args=[round_.pk]))
    assert response.status_code == 403
    assert "ministry" in response.content.decode()


def test_the_ministry_never_reads_a_provinces_agency_reports_or_drafts(national, version):
    from reporting.models import AgencyReport as Report

    visible = Report.objects.visible_to(national.mpi_coordinator)
    assert not visible.filter(round=national.round).exists()
    round_ = open_round(national.world.national_plan, 2018, user=national.mpi_coordinator)
    assert not visible.filter(round=round_).exists()  # nothing delivered yet: drafts
    from accounts import permissions

    assert not permissions.can_download_consolidated_report(national.mpi_coordinator, version)


def test_a_province_never_sees_another_provinces_national_report(national, version):
    round_ = open_round(national.world.national_plan, 2018, user=national.mpi_coordinator)
    for user in (national.dn_leader, national.world.other_coordinator):
        orgs = set(
            AgencyReport.objects.visible_to(user)
            .filter(round=round_)
            .values_list("organisation", flat=True)
        )
        assert orgs == {national.world.other_province.pk}
