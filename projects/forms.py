"""Forms of the project pages. Rules live in projects.actions; forms turn text into values.

Officials write money in million VND (triệu đồng); the forms convert to VND, which is what
the database and the actions hold.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import cast

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import permissions
from core.forms import DATE_WIDGET, LocalizedDecimalField
from core.money import FundingSource, to_million, to_vnd
from orgs.models import Organisation, OrganisationKind
from plans.models import ItemKind, Plan, PlanItem, PlanLevel
from projects.actions import BudgetRow, ProjectData
from projects.models import BudgetLine, DevelopmentPlan, Project, ProjectKind, ProjectStatus


def million_field(label, **kwargs) -> forms.DecimalField:
    """An amount typed in million VND, up to 1.000 VND precision (three decimals), in the
    user's number format (core.forms.LocalizedDecimalField); to_vnd turns it into VND."""
    return LocalizedDecimalField(
        label=label,
        min_value=Decimal(0),
        max_digits=15,
        decimal_places=3,
        localize=True,
        **kwargs,
    )


class PlanItemChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: PlanItem) -> str:
        return f"{obj.plan.number} · {obj.label}. {obj.title}"


class ProjectForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=ProjectKind.choices)
    title = forms.CharField(label=_("Title"), widget=forms.Textarea(attrs={"rows": 2}))
    description = forms.CharField(
        label=_("Description"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    plan_items = PlanItemChoiceField(
        label=_("Plan activities served"),
        queryset=PlanItem.objects.none(),
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    lead_organisation = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=Organisation.objects.none()
    )
    partners = forms.ModelMultipleChoiceField(
        label=_("Partner organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    location_organisation = forms.ModelChoiceField(
        label=_("Location (province, district or commune)"),
        queryset=Organisation.objects.none(),
        required=False,
    )
    location_text = forms.CharField(label=_("Location (details)"), required=False)
    start_date = forms.DateField(label=_("Start"), required=False, widget=DATE_WIDGET)
    end_date = forms.DateField(label=_("End"), required=False, widget=DATE_WIDGET)
    total_estimate = million_field(
        _("Total budget estimate (million VND)"),
        help_text=_("Must equal the sum of the yearly lines below."),
    )
    transitional = forms.BooleanField(
        label=_("Transitional (carried over from an earlier period)"), required=False
    )
    development_plans = forms.ModelMultipleChoiceField(
        label=_("Listed in development plans"),
        queryset=DevelopmentPlan.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 4}),
    )
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, current: Project | None = None, **kwargs) -> None:
        """`current`: the project being edited, whose existing links stay valid choices even
        when the organisation has since closed (the 2025 restructuring); new links must be
        organisations still open."""
        super().__init__(*args, **kwargs)
        plans = Plan.objects.visible_to(user).filter(level=PlanLevel.PROVINCIAL)
        fields = self.fields
        cast(forms.ModelChoiceField, fields["plan_items"]).queryset = (
            PlanItem.objects.filter(plan__in=plans, kind__in=[ItemKind.ACTIVITY, ItemKind.TASK])
            .select_related("plan")
            .order_by("plan__number", "position")
        )
        lead_choices = Organisation.objects.project_lead_choices(user)
        cast(forms.ModelChoiceField, fields["lead_organisation"]).queryset = lead_choices
        visible = Organisation.objects.visible_to(user)
        open_or_linked = Q(valid_to__isnull=True)
        if current is not None and current.pk:
            open_or_linked |= Q(pk__in=current.partners.values("pk"))
            if current.location_organisation_id:
                open_or_linked |= Q(pk=current.location_organisation_id)
        orgs = visible.filter(open_or_linked)
        cast(forms.ModelChoiceField, fields["partners"]).queryset = orgs
        cast(forms.ModelChoiceField, fields["location_organisation"]).queryset = orgs.filter(
            kind__in=[
                OrganisationKind.PROVINCE,
                OrganisationKind.DISTRICT,
                OrganisationKind.COMMUNE,
            ]
        )
        in_province = permissions.province_q(user, "territory__province_id")
        development_plans = DevelopmentPlan.objects.filter(in_province)
        cast(forms.ModelChoiceField, fields["development_plans"]).queryset = development_plans

    @classmethod
    def initial_for(cls, project: Project) -> dict:
        return {
            "kind": project.kind,
            "title": project.title,
            "description": project.description,
            "plan_items": list(project.plan_items.all()),
            "lead_organisation": project.lead_organisation,
            "partners": list(project.partners.all()),
            "location_organisation": project.location_organisation,
            "location_text": project.location_text,
            "start_date": project.start_date,
            "end_date": project.end_date,
            "total_estimate": to_million(project.total_estimate),
            "transitional": project.transitional,
            "development_plans": list(project.development_plans.all()),
            "notes": project.notes,
            "version": project.version,
        }


class BudgetRowForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    source = forms.ChoiceField(label=_("Funding source"), choices=FundingSource.choices)
    estimate = million_field(_("Estimate (million VND)"))


BudgetRowFormSet = forms.formset_factory(BudgetRowForm, extra=2, can_delete=True)


def budget_initial(project: Project) -> list[dict]:
    return [
        {"year": line.year, "source": line.source, "estimate": to_million(line.estimate)}
        for line in project.budget_lines.all()
    ]


def project_data(form: ProjectForm, formset) -> ProjectData:
    """The cleaned form and formset as the action's input (both must be valid)."""
    data = form.cleaned_data
    rows = [
        BudgetRow(row["year"], row["source"], to_vnd(row["estimate"]), ref=f.prefix)
        for f in formset.forms
        if (row := f.cleaned_data) and not row.get("DELETE")
    ]
    return ProjectData(
        kind=data["kind"],
        title=data["title"],
        description=data["description"],
        plan_items=list(data["plan_items"]),
        lead_organisation=data["lead_organisation"],
        partners=list(data["partners"]),
        location_organisation=data["location_organisation"],
        location_text=data["location_text"],
        start_date=data["start_date"],
        end_date=data["end_date"],
        total_estimate=to_vnd(data["total_estimate"]),
        transitional=data["transitional"],
        development_plans=list(data["development_plans"]),
        notes=data["notes"],
        budget=rows,
    )


def add_errors(error: ValidationError, form: forms.Form, formset=None) -> None:
    """Put each message of an action's ValidationError next to its field."""
    by_key: dict[str, tuple[forms.Form, str]] = {}
    for sub in formset.forms if formset is not None else []:
        for name in sub.fields:
            by_key[sub.add_prefix(name)] = (sub, name)
    for key, messages in error.message_dict.items():
        for message in messages:
            if key in form.fields:
                form.add_error(key, message)
            elif key in by_key:
                target, name = by_key[key]
                target.add_error(name, message)
            else:
                form.add_error(None, message)


class StepForm(forms.Form):
    to_status = forms.ChoiceField(label=_("New status"), choices=())
    decided_on = forms.DateField(label=_("Decided on"), required=False, widget=DATE_WIDGET)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=60)
    note = forms.CharField(
        label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, user, project: Project, **kwargs) -> None:
        kwargs.setdefault("initial", {"version": project.version})
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (s, ProjectStatus(s).label)
            for s in project.allowed_next
            if permissions.can_record_project_step(user, project, s)
        ]


class LineAmountsForm(forms.Form):
    """One amount per budget line, fields named `<prefix>_<line id>` (the actions' keys)."""

    prefix_name = ""
    version = forms.IntegerField(widget=forms.HiddenInput)

    def __init__(self, *args, project: Project, lines: Sequence[BudgetLine], **kwargs) -> None:
        kwargs.setdefault("initial", {"version": project.version})
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            self.fields[f"{self.prefix_name}_{line.pk}"] = million_field(
                f"{line.year} · {line.get_source_display()}",
                required=False,
                initial=to_million(getattr(line, self.prefix_name)),
            )

    def rows(self):
        return [(line, self[f"{self.prefix_name}_{line.pk}"]) for line in self.lines]

    def amounts(self) -> dict[int, Decimal]:
        return {
            line.pk: to_vnd(self.cleaned_data.get(f"{self.prefix_name}_{line.pk}"))
            for line in self.lines
        }


class AllocationForm(LineAmountsForm):
    prefix_name = "allocated"
    override = forms.BooleanField(label=_("Allocate above the estimate"), required=False)
    reason = forms.CharField(
        label=_("Reason (required to allocate above the estimate)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class DisbursementForm(LineAmountsForm):
    prefix_name = "disbursed"


class BoardFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False)
    plan: forms.ModelChoiceField[Plan] = forms.ModelChoiceField(
        label=_("Plan"), queryset=None, required=False, empty_label=_("All")
    )
    lead: forms.ModelChoiceField[Organisation] = forms.ModelChoiceField(
        label=_("Lead organisation"), queryset=None, required=False, empty_label=_("All")
    )
    transitional = forms.BooleanField(label=_("Transitional only"), required=False)

    def __init__(self, *args, user, current: Project | None = None, **kwargs) -> None:
        """`current`: the project being edited, whose existing links stay valid choices even
        when the organisation has since closed (the 2025 restructuring); new links must be
        organisations still open."""
        super().__init__(*args, **kwargs)
        plans = Plan.objects.visible_to(user).filter(level=PlanLevel.PROVINCIAL)
        cast(forms.ModelChoiceField, self.fields["plan"]).queryset = plans
        cast(forms.ModelChoiceField, self.fields["lead"]).queryset = Organisation.objects.filter(
            Q(led_projects__in=Project.objects.visible_to(user))
        ).distinct()
