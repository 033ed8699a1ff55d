"""The filters of the audit page (GET parameters)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from audit.trail import ACTIONS, Filters, audited_models
from core.form_renderer import PythonRenderer

if TYPE_CHECKING:
    from django.utils.functional import _StrPromise

DATE_INPUT = ["%d/%m/%Y"]


class AuditFilterForm(forms.Form):
    # The user filter lists every user (about 1,400 at national scale): its options are
    # written in Python, not one template each.
    default_renderer = PythonRenderer()

    model = forms.ChoiceField(label=_("Record type"), required=False)
    user = forms.ModelChoiceField(
        label=_("User"),
        queryset=get_user_model().objects.none(),
        required=False,
        empty_label=_("All"),
    )
    action = forms.ChoiceField(
        label=_("Action"),
        required=False,
        choices=[("", _("All actions")), *ACTIONS.items()],
    )
    date_from = forms.DateField(
        label=_("From (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUT
    )
    date_to = forms.DateField(label=_("To (dd/mm/yyyy)"), required=False, input_formats=DATE_INPUT)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        models = audited_models()
        choices: list[tuple[str, str | _StrPromise]] = [("", _("All record types"))]
        cast(forms.ChoiceField, self.fields["model"]).choices = choices + sorted(
            (
                (label, str(model._meta.verbose_name).capitalize())
                for label, model in models.items()
            ),
            key=lambda choice: choice[1],
        )
        users = get_user_model().objects.order_by("username")
        cast(forms.ModelChoiceField, self.fields["user"]).queryset = users

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date is before the start date."))
        return data

    def filters(self) -> Filters:
        """The valid filters (all records when the form is unbound or invalid)."""
        if not self.is_bound or not self.is_valid():
            return Filters()
        data = self.cleaned_data
        return Filters(
            model=data["model"] or "",
            user_id=data["user"].pk if data["user"] else None,
            action=data["action"] or "",
            date_from=data["date_from"],
            date_to=data["date_to"],
        )
