"""Forms of the documents pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import DATE_WIDGET
from documents.models import ConsolidatedReport
from documents.wording import NARRATIVE_SECTIONS

# Labels of the narrative sections in the page (the document's own headings are Vietnamese).
NARRATIVE_LABELS = {
    "introduction": _("Introduction"),
    "overview": _("General assessment"),
    "difficulties": _("Difficulties (before the agencies' own)"),
    "next_steps": _("Tasks and solutions for the coming period"),
    "proposals": _("Proposals (before the agencies' own)"),
    "recipients": _("Recipients, one per line"),
    "signer_title": _("Signer's title"),
    "signer_name": _("Signer's name"),
}


class NarrativeForm(forms.Form):
    """The sections the coordinator may rewrite, pre-filled from the consolidation."""

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for section in NARRATIVE_SECTIONS:
            widget = (
                forms.Textarea(attrs={"rows": 4})
                if section.multiline
                else forms.TextInput(attrs={"size": 40})
            )
            self.fields[section.key] = forms.CharField(
                label=NARRATIVE_LABELS[section.key],
                required=False,
                max_length=20_000,
                widget=widget,
                strip=True,
            )


class WorkbookUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in Excel template (.xlsx)"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )


class ApprovalForm(forms.Form):
    """The province leader's approval: the report's issued number, date and signer."""

    issued_number = forms.CharField(
        label=_("Issued number"),
        max_length=60,
        help_text=_('As Decree 30 writes it, e.g. "125/BC-UBND" (a bare number is completed).'),
    )
    issued_on = forms.DateField(
        label=_("Issued on"),
        widget=DATE_WIDGET,
    )
    signer_name = forms.CharField(label=_("Signed by"), max_length=120)
    signature_authority = forms.ChoiceField(
        label=_("Signature authority"),
        choices=ConsolidatedReport.Authority.choices,
        widget=forms.RadioSelect,
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What must DPI change?"),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Say what DPI must change: write a comment.")},
    )
