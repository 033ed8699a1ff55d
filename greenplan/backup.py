"""Backup and restore of the whole database and the uploaded files, in one zip archive.

The archive holds `data.json` (Django's dumpdata with natural foreign keys, portable between
SQLite and PostgreSQL), `media/...` (every uploaded file) and `manifest.json`: the row count
of every model and the size and SHA-256 of every other member.

A backup reads the database in one consistent snapshot (one read-only REPEATABLE READ
transaction on PostgreSQL, one read transaction on SQLite), so that rows saved by people
working meanwhile are either all in it or not at all; the archive is then read back and
checked (CRCs, checksums, the data's row counts against the manifest) before it is put in
place under its name.

A restore checks the whole archive the same way before it writes anything (member names,
absolute paths, symlinks, duplicates, sizes against the free space, checksums, row counts),
unpacks the media files into a staging folder inside MEDIA_ROOT, then replaces the database
in one transaction and, at its end, swaps the media folder's content for the archive's (files
not in the archive are removed). Any failure leaves the database and the media files as they
were.

Where the files live: with the file backend (core.storage.MediaStorage, the default) they are
read and swapped in MEDIA_ROOT as above. With object storage (STORAGE_BACKEND=s3) they are
listed, read and written through Django's storage API (default_storage): a restore first puts
the archive's files that the bucket lacks, then replaces the database, and only after its
commit removes the objects the archive does not hold; a failure before the commit removes
the objects it put, so the bucket is as it was. (Object names are unique and never reused,
so a name present in both is the same file and is left alone.)

The archive itself is written to, and read from, a local path the administrator names on the
command line, with a temporary file for the dump beside the system's others: the one place
besides the storage where this code writes to a disk.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import stat
import tempfile
import uuid
import zipfile
from collections import Counter
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import IO, Any

from django.apps import apps
from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage, default_storage
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import override_settings

# The task queue is work in flight, not data: a backup taken by a task would restore its own
# entry as running for ever.
EXCLUDED = [
    "contenttypes",
    "auth.permission",
    "sessions",
    "admin.logentry",
    "django_tasks_database",
]
FORMAT = 2  # 1: counts only (before checksums were written)
CHUNK = 1024 * 1024
# Hidden folders and files the code makes inside MEDIA_ROOT for a moment (a restore's staging,
# an upload being written): never part of a backup, never moved by a restore.
TRANSIENT_PREFIXES = (".restore-", ".retired-", ".upload-")


class BackupError(Exception):
    pass


class RestoreError(Exception):
    pass


def model_counts() -> dict[str, int]:
    excluded_apps = {e for e in EXCLUDED if "." not in e}
    counts = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if model._meta.app_label in excluded_apps or label in EXCLUDED:
            continue
        counts[label] = model._default_manager.count()
    return counts


@contextmanager
def consistent_snapshot() -> Iterator[None]:
    """Everything read inside sees the database as it was at one moment."""
    if connection.in_atomic_block:
        # Already inside a transaction (a test): its reads share one snapshot already, and
        # the isolation level can no longer be chosen.
        yield
        return
    if connection.vendor == "postgresql":
        with transaction.atomic():
            with connection.cursor() as cursor:  # the transaction's first statement
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
    elif connection.vendor == "sqlite":
        # A deferred transaction (not the IMMEDIATE one of the settings, which would hold the
        # write lock for the whole dump): its first read fixes the snapshot. In WAL mode the
        # writers go on meanwhile; in rollback-journal mode they wait for the end.
        sqlite: Any = connection  # the SQLite wrapper: its transaction_mode (Django 5.1+)
        sqlite.ensure_connection()  # connecting reads transaction_mode from the settings
        mode = sqlite.transaction_mode
        sqlite.transaction_mode = None
        try:
            with transaction.atomic():
                sqlite.transaction_mode = mode  # BEGIN is sent: the others keep theirs
                with connection.cursor() as cursor:
                    cursor.execute("SELECT count(*) FROM sqlite_master")
                yield
        finally:
            sqlite.transaction_mode = mode
    else:
        with transaction.atomic():
            yield


def _media_files(media_root: Path) -> list[tuple[str, Path]]:
    if not media_root.exists():
        return []
    found = []
    for path in sorted(media_root.rglob("*")):
        relative = path.relative_to(media_root)
        if any(part.startswith(TRANSIENT_PREFIXES) for part in relative.parts):
            continue
        if path.is_file() and not path.is_symlink():
            found.append((f"media/{relative.as_posix()}", path))
    return found


def files_on_disk() -> bool:
    """Do uploaded files live in MEDIA_ROOT (the file backend), rather than in a bucket?"""
    return isinstance(default_storage, FileSystemStorage)


def _stored_names(folder: str = "") -> list[str]:
    """Every file of the object storage, by name, walking its folders (prefixes)."""
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}{name}" for name in files]
    for sub in folders:
        if not sub.startswith(TRANSIENT_PREFIXES):
            names.extend(_stored_names(f"{folder}{sub}/"))
    return sorted(n for n in names if not PurePosixPath(n).name.startswith(TRANSIENT_PREFIXES))


def _media_sources() -> Iterator[tuple[str, Any]]:
    """(archive member name, a function opening the file for reading) of every stored file."""
    if files_on_disk():
        for name, path in _media_files(Path(settings.MEDIA_ROOT)):
            yield name, lambda path=path: path.open("rb")
    else:
        for name in _stored_names():
            yield f"media/{name}", lambda name=name: default_storage.open(name, "rb")


def _write_member(archive: zipfile.ZipFile, name: str, chunks) -> dict[str, Any]:
    digest = hashlib.sha256()
    size = 0
    with archive.open(name, "w", force_zip64=True) as out:
        for chunk in chunks:
            digest.update(chunk)
            size += len(chunk)
            out.write(chunk)
    return {"size": size, "sha256": digest.hexdigest()}


def _chunks(source: IO[bytes]) -> Iterator[bytes]:
    while chunk := source.read(CHUNK):
        yield chunk


def write_backup(target: Path) -> dict[str, int]:
    """Write the archive to `target` (replaced only once the new one is checked)."""
    target = Path(target)
    staging = target.with_name(f".{target.name}.{uuid.uuid4().hex}.part")
    try:
        with tempfile.TemporaryFile() as data:
            with consistent_snapshot():
                counts = model_counts()
                dump = _TextToBytes(data)
                call_command(
                    "dumpdata", natural_foreign=True, exclude=EXCLUDED, stdout=dump, verbosity=0
                )
            data.seek(0)
            files: dict[str, dict[str, Any]] = {}
            with zipfile.ZipFile(staging, "w", compression=zipfile.ZIP_DEFLATED) as archive:
                files["data.json"] = _write_member(archive, "data.json", _chunks(data))
                for name, opener in _media_sources():
                    try:
                        source = opener()
                    except FileNotFoundError:  # deleted since it was listed: not in this backup
                        continue
                    with source:
                        files[name] = _write_member(archive, name, _chunks(source))
                manifest = {"format": FORMAT, "counts": counts, "files": files}
                archive.writestr("manifest.json", json.dumps(manifest, indent=1))
        try:
            check_archive(staging)
        except RestoreError as exc:
            raise BackupError(f"the archive written does not read back: {exc}") from exc
        os.replace(staging, target)
    finally:
        staging.unlink(missing_ok=True)
    return counts


class _TextToBytes:
    """dumpdata writes text; the dump goes to a temporary file in UTF-8, not into memory."""

    def __init__(self, binary) -> None:
        self.binary = binary

    def write(self, text: str) -> None:
        self.binary.write(text.encode("utf-8"))

    def flush(self) -> None:
        self.binary.flush()

    def isatty(self) -> bool:
        return False


# --- Checking an archive -------------------------------------------------------------------


@dataclass
class CheckedArchive:
    counts: dict[str, int]
    media: list[zipfile.ZipInfo] = field(default_factory=list)
    size: int = 0  # uncompressed bytes of all members


def _check_name(name: str) -> None:
    if "\\" in name or "\x00" in name:
        raise RestoreError(f"unsafe member name in archive: {name!r}")
    path = PurePosixPath(name)
    if path.is_absolute() or (path.parts and ":" in path.parts[0]):
        raise RestoreError(f"absolute path in archive: {name!r}")
    if ".." in path.parts or "." in name.split("/"):
        raise RestoreError(f"unsafe path in archive: {name!r}")
    if name in ("data.json", "manifest.json"):
        return
    if name == "media":  # the folder's own entry, written by some zip tools
        return
    if not name.startswith("media/") or len(path.parts) < 2:
        raise RestoreError(f"unexpected member in archive: {name!r}")
    if any(part.startswith(TRANSIENT_PREFIXES) for part in path.parts[1:]):
        raise RestoreError(f"unexpected member in archive: {name!r}")


def _read_checked(archive: zipfile.ZipFile, info: zipfile.ZipInfo, expected: dict | None):
    """Read a member through (zipfile checks its CRC) and compare it with the manifest."""
    digest = hashlib.sha256()
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise RestoreError(f"{info.filename} is larger than the archive says")
            digest.update(chunk)
    if expected is not None and (size, digest.hexdigest()) != (
        expected.get("size"),
        expected.get("sha256"),
    ):
        raise RestoreError(f"{info.filename} differs from the checksum in the manifest")


def _data_counts(data: bytes) -> dict[str, int]:
    try:
        objects = json.loads(data)
    except (ValueError, UnicodeDecodeError) as exc:
        raise RestoreError(f"data.json is not valid JSON: {exc}") from exc
    if not isinstance(objects, list) or not all(
        isinstance(o, dict) and isinstance(o.get("model"), str) for o in objects
    ):
        raise RestoreError("data.json is not a list of records")
    counts = Counter(o["model"].lower() for o in objects)
    for label in counts:
        try:
            apps.get_model(label)
        except (LookupError, ValueError) as exc:
            raise RestoreError(f"data.json holds an unknown model: {label}") from exc
    return dict(counts)


def check_archive(source: Path) -> CheckedArchive:
    """Check every member of the archive without writing anything; raise RestoreError."""
    try:
        archive = zipfile.ZipFile(source)
    except (zipfile.BadZipFile, OSError) as exc:
        raise RestoreError(f"not a zip archive: {exc}") from exc
    with archive:
        infos = archive.infolist()
        names = [info.filename for info in infos]
        duplicates = sorted(n for n, c in Counter(names).items() if c > 1)
        if duplicates:
            raise RestoreError(f"members appear twice in the archive: {duplicates}")
        for info in infos:
            _check_name(info.filename.removesuffix("/") if info.is_dir() else info.filename)
            if stat.S_ISLNK(info.external_attr >> 16):
                raise RestoreError(f"symbolic link in archive: {info.filename!r}")
        if not {"data.json", "manifest.json"} <= set(names):
            raise RestoreError("not a greenplan backup: data.json or manifest.json missing")
        try:
            manifest = json.loads(archive.read("manifest.json"))
            expected = {str(k): int(v) for k, v in manifest["counts"].items()}
            files = manifest.get("files")
            if files is not None and not isinstance(files, dict):
                raise TypeError("files is not a mapping")
        except (ValueError, KeyError, TypeError, AttributeError, zipfile.BadZipFile) as exc:
            raise RestoreError(f"manifest.json is not readable: {exc}") from exc
        members = [i for i in infos if not i.is_dir() and i.filename != "manifest.json"]
        if files is not None and set(files) != {i.filename for i in members}:
            missing = sorted(set(files) - {i.filename for i in members})
            extra = sorted({i.filename for i in members} - set(files))
            raise RestoreError(f"archive and manifest disagree: missing {missing}, extra {extra}")
        try:
            for info in members:
                _read_checked(archive, info, files.get(info.filename) if files else None)
            data = archive.read("data.json")
        except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
            raise RestoreError(f"damaged archive: {exc}") from exc
        found = _data_counts(data)
        mismatched = {
            label: (count, found.get(label, 0))
            for label, count in expected.items()
            if found.get(label, 0) != count
        }
        mismatched.update({k: (0, v) for k, v in found.items() if k not in expected})
        if mismatched:
            raise RestoreError(
                f"manifest counts differ from the data (manifest, data): {mismatched}"
            )
        return CheckedArchive(
            counts=expected,
            media=[i for i in members if i.filename.startswith("media/")],
            size=sum(i.file_size for i in members),
        )


# --- Restoring ---------------------------------------------------------------------------


def free_bytes(path: Path) -> int:
    return shutil.disk_usage(path).free


def move_entries(source: Path, target: Path) -> None:
    """Move the top-level entries of `source` into `target` (both in one file system, so
    each move is a rename), leaving the transient folders where they are."""
    for entry in sorted(source.iterdir()):
        if not entry.name.startswith(TRANSIENT_PREFIXES):
            os.rename(entry, target / entry.name)


def _unpack_media(source: Path, checked: CheckedArchive, staging: Path) -> None:
    with zipfile.ZipFile(source) as archive:
        for info in checked.media:
            relative = info.filename.removeprefix("media/")
            path = (staging / relative).resolve()
            if not path.is_relative_to(staging.resolve()):  # checked already; never trust twice
                raise RestoreError(f"unsafe path in archive: {info.filename}")
            path.parent.mkdir(parents=True, exist_ok=True)
            with archive.open(info) as member, path.open("xb") as out:
                shutil.copyfileobj(member, out, CHUNK)


def _load_data(source: Path, checked: CheckedArchive, scratch: Path) -> dict[str, int]:
    """Replace the database's rows with the archive's (inside the caller's transaction)."""
    fixture = scratch / "data.json"
    with zipfile.ZipFile(source) as archive:
        fixture.write_bytes(archive.read("data.json"))
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
    mismatched = {k: (v, counts.get(k)) for k, v in checked.counts.items() if counts.get(k) != v}
    if mismatched:
        raise RestoreError(f"row counts differ after restore: {mismatched}")
    return counts


def _restore_into_object_storage(source: Path, checked: CheckedArchive) -> dict[str, int]:
    existing = set(_stored_names())
    wanted = {info.filename.removeprefix("media/"): info for info in checked.media}
    put: list[str] = []
    scratch = Path(tempfile.mkdtemp(prefix="greenplan-restore-"))
    try:
        with zipfile.ZipFile(source) as archive:
            for name, info in sorted(wanted.items()):
                if name in existing:
                    continue
                with archive.open(info) as member:
                    stored = default_storage.save(name, File(member, name=name))
                put.append(stored)
                if stored != name:  # the storage chose another name: the rows would not match
                    raise RestoreError(f"the storage would not keep the name {name!r}")
        with transaction.atomic():
            counts = _load_data(source, checked, scratch)
    except BaseException:
        for name in put:
            default_storage.delete(name)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    for name in sorted(existing - set(wanted)):  # after the commit: files of no row now
        default_storage.delete(name)
    return counts


def restore_backup(source: Path) -> dict[str, int]:
    """Replace the database and media files with the archive's; returns the row counts."""
    checked = check_archive(source)
    if not files_on_disk():
        return _restore_into_object_storage(source, checked)
    media_root = Path(settings.MEDIA_ROOT)
    media_root.mkdir(parents=True, exist_ok=True)
    needed = checked.size + CHUNK
    if free_bytes(media_root) < needed:
        raise RestoreError(
            f"not enough free disk space: the archive unpacks to {needed} bytes, "
            f"{free_bytes(media_root)} are free"
        )
    token = uuid.uuid4().hex
    staging = media_root / f".restore-{token}"
    retired = media_root / f".retired-{token}"
    staging.mkdir()
    retired.mkdir()
    scratch = Path(tempfile.mkdtemp(prefix="greenplan-restore-"))
    swapped = False
    try:
        _unpack_media(source, checked, staging)
        with transaction.atomic():
            counts = _load_data(source, checked, scratch)
            # Last step before the commit: the current files aside, the archive's in.
            swapped = True
            move_entries(media_root, retired)
            move_entries(staging, media_root)
    except BaseException:
        if swapped:  # put the files back as they were
            move_entries(media_root, staging)
            move_entries(retired, media_root)
        raise
    finally:
        for folder in (staging, retired):
            shutil.rmtree(folder, ignore_errors=True)
        shutil.rmtree(scratch, ignore_errors=True)
    return counts
