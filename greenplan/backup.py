"""Backup and restore of the whole database and the uploaded files, in one zip archive.

The archive holds `data.json` (Django's dumpdata with natural foreign keys, portable between
SQLite and PostgreSQL), `media/...` (every uploaded file) and `manifest.json` (row counts per
model, checked after a restore). A restore replaces everything in one transaction: it either
ends with the archive's data or leaves the database as it was.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

EXCLUDED = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


def model_counts() -> dict[str, int]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in EXCLUDED:
            continue
        counts[label] = model._default_manager.count()
    return counts


def write_backup(target: Path) -> dict[str, int]:
    data = io.StringIO()
    call_command(
        "dumpdata",
        natural_foreign=True,
        exclude=EXCLUDED,
        stdout=data,
        verbosity=0,
    )
    counts = model_counts()
    media_root = Path(settings.MEDIA_ROOT)
    with zipfile.ZipFile(target, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("data.json", data.getvalue())
        archive.writestr("manifest.json", json.dumps({"counts": counts}, indent=1))
        if media_root.exists():
            for path in sorted(media_root.rglob("*")):
                if path.is_file():
                    archive.write(path, f"media/{path.relative_to(media_root).as_posix()}")
    return counts


class RestoreError(Exception):
    pass


def restore_backup(source: Path) -> dict[str, int]:
    """Replace the database and media files with the archive's; returns the row counts."""
    with zipfile.ZipFile(source) as archive:
        names = set(archive.namelist())
        if not {"data.json", "manifest.json"} <= names:
            raise RestoreError("not a greenplan backup: data.json or manifest.json missing")
        expected = json.loads(archive.read("manifest.json"))["counts"]
        data = archive.read("data.json")
        media = {
            n: archive.read(n) for n in names if n.startswith("media/") and not n.endswith("/")
        }
    fixture = Path(settings.BASE_DIR) / ".restore-data.json"
    fixture.write_bytes(data)
    try:
        with transaction.atomic():
            # Deferred foreign-key checks still pending in this transaction would make
            # PostgreSQL refuse to TRUNCATE: run them now.
            connection.check_constraints()
            call_command("flush", interactive=False, verbosity=0)
            # The archive holds the history already. simple_history skips the raw saves of a
            # load but not the many-to-many links it sets (a project's plan activities,
            # partners, ...): it would add a "changed" record for each.
            with override_settings(SIMPLE_HISTORY_ENABLED=False):
                call_command("loaddata", str(fixture), verbosity=0)
            counts = model_counts()
            mismatched = {k: (v, counts.get(k)) for k, v in expected.items() if counts.get(k) != v}
            if mismatched:
                raise RestoreError(f"row counts differ after restore: {mismatched}")
    finally:
        fixture.unlink(missing_ok=True)
    media_root = Path(settings.MEDIA_ROOT).resolve()
    for name, content in media.items():
        path = (media_root / name.removeprefix("media/")).resolve()
        if not path.is_relative_to(media_root):  # a crafted archive must not write elsewhere
            raise RestoreError(f"unsafe path in archive: {name}")
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return counts
