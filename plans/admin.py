from django.contrib import admin

from core.history_admin import ReadOnlyHistoryAdmin
from plans.models import Assignment, LegalDocument, Plan, PlanItem


@admin.register(LegalDocument)
class LegalDocumentAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "kind", "issued_on", "title"]
    search_fields = ["number", "title"]


@admin.register(Plan)
class PlanAdmin(ReadOnlyHistoryAdmin):
    list_display = ["number", "level", "territory", "period_start", "period_end"]
    list_filter = ["level"]


class AssignmentInline(admin.TabularInline):
    model = Assignment
    extra = 0
    raw_id_fields = ["organisation"]


@admin.register(PlanItem)
class PlanItemAdmin(ReadOnlyHistoryAdmin):
    list_display = ["code", "kind", "plan", "title", "priority_year", "on_request"]
    list_filter = ["plan", "kind", "priority_year"]
    search_fields = ["code", "title", "search_text"]
    raw_id_fields = ["parent", "implements"]
    inlines = [AssignmentInline]
