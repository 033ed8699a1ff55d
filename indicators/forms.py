"""Forms of the indicator pages. Rules live in indicators.actions; forms turn input into values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET, LocalizedDecimalField
from core.spreadsheet import check_upload_size
from indicators.actions import MAX_YEAR, MIN_YEAR
from indicators.models import VALUE_DIGITS, Objective, TargetKind
from orgs.models import Organisation

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


def statistic_field(label: str | _StrPromise, **kwargs: Any) -> forms.DecimalField:
    """A statistic in the user's number format, 1.234,5 or 1,234.5
    (core.forms.LocalizedDecimalField), with the precision of the stored values."""
    return LocalizedDecimalField(
        label=label,
        localize=True,
        error_messages={"grouping": _("Write the number like %(example)s.")},
        **VALUE_DIGITS,
        **kwargs,
    )


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    value = statistic_field(_("Value"))
    source = forms.CharField(label=_("Source"), max_length=255, required=False)
    notes = forms.CharField(
        label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    submit = forms.BooleanField(label=_("Submit for review now"), required=False, initial=True)


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What needs correcting"), widget=forms.Textarea(attrs={"rows": 2})
    )


class BaselineForm(forms.Form):
    year = forms.IntegerField(label=_("Baseline year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    value = statistic_field(_("Baseline value"))
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Target year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    value = statistic_field(
        _("Value"),
        help_text=_("For a change against the baseline, the percent: -15 for 15% lower."),
    )
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


class ResponsibilityForm(forms.Form):
    """The agency answering for an indicator in a territory from a day: one of the
    territory's open organisations (indicators.actions.set_responsibility checks the rest)."""

    organisation = forms.ModelChoiceField(
        label=_("Responsible agency"), queryset=Organisation.objects.none()
    )
    valid_from = forms.DateField(label=_("From"), widget=DATE_WIDGET)

    def __init__(self, *args: Any, territory: Organisation, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["organisation"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = Organisation.objects.filter(
            province_id=territory.province_id, valid_to__isnull=True
        ).order_by("name")


class ObjectiveFilterForm(forms.Form):
    objective = forms.ModelChoiceField(
        label=_("Objective"),
        queryset=Objective.objects.all(),
        to_field_name="number",
        required=False,
        empty_label=_("All objectives"),
    )


class CatalogueFileForm(forms.Form):
    file = forms.FileField(
        label=_("Catalogue file"),
        help_text=_("An Excel workbook (.xlsx) in the format of the catalogue export."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_upload_size(upload.size)
        return upload
