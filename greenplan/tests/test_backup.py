import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command

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
