"""Who must report in a round is read from the organisation map on the round's deadline: an
organisation closed before it is replaced by its carrier (Organisation.carrier_on), one report
per carrier with the items merged; one not yet begun is not expected (issue 15, item 4)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from greenplan.testing.factories import OrganisationFactory
from orgs.models import OrganisationKind
from plans.models import Assignment
from reporting.actions import expected_lines, open_round

MERGED = datetime.date(2025, 2, 28)  # the departments merged on 01/03/2025


def _close(org, successor, day=MERGED):
    org.valid_to, org.successor = day, successor
    org.save()


def _plan_until_2025(world):
    world.plan.period_end = 2025
    world.plan.save()


def test_a_2025_round_expects_the_successor_of_merged_departments_once(rep):
    w = rep.world
    _plan_until_2025(w)
    # given DONRE and DOIT merged into a new department on 01/03/2025
    dae = OrganisationFactory(code="bd-dae", name="Sở Nông nghiệp và Môi trường", parent=w.province)
    dae.valid_from = datetime.date(2025, 3, 1)
    dae.save()
    doit = w.other_staff.organisation
    _close(w.donre, dae)
    _close(doit, dae)
    # when the 2025 round opens
    round_ = open_round(w.plan, 2025, user=w.coordinator)
    # then the merged department reports once, on both activities, and no closed body is asked
    orgs = set(round_.reports.values_list("organisation__code", flat=True))
    assert orgs == {"bd-dae", "bd-dpi"}
    items = {(i.plan_item.code, i.role) for i in round_.reports.get(organisation=dae).items.all()}
    assert items == {("4", Assignment.Role.LEAD), ("9", Assignment.Role.LEAD)}


def test_a_chain_of_successors_is_followed_to_the_body_existing_on_the_deadline(rep):
    w = rep.world
    _plan_until_2025(w)
    middle = OrganisationFactory(code="bd-mid", parent=w.province)
    last = OrganisationFactory(code="bd-last", parent=w.province)
    _close(w.donre, middle, datetime.date(2024, 6, 30))
    _close(middle, last, datetime.date(2025, 2, 28))
    round_ = open_round(w.plan, 2025, user=w.coordinator)
    assert set(round_.reports.values_list("organisation__code", flat=True)) == {
        "bd-last",
        "bd-doit",
        "bd-dpi",
    }


def test_an_organisation_closed_after_the_deadline_still_reports_itself(rep):
    w = rep.world
    _plan_until_2025(w)
    later = OrganisationFactory(code="bd-later", parent=w.province)
    _close(w.donre, later, datetime.date(2025, 12, 31))  # the deadline is 25/10/2025
    round_ = open_round(w.plan, 2025, user=w.coordinator)
    assert "bd-donre" in set(round_.reports.values_list("organisation__code", flat=True))


def test_an_organisation_not_yet_begun_on_the_deadline_is_not_expected(rep):
    w = rep.world
    _plan_until_2025(w)
    w.donre.valid_from = datetime.date(2025, 11, 1)
    w.donre.save()
    round_ = open_round(w.plan, 2025, user=w.coordinator)
    assert "bd-donre" not in set(round_.reports.values_list("organisation__code", flat=True))


def test_a_body_closed_before_the_deadline_without_successor_is_not_expected(rep):
    w = rep.world
    _plan_until_2025(w)
    w.donre.valid_to = MERGED
    w.donre.save()
    round_ = open_round(w.plan, 2025, user=w.coordinator)
    assert "bd-donre" not in set(round_.reports.values_list("organisation__code", flat=True))


def test_following_successors_costs_the_same_queries_at_any_depth(rep):
    w = rep.world
    _plan_until_2025(w)
    deadline = datetime.date(2025, 10, 25)

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            expected_lines(w.plan, 2025, datetime.date(2025, 1, 1), deadline=deadline)
        return len(ctx.captured_queries)

    shallow = queries()
    org = w.donre
    for depth in range(4):
        nxt = OrganisationFactory(code=f"bd-step-{depth}", parent=w.province)
        _close(org, nxt, datetime.date(2020 + depth, 12, 31))
        org = nxt
    _close(w.other_staff.organisation, org)
    assert queries() == shallow


def test_a_2025_national_round_expects_the_merged_province_not_the_former_one(national):
    w = national.world
    for plan in (w.national_plan, w.plan, w.other_plan):
        plan.period_end = 2025
        plan.save()
    # given Đồng Nai merged into Bình Dương on 01/07/2025 (as Bình Dương into Hồ Chí Minh City)
    _close(w.other_province, w.province, datetime.date(2025, 6, 30))
    assert w.other_province.kind == OrganisationKind.PROVINCE
    round_ = open_round(w.national_plan, 2025, user=national.mpi_coordinator)
    reports = {r.organisation: r for r in round_.reports.all()}
    assert set(reports) == {w.province}
    assert {i.plan_item for i in reports[w.province].items.all()} == {national.n1, national.n2}


def test_a_province_merged_after_the_deadline_still_reports_itself(national):
    w = national.world
    for plan in (w.national_plan, w.plan, w.other_plan):
        plan.period_end = 2025
        plan.save()
    _close(w.other_province, w.province, datetime.date(2025, 12, 31))
    round_ = open_round(w.national_plan, 2025, user=national.mpi_coordinator)
    assert set(round_.reports.values_list("organisation", flat=True)) == {
        w.province.pk,
        w.other_province.pk,
    }
