"""Forms of the documents pages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

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
