from django.contrib import admin

from core.history_admin import ReadOnlyHistoryAdmin
from orgs.models import Organisation


@admin.register(Organisation)
class OrganisationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to", "successor"]
    list_filter = ["kind"]
    search_fields = ["code", "name", "short_name", "name_en"]
    raw_id_fields = ["parent", "successor"]
