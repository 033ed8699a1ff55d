"""The demo's 2025 restructuring (demo/restructuring_2025.csv): the departments merge on
01/03/2025 through the restructuring file action, people move to the
successors, and the 2019 report still names the bodies of 2019."""

import datetime

from accounts import permissions
from accounts.models import User
from demo.restructuring import load_demo_restructuring
from documents.consolidation import consolidate
from orgs.models import Organisation
from reporting.models import AgencyReport, ReportingRound


def test_the_2025_file_merges_the_departments_and_the_2019_report_keeps_its_names(demo):
    log = load_demo_restructuring()
    assert log[0].startswith("restructuring 2025: ")
    dpi = Organisation.objects.get(code="bd-skhdt")
    assert dpi.valid_to == datetime.date(2025, 2, 28) and dpi.successor.code == "bd-stc"
    agriculture = Organisation.objects.get(code="bd-snnmt")
    assert agriculture.name == "Sở Nông nghiệp và Môi trường tỉnh Bình Dương"
    assert {o.code for o in agriculture.predecessors.all()} == {"bd-stnmt", "bd-snnptnt"}
    coordinator = User.objects.get(username="dpi.coordinator")
    staff = User.objects.get(username="donre.staff")
    # on 01/07/2025 Bình Dương joined Hồ Chí Minh City: its departments into the city's, its
    # people with them
    assert agriculture.valid_to == datetime.date(2025, 6, 30)
    assert agriculture.heir == Organisation.objects.get(code="hcm-snnmt")
    assert coordinator.organisation.code == "hcm-stc"
    assert staff.organisation.code == "hcm-snnmt"
    assert Organisation.objects.get(code="ubnd-binh-duong").successor.code == "ubnd-tp-hcm"
    # DONRE's people, now at the city's Agriculture and Environment, still read DONRE's 2019
    # report
    report = AgencyReport.objects.get(round__year=2019, organisation__code="bd-stnmt")
    assert permissions.can_view_report(staff, report)
    # the 2019 report regenerated in 2026 is issued by the DPI of then, to the MPI
    round_2019 = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2019)
    document = consolidate(round_2019, today=datetime.date(2026, 1, 5))
    assert document.issuing_body == "Sở Kế hoạch và Đầu tư"
    assert document.superior_body == "UBND tỉnh Bình Dương"
    assert "Bộ Kế hoạch và Đầu tư (để báo cáo);" in document.narrative["recipients"]
    # the coordinator, now at the city's Department of Finance, still runs the rounds of
    # Bình Dương's plans (the plans continue under the city)
    assert permissions.can_manage_reporting(coordinator, round_2019.plan)
    assert load_demo_restructuring() == ["restructuring 2025: already applied"]
