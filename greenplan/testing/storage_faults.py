"""Storages that fail as a full, read-only or forbidden disk does, for the tests of
core.storage: the fault is raised where the operating system would raise it."""

from __future__ import annotations

import errno
from typing import Any

from core.storage import MediaStorage


class _FillsUp:
    """A file that takes the first bytes and then reports the disk full."""

    def __init__(self, real: Any) -> None:
        self.real = real

    def write(self, data: bytes) -> int:
        self.real.write(data[:10])
        self.real.flush()  # part of the file is on disk, as with a real full disk
        raise OSError(errno.ENOSPC, "No space left on device")

    def __getattr__(self, name: str) -> Any:
        return getattr(self.real, name)

    def __enter__(self) -> _FillsUp:
        return self

    def __exit__(self, *exc: object) -> None:
        self.real.close()


class FullDiskStorage(MediaStorage):
    def _create_staged(self, path: str) -> Any:
        return _FillsUp(super()._create_staged(path))


class ReadOnlyStorage(MediaStorage):
    def _create_staged(self, path: str) -> Any:
        raise OSError(errno.EROFS, "Read-only file system")


class ForbiddenStorage(MediaStorage):
    def _create_staged(self, path: str) -> Any:
        raise PermissionError(errno.EACCES, "Permission denied")


def use_storage(settings: Any, cls: type[MediaStorage]) -> None:
    """Make `cls` the default storage for one test (pytest-django's `settings` fixture)."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": f"{cls.__module__}.{cls.__qualname__}"},
    }
