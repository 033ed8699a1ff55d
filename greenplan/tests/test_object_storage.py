"""Files in S3-compatible object storage (STORAGE_BACKEND=s3, core.object_storage), tested
against the S3 API as moto's server implements it (moto[server], on 127.0.0.1 in this
process): evidence uploaded and downloaded through the permission-checked view, a
consolidated report built and downloaded, an unreachable service refused with a message and
no row, and nothing written under MEDIA_ROOT on the way."""

from __future__ import annotations

import socket
import uuid

import boto3
import pytest
from botocore.config import Config
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from documents.models import ConsolidatedReport
from greenplan.backup import model_counts
from plans.models import LegalDocument
from reporting.models import Attachment, ReportingRound
from reporting.tests.conftest import build_reporting

CREDENTIALS = {"access_key": "testing", "secret_key": "testing", "region_name": "us-east-1"}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="session")
def s3_endpoint():
    from moto.server import ThreadedMotoServer

    port = free_port()
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=port, verbose=False)
    server.start()
    yield f"http://127.0.0.1:{port}"
    server.stop()


def object_storage(endpoint: str, bucket: str, **extra) -> dict:
    return {
        "BACKEND": "core.object_storage.ObjectStorage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": endpoint,
            "default_acl": None,
            "file_overwrite": False,
            **CREDENTIALS,
            **extra,
        },
    }


@pytest.fixture
def bucket(s3_endpoint, settings, tmp_path):
    """A fresh bucket as the site's default storage; MEDIA_ROOT an empty folder that must
    stay empty."""
    name = f"greenplan-{uuid.uuid4().hex[:12]}"
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        aws_access_key_id="testing",
        aws_secret_access_key="testing",
        region_name="us-east-1",
    )
    client.create_bucket(Bucket=name)
    settings.STORAGES = {**settings.STORAGES, "default": object_storage(s3_endpoint, name)}
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = False
    settings.DOCUMENTS_SOFFICE = ""

    def keys() -> list[str]:
        listed = client.list_objects_v2(Bucket=name)
        return sorted(o["Key"] for o in listed.get("Contents", []))

    yield keys
    assert not (tmp_path / "media").exists() or not any((tmp_path / "media").rglob("*"))


def test_evidence_is_stored_in_the_bucket_and_downloaded_through_the_view(bucket, world, as_user):
    rep = build_reporting(world)
    client = as_user(world.staff)
    content = b"%PDF-1.7\nbien ban nghiem thu"
    response = client.post(
        f"/reporting/reports/{rep.donre_report.pk}/attachments/",
        {"file": SimpleUploadedFile("bien-ban.pdf", content)},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert bucket() == [attachment.file.name]

    downloaded = client.get(f"/reporting/attachments/{attachment.pk}/")
    assert downloaded.status_code == 200
    assert b"".join(downloaded.streaming_content) == content
    # the view still decides who may read it
    other = as_user(world.other_staff).get(f"/reporting/attachments/{attachment.pk}/")
    assert other.status_code == 404


def test_a_consolidated_report_is_built_into_the_bucket_and_downloaded(demo, bucket, as_user):
    # (the demo first: its files are restored before the bucket becomes the storage)
    coordinator = get_user_model().objects.get(username="dpi.coordinator")
    round_ = ReportingRound.objects.get(plan__number="1847/KH-UBND", year=2018)
    earlier = set(ConsolidatedReport.objects.filter(round=round_).values_list("pk", flat=True))
    client = as_user(coordinator)
    response = client.post(
        reverse("documents:consolidation", args=[round_.pk]), {"overview": "Đánh giá chung."}
    )
    assert response.status_code == 302
    version = ConsolidatedReport.objects.filter(round=round_).exclude(pk__in=earlier).get()
    assert version.build == ConsolidatedReport.Build.READY
    assert bucket() == sorted([version.docx.name, version.xlsx.name])

    for kind, magic in (("docx", b"PK"), ("xlsx", b"PK")):
        answer = client.get(reverse("documents:download", args=[version.pk, kind]))
        assert answer.status_code == 200
        body = b"".join(answer.streaming_content)
        assert body.startswith(magic) and len(body) == getattr(version, kind).size


def test_an_unreachable_object_store_refuses_the_upload_with_a_message_and_no_row(
    settings, world, as_user, tmp_path
):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": object_storage(
            f"http://127.0.0.1:{free_port()}",  # nobody listens there
            "greenplan-missing",
            client_config=Config(retries={"max_attempts": 1}, connect_timeout=2),
        ),
    }
    rep = build_reporting(world)
    client = as_user(world.staff)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post(
        f"/reporting/reports/{rep.donre_report.pk}/attachments/",
        {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7")},
        follow=True,
    )
    assert "The server could not store the file: it was not saved." in response.content.decode()
    assert not Attachment.objects.exists()


def test_backup_and_restore_read_and_write_the_files_through_the_bucket(bucket, world, tmp_path):
    document = LegalDocument.objects.create(number="403/QĐ-TTg", title="Quyết định 403")
    document.file.save("qd-403.pdf", ContentFile(b"%PDF-1.4 demo"))
    kept_name = document.file.name
    before = model_counts()
    archive = tmp_path / "backup.zip"  # the archive: a local path the administrator names
    call_command("backup", str(archive))

    # after the backup: one file deleted, one added, one row added
    from django.core.files.storage import default_storage

    default_storage.delete(kept_name)
    later = LegalDocument.objects.create(number="1/2026/QĐ", title="added after the backup")
    later.file.save("later.pdf", ContentFile(b"%PDF-1.4 later"))
    assert bucket() == [later.file.name]

    call_command("restore", str(archive))

    assert model_counts() == before
    assert bucket() == [kept_name]
    restored = LegalDocument.objects.get(number="403/QĐ-TTg")
    with restored.file.open("rb") as stored:
        assert stored.read() == b"%PDF-1.4 demo"


def test_a_restore_failing_in_the_database_leaves_the_bucket_as_it_was(
    bucket, world, tmp_path, monkeypatch
):
    from greenplan import backup

    document = LegalDocument.objects.create(number="403/QĐ-TTg", title="Quyết định 403")
    document.file.save("qd-403.pdf", ContentFile(b"%PDF-1.4 demo"))
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    from django.core.files.storage import default_storage

    default_storage.delete(document.file.name)
    assert bucket() == []

    def broken(*args, **kwargs):
        raise backup.RestoreError("row counts differ after restore: {}")

    monkeypatch.setattr(backup, "_load_data", broken)
    with pytest.raises(Exception, match="nothing changed|row counts"):
        call_command("restore", str(archive))
    assert bucket() == []  # the file it had put back is gone again


def storage_in_a_process(**environ: str) -> str:
    """The default storage a process started with these variables builds (or its error)."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    code = (
        "import django; django.setup(); from django.core.files.storage import default_storage;"
        "s = default_storage._setup() or default_storage._wrapped;"
        "print(type(s).__module__, type(s).__name__, getattr(s, 'bucket_name', ''),"
        " getattr(s, 'endpoint_url', ''), getattr(s, 'file_overwrite', ''))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "greenplan.settings", **environ}
    done = subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code],
        cwd=Path(__file__).resolve().parents[2],
        env=env,
        capture_output=True,
        text=True,
    )
    return done.stdout + done.stderr


def test_storage_backend_s3_builds_the_object_storage_from_the_aws_settings():
    out = storage_in_a_process(
        STORAGE_BACKEND="s3",
        AWS_STORAGE_BUCKET_NAME="greenplan-files",
        AWS_S3_ENDPOINT_URL="https://s3.example.vn",
        AWS_S3_ADDRESSING_STYLE="path",
    )
    assert "core.object_storage ObjectStorage greenplan-files https://s3.example.vn False" in out
    assert "core.storage MediaStorage" in storage_in_a_process()
    assert "needs AWS_STORAGE_BUCKET_NAME" in storage_in_a_process(STORAGE_BACKEND="s3")
    assert "must be file or s3" in storage_in_a_process(STORAGE_BACKEND="nfs")
