"""Forms of the reporting pages; the API validates JSON through the same forms.

Business rules live on the models (ReportItem.clean) and in reporting.actions; these forms
only turn text into values and put each message next to its field.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.conf import settings
from django.utils.text import Truncator, capfirst
from django.utils.translation import gettext_lazy as _

from core.form_renderer import PythonRenderer, form_fields_html
from core.forms import DATE_WIDGET, LocalizedDecimalField, fixed_choices, share_fields
from core.money import FundingSource
from core.templatetags.localized import localized
from reporting.actions import ItemChanges
from reporting.models import ITEM_FIELDS, AgencyReport, ReportItem

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise


class OpenRoundForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100)
    period_start = forms.DateField(label=_("Period start"), required=False, widget=DATE_WIDGET)
    period_end = forms.DateField(label=_("Period end"), required=False, widget=DATE_WIDGET)
    deadline = forms.DateField(
        label=_("Deadline"),
        required=False,
        widget=DATE_WIDGET,
        help_text=_("25/10 of the year when left empty."),
    )


# One renderer for the report page's forms: each renderer instance builds its own template
# engine. Its widgets are written in Python (core.form_renderer), the same HTML as Django's.
LINE_RENDERER = PythonRenderer()


class GeneralForm(forms.ModelForm):
    default_renderer = LINE_RENDERER
    version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = AgencyReport
        fields = ["general_results", "general_difficulties", "general_proposals"]
        widgets = {f: forms.Textarea(attrs={"rows": 3}) for f in fields}


def vnd_field(label: str | _StrPromise, **kwargs: Any) -> forms.DecimalField:
    """An optional amount in whole đồng, not negative: "1.500.000", "1,500,000" and
    "1 500 000" are 1500000 in both languages (core.forms.LocalizedDecimalField)."""
    return LocalizedDecimalField(
        label=label,
        required=False,
        min_value=Decimal(0),
        max_digits=18,
        decimal_places=0,
        widget=forms.TextInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "invalid": _(
                "Write the amount in digits, like 1.500.000: words and letters are not read."
            ),
            "min_value": _("An amount cannot be negative."),
            "max_decimal_places": _("Write whole đồng: an amount has no decimal part."),
            "max_digits": _("This amount is too large: at most %(max)s digits."),
            "max_whole_digits": _("This amount is too large: at most %(max)s digits."),
        },
        **kwargs,
    )


PROGRESS_MESSAGE = _("Progress is a percentage: a whole number from 0 to 100.")


def fund_field(source: str) -> str:
    return f"fund_{source}"


# The groups of a line's fields, in the page's order.
SHORT_FIELDS = ("status", "progress", "document_number", "document_date")
TEXT_BOXES = ("results", "outputs", "difficulties", "proposals")
FUND_FIELDS = tuple(fund_field(source) for source in FundingSource.values)


class ReportItemForm(forms.ModelForm):
    """One report line; funds by source are extra fields `fund_<source>`.

    A report has up to ~130 lines of 14 fields: they are written in Python
    (core.form_renderer), the same HTML as Django's templates and reporting/_field.html."""

    default_renderer = LINE_RENDERER

    class Meta:
        model = ReportItem
        fields = list(ITEM_FIELDS)
        formfield_callback = fixed_choices
        widgets = {
            "results": forms.Textarea(attrs={"rows": 3}),
            "outputs": forms.Textarea(attrs={"rows": 2}),
            "difficulties": forms.Textarea(attrs={"rows": 2}),
            "proposals": forms.Textarea(attrs={"rows": 2}),
            "document_date": DATE_WIDGET,
            "progress": forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        }

    progress = forms.IntegerField(
        label=capfirst(ReportItem._meta.get_field("progress").verbose_name),
        required=False,
        min_value=0,
        max_value=100,
        widget=forms.NumberInput(attrs={"min": 0, "max": 100, "step": 1}),
        error_messages={
            "invalid": PROGRESS_MESSAGE,
            "min_value": PROGRESS_MESSAGE,
            "max_value": PROGRESS_MESSAGE,
        },
    )
    document_date = forms.DateField(
        label=capfirst(ReportItem._meta.get_field("document_date").verbose_name),
        required=False,
        widget=DATE_WIDGET,
        error_messages={
            "invalid": _("Write a date that exists, as dd/mm/yyyy (for example 25/10/2019).")
        },
    )

    def __init__(self, *args, funds: dict[str, Decimal] | None = None, **kwargs) -> None:
        """`funds`: the line's saved amounts by source when the caller has read them (the
        report page reads a report's in one query); else they are read from the instance."""
        super().__init__(*args, **kwargs)
        # The fund fields are declared once (below the class); each form only sets their
        # initial amounts: building six fields per line was a fifth of the report page.
        if funds is None and self.instance.pk:
            funds = {fund.source: fund.amount for fund in self.instance.funds.all()}
        for source, amount in (funds or {}).items():
            self.initial[fund_field(source)] = amount
        # Whether money is saved on the line: the page shows its funds open then.
        self.has_funds = bool(funds)

    def fund_fields(self):
        return [self[name] for name in FUND_FIELDS]

    def fund_errors(self) -> bool:
        """Whether an amount is wrong: the funds section is then shown open."""
        return any(self.errors.get(fund_field(s)) for s in FundingSource.values)

    def short_fields(self):
        return [self[n] for n in SHORT_FIELDS]

    def text_fields(self):
        return [self[n] for n in TEXT_BOXES]

    # The three groups of fields of a line as the report page shows them.
    def short_html(self):
        return form_fields_html(self, SHORT_FIELDS)

    def text_html(self):
        return form_fields_html(self, TEXT_BOXES)

    def fund_html(self):
        return form_fields_html(self, FUND_FIELDS)

    def changes(self) -> ItemChanges:
        data = self.cleaned_data
        return ItemChanges(
            values={name: data.get(name) for name in ITEM_FIELDS},
            funds={s: data.get(fund_field(s)) for s in FundingSource.values},
        )


ReportItemForm.base_fields.update(
    {fund_field(source): vnd_field(label) for source, label in FundingSource.choices}
)
# Every line's form uses these 14 fields as they are (core.forms.SharedFields): nothing changes
# a line form's field in place, except the page's error summary, which takes the form's own
# copy first (core.forms.own_field); reporting/tests/test_shared_fields.py holds them to it.
share_fields(ReportItemForm)


def disbursed_field(line_id: int) -> str:
    return f"disbursed_{line_id}"


class DisbursementForm(forms.Form):
    """Money disbursed in the round's year on each budget line of the agency's funded projects
    (reporting.disbursements.lines_to_report); one field `disbursed_<line id>` per line."""

    def __init__(self, *args, lines=(), amounts=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        amounts = amounts or {}
        self.lines = list(lines)
        for line in self.lines:
            self.fields[disbursed_field(line.pk)] = vnd_field(
                f"{line.project.title} · {line.get_source_display()}",
                initial=amounts.get(line.pk),
            )

    def rows(self):
        """(budget line, bound field) for the template."""
        return [(line, self[disbursed_field(line.pk)]) for line in self.lines]

    def amounts(self) -> dict[int, Decimal | None]:
        return {line.pk: self.cleaned_data.get(disbursed_field(line.pk)) for line in self.lines}


class SubmitForm(forms.Form):
    """The leader's submission: both the official document number and the signer are
    required; `confirm` is set by the confirmation step's button (no JavaScript needed)."""

    document_number = forms.CharField(
        label=_("Official document number"),
        max_length=60,
        error_messages={"required": _("Write the number of the official document (công văn).")},
    )
    signer = forms.CharField(
        label=_("Signed by"),
        max_length=120,
        error_messages={"required": _("Write the name of the person who signs the report.")},
    )
    confirm = forms.BooleanField(required=False, widget=forms.HiddenInput)


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("accept", _("Accept")), ("return", _("Return for revision"))],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment on the whole report"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.item_fields = []
        for item in items:
            name = f"comment_{item.pk}"
            # Shown in the item's row, outside the review form's element: `form` ties it back.
            self.fields[name] = forms.CharField(
                label=_("Comment on item %(code)s") % {"code": item.plan_item.label},
                required=False,
                widget=forms.Textarea(attrs={"rows": 2, "form": "review-form"}),
            )
            self.item_fields.append((item, name))

    def item_comments(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(name, "") for item, name in self.item_fields}


class ExceptionForm(forms.Form):
    until = forms.DateField(label=_("Extended deadline"), widget=DATE_WIDGET)


class AttachmentForm(forms.Form):
    default_renderer = LINE_RENDERER  # a select of every line of the report
    file = forms.FileField(
        label=_("Evidence file"),
        help_text=_("PDF, Word, Excel, PNG or JPEG; at most %(mb)s MB.")
        % {"mb": settings.UPLOAD_MAX_BYTES // (1024 * 1024)},
    )
    item = forms.TypedChoiceField(
        label=_("About item"), required=False, coerce=int, empty_value=None
    )

    def __init__(self, *args, report_items=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        # The code alone ("4.2") means nothing in a list of 42: the code and the title.
        cast(forms.ChoiceField, self.fields["item"]).choices = [("", _("The whole report"))] + [
            (i.pk, f"{i.plan_item.label} · {_at_most(localized(i.plan_item), 90)}")
            for i in report_items
        ]


def _at_most(text: str, length: int) -> str:
    """Truncator(text).chars(length): the same text, without its character walk when the
    text is short enough (it counts combining characters for none, so NFC text of `length`
    characters or fewer is never cut)."""
    text = unicodedata.normalize("NFC", str(text))
    return text if len(text) <= length else Truncator(text).chars(length)


class ReplaceAttachmentForm(forms.Form):
    file = forms.FileField(label=_("New version of the file"))
