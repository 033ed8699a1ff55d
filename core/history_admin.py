"""The admin of models with a history: the history can be read there, never rewritten.

django-simple-history's admin lists an object's history and shows each version in a form;
SIMPLE_HISTORY_REVERT_DISABLED only hides that form's "Revert" button, while a POST to it still
saves the old version over the object. Here the version pages answer reading only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from simple_history.admin import SimpleHistoryAdmin

from core.storage import UploadNotStored


class ReadOnlyHistoryAdmin(SimpleHistoryAdmin):  # type: ignore[misc]  # simple_history is untyped
    def changeform_view(
        self,
        request: HttpRequest,
        object_id: str | None = None,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        # A file the server could not store (disk full, read-only): the admin's transaction
        # is rolled back already; say why instead of a 500.
        try:
            response: HttpResponse = super().changeform_view(
                request, object_id, form_url, extra_context
            )
        except UploadNotStored as exc:
            for message in exc.messages:
                messages.error(request, message)
            return HttpResponseRedirect(request.get_full_path())
        return response

    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD"):
            raise PermissionDenied
        response: HttpResponse = super().history_form_view(
            request, object_id, version_id, extra_context
        )
        return response

    def revert_disabled(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return True
