from typing import cast

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET
from orgs.models import Organisation


class MergeForm(forms.Form):
    successor = forms.ModelChoiceField(
        label=_("Merged into"),
        queryset=Organisation.objects.none(),
        help_text=_("The organisation that carries on its work."),
    )
    effective = forms.DateField(
        label=_("From"),
        widget=DATE_WIDGET,
        help_text=_("The first day under the successor (dd/mm/yyyy)."),
    )

    def __init__(self, *args, source: Organisation, **kwargs):
        super().__init__(*args, **kwargs)
        successor = cast(forms.ModelChoiceField, self.fields["successor"])
        successor.queryset = (
            Organisation.objects.filter(valid_to__isnull=True)
            .exclude(pk=source.pk)
            .order_by("kind", "name")
        )
        # Full names: short ones repeat from one province to the next ("Sở Tài chính").
        # Django's documented way to relabel one form's choices; the stubs see a method.
        successor.label_from_instance = lambda org: org.name  # type: ignore[method-assign,assignment]


class RestructuringFileForm(forms.Form):
    file = forms.FileField(
        label=_("Restructuring file"),
        help_text=_(
            "An Excel workbook (.xlsx) or a CSV file, one row per change, with the headings of "
            "the template."
        ),
    )
