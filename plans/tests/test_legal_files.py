"""Legal document files are served under the type of their content (#12 item 20)."""

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse

from plans.models import LegalDocument


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def serve(client, name: str, content: bytes):
    document = LegalDocument.objects.create(number="01/2025/QĐ-UBND", title="Quyết định thử")
    document.file.save(name, ContentFile(content), save=True)
    return client.get(reverse("plans:legal_file", args=[document.pk]))


def test_an_html_file_is_downloaded_not_rendered(world, as_user):
    response = serve(as_user(world.viewer), "luat.html", b"<html><script>alert(1)</script>")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_checked_pdf_opens_in_the_browser(world, as_user):
    response = serve(as_user(world.viewer), "qd.pdf", b"%PDF-1.4 law")

    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline;")
    assert response["X-Content-Type-Options"] == "nosniff"


def test_a_pdf_named_html_opens_as_the_pdf_it_is(world, as_user):
    response = serve(as_user(world.viewer), "qd.html", b"%PDF-1.4 law")

    assert response["Content-Type"] == "application/pdf"
    assert 'filename="qd.pdf"' in response["Content-Disposition"]
