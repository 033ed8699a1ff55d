"""Forms of the plan pages. Rules live in plans.actions; forms turn input into values."""

from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from core.spreadsheet import check_upload_size
from plans.models import Plan


class PlanFileForm(forms.Form):
    file = forms.FileField(
        label=_("Plan file"),
        help_text=_(
            "An Excel workbook (.xlsx) in the format of the template, or a UTF-8 CSV file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )
    replace = forms.BooleanField(
        label=_("Replace the existing plan with the same number"),
        help_text=_(
            "Updates the plan and its items, matched by code. Items missing from the file are "
            "deleted; if other records still use one, nothing is imported."
        ),
        required=False,
    )

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_upload_size(upload.size)
        return upload


class CrosswalkFileForm(forms.Form):
    predecessor_plan: forms.ModelChoiceField[Plan] = forms.ModelChoiceField(
        label=_("Earlier plan"),
        queryset=Plan.objects.none(),
        help_text=_("The plan whose items the items of this plan carry on."),
    )
    file = forms.FileField(
        label=_("Crosswalk file"),
        help_text=_(
            "Two columns: the item of the earlier plan, the item of this plan; a third column "
            "for a note. An Excel workbook (.xlsx) or a UTF-8 CSV file."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx,.csv"}),
    )

    def __init__(self, *args: Any, plans: QuerySet[Plan], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["predecessor_plan"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = plans

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        check_upload_size(upload.size)
        return upload
