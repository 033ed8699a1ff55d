"""The header: the API link only for token holders, user management only for those who
manage users, the inbox, notifications and help for everyone signed in."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import ApiToken


def _home(client, user) -> str:
    client.force_login(user)
    return client.get(reverse("home")).content.decode()


def test_the_api_link_only_for_token_holders(world, client):
    assert 'id="nav-api"' not in _home(client, world.staff)
    ApiToken.issue(world.staff, "hệ thống của sở")
    assert 'id="nav-api"' in _home(client, world.staff)


def test_user_management_link_for_coordinators_and_admins_only(world, client):
    assert 'id="nav-users"' in _home(client, world.coordinator)
    assert 'id="nav-users"' in _home(client, world.admin)
    for person in (world.staff, world.leader, world.viewer):
        page = _home(client, person)
        assert 'id="nav-users"' not in page
        assert 'id="nav-inbox"' in page and 'id="nav-help"' in page


def test_skip_link_and_landmarks(world, client):
    page = _home(client, world.staff)
    assert '<a class="skip-link" href="#main">Chuyển đến nội dung chính</a>' in page
    assert '<main id="main"' in page and '<html lang="vi">' in page
