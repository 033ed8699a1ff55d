"""The backups page: an administrator starts a backup, a worker writes it, the page lists it."""

from __future__ import annotations

import zipfile

import pytest
from django.urls import reverse

from greenplan.backup import check_archive

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _folders(settings, tmp_path):
    settings.BACKUP_DIR = tmp_path / "backups"
    settings.MEDIA_ROOT = tmp_path / "media"


def test_the_administrator_starts_a_backup_and_then_sees_it_listed(
    world, as_user, django_capture_on_commit_callbacks, settings
):
    client = as_user(world.admin)
    assert "Chưa có bản sao lưu nào" in client.get(reverse("backups")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend
        response = client.post(reverse("backups"))

    assert response.status_code == 302
    written = list((settings.BACKUP_DIR).glob("greenplan-*.zip"))
    assert len(written) == 1 and zipfile.is_zipfile(written[0])
    assert check_archive(written[0])  # readable back, as the restore reads it
    page = client.get(reverse("backups")).content.decode()
    assert written[0].name in page and "Đã bắt đầu sao lưu" in page


def test_nobody_else_may_start_one(world, as_user, django_capture_on_commit_callbacks, settings):
    with django_capture_on_commit_callbacks(execute=True) as queued:
        response = as_user(world.coordinator).post(reverse("backups"))

    assert response.status_code == 403 and queued == []
    assert not settings.BACKUP_DIR.exists()
