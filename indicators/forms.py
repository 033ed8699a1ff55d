"""Forms of the indicator pages. Rules live in indicators.actions; forms turn input into values."""

from __future__ import annotations

import re

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.formats import get_format
from django.utils.translation import gettext_lazy as _

from indicators.actions import MAX_YEAR, MIN_YEAR
from indicators.models import VALUE_DIGITS, Objective, TargetKind


class StatisticField(forms.DecimalField):
    """A decimal in the current language's format: 1.234,5 (Vietnamese) or 1,234.5 (English).

    Thousands separators are dropped only where they group digits by three, so that a stray
    "1.5" in the Vietnamese UI is still read as one and a half rather than fifteen.
    """

    def __init__(self, **kwargs) -> None:
        super().__init__(localize=True, **VALUE_DIGITS, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = value.strip().replace("\u00a0", "").replace(" ", "")
            thousands = get_format("THOUSAND_SEPARATOR")
            decimal = get_format("DECIMAL_SEPARATOR")
            grouped = rf"^[-+]?\d{{1,3}}({re.escape(thousands)}\d{{3}})+({re.escape(decimal)}\d+)?$"
            if thousands and re.match(grouped, value):
                value = value.replace(thousands, "")
        return super().to_python(value)


class ValueForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    value = StatisticField(label=_("Value"))
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
    value = StatisticField(label=_("Baseline value"))
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


class TargetForm(forms.Form):
    year = forms.IntegerField(label=_("Target year"), min_value=MIN_YEAR, max_value=MAX_YEAR)
    kind = forms.ChoiceField(label=_("Kind"), choices=TargetKind.choices)
    value = StatisticField(
        label=_("Value"),
        help_text=_("For a change against the baseline, the percent: -15 for 15% lower."),
    )
    source = forms.CharField(label=_("Source"), max_length=255, required=False)


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
        if upload.size is not None and upload.size > settings.UPLOAD_MAX_BYTES:
            raise forms.ValidationError(
                _("The file is too large (%(size)s); the limit is %(limit)s."),
                code="too_large",
                params={
                    "size": filesizeformat(upload.size),
                    "limit": filesizeformat(settings.UPLOAD_MAX_BYTES),
                },
            )
        return upload
