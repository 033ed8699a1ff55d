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


def test_after_2025_the_city_answers_for_the_indicators_and_shows_the_former_provinces(
    demo, client
):
    from django.urls import reverse

    from indicators.models import Indicator, Responsibility
    from indicators.responsibility import responsible_agency

    load_demo_restructuring()
    ghg = Indicator.objects.get(code="GHG_TOTAL")
    binh_duong = Organisation.objects.get(code="ubnd-binh-duong")
    city = Organisation.objects.get(code="ubnd-tp-hcm")
    # Bình Dương's DONRE answered until the departments merged, then Agriculture and
    # Environment until the province joined the city; the city's agency answers since
    rows = Responsibility.objects.filter(indicator=ghg, territory=binh_duong)
    assert [(r.organisation.code, r.valid_to) for r in rows] == [
        ("bd-stnmt", datetime.date(2025, 2, 28)),
        ("bd-snnmt", datetime.date(2025, 6, 30)),
    ]
    assert responsible_agency(ghg, binh_duong).code == "hcm-snnmt"
    assert responsible_agency(ghg, city).code == "hcm-snnmt"
    # the city's page shows each former province's values and, GHG being additive, the sum
    client.force_login(User.objects.get(username="admin"))
    html = client.get(reverse("indicators:indicator", args=[city.code, "GHG_TOTAL"])).content
    page = html.decode()
    assert 'data-territory="ubnd-binh-duong"' in page
    assert 'data-territory="ubnd-ba-ria-vung-tau"' in page
    assert 'id="series-total"' in page
    # 2020: 19,600,000 + 15,100,000 + 50,500,000
    assert "85.200.000" in page[page.index('id="series-total"') :]
