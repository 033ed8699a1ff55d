"""The round list shows rounds by year, newest first, whatever order they were opened in; the
agency's own reports likewise (issue 15, item 4)."""

import re

from reporting.actions import open_round


def test_rounds_and_my_reports_are_listed_newest_year_first(rep, as_user):
    w = rep.world  # the 2018 round is open (conftest)
    open_round(w.plan, 2020, user=w.coordinator)
    open_round(w.plan, 2019, user=w.coordinator)
    html = as_user(w.staff).get(f"/reporting/plans/{w.plan.pk}/").content.decode()
    assert re.findall(r'data-round-year="(\d+)"', html) == ["2020", "2019", "2018"]
    assert re.findall(r'data-report-year="(\d+)"', html) == ["2020", "2019", "2018"]
