"""The audit page: administrators read who changed what and when; nobody edits it."""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
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

    # When the administrator reads the first two pages
    first = as_user(world.admin).get(URL).context
    second = as_user(world.admin).get(URL, {"page": 2}).context

    # Then each page has 50 entries, newest first, the second carrying on where the first ended
    dates = [e.when for e in first["entries"] + second["entries"]]
    assert len(first["entries"]) == 50
    assert dates == sorted(dates, reverse=True)
    assert first["entries"][0].changes[0].new == "0274 0059"
    assert first["page"].paginator.count == second["page"].paginator.count > 60


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
    assert response.context["page"].paginator.count > 0


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
