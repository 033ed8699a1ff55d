"""A restore checks the WHOLE archive before it writes anything: a hostile or damaged archive
is refused with the database and the media folder exactly as they were.

Each bad archive is made from a good one taken a moment before; the site then goes on (a plan
and a media file are added), so a restore that wrote anything would show in the rows or files.
"""

from __future__ import annotations

import json
import stat
import warnings
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from greenplan import backup
from greenplan.testing.atomicity import row_counts
from plans.models import Plan


@pytest.fixture
def media(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "site" / "media"
    return settings.MEDIA_ROOT


def media_files(root: Path) -> dict[str, bytes]:
    """Every file under the media folder (hidden staging folders included) with its bytes."""
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def good_archive(world, media, tmp_path) -> Path:
    (media / "legal").mkdir(parents=True)
    (media / "legal" / "kept.pdf").write_bytes(b"%PDF-1.4 kept")
    archive = tmp_path / "good.zip"
    call_command("backup", str(archive))
    # The site goes on after the backup.
    Plan.objects.create(
        number="2/KH-UBND",
        title="added after the backup",
        territory=world.province,
        period_start=2021,
        period_end=2025,
    )
    (media / "legal" / "after.pdf").write_bytes(b"%PDF-1.4 after")
    return archive


def rewrite(good: Path, target: Path, change) -> Path:
    """Copy `good` to `target`, letting `change(members, manifest)` alter the members (a dict
    name -> bytes, in order) and the manifest (a dict) first. Entries given as
    (ZipInfo, bytes) are written with that ZipInfo."""
    with zipfile.ZipFile(good) as source:
        members = {n: source.read(n) for n in source.namelist() if n != "manifest.json"}
        manifest = json.loads(source.read("manifest.json"))
    change(members, manifest)
    with zipfile.ZipFile(target, "w") as out, warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # the duplicate member is meant
        for name, content in members.items():
            if isinstance(content, tuple):
                out.writestr(*content)
            else:
                out.writestr(name, content)
        out.writestr("manifest.json", json.dumps(manifest))
    return target


def add(name: str, content: bytes = b"evil"):
    def change(members, manifest):
        members[name] = content

    return change


def add_symlink(members, manifest):
    info = zipfile.ZipInfo("media/legal/passwd.pdf")
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    members[info.filename] = (info, b"/etc/passwd")


def tamper_media(members, manifest):
    members["media/legal/kept.pdf"] = b"%PDF-1.4 changed in transit"


def drop_media(members, manifest):
    del members["media/legal/kept.pdf"]


def wrong_counts(members, manifest):
    manifest["counts"]["plans.plan"] += 1


def broken_data(members, manifest):
    members["data.json"] = b'[{"model": "plans.plan", "pk": 1, '


def duplicate_member(members, manifest):
    info = zipfile.ZipInfo("media/legal/kept.pdf")
    members["duplicate"] = (info, b"%PDF-1.4 second copy")


ABSOLUTE = "/tmp/greenplan-escaped.txt"  # noqa: S108 (the path an attacker would give)
BAD_ARCHIVES = {
    "parent folder": add("../escaped.txt"),
    "parent folder inside media": add("media/../../escaped.txt"),
    "absolute path": add(ABSOLUTE),
    "backslashes": add("media\\..\\..\\escaped.txt"),
    "unexpected member": add("settings.py", b"DEBUG = True"),
    "symlink": add_symlink,
    "media changed after the backup": tamper_media,
    "media file missing": drop_media,
    "counts disagree with the data": wrong_counts,
    "data is not JSON": broken_data,
    "duplicate member": duplicate_member,
}


@pytest.mark.parametrize("change", BAD_ARCHIVES.values(), ids=BAD_ARCHIVES.keys())
def test_a_bad_archive_is_refused_and_changes_nothing(good_archive, media, tmp_path, change):
    bad = rewrite(good_archive, tmp_path / "bad.zip", change)
    rows, files = row_counts(), media_files(media)
    titles = dict(Plan.objects.values_list("number", "title"))

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(bad))

    assert row_counts() == rows
    assert dict(Plan.objects.values_list("number", "title")) == titles
    assert media_files(media) == files  # no file written, none removed, no staging left
    assert not list(tmp_path.rglob("escaped.txt"))
    assert not Path(ABSOLUTE).exists()


def test_a_file_that_is_not_a_zip_is_refused(good_archive, media, tmp_path):
    bad = tmp_path / "bad.zip"
    bad.write_bytes(b"PK\x03\x04 not really a zip")
    rows, files = row_counts(), media_files(media)

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(bad))

    assert (row_counts(), media_files(media)) == (rows, files)


def test_an_archive_larger_than_the_free_space_is_refused(
    good_archive, media, tmp_path, monkeypatch
):
    rows, files = row_counts(), media_files(media)
    monkeypatch.setattr(backup, "free_bytes", lambda path: 10)

    with pytest.raises(CommandError, match="free"):
        call_command("restore", str(good_archive))

    assert (row_counts(), media_files(media)) == (rows, files)


def test_a_restore_replaces_the_media_folder_with_the_archives(good_archive, media):
    call_command("restore", str(good_archive))

    assert media_files(media) == {"legal/kept.pdf": b"%PDF-1.4 kept"}  # after.pdf removed
    assert not Plan.objects.filter(number="2/KH-UBND").exists()


def test_a_failure_while_moving_the_media_in_changes_nothing(good_archive, media, monkeypatch):
    rows, files = row_counts(), media_files(media)
    real = backup.move_entries
    calls = []

    def failing(source: Path, target: Path) -> None:
        calls.append(source)
        if len(calls) == 2:  # the old files are aside, the archive's are moving in
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(backup, "move_entries", failing)

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(good_archive))

    assert row_counts() == rows
    assert media_files(media) == files


def test_an_empty_target_stays_empty_when_the_archive_holds_a_parent_folder_member(
    good_archive, media, tmp_path
):
    # As reported: a fresh installation, an archive with one `../` member among the media.
    bad = rewrite(good_archive, tmp_path / "bad.zip", add("media/../../escaped.txt"))
    connection.check_constraints()  # PostgreSQL: no deferred checks pending before TRUNCATE
    call_command("flush", interactive=False, verbosity=0)
    for path in sorted(media.rglob("*"), reverse=True):
        path.unlink() if path.is_file() else path.rmdir()
    empty = row_counts()  # permissions and content types only

    with pytest.raises(CommandError, match="nothing changed"):
        call_command("restore", str(bad))

    assert not Plan.objects.exists()
    assert row_counts() == empty
    assert media_files(media) == {}
    assert not list(tmp_path.rglob("escaped.txt"))
