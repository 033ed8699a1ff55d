"""A report's page names its agency as it was when the round was due: a department renamed
(or merged) later still heads its old reports with its old name (DESIGN: every object names
an organisation as it was at the object's date)."""

import datetime
import re

from orgs.actions import rename_organisation


def _heading(page: str) -> str:
    match = re.search(r'<h2 id="report"[^>]*>(.*?)<span', page, re.S)
    assert match is not None
    return " ".join(match.group(1).split())


def test_the_report_page_names_the_agency_as_on_the_round_s_deadline(rep, as_user):
    world = rep.world
    report = rep.donre_report  # the 2018 round
    client = as_user(world.staff)
    before = _heading(client.get(f"/reporting/reports/{report.pk}/").content.decode())
    assert before == "Báo cáo kết quả thực hiện năm 2018: Sở Tài nguyên và Môi trường"

    rename_organisation(
        world.donre,
        effective=datetime.date(2025, 3, 1),
        name="Sở Nông nghiệp và Môi trường",
        short_name="Sở NN&MT",
        user=world.admin,
    )

    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    assert _heading(page) == before
    assert "Sở Nông nghiệp và Môi trường" not in _heading(page)
