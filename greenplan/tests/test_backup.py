import hashlib
import json
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

from greenplan import backup
from greenplan.backup import model_counts
from plans.models import LegalDocument, Plan
from reporting.models import AgencyReport, Attachment, ReportStatus


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_backup_and_restore_round_trip_the_demo_and_its_files(demo, media, tmp_path):
    document = LegalDocument.objects.get(number="403/QĐ-TTg")
    document.file.save("qd-403.pdf", ContentFile(b"%PDF-1.4 demo"))
    report = AgencyReport.objects.filter(status=ReportStatus.ACCEPTED).first()
    evidence = Attachment(
        report=report, original_name="bien-ban.pdf", content_type="application/pdf", size=14
    )
    evidence.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4 proof"), save=True)
    reports = {(r.pk, r.status, r.version) for r in AgencyReport.objects.all()}
    before = model_counts()
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))

    Plan.objects.filter(number="1847/KH-UBND").update(title="changed after the backup")
    LegalDocument.objects.create(number="1/2026/QĐ", title="added after the backup")
    (media / document.file.name).unlink()
    (media / evidence.file.name).unlink()
    AgencyReport.objects.filter(pk=report.pk).update(status=ReportStatus.DRAFT)
    call_command("restore", str(archive))

    assert model_counts() == before
    assert Plan.objects.get(number="1847/KH-UBND").title.startswith("Kế hoạch hành động")
    assert not LegalDocument.objects.filter(number="1/2026/QĐ").exists()
    restored = LegalDocument.objects.get(number="403/QĐ-TTg")
    assert (media / restored.file.name).read_bytes() == b"%PDF-1.4 demo"
    assert {(r.pk, r.status, r.version) for r in AgencyReport.objects.all()} == reports
    found = Attachment.objects.get(pk=evidence.pk)
    assert (media / found.file.name).read_bytes() == b"%PDF-1.4 proof"


def test_a_broken_archive_changes_nothing(demo, media, tmp_path):
    before = model_counts()
    archive = tmp_path / "bad.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.writestr("data.json", '[{"model": "plans.plan", "pk": 1, "fields": {"nope": 1}}]')
        zf.writestr("manifest.json", '{"counts": {}}')

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(archive))

    assert model_counts() == before


def test_an_archive_that_does_not_read_back_is_refused_and_the_old_one_kept(
    world, media, tmp_path, monkeypatch
):
    archive = tmp_path / "backup.zip"
    archive.write_bytes(b"yesterday's archive")
    real = backup.model_counts

    def miscounted():  # as when rows arrive between the dump and the count
        counts = real()
        counts["plans.plan"] += 1
        return counts

    monkeypatch.setattr(backup, "model_counts", miscounted)

    with pytest.raises(CommandError, match="no archive written"):
        call_command("backup", str(archive))

    assert archive.read_bytes() == b"yesterday's archive"
    assert [p.name for p in tmp_path.iterdir() if p.name != "media"] == ["backup.zip"]


def test_the_manifest_holds_the_size_and_checksum_of_every_member(world, media, tmp_path):
    (media / "legal").mkdir(parents=True)
    (media / "legal" / "qd.pdf").write_bytes(b"%PDF-1.4 qd")
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))

    with zipfile.ZipFile(archive) as zf:
        manifest = json.loads(zf.read("manifest.json"))
    assert set(manifest["files"]) == {"data.json", "media/legal/qd.pdf"}
    assert manifest["files"]["media/legal/qd.pdf"] == {
        "size": 11,
        "sha256": hashlib.sha256(b"%PDF-1.4 qd").hexdigest(),
    }
    assert manifest["counts"]["plans.plan"] == Plan.objects.count()


def test_a_media_file_deleted_while_the_backup_runs_is_left_out(
    world, media, tmp_path, monkeypatch
):
    (media / "legal").mkdir(parents=True)
    (media / "legal" / "kept.pdf").write_bytes(b"%PDF-1.4 kept")
    (media / "legal" / "gone.pdf").write_bytes(b"%PDF-1.4 deleted meanwhile")
    real = backup._media_files

    def listed_then_deleted(root):
        found = real(root)
        (media / "legal" / "gone.pdf").unlink()  # someone deletes it after the listing
        return found

    monkeypatch.setattr(backup, "_media_files", listed_then_deleted)
    archive = tmp_path / "backup.zip"

    call_command("backup", str(archive))

    with zipfile.ZipFile(archive) as zf:
        assert "media/legal/gone.pdf" not in zf.namelist()
        assert zf.read("media/legal/kept.pdf") == b"%PDF-1.4 kept"
