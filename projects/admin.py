"""The development plan catalogue is kept by administrators here; projects change only
through the pages (projects.actions), so the admin shows them read-only."""

from django.contrib import admin

from core.history_admin import ReadOnlyHistoryAdmin
from projects.models import BudgetLine, DevelopmentPlan, Project, StatusStep


@admin.register(DevelopmentPlan)
class DevelopmentPlanAdmin(ReadOnlyHistoryAdmin):
    list_display = ["title", "kind", "territory", "period_start", "period_end", "number"]
    list_filter = ["kind", "territory"]
    search_fields = ["title", "number"]


class BudgetLineInline(admin.TabularInline):
    model = BudgetLine
    extra = 0
    can_delete = False
    readonly_fields = ["year", "source", "estimate", "allocated", "disbursed", "override_reason"]


class StatusStepInline(admin.TabularInline):
    model = StatusStep
    extra = 0
    can_delete = False
    readonly_fields = ["from_status", "to_status", "decided_on", "decision_number", "actor", "note"]


@admin.register(Project)
class ProjectAdmin(ReadOnlyHistoryAdmin):
    list_display = [
        "title",
        "kind",
        "status",
        "lead_organisation",
        "total_estimate",
        "transitional",
    ]
    list_filter = ["status", "kind", "transitional"]
    search_fields = ["title"]
    inlines = [BudgetLineInline, StatusStepInline]

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_add_permission(self, request) -> bool:
        return False
