"""Disk full, read-only or missing media folder while a file is stored: a clear message in the
user's language, and nothing left behind (no partial file, no row).

The faults are injected where the operating system raises them: the staging file's write
(ENOSPC after part of the file is on disk), its creation (EACCES, EROFS). A missing media
folder that cannot be created is real: MEDIA_ROOT under a plain file.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

from core.storage import UploadNotStored
from greenplan.testing.storage_faults import (
    ForbiddenStorage,
    FullDiskStorage,
    ReadOnlyStorage,
    use_storage,
)
from plans.models import LegalDocument


@pytest.fixture
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def storage(settings):
    return lambda cls: use_storage(settings, cls)


def files_under(root: Path) -> list[str]:
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())


def test_every_upload_goes_through_the_storage_that_cleans_up(settings):
    assert settings.STORAGES["default"]["BACKEND"] == "core.storage.MediaStorage"


@pytest.mark.parametrize(
    ("storage_class", "english"),
    [
        (FullDiskStorage, "storage is full"),
        (ReadOnlyStorage, "read-only"),
        (ForbiddenStorage, "read-only"),
    ],
)
def test_a_failed_write_leaves_no_file_and_says_why(media, storage, storage_class, english):
    storage(storage_class)

    with pytest.raises(UploadNotStored) as raised, translation.override("en"):
        default_storage.save("legal/qd.pdf", ContentFile(b"%PDF-1.4 " + b"x" * 100_000))

    with translation.override("en"):
        assert english in raised.value.messages[0]
    assert files_under(media) == []


def test_a_missing_media_folder_that_cannot_be_made_says_so(settings, tmp_path):
    (tmp_path / "unmounted").write_bytes(b"")  # a file where the folder's parent should be
    settings.MEDIA_ROOT = tmp_path / "unmounted" / "media"

    with pytest.raises(UploadNotStored) as raised:
        default_storage.save("legal/qd.pdf", ContentFile(b"%PDF-1.4"))

    # The message is lazy: shown in the reader's language (core's tests run in English).
    with translation.override("vi"):
        assert "thư mục" in raised.value.messages[0]


def test_a_stored_file_is_whole_and_no_staging_file_remains(media):
    name = default_storage.save("legal/qd.pdf", ContentFile(b"%PDF-1.4 whole"))
    again = default_storage.save("legal/qd.pdf", ContentFile(b"%PDF-1.4 second"))

    assert name != again  # the free-name rule of Django still holds
    assert (media / name).read_bytes() == b"%PDF-1.4 whole"
    assert files_under(media) == sorted([name, again])


def test_legal_document_upload_in_the_admin_on_a_read_only_disk(world, client, media, storage):
    storage(ReadOnlyStorage)
    world.admin.is_staff = world.admin.is_superuser = True
    world.admin.save()
    client.force_login(world.admin)

    response = client.post(
        "/admin/plans/legaldocument/add/",
        {
            "number": "5/2026/QĐ-UBND",
            "kind": LegalDocument.Kind.DECISION,
            "title": "Quyết định mới",
            "file": SimpleUploadedFile("qd.pdf", b"%PDF-1.4 qd"),
        },
        follow=True,
    )

    assert response.status_code == 200
    assert "chỉ đọc" in response.content.decode()  # "read-only", in Vietnamese
    assert not LegalDocument.objects.filter(number="5/2026/QĐ-UBND").exists()
    assert files_under(media) == []
