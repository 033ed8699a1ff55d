"""The consolidation page: generate versions, download them, mark one as sent; who may."""

from __future__ import annotations

import io

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from docx import Document

from accounts.models import Role
from documents import actions
from documents.models import ConsolidatedReport
from greenplan.testing.factories import OrganisationFactory, UserFactory
from orgs.models import OrganisationKind


def user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def coordinator(demo_db):
    return user("dpi.coordinator")


def page(round_) -> str:
    return reverse("documents:consolidation", args=[round_.pk])


def generate(client, round_, **narrative):
    return client.post(page(round_), {"overview": "Đánh giá chung đã sửa.", **narrative})


def test_the_coordinator_sees_the_coverage_and_a_form_pre_filled_from_the_data(
    round_2018, coordinator, as_user
):
    response = as_user(coordinator).get(page(round_2018))

    html = response.content.decode()
    assert 'data-count="expected">20<' in html
    assert 'data-count="received">5<' in html
    assert 'data-count="accepted">4<' in html
    form = response.context["form"]
    assert form.initial["overview"].startswith("Trong số 64 hoạt động, nhiệm vụ")
    assert form.initial["signer_title"] == "GIÁM ĐỐC"
    assert 'id="pdf-unavailable"' in html  # no converter in the test settings
    # the web page renders the same object: one row per activity, each linked to its source
    assert html.count("<tr data-item=") == 64
    assert (
        reverse("reporting:report", args=[response.context["data"].accepted_reports[0].report_id])
        in html
    )


def test_generating_stores_a_new_version_with_its_files_and_narrative(
    round_2018, coordinator, as_user, settings
):
    client = as_user(coordinator)

    response = generate(client, round_2018)

    assert response.status_code == 302
    version = ConsolidatedReport.objects.get(round=round_2018)
    assert version.version == 1
    assert version.build == "ready" and version.progress == 100
    assert version.status == "draft"
    assert version.generated_by == coordinator
    assert (version.expected, version.received, version.accepted) == (20, 5, 4)
    assert version.narrative["overview"] == "Đánh giá chung đã sửa."
    assert str(settings.MEDIA_ROOT) in version.docx.path
    assert not version.pdf
    download = client.get(reverse("documents:download", args=[version.pk, "docx"]))
    assert download.status_code == 200
    doc = Document(io.BytesIO(b"".join(download.streaming_content)))
    assert "Đánh giá chung đã sửa." in "\n".join(p.text for p in doc.paragraphs)
    xlsx = client.get(reverse("documents:download", args=[version.pk, "xlsx"]))
    assert xlsx["Content-Type"].endswith("spreadsheetml.sheet")
    # the next page pre-fills the form with the narrative last used
    assert client.get(page(round_2018)).context["form"].initial["overview"] == (
        "Đánh giá chung đã sửa."
    )


def test_a_sent_version_is_frozen_and_the_next_generation_is_a_new_version(
    round_2018, coordinator, as_user
):
    client = as_user(coordinator)
    generate(client, round_2018)
    first = ConsolidatedReport.objects.get(round=round_2018, version=1)
    docx_name = first.docx.name

    asked = client.post(reverse("documents:mark_sent", args=[first.pk]))
    assert asked.status_code == 200 and 'id="confirm-step"' in asked.content.decode()
    first.refresh_from_db()
    assert first.status == "draft"  # nothing done before the confirmation
    response = client.post(reverse("documents:mark_sent", args=[first.pk]), {"confirm": "1"})

    assert response.status_code == 302
    first.refresh_from_db()
    assert first.status == "sent" and first.sent_by == coordinator and first.sent_at
    again = client.post(reverse("documents:mark_sent", args=[first.pk]), follow=True)
    assert "Phiên bản này đã được gửi." in again.content.decode()
    actions.build_files(first.pk)  # a rebuild of a sent version does nothing
    first.refresh_from_db()
    assert first.docx.name == docx_name
    generate(client, round_2018, overview="Bản sửa lần 2.")
    assert list(round_2018.consolidated_reports.values_list("version", "status")) == [
        (2, "draft"),
        (1, "sent"),
    ]
    first.refresh_from_db()
    assert first.narrative["overview"] == "Đánh giá chung đã sửa."


def test_marking_twice_is_refused(round_2018, coordinator):
    version = actions.generate_consolidated_report(round_2018, user=coordinator)
    actions.mark_sent(version, user=coordinator)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="đã được gửi"):
        actions.mark_sent(version, user=coordinator)


def test_an_agency_cannot_see_or_generate(round_2018, as_user):
    client = as_user(user("donre.staff"))

    assert client.get(page(round_2018)).status_code == 404
    assert generate(client, round_2018).status_code == 404
    assert not ConsolidatedReport.objects.exists()


def test_a_viewer_reads_only_sent_versions_and_cannot_generate(round_2018, coordinator, as_user):
    draft = actions.generate_consolidated_report(round_2018, user=coordinator)
    viewer = as_user(user("province.viewer"))

    response = viewer.get(page(round_2018))
    assert response.status_code == 200
    assert response.context["form"] is None
    assert 'id="narrative-form"' not in response.content.decode()
    assert generate(viewer, round_2018).status_code == 403
    assert viewer.get(reverse("documents:download", args=[draft.pk, "docx"])).status_code == 404

    actions.mark_sent(draft, user=coordinator)

    assert viewer.get(reverse("documents:download", args=[draft.pk, "docx"])).status_code == 200
    assert viewer.post(reverse("documents:mark_sent", args=[draft.pk])).status_code == 403
    assert ConsolidatedReport.objects.count() == 1


def test_another_province_sees_nothing(round_2018, coordinator, as_user):
    version = actions.generate_consolidated_report(round_2018, user=coordinator)
    province = OrganisationFactory(kind=OrganisationKind.PROVINCE, name="UBND tỉnh Đồng Nai")
    dpi = OrganisationFactory(parent=province)
    other = as_user(UserFactory(organisation=dpi, role=Role.COORDINATOR))

    assert other.get(page(round_2018)).status_code == 404
    assert generate(other, round_2018).status_code == 404
    assert other.get(reverse("documents:download", args=[version.pk, "docx"])).status_code == 404
    assert other.post(reverse("documents:mark_sent", args=[version.pk])).status_code == 404
    with pytest.raises(PermissionDenied):
        actions.generate_consolidated_report(round_2018, user=dpi.users.get())


def test_nothing_accepted_nothing_generated(round_2018, coordinator, as_user):
    round_2018.reports.filter(status="accepted").update(status="submitted")
    client = as_user(coordinator)

    response = client.get(page(round_2018))
    assert 'id="nothing-accepted"' in response.content.decode()
    response = generate(client, round_2018)
    assert response.status_code == 200
    assert "không có nội dung để tổng hợp" in response.content.decode()
    assert not ConsolidatedReport.objects.exists()


def test_in_the_background_the_row_shows_progress_and_polls_until_ready(
    round_2018, coordinator, as_user, django_capture_on_commit_callbacks
):
    client = as_user(coordinator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        version = actions.generate_consolidated_report(
            round_2018, user=coordinator, background=True
        )
    assert len(callbacks) == 1  # the thread starts once the version is committed
    assert version.build == "queued"
    row = client.get(reverse("documents:version_row", args=[version.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in row and "<progress" in row

    actions.build_files(version.pk)  # what the thread runs

    row = client.get(reverse("documents:version_row", args=[version.pk])).content.decode()
    assert "hx-trigger" not in row
    assert reverse("documents:download", args=[version.pk, "docx"]) in row


def test_a_pdf_is_offered_where_a_converter_is_installed(
    round_2018, coordinator, as_user, settings, monkeypatch
):
    settings.DOCUMENTS_SOFFICE = "true"  # any program on PATH: the conversion is faked
    monkeypatch.setattr(actions, "docx_to_pdf", lambda docx: b"%PDF-1.4 converted")
    client = as_user(coordinator)

    version = actions.generate_consolidated_report(round_2018, user=coordinator)

    response = client.get(reverse("documents:download", args=[version.pk, "pdf"]))
    assert b"".join(response.streaming_content) == b"%PDF-1.4 converted"
    assert response["Content-Disposition"].startswith("inline")
    assert 'id="pdf-unavailable"' not in client.get(page(round_2018)).content.decode()
