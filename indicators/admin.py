"""Admin pages. Indicator changes go through indicators.actions (formula and unit checks,
recomputation); yearly values are read-only here because they go through review."""

from __future__ import annotations

from django import forms
from django.contrib import admin

from core.history_admin import ReadOnlyHistoryAdmin
from indicators import actions
from indicators.models import (
    Baseline,
    Indicator,
    IndicatorValue,
    Objective,
    ReferenceStandard,
    Target,
    UrbanClassification,
)


class IndicatorAdminForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["code", *sorted(actions.INDICATOR_FIELDS)]

    def clean(self):
        data = super().clean()
        code = data.get("code") or self.instance.code
        if code:
            catalogue = actions.catalogue_entries()
            catalogue[code] = actions.CatalogueEntry(
                data.get("kind", ""), data.get("unit", ""), data.get("formula", "")
            )
            for other, problems in actions.check_catalogue(catalogue).items():
                for field, message in problems.items():
                    self.add_error(
                        field if other == code else None,
                        message if other == code else f"{other}: {message}",
                    )
        return data


@admin.register(Indicator)
class IndicatorAdmin(ReadOnlyHistoryAdmin):
    form = IndicatorAdminForm
    list_display = ["code", "name", "unit", "objective", "kind", "direction", "responsible_agency"]
    list_filter = ["objective", "kind", "direction"]
    search_fields = ["code", "name", "name_en"]
    raw_id_fields = ["responsible_agency"]

    def get_readonly_fields(self, request, obj=None):
        # Formulas refer to codes: a code, once saved, stays.
        return ["code"] if obj is not None else []

    def save_model(self, request, obj, form, change):
        fields = {
            k: form.cleaned_data[k] for k in actions.INDICATOR_FIELDS if k in form.cleaned_data
        }
        saved = actions.save_indicator(obj.code, user=request.user, **fields)
        obj.pk = saved.pk


@admin.register(Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["number", "name", "name_en"]


class ReadOnlyAdmin(ReadOnlyHistoryAdmin):
    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = [
        "indicator",
        "territory",
        "year",
        "value",
        "status",
        "entered_by",
        "reviewed_by",
    ]
    list_filter = ["status", "indicator"]


@admin.register(Baseline)
class BaselineAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "territory", "year", "value"]


@admin.register(Target)
class TargetAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "territory", "year", "kind", "value"]


@admin.register(ReferenceStandard)
class ReferenceStandardAdmin(admin.ModelAdmin):
    list_display = ["name", "urban_class", "value", "unit", "indicator"]
    list_filter = ["urban_class"]


@admin.register(UrbanClassification)
class UrbanClassificationAdmin(ReadOnlyHistoryAdmin):
    list_display = ["organisation", "urban_class", "decided_by"]
    raw_id_fields = ["organisation"]
