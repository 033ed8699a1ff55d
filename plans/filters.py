"""Filters over a plan's items: theme, agency, priority year, kind, and free-text search."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from orgs.models import Organisation
from plans.models import ItemKind, PlanItem
from plans.search import search_terms


class YearFilter(django_filters.NumberFilter):
    """A year is a whole number: the browser offers steps of 1, the server refuses 2018.5."""

    field_class = forms.IntegerField  # type: ignore[assignment]  # a year, not a decimal


class PlanItemFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="filter_search")
    theme = django_filters.ModelChoiceFilter(
        label=_("Theme"),
        queryset=PlanItem.objects.none(),
        method="filter_theme",
        empty_label=_("All"),
    )
    agency = django_filters.ModelChoiceFilter(
        label=_("Agency"),
        queryset=Organisation.objects.none(),
        method="filter_agency",
        empty_label=_("All"),
    )
    priority_year = YearFilter(label=_("Priority year"), min_value=1900, max_value=2200)
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=ItemKind.choices, empty_label=_("All")
    )

    class Meta:
        model = PlanItem
        fields = ["q", "theme", "agency", "priority_year", "kind"]

    def __init__(self, *args, plan, plan_items, agencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan_items = plan_items
        self.filters["theme"].queryset = PlanItem.objects.filter(
            plan=plan, kind=ItemKind.THEME, parent__isnull=True
        )
        self.filters["agency"].queryset = agencies

    def filter_search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def filter_theme(self, queryset, name, value):
        from plans.tree import descendant_ids

        return queryset.filter(pk__in=descendant_ids(self.plan_items, value.pk))

    def filter_agency(self, queryset, name, value):
        return queryset.filter(Q(assignments__organisation=value)).distinct()
