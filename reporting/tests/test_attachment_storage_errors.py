"""An evidence file sent while the server's disk is full: the agency reads why, in its
language, and nothing is kept (no partial file, no attachment, no event); a file whose row
fails after it was stored is removed."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError

from greenplan.testing.storage_faults import FullDiskStorage, use_storage
from reporting import actions
from reporting.models import Attachment, ReportEvent


def test_evidence_upload_on_a_full_disk_shows_the_message_and_keeps_nothing(
    rep, as_user, settings, tmp_path
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    use_storage(settings, FullDiskStorage)
    client = as_user(rep.world.staff)
    events = ReportEvent.objects.count()

    response = client.post(
        f"/reporting/reports/{rep.donre_report.pk}/attachments/",
        {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n" + b"x" * 50_000)},
        follow=True,
    )

    assert response.status_code == 200
    assert "Bộ nhớ của máy chủ đã đầy" in response.content.decode()
    assert not Attachment.objects.exists()
    assert ReportEvent.objects.count() == events
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []


def test_a_file_stored_before_its_row_failed_is_removed(
    rep, as_user, settings, tmp_path, monkeypatch
):
    media = tmp_path / "media"
    settings.MEDIA_ROOT = media
    client = as_user(rep.world.staff)

    def database_fails(*args, **kwargs):  # after the file is on disk, before the commit
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(actions, "_event", database_fails)

    with pytest.raises(DatabaseError):
        client.post(
            f"/reporting/reports/{rep.donre_report.pk}/attachments/",
            {"file": SimpleUploadedFile("bien-ban.pdf", b"%PDF-1.7\n proof")},
        )

    assert not Attachment.objects.exists()
    assert [p for p in Path(media).rglob("*") if p.is_file()] == []
