from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "organisation", "role", "is_active"]
    list_filter = ["role", "is_active"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("greenplan"), {"fields": ("organisation", "role", "phone", "must_change_password")}),
    )

    def save_model(self, request, obj, form, change) -> None:
        # An account an administrator makes here, with a password they chose, is changed by
        # its owner at the first login (as those made on the user management pages).
        if not change:
            obj.must_change_password = True
        super().save_model(request, obj, form, change)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["user", "name", "created_at", "expires_at", "last_used_at"]
    list_filter = ["expires_at", "last_used_at"]
    readonly_fields = ["key_hash", "created_at", "last_used_at"]
