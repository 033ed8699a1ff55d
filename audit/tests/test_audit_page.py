"""The audit page: administrators read who changed what and when; nobody edits it."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import ApiToken, User
from audit.trail import audited_models
from greenplan.testing.factories import OrganisationFactory, PlanItemFactory
from orgs.actions import upsert_organisation
from plans.models import Plan
from reporting.actions import open_round
from reporting.models import ReportingRound
from reporting.tests.conftest import build_reporting

URL = "/audit/"


@pytest.fixture
def english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_the_page_lists_a_change_made_on_a_page_with_who_made_it_and_what_changed(
    world, as_user, english
):
    # Given a reporting round the DPI coordinator opened
    round_ = build_reporting(world).round

    # When the coordinator locks it from the board
    response = as_user(world.coordinator).post(
        reverse("reporting:lock", args=[round_.pk]), {"confirm": "1"}
    )
    assert response.status_code == 302

    # Then the administrator finds the change first in the trail: who, what, old -> new
    page = as_user(world.admin).get(URL)
    assert page.status_code == 200
    entry = page.context["entries"][0]
    assert (entry.model_label, entry.object_id, entry.action) == (
        "reporting.reportinground",
        round_.pk,
        "~",
    )
    assert entry.who == world.coordinator
    assert [(c.field, c.old, c.new) for c in entry.changes] == [("locked", "no", "yes")]
    html = page.content.decode()
    assert "Changed" in html and "no → yes" in html


def test_the_page_lists_changes_made_through_actions_outside_a_request(world, as_user, english):
    # Given the coordinator renames an organisation through its action (as an import would)
    upsert_organisation(world.donre.code, user=world.coordinator, short_name="Sở TN&MT")

    # When the administrator opens the trail
    entries = as_user(world.admin).get(URL).context["entries"]

    # Then the change is there, by the coordinator, with the new short name
    entry = next(e for e in entries if e.model_label == "orgs.organisation" and e.action == "~")
    assert entry.object_id == world.donre.pk
    assert entry.who == world.coordinator
    assert [(c.field, c.new) for c in entry.changes] == [("short name", "Sở TN&MT")]


def test_entries_are_newest_first_and_paginated(world, as_user):
    # (Logging in stamps last_login only: that adds no history record.)
    # Given more history than a page holds
    for n in range(60):
        upsert_organisation(world.donre.code, user=world.coordinator, phone=f"0274 {n:04}")

    # When the administrator reads the first page, then follows its "Next" link
    first = as_user(world.admin).get(URL)
    second = as_user(world.admin).get(URL, {"after": first.context["page"].next.token()})

    # Then each page has at most 50 entries, newest first, the second carrying on where the
    # first ended, and the links carry the position
    dates = [e.when for e in first.context["entries"] + second.context["entries"]]
    assert len(first.context["entries"]) == 50
    assert dates == sorted(dates, reverse=True)
    assert first.context["entries"][0].changes[0].new == "0274 0059"
    assert first.context["page"].first and not first.context["page"].last
    assert not second.context["page"].first
    html = first.content.decode()
    assert f"after={first.context['page'].next.token()}" in html and "last=1" in html


def _walk(admin, params: dict, *, backwards: bool = False) -> list[list[tuple[str, int]]]:
    """Every page of the trail from the newest by "Next" links (or from the oldest by
    "Previous" links), as (model, history id) keys."""
    pages = []
    position = {"last": "1"} if backwards else {}
    while True:
        page = admin.get(URL, {**params, **position}).context["page"]
        pages.append([(e.model_label, e.history_id) for e in page.entries])
        step = page.previous if backwards else page.next
        if step is None:
            return pages
        position = {"before" if backwards else "after": step.token()}
        assert len(pages) < 50


def _all_keys(**filters) -> list[tuple[str, int]]:
    """Every record of the trail in its order, read table by table (the expected answer)."""
    from audit.trail import Filters, _filtered

    rows = []
    for label, model in audited_models().items():
        if filters.get("model") and label != filters["model"]:
            continue
        history = _filtered(model.history.all(), Filters(**filters))
        rows += [(d, pk, label) for pk, d in history.values_list("history_id", "history_date")]
    rows.sort(reverse=True)
    return [(label, pk) for _, pk, label in rows]


@pytest.mark.parametrize(
    "filters",
    [
        {},
        {"model": "orgs.organisation"},
        {"user": "coordinator"},
        {"action": "~", "date_from": "01/01/2020"},
    ],
)
def test_pages_hold_every_record_once_in_order_forwards_and_backwards(world, as_user, filters):
    # Given a history longer than three pages, many records sharing one date
    for n in range(70):
        upsert_organisation(world.donre.code, user=world.coordinator, phone=f"0274 {n:04}")
    build_reporting(world)
    same_time = timezone.make_aware(datetime.datetime(2025, 6, 1, 8))
    for model in (Plan, ReportingRound):
        model.history.all().update(history_date=same_time)
    admin = as_user(world.admin)
    params = {**filters}
    if "user" in params:
        params["user"] = getattr(world, params["user"]).pk
    expected_filters = {
        "model": params.get("model", ""),
        "user_id": params.get("user"),
        "action": params.get("action", ""),
        "date_from": datetime.date(2020, 1, 1) if "date_from" in params else None,
    }
    expected = _all_keys(**expected_filters)
    assert len(expected) > 50

    # When the administrator walks every page by "Next", then from the oldest by "Previous"
    forwards = _walk(admin, params)
    backwards = _walk(admin, params, backwards=True)

    # Then each walk holds every matching record exactly once, in the trail's order, no
    # page holds more than 50, and the oldest page ends with the oldest record
    assert [key for page in forwards for key in page] == expected
    assert [key for page in reversed(backwards) for key in page] == expected
    assert all(len(page) <= 50 for page in forwards + backwards)
    assert len(backwards[0]) == min(50, len(expected))
    assert backwards[0][-1] == expected[-1]


def test_a_malformed_position_shows_the_newest_page(world, as_user):
    admin = as_user(world.admin)
    newest = [e.history_id for e in admin.get(URL).context["entries"]]

    for token in ("x", "12_y_plans.plan", "9" * 40 + "_1_plans.plan"):
        response = admin.get(URL, {"after": token, "before": token})
        assert response.status_code == 200
        assert [e.history_id for e in response.context["entries"]] == newest


def test_a_page_never_counts_the_trail(world, as_user):
    build_reporting(world)
    admin = as_user(world.admin)
    admin.get(URL)

    for params in ({}, {"last": "1"}, {"user": world.coordinator.pk, "last": "1"}):
        with CaptureQueriesContext(connection) as captured:
            assert admin.get(URL, params).status_code == 200
        counts = [q["sql"] for q in captured if "COUNT(" in q["sql"].upper()]
        assert not [sql for sql in counts if "historical" in sql]  # (the header counts its own)


def test_filters_by_record_type_user_action_and_dates(world, as_user):
    # Given changes by two users on two kinds of records, one of them dated last year
    upsert_organisation(world.donre.code, user=world.coordinator, phone="0274 1")
    round_ = open_round(world.plan, 2019, user=world.coordinator)
    ApiToken.issue(world.staff, "agency system")
    old = ReportingRound.history.filter(id=round_.pk, history_type="+").get()
    old.history_date = timezone.make_aware(datetime.datetime(2024, 3, 15, 9))
    old.save()
    admin = as_user(world.admin)

    def listed(**params) -> set[tuple[str, str]]:
        entries = admin.get(URL, params).context["entries"]
        return {(e.model_label, e.action) for e in entries}

    # Then each filter keeps only what it names
    assert listed(model="orgs.organisation") <= {
        ("orgs.organisation", "+"),
        ("orgs.organisation", "~"),
    }
    assert ("orgs.organisation", "~") in listed(model="orgs.organisation", action="~")
    assert listed(model="orgs.organisation", action="-") == set()
    by_coordinator = admin.get(URL, {"user": world.coordinator.pk}).context["entries"]
    assert by_coordinator and {e.who for e in by_coordinator} == {world.coordinator}
    assert ("accounts.apitoken", "+") not in listed(user=world.coordinator.pk)
    assert ("accounts.apitoken", "+") in listed(model="accounts.apitoken")
    in_march = listed(date_from="01/03/2024", date_to="31/03/2024")
    assert in_march == {("reporting.reportinground", "+")}
    assert ("reporting.reportinground", "+") not in listed(date_from="16/03/2024")
    assert ("reporting.reportinground", "+") in listed(date_to="15/03/2024")


def test_an_invalid_filter_is_shown_and_lists_everything(world, as_user):
    response = as_user(world.admin).get(URL, {"date_from": "2024-31-12", "model": "no.such"})

    assert response.status_code == 200
    assert response.context["form"].errors.keys() == {"date_from", "model"}
    assert response.context["entries"]


@pytest.mark.parametrize(
    "persona", ["staff", "leader", "coordinator", "viewer", "other_coordinator", "ministry_viewer"]
)
def test_only_administrators_may_read_the_trail(world, as_user, persona):
    response = as_user(getattr(world, persona)).get(URL)

    assert response.status_code == 403


def test_anonymous_visitors_are_sent_to_the_login_page(client):
    response = client.get(URL)

    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/audit/")


def test_the_nav_links_to_the_trail_for_administrators_only(world, as_user):
    assert 'href="/audit/"' in as_user(world.admin).get("/").content.decode()
    assert 'href="/audit/"' not in as_user(world.coordinator).get("/").content.decode()


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_the_trail_cannot_be_written_to(world, as_user, method):
    count = ReportingRound.history.count() + Plan.history.count()

    response = getattr(as_user(world.admin), method)(URL, {"model": "plans.plan"})

    assert response.status_code == 405
    assert ReportingRound.history.count() + Plan.history.count() == count


def test_the_admin_shows_versions_but_does_not_revert_them(world, as_user):
    # Given a plan renamed once, and a staff superuser in the admin
    plan = world.plan
    first_title = plan.title
    plan.title = "Kế hoạch đã sửa"
    plan.save()
    first = plan.history.earliest("history_date")
    superuser = User.objects.create_superuser("root", "root@example.org", "pw-root-12345")
    admin = as_user(superuser)
    url = reverse("admin:plans_plan_simple_history", args=[plan.pk, first.history_id])

    # When it opens the first version, then posts it back (what "Revert" would do)
    page = admin.get(url)
    response = admin.post(url, {"title": first_title, "number": plan.number})

    # Then the version is shown without a revert button, and the post changes nothing
    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert response.status_code == 403
    plan.refresh_from_db()
    assert plan.title == "Kế hoạch đã sửa"


def test_every_domain_model_that_users_change_has_a_history():
    audited = set(audited_models())

    assert audited >= {
        "plans.plan",
        "plans.planitem",
        "plans.assignment",
        "plans.legaldocument",
        "orgs.organisation",
        "reporting.reportinground",
        "reporting.agencyreport",
        "reporting.reportitem",
        "reporting.itemfunding",
        "reporting.attachment",
        "documents.consolidatedreport",
        "indicators.indicator",
        "indicators.objective",
        "indicators.baseline",
        "indicators.target",
        "indicators.indicatorvalue",
        "indicators.referencestandard",
        "indicators.urbanclassification",
        "projects.project",
        "projects.budgetline",
        "projects.developmentplan",
        "accounts.user",
        "accounts.apitoken",
    }


def test_a_page_costs_the_same_number_of_queries_however_long_the_history(
    world, audit_page_queries
):
    # Given a little history on several kinds of records
    upsert_organisation(world.donre.code, user=world.coordinator, phone="1")
    build_reporting(world)
    few = audit_page_queries()

    # When the history grows tenfold over more objects of the same kinds
    for n in range(40):
        org = OrganisationFactory(parent=world.province)
        upsert_organisation(org.code, user=world.coordinator, phone=str(n))
        PlanItemFactory(plan=world.plan)
    many = audit_page_queries()

    # Then a page still costs a handful of queries per kind of record on it, not per entry
    assert many <= few
    assert many <= 2 * len(audited_models()) + 10


def test_logging_in_adds_nothing_to_the_trail(world, client):
    before = User.history.count()

    client.post("/login/", {"username": "staff", "password": "pw"})

    assert client.get("/").status_code == 200  # logged in
    assert User.history.count() == before


def test_every_history_table_indexes_the_trails_order_and_its_filter_by_user():
    # A page reads its records in the trail's order from these indexes
    for label, model in audited_models().items():
        indexed = [list(i.fields) for i in model.history.model._meta.indexes]
        assert ["history_date", "history_id"] in indexed, label
        assert ["history_user", "history_date", "history_id"] in indexed, label
