"""Projects linked to organisations that the 2025 restructuring closed stay editable.

Links that exist stay valid; only a new link must name an organisation still open.
"""

from __future__ import annotations

import datetime

import pytest
from django.test import Client

from greenplan.testing.api_errors import errors_by_field
from orgs.models import Organisation
from projects.models import Project

CLOSED_ON = datetime.date(2025, 6, 30)


def _patch(client: Client, project: Project, body: dict):
    return client.patch(
        f"/api/projects/{project.pk}",
        {"version": project.version, **body},
        content_type="application/json",
    )


@pytest.fixture
def land_plan(demo) -> Project:
    return Project.objects.get(title__contains="phân bổ đất công")


def _close(org: Organisation) -> None:
    Organisation.objects.filter(pk=org.pk).update(valid_to=CLOSED_ON)


def test_an_unchanged_patch_answers_200(api, land_plan):
    response = _patch(api("donre.staff"), land_plan, {})

    assert response.status_code == 200, response.json()
    assert response.json()["title"] == land_plan.title


def test_a_project_whose_partner_was_closed_can_still_be_changed(api, land_plan):
    partner = Organisation.objects.get(code="bd-sxd")
    land_plan.partners.add(partner)
    _close(partner)
    land_plan.refresh_from_db()

    response = _patch(api("donre.staff"), land_plan, {"title": "Đề án đất công (sửa)"})

    assert response.status_code == 200, response.json()
    assert "bd-sxd" in response.json()["partner_codes"]
    assert land_plan.partners.filter(pk=partner.pk).exists()
    assert _patch(api("donre.staff"), Project.objects.get(pk=land_plan.pk), {}).status_code == 200


def test_a_project_whose_location_was_closed_can_still_be_changed(api, land_plan):
    location = Organisation.objects.get(code="ubnd-binh-duong")
    Project.objects.filter(pk=land_plan.pk).update(location_organisation=location)
    _close(location)
    land_plan.refresh_from_db()

    response = _patch(api("donre.staff"), land_plan, {"notes": "Địa bàn cũ vẫn giữ."})

    assert response.status_code == 200, response.json()
    assert Project.objects.get(pk=land_plan.pk).location_organisation_id == location.pk


def test_a_closed_organisation_cannot_be_newly_linked(api, land_plan):
    partner = Organisation.objects.get(code="bd-sxd")
    land_plan.partners.remove(partner)
    _close(partner)
    land_plan.refresh_from_db()

    response = _patch(api("donre.staff"), land_plan, {"partner_codes": ["bd-sxd"]})

    assert response.status_code == 422
    assert "partner_codes" in errors_by_field(response.json())
    assert not land_plan.partners.filter(pk=partner.pk).exists()
