"""With DEBUG off, errors answer the site's own pages in Vietnamese, and JSON under /api/."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from greenplan import error_pages

ENGLISH_DEFAULTS = ["Not Found", "Forbidden", "Bad Request", "Server Error", "CSRF verification"]


def _assert_own_page(response, status: int, vietnamese: str) -> None:
    assert response.status_code == status
    html = response.content.decode()
    assert vietnamese in html
    assert 'rel="icon"' in html
    for english in ENGLISH_DEFAULTS:
        assert english not in html


def test_an_unknown_page_is_the_sites_own_404(world, as_user):
    response = as_user(world.staff).get("/no-such-page/")

    _assert_own_page(response, 404, "Không tìm thấy trang")
    assert "greenplan" in response.content.decode()


def test_a_forbidden_page_is_the_sites_own_403(world, as_user):
    response = as_user(world.viewer).get(reverse("audit:list"))

    _assert_own_page(response, 403, "Không có quyền truy cập")


def test_a_bad_host_is_the_sites_own_400(db):
    response = Client(HTTP_HOST="evil.example").get("/")

    _assert_own_page(response, 400, "Yêu cầu không hợp lệ")


def test_a_csrf_failure_is_the_sites_own_page_without_details(world):
    client = Client(enforce_csrf_checks=True)

    response = client.post(reverse("login"), {"username": "staff", "password": "pw"})

    _assert_own_page(response, 403, "Biểu mẫu đã hết hạn")
    assert "Referer" not in response.content.decode()


def test_the_500_page_renders_without_a_database_or_a_context():
    # No `db` fixture: any database access here would fail the test.
    request = RequestFactory().get("/plans/1/")

    response = error_pages.server_error(request)

    _assert_own_page(response, 500, "Hệ thống gặp lỗi")


def test_the_500_page_is_in_english_for_an_english_user():
    with translation.override("en"):
        response = error_pages.server_error(RequestFactory().get("/"))

    assert "Something went wrong on our side" in response.content.decode()


def test_every_page_links_a_favicon_that_exists(db, client):
    html = client.get(reverse("login")).content.decode()

    assert 'rel="icon"' in html
    from django.contrib.staticfiles import finders

    assert finders.find("greenplan/favicon.svg")


# The API keeps its JSON error shape, in the caller's language.


def test_an_anonymous_api_post_is_401_not_a_csrf_403(world):
    response = Client(enforce_csrf_checks=True).post(
        "/api/projects", "{}", content_type="application/json"
    )

    assert response.status_code == 401
    assert "Đăng nhập" in response.json()["detail"] or "Bearer" in response.json()["detail"]


def test_a_session_post_without_the_csrf_token_is_a_vietnamese_403(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.staff)

    response = client.post("/api/projects", "{}", content_type="application/json")

    assert response.status_code == 403
    assert "CSRF" in response.json()["detail"]
    assert "Failed" not in response.json()["detail"]
    assert "X-CSRFToken" in response.json()["detail"]


def test_a_wrong_method_answers_json_405(world, as_user):
    response = as_user(world.staff).delete("/api/plans")

    assert response.status_code == 405
    assert response["Content-Type"].startswith("application/json")
    assert "DELETE" in response.json()["detail"]
    assert "GET" in response["Allow"]


@pytest.mark.parametrize("debug", [False, True])
def test_an_unknown_api_route_answers_json_404(world, as_user, settings, debug):
    settings.DEBUG = debug

    response = as_user(world.staff).get("/api/no-such-thing")

    assert response.status_code == 404
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_malformed_json_body_is_told_in_vietnamese(world, as_user):
    response = as_user(world.staff).post(
        "/api/projects", "{not json", content_type="application/json"
    )

    assert response.status_code == 400
    assert "JSON" in response.json()["detail"]
    assert "Cannot parse" not in response.json()["detail"]


def test_validation_messages_are_in_vietnamese(world, as_user):
    response = as_user(world.staff).post("/api/projects", "{}", content_type="application/json")

    assert response.status_code == 422
    messages = [error["msg"] for error in response.json()["errors"]]
    assert messages and all(m == "Bắt buộc." for m in messages), messages


def test_a_403_tells_the_actions_reason_when_it_has_one():
    request = RequestFactory().get("/reporting/reports/1/")
    request.user = AnonymousUser()

    with translation.override("en"):
        response = error_pages.permission_denied(
            request, PermissionDenied("Only the agency's leader may submit this report.")
        )

    assert response.status_code == 403
    assert "Only the agency&#x27;s leader may submit this report." in response.content.decode()
