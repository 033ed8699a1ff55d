import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.models import Attachment


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def upload(client, report, name, content):
    return client.post(
        f"/reporting/reports/{report.pk}/attachments/",
        {"file": SimpleUploadedFile(name, content)},
    )


def test_staff_attach_a_pdf_and_a_docx_and_the_agency_downloads_them(rep, as_user):
    client = as_user(rep.world.staff)
    upload(client, rep.donre_report, "bao-cao.pdf", b"%PDF-1.7\n...")
    upload(client, rep.donre_report, "phu-luc.docx", docx_bytes())
    files = {a.original_name: a for a in rep.donre_report.attachments.all()}
    assert set(files) == {"bao-cao.pdf", "phu-luc.docx"}
    assert files["phu-luc.docx"].content_type.endswith("wordprocessingml.document")
    response = client.get(f"/reporting/attachments/{files['bao-cao.pdf'].pk}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    # the file is not under a guessable public name
    assert "bao-cao" not in files["bao-cao.pdf"].file.name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.exe", b"MZ\x90\x00\x03rest of an executable"),
        ("report.pdf", b"MZ\x90\x00 an executable named .pdf"),
        ("script.sh", b"#!/bin/sh\nrm -rf /"),
        ("archive.zip", b"PK\x03\x04 not an office file"),
    ],
)
def test_executables_and_other_types_are_refused(rep, as_user, name, content):
    response = upload(as_user(rep.world.staff), rep.donre_report, name, content)
    assert response.status_code == 302
    assert not Attachment.objects.exists()


def test_an_oversized_file_is_refused_with_a_message(rep, as_user, settings):
    settings.UPLOAD_MAX_BYTES = 100
    client = as_user(rep.world.staff)
    response = upload(client, rep.donre_report, "big.pdf", b"%PDF-" + b"x" * 200)
    assert not Attachment.objects.exists()
    page = client.get(response["Location"]).content.decode()
    assert "100" in page and 'class="error"' in page


def test_other_agencies_and_guessed_ids_cannot_download(rep, as_user):
    upload(as_user(rep.world.staff), rep.donre_report, "bao-cao.pdf", b"%PDF-1.7")
    attachment = Attachment.objects.get()
    for who in ("other_staff", "viewer", "other_coordinator"):
        response = as_user(getattr(rep.world, who)).get(f"/reporting/attachments/{attachment.pk}/")
        assert response.status_code == 404
    assert (
        as_user(rep.world.coordinator).get(f"/reporting/attachments/{attachment.pk}/").status_code
        == 200
    )


def test_other_agencies_cannot_attach(rep, as_user):
    response = upload(as_user(rep.world.other_staff), rep.donre_report, "x.pdf", b"%PDF-1.7")
    assert response.status_code == 404
    assert not Attachment.objects.exists()


def test_a_pdf_named_html_is_stored_and_downloaded_as_pdf(rep, as_user):
    # A PDF-headed polyglot.html downloaded as .html: opened from the downloads folder, the
    # browser would render it as a page (#12 item 20).
    client = as_user(rep.world.staff)
    upload(client, rep.donre_report, "polyglot.html", b"%PDF-1.7\n<html><script>x</script>")

    attachment = rep.donre_report.attachments.get()
    assert attachment.original_name == "polyglot.pdf"
    assert attachment.file.name.endswith(".pdf")
    response = client.get(f"/reporting/attachments/{attachment.pk}/")
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="polyglot.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_an_evidence_file_stored_with_a_misleading_name_is_served_under_its_type(rep, as_user):
    client = as_user(rep.world.staff)
    upload(client, rep.donre_report, "anh.png", b"\x89PNG\r\n\x1a\nrest")
    attachment = rep.donre_report.attachments.get()
    Attachment.objects.filter(pk=attachment.pk).update(original_name="anh.html")  # stored before

    response = client.get(f"/reporting/attachments/{attachment.pk}/")

    assert response["Content-Disposition"] == 'attachment; filename="anh.png"'
    assert response["Content-Type"] == "image/png"
