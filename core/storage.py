"""The one place uploaded files are written to disk (evidence files, legal documents, built
reports): settings.STORAGES["default"].

Django's FileSystemStorage writes straight into the final file; when the disk fills up, or
the media folder is read-only or missing, it raises a bare OSError (a generic 500) and leaves
the partial file behind. Here the content is first written to a hidden staging file beside
its destination (`.upload-<random>.part`, flushed to disk so that "disk full" shows now),
then renamed into place: the destination is whole or absent. Any OSError removes the staging
file and becomes UploadNotStored, a ValidationError with a message in the user's language
that the views already show; raised inside an action's transaction, no row is written.
When the row fails after the file was stored, `discarded_on_error` removes the file.

`MediaStorage` (the default) writes under MEDIA_ROOT: one folder, shared by every app server
and worker of a deployment (NFS or the like), with the staged write and fsync above.
`core.object_storage.ObjectStorage` (STORAGE_BACKEND=s3) writes to an S3-compatible bucket through
django-storages: an object is put whole or not at all by the service itself, so there is no
staging file; a refusal or an unreachable service becomes the same UploadNotStored.
"""

from __future__ import annotations

import errno
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import IO, Any

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db.models.fields.files import FieldFile
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)
STAGING_PREFIX = ".upload-"  # greenplan.backup leaves these out


class UploadNotStored(ValidationError):
    """The server could not store a file; nothing of it was left behind."""


def not_stored(exc: OSError) -> UploadNotStored:
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        message = _(
            "The server's storage is full: the file was not saved. Please tell the administrator."
        )
        code = "storage_full"
    elif isinstance(exc, PermissionError) or exc.errno in (errno.EROFS, errno.EACCES):
        message = _(
            "The server may not write files at the moment (its storage is read-only): "
            "the file was not saved. Please tell the administrator."
        )
        code = "storage_read_only"
    elif exc.errno in (errno.ENOENT, errno.ENOTDIR):
        message = _(
            "The server's folder for uploaded files is missing: the file was not saved. "
            "Please tell the administrator."
        )
        code = "storage_missing"
    else:
        message = _(
            "The server could not store the file: it was not saved. Please tell the administrator."
        )
        code = "storage_error"
    return UploadNotStored(message, code=code)


class _Staged:
    """A finished staging file, handed to FileSystemStorage, which then renames it."""

    def __init__(self, path: str) -> None:
        self.path = path

    def temporary_file_path(self) -> str:
        return self.path


class MediaStorage(FileSystemStorage):
    def _save(self, name: str, content: Any) -> str:
        directory = os.path.dirname(self.path(name))
        staging = os.path.join(directory, f"{STAGING_PREFIX}{uuid.uuid4().hex}.part")
        try:
            os.makedirs(directory, exist_ok=True)
            with self._create_staged(staging) as out:
                for chunk in content.chunks():
                    out.write(chunk if isinstance(chunk, bytes) else chunk.encode("utf-8"))
                out.flush()
                os.fsync(out.fileno())
            # Same folder, so the move is a rename: never half a file under its name.
            saved: str = super()._save(name, _Staged(staging))  # type: ignore[misc]
            return saved
        except OSError as exc:
            logger.error("could not store %s under %s: %s", name, self.location, exc)
            raise not_stored(exc) from exc
        finally:
            try:
                os.unlink(staging)  # gone already when the rename worked
            except FileNotFoundError:
                pass
            except OSError:
                logger.exception("could not remove the staging file %s", staging)

    def _create_staged(self, path: str) -> IO[bytes]:
        # O_EXCL: never write into someone else's file; 0o666 less the umask, as Django does.
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        return os.fdopen(fd, "wb")


@contextmanager
def discarded_on_error(*files: FieldFile) -> Iterator[None]:
    """Remove files just stored when what follows (the row that names them) fails: the
    transaction rolls the row back, this takes the file away with it."""
    try:
        yield
    except BaseException:
        for stored in files:
            if stored.name:
                try:
                    stored.storage.delete(stored.name)
                except OSError:
                    logger.exception("could not remove %s after a failed save", stored.name)
        raise
