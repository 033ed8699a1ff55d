"""Requests refused before they reach a view: too large (by Content-Length), or carrying a NUL.

Both answers are the site's own: a Vietnamese page, or the API's JSON error shape under /api/.
"""

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from accounts.models import ApiToken

BIG = 2 * 1024**3  # the 2 GB attachment of issue 12


@pytest.fixture
def bearer():
    def headers(user) -> dict[str, str]:
        _token, key = ApiToken.issue(user, "test")
        return {"Authorization": f"Bearer {key}"}

    return headers


class _EndlessBody:
    """A body that fails the test if anybody reads it."""

    def read(self, *args: object) -> bytes:
        raise AssertionError("the body was read")

    readline = read


def _post_claiming(client: Client, path: str, length: int, **extra: Any):
    return client.generic(
        "POST",
        path,
        content_type="multipart/form-data; boundary=x",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": _EndlessBody(), **extra},
    )


def test_a_huge_body_is_refused_by_its_length_before_it_is_read(world, as_user):
    client = as_user(world.staff)

    response = _post_claiming(client, "/reporting/reports/1/attachments/", BIG)

    assert response.status_code == 413
    html = response.content.decode()
    assert "Yêu cầu quá lớn" in html
    assert "10,0" in html or "10.0" in html  # the upload limit, in words a user reads


def test_a_huge_api_body_gets_the_api_error_shape(world):
    _token, key = ApiToken.issue(world.staff, "agency system")

    response = _post_claiming(Client(), "/api/projects", BIG, HTTP_AUTHORIZATION=f"Bearer {key}")

    assert response.status_code == 413
    assert response["Content-Type"].startswith("application/json")
    assert "Yêu cầu quá lớn" in response.json()["detail"]


def test_the_limit_follows_the_upload_limit_plus_a_margin(world, as_user, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    client = as_user(world.staff)

    assert (
        _post_claiming(client, "/reporting/reports/1/attachments/", 1000 + 2 * 1024**2).status_code
        == 413
    )
    # Above the file limit but within the margin: the view answers (here, a redirect).
    response = client.post(reverse("set_language"), {"language": "vi", "next": "/" + "x" * 1200})
    assert response.status_code == 302


def test_memory_caps_are_set():
    from django.conf import settings

    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024**2
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE <= 5 * 1024**2


def test_a_nul_in_an_api_query_parameter_is_a_400_not_a_500(world, bearer):
    response = Client().get(
        f"/api/plans/{world.plan.pk}/items?q=a%00b", headers=bearer(world.coordinator)
    )

    assert response.status_code == 422  # as for any value of the wrong shape
    [error] = response.json()["errors"]
    assert error["loc"] == ["query", "q"] and "ký tự NUL" in error["msg"]


def test_a_nul_in_a_page_query_parameter_is_a_400(world, as_user):
    response = as_user(world.coordinator).get(
        reverse("plans:items", args=[world.plan.pk]) + "?q=a%00b"
    )

    assert response.status_code == 400
    assert "ký tự NUL" in response.content.decode()


def test_a_nul_in_api_json_text_is_refused_by_the_schema(world, bearer):
    response = Client().post(
        "/api/projects",
        '{"title": "a\\u0000b"}',
        content_type="application/json",
        headers=bearer(world.staff),
    )

    assert response.status_code == 422
    title = [e for e in response.json()["errors"] if e["loc"][-1] == "title"]
    assert title and "NUL" in title[0]["msg"]


def test_an_escaped_backslash_before_u0000_is_not_a_nul(world, bearer):
    response = Client().get(
        f"/api/plans/{world.plan.pk}/items?q=a%5Cu0000b", headers=bearer(world.coordinator)
    )

    assert response.status_code == 200


def test_form_or_json_data_above_the_memory_cap_is_told_as_too_large(world, bearer, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = '{"title": "' + "x" * 2000 + '"}'

    response = Client().post(
        "/api/projects", body, content_type="application/json", headers=bearer(world.staff)
    )

    assert response.status_code == 413
    assert "Yêu cầu quá lớn" in response.json()["detail"]
