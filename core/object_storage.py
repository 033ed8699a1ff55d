"""Uploaded and generated files in an S3-compatible bucket (STORAGE_BACKEND=s3).

django-storages' S3Storage, with the promise of core.storage kept: an object is put whole or
not at all by the service itself (no staging file is needed), and a refusal or an unreachable
service becomes UploadNotStored, the translated message the views already show, raised inside
the action's transaction so that no row names a file that is not there. Imported only when
the settings name it: the file backend does not load boto3.
"""

from __future__ import annotations

import logging
from typing import Any

from botocore.exceptions import BotoCoreError, ClientError
from django.utils.translation import gettext_lazy as _
from storages.backends.s3 import S3Storage

from core.storage import UploadNotStored

logger = logging.getLogger(__name__)


class ObjectStorage(S3Storage):  # type: ignore[misc]  # django-storages ships no types
    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        # The whole of it: choosing a free name asks the service too (HEAD), before the PUT.
        try:
            saved: str = super().save(name, content, max_length=max_length)
            return saved
        except (BotoCoreError, ClientError) as exc:
            logger.error("could not store %s in bucket %s: %s", name, self.bucket_name, exc)
            raise UploadNotStored(
                _(
                    "The server could not store the file: it was not saved. "
                    "Please tell the administrator."
                ),
                code="storage_error",
            ) from exc
