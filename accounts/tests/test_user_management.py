"""User management: a province's coordinator manages its accounts, never an administrator's
nor another province's; administrators manage all. Password reset by email; the first login
of an account made by someone else goes through the password change."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts import actions
from accounts.models import Role, User

STRONG = "Rừng-ngập-mặn-2030"
NEW = "Đồi-chè-xanh-99"


def _new(world, **over) -> dict:
    data = {
        "username": "new.staff",
        "first_name": "Lan",
        "last_name": "Nguyễn",
        "email": "lan@donre.gov.vn",
        "phone": "",
        "organisation": world.donre.pk,
        "role": Role.AGENCY_STAFF,
        "password": STRONG,
    }
    return data | over


def test_the_coordinator_creates_an_account_of_the_province(world, client):
    client.force_login(world.coordinator)
    answer = client.post(reverse("accounts:user_create"), _new(world))
    assert answer.status_code == 302
    person = User.objects.get(username="new.staff")
    assert person.organisation == world.donre and person.role == Role.AGENCY_STAFF
    assert person.must_change_password and person.check_password(STRONG)
    assert person.history.first().history_user == world.coordinator


@pytest.mark.parametrize(
    ("field", "value"),
    [("role", Role.ADMIN), ("organisation", "other_dpi")],
    ids=["an administrator", "another province's user"],
)
def test_the_coordinator_may_not_create(world, client, field, value):
    if value == "other_dpi":
        value = world.other_dpi.pk
    client.force_login(world.coordinator)
    answer = client.post(reverse("accounts:user_create"), _new(world, **{field: value}))
    assert answer.status_code == 400
    assert not User.objects.filter(username="new.staff").exists()
    # and the action refuses it whatever the form offers
    with pytest.raises(PermissionDenied):
        actions.create_user(
            actions.Account(
                username="x",
                role=Role.ADMIN if field == "role" else Role.VIEWER,
                organisation=world.other_dpi if field == "organisation" else world.donre,
            ),
            user=world.coordinator,
            password=STRONG,
        )


def test_the_form_offers_only_what_the_coordinator_may_give(world, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert 'value="admin"' not in page
    assert world.donre.name in page and world.other_dpi.name not in page


def test_the_list_shows_the_province_and_not_the_admins(world, client):
    client.force_login(world.coordinator)
    page = client.get(reverse("accounts:users")).content.decode()
    assert 'data-user="staff"' in page and 'data-user="viewer"' in page
    assert 'data-user="admin"' not in page and 'data-user="other_coordinator"' not in page


def test_the_coordinator_deactivates_and_changes_role(world, client):
    client.force_login(world.coordinator)
    url = reverse("accounts:user_edit", args=[world.staff.pk])
    answer = client.post(url, {"organisation": world.donre.pk, "role": Role.AGENCY_LEADER})
    assert answer.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.role == Role.AGENCY_LEADER and not world.staff.is_active


def test_the_coordinator_may_not_touch_admins_other_provinces_or_himself(world, client):
    client.force_login(world.coordinator)
    for target in (world.admin, world.other_coordinator):
        url = reverse("accounts:user_edit", args=[target.pk])
        assert client.get(url).status_code == 404
        client.post(url, {"organisation": world.dpi.pk, "role": Role.VIEWER, "is_active": "on"})
        target.refresh_from_db()
        assert target.role != Role.VIEWER
    own = reverse("accounts:user_edit", args=[world.coordinator.pk])
    assert client.post(own, {"organisation": world.dpi.pk, "role": Role.ADMIN}).status_code == 403
    world.coordinator.refresh_from_db()
    assert world.coordinator.role == Role.COORDINATOR and world.coordinator.is_active
    with pytest.raises(PermissionDenied):
        actions.update_user(
            world.staff,
            user=world.coordinator,
            role=Role.ADMIN,
            organisation=world.donre,
            is_active=True,
        )


def test_the_admin_may_make_an_administrator(world, client):
    client.force_login(world.admin)
    data = _new(world, role=Role.ADMIN, organisation=world.other_dpi.pk)
    assert client.post(reverse("accounts:user_create"), data).status_code == 302
    assert User.objects.get(username="new.staff").role == Role.ADMIN


@pytest.mark.parametrize("who", ["staff", "leader", "viewer"])
def test_others_may_not_manage_users(world, client, who):
    client.force_login(getattr(world, who))
    assert client.get(reverse("accounts:users")).status_code == 403
    assert client.post(reverse("accounts:user_create"), _new(world)).status_code == 403
    assert not User.objects.filter(username="new.staff").exists()


def test_a_weak_password_is_refused_in_vietnamese(world, client):
    client.force_login(world.coordinator)
    answer = client.post(reverse("accounts:user_create"), _new(world, password="123"))
    assert answer.status_code == 400
    assert not User.objects.filter(username="new.staff").exists()
    assert "Mật khẩu" in answer.content.decode()


def test_first_login_goes_through_the_password_change(world, client):
    person = actions.create_user(
        actions.Account(username="new.staff", role=Role.AGENCY_STAFF, organisation=world.donre),
        user=world.coordinator,
        password=STRONG,
    )
    client.force_login(person)
    answer = client.get(reverse("home"))
    assert answer.status_code == 302
    assert answer["Location"].startswith(reverse("accounts:password_change"))
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert 'id="first-login"' in page
    answer = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": STRONG,
            "new_password1": "Đồi-chè-xanh-99",
            "new_password2": "Đồi-chè-xanh-99",
        },
    )
    assert answer.status_code == 302
    person.refresh_from_db()
    assert not person.must_change_password
    assert client.get(reverse("home")).status_code == 200


def test_password_reset_by_email(world, client):
    world.staff.email = "staff@donre.gov.vn"
    world.staff.save(update_fields=["email"])
    answer = client.post(reverse("accounts:password_reset"), {"email": "staff@donre.gov.vn"})
    assert answer.status_code == 302
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["staff@donre.gov.vn"]
    link = re.search(r"http://\S+/accounts/password/reset/\S+/", mail.outbox[0].body)
    assert link is not None
    path = link.group(0).split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    answer = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "Đồi-chè-xanh-99", "new_password2": "Đồi-chè-xanh-99"},
    )
    assert answer.status_code == 302
    world.staff.refresh_from_db()
    assert world.staff.check_password("Đồi-chè-xanh-99")
    # an unknown address sends nothing and says the same
    client.post(reverse("accounts:password_reset"), {"email": "nobody@x.vn"})
    assert len(mail.outbox) == 1


def test_the_login_page_links_to_the_reset(client, db):
    assert reverse("accounts:password_reset") in client.get(reverse("login")).content.decode()


def test_the_user_list_takes_a_constant_number_of_queries(world, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from greenplan.testing.factories import UserFactory

    client.force_login(world.coordinator)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("accounts:users"))
    for _ in range(10):
        UserFactory(organisation=world.donre, role=Role.AGENCY_STAFF)
    with CaptureQueriesContext(connection) as many:
        page = client.get(reverse("accounts:users")).content.decode()
    assert (
        page.count("<tr data-user=")
        == User.objects.filter(organisation__province=world.province)
        .exclude(role=Role.ADMIN)
        .count()
    )
    assert len(many) == len(few)
