from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    """Read only: notifications are made by notifications.actions and read by their owner."""

    list_display = ["recipient", "kind", "about", "created_at", "read_at"]
    list_filter = ["kind", "read_at"]
    search_fields = ["recipient__username", "about"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Notification | None = None) -> bool:
        return False
