"""The demo's national chain: rounds 2018-2020 of 403/QĐ-TTg in varied states."""

from demo.national import load_demo_national
from reporting.models import AgencyReport, ReportStatus


def test_the_demo_national_rounds_are_in_varied_states(demo):
    reports = {
        r.round.year: r
        for r in AgencyReport.objects.filter(
            round__plan__number="403/QĐ-TTg", organisation__code="ubnd-binh-duong"
        ).select_related("round", "submitted_by")
    }
    assert set(reports) == {2018, 2019, 2020}
    assert reports[2018].status == ReportStatus.ACCEPTED
    assert reports[2018].document_number == "125/BC-UBND"
    assert reports[2018].submitted_by.username == "bd.leader"
    assert reports[2019].status == ReportStatus.RETURNED
    assert reports[2020].is_missing
    # the approved version behind the accepted report is frozen with its digests
    version = reports[2018].deliveries.get()
    assert version.status == "approved" and len(version.docx_sha256) == 64
    # loading again changes nothing
    assert all("already loaded" in line for line in load_demo_national())
