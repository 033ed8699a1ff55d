"""All or nothing: a restore that fails after the flush, half-way through loading the
archive, leaves the database as it was."""

import pytest
from django.core.management import CommandError, call_command

from greenplan import backup
from greenplan.testing.atomicity import row_counts
from plans.models import Plan


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def test_a_restore_failing_after_loading_half_the_data_changes_nothing(
    world, media, tmp_path, monkeypatch
):
    (media / "legal").mkdir(parents=True)
    (media / "legal" / "kept.pdf").write_bytes(b"%PDF-1.4 in the archive")
    archive = tmp_path / "backup.zip"
    call_command("backup", str(archive))
    (media / "legal" / "kept.pdf").write_bytes(b"%PDF-1.4 changed after the backup")
    (media / "legal" / "new.pdf").write_bytes(b"%PDF-1.4 added after the backup")
    Plan.objects.filter(pk=world.plan.pk).update(title="changed after the backup")
    Plan.objects.create(
        number="2/KH-UBND",
        title="added after",
        territory=world.province,
        period_start=2021,
        period_end=2025,
    )
    before = row_counts()
    titles = dict(Plan.objects.values_list("number", "title"))
    real = backup.call_command
    loaded = {}

    def failing_loaddata(name, *args, **kwargs):
        result = real(name, *args, **kwargs)
        if name == "loaddata":  # the database has been flushed and the data loaded
            loaded["titles"] = dict(Plan.objects.values_list("number", "title"))
            raise RuntimeError("failure injected after loaddata")
        return result

    monkeypatch.setattr(backup, "call_command", failing_loaddata)

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(archive))

    # Half-way, the archive's data was in: the failure came after the flush and the load.
    in_archive = {n: t for n, t in titles.items() if n != "2/KH-UBND"}
    in_archive[world.plan.number] = world.plan.title  # the title before the change
    assert loaded["titles"] == in_archive
    assert row_counts() == before
    assert dict(Plan.objects.values_list("number", "title")) == titles
    # The media folder as it was too: nothing of the archive's, nothing staged left.
    assert {
        p.relative_to(media).as_posix(): p.read_bytes() for p in media.rglob("*") if p.is_file()
    } == {
        "legal/kept.pdf": b"%PDF-1.4 changed after the backup",
        "legal/new.pdf": b"%PDF-1.4 added after the backup",
    }
