"""The leader's "Submit the report" asks for confirmation, requires the document number and
the signer, and proposes the leader's own name as signer (issue 18, defect 4)."""

from __future__ import annotations

from reporting.models import ReportStatus


def _url(report) -> str:
    return f"/reporting/reports/{report.pk}/submit/"


def test_the_submit_form_proposes_the_leaders_name_and_requires_both_fields(rep, as_user):
    leader = rep.world.leader
    leader.first_name, leader.last_name = "Hùng", "Lê Quốc"
    leader.save()
    page = as_user(leader).get(f"/reporting/reports/{rep.donre_report.pk}/").content.decode()
    assert f'value="{leader.get_full_name()}"' in page
    assert 'name="document_number"' in page
    assert 'name="document_number" maxlength="60" required' in page


def test_a_submit_without_number_or_signer_sends_nothing_and_says_why(rep, as_user):
    report = rep.donre_report
    response = as_user(rep.world.leader).post(_url(report), {"document_number": "", "signer": ""})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="errors"') >= 2  # under each of the two fields


def test_a_first_click_asks_for_confirmation_naming_what_will_happen(rep, as_user):
    report = rep.donre_report
    response = as_user(rep.world.leader).post(
        _url(report), {"document_number": "55/BC-STNMT", "signer": "Lê Quốc Hùng"}
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT  # nothing sent yet
    html = response.content.decode()
    assert 'id="submit-confirm"' in html
    assert "55/BC-STNMT" in html and "Lê Quốc Hùng" in html
    assert 'name="confirm" value="1"' in html
    # it says that the report goes to the focal point and becomes read-only
    assert "chỉ đọc" in html


def test_the_confirmed_submit_sends_the_report(rep, as_user):
    report = rep.donre_report
    response = as_user(rep.world.leader).post(
        _url(report), {"document_number": "55/BC-STNMT", "signer": "Lê Quốc Hùng", "confirm": "1"}
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED
    assert (report.document_number, report.signer) == ("55/BC-STNMT", "Lê Quốc Hùng")
