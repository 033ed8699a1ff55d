"""Property test (hypothesis): for random sequences of merges, renames and moves applied
through the restructuring file action, every report stays readable by exactly the people who
should read it (computed here by a small model of its own, not by the code under test), and
its organisation's name at its date never changes."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts import permissions
from accounts.models import Role, User
from core.spreadsheet import ImportRejected
from greenplan.testing.factories import (
    AssignmentFactory,
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from orgs.models import Organisation, OrganisationKind
from reporting.actions import accept_report, lock_round, open_round, submit_report
from reporting.models import AgencyReport, ReportStatus
from restructuring.plans import apply_restructuring
from restructuring.restructuring_file import MERGE, MOVE, RENAME, Change

DEPARTMENTS = 5  # d0 (the province's DPI, where its coordinator works) .. d4
START = datetime.date(2025, 1, 1)

BOUNDED = settings(
    max_examples=12,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)

operations = st.lists(
    st.one_of(
        st.tuples(
            st.just(MERGE),
            st.integers(0, DEPARTMENTS - 1),
            st.integers(0, DEPARTMENTS - 1),
        ),
        st.tuples(st.just(RENAME), st.integers(0, DEPARTMENTS - 1), st.integers(0, 9)),
        st.tuples(st.just(MOVE), st.integers(0, DEPARTMENTS - 1), st.integers(0, 1)),
    ),
    min_size=1,
    max_size=8,
)


class _Rollback(Exception):
    pass


def _build():
    gov = OrganisationFactory(code="gov", kind=OrganisationKind.GOVERNMENT)
    provinces = [
        OrganisationFactory(code=f"p{n}", kind=OrganisationKind.PROVINCE, parent=gov)
        for n in range(2)
    ]
    departments = [
        OrganisationFactory(code=f"d{n}", name=f"Sở số {n}", parent=provinces[0])
        for n in range(DEPARTMENTS)
    ]
    admin = UserFactory(username="admin", organisation=provinces[0], role=Role.ADMIN)
    coordinator = UserFactory(username="coord", organisation=departments[0], role=Role.COORDINATOR)
    other = OrganisationFactory(code="q-dpi", parent=provinces[1])
    other_coordinator = UserFactory(username="coord2", organisation=other, role=Role.COORDINATOR)
    viewer = UserFactory(username="viewer", organisation=provinces[0], role=Role.VIEWER)
    staff = [
        UserFactory(username=f"staff{n}", organisation=d, role=Role.AGENCY_STAFF)
        for n, d in enumerate(departments)
    ]
    plan = PlanFactory(number="1/KH", territory=provinces[0], period_start=2018,
                       period_end=2020)  # fmt: skip
    for d in departments:
        AssignmentFactory(item=PlanItemFactory(plan=plan), organisation=d)
    round_ = open_round(plan, 2019, user=admin)
    for n, report in enumerate(round_.reports.order_by("organisation__code")):
        submit_report(report, user=admin)
        if n % 2 == 0:
            accept_report(report, user=admin)
    lock_round(round_, user=admin)  # nothing left unsubmitted: every merger may go ahead
    users = [admin, coordinator, other_coordinator, viewer, *staff]
    return provinces, departments, users, round_


class Model:
    """What should hold, kept by hand: who works where, who succeeded whom, where each
    department sits."""

    def __init__(self, departments, users, provinces) -> None:
        self.successor: dict[int, int | None] = {d.pk: None for d in departments}
        self.closed: set[int] = set()
        self.parent: dict[int, int] = {d.pk: provinces[0].pk for d in departments}
        self.works_at = {u.pk: u.organisation_id for u in users}
        self.provinces = {p.pk for p in provinces}

    def province_of(self, org_id: int) -> int | None:
        if org_id in self.provinces:
            return org_id
        if org_id in self.parent:
            return self.parent[org_id]
        return Organisation.objects.get(pk=org_id).province_id

    def chain(self, org_id: int) -> list[int]:
        out = [org_id]
        while (nxt := self.successor.get(out[-1])) is not None:
            out.append(nxt)
        return out

    def may_read(self, user: User, report: AgencyReport, territory_province: int) -> bool:
        here = self.works_at[user.pk]
        if user.role == Role.ADMIN:
            return True
        own = here in self.chain(report.organisation_id)
        if user.role == Role.COORDINATOR:
            return own or self.province_of(here) == territory_province
        if user.role == Role.VIEWER:
            return (
                self.province_of(here) == territory_province
                and report.status == ReportStatus.ACCEPTED
            )
        return own


@pytest.mark.django_db
@BOUNDED
@given(ops=operations)
def test_reports_stay_readable_by_exactly_who_should_and_keep_their_names(ops):
    try:
        with transaction.atomic():
            _check(ops)
            raise _Rollback
    except _Rollback:
        pass


def _check(ops) -> None:
    provinces, departments, users, round_ = _build()
    model = Model(departments, users, provinces)
    admin = users[0]
    reports = list(AgencyReport.objects.filter(round=round_).select_related("organisation"))
    names_then = {r.pk: r.organisation.name_on(round_.deadline) for r in reports}
    for step, (kind, a, b) in enumerate(ops):
        day = START + datetime.timedelta(days=10 * (step + 1))
        source = departments[a]
        if kind == MERGE:
            change = Change(1, MERGE, source.code, day, target=departments[b].code)
        elif kind == RENAME:
            change = Change(1, RENAME, source.code, day, name=f"Tên mới {b} bước {step}")
        else:
            change = Change(1, MOVE, source.code, day, target=provinces[b].code)
        try:
            apply_restructuring([change], user=admin)
        except ImportRejected:
            continue  # refused whole: the model stays as it was
        if kind == MERGE:
            model.successor[source.pk] = departments[b].pk
            model.closed.add(source.pk)
            for user_id, org_id in model.works_at.items():
                if org_id == source.pk:
                    model.works_at[user_id] = departments[b].pk
        elif kind == MOVE:
            model.parent[source.pk] = provinces[b].pk
    fresh_users = list(User.objects.filter(pk__in=[u.pk for u in users]))
    assert {u.pk: u.organisation_id for u in fresh_users} == model.works_at
    territory_province = provinces[0].pk
    for report in AgencyReport.objects.filter(round=round_).select_related("organisation"):
        assert report.organisation.name_on(round_.deadline) == names_then[report.pk]
        for user in fresh_users:
            expected = model.may_read(user, report, territory_province)
            assert permissions.can_view_report(user, report) == expected, (
                user.username,
                report.organisation.code,
                ops,
            )
