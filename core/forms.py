"""Form fields shared by the apps."""

from __future__ import annotations

import copy
import re
from decimal import Decimal, DecimalException
from typing import Any, TypeVar

from django import forms
from django.core.exceptions import ValidationError
from django.forms.boundfield import BoundField
from django.utils import formats
from django.utils.translation import gettext_lazy as _

# Typed between digit groups, or pasted from Excel and Word: plain, non-breaking and narrow
# non-breaking spaces.
SPACES = re.compile(r"[ \u00a0\u202f]")
# 1.500.000 or 1,500,000: one separator, always followed by three digits.
WHOLE_GROUPED = re.compile(r"[-+]?\d{1,3}([.,])\d{3}(?:\1\d{3})*")


class LocalizedDecimalField(forms.DecimalField):
    """A decimal typed the way the current language writes numbers: 1.234,5 in Vietnamese,
    1,234.5 in English.

    Django's localized DecimalField reads the Vietnamese "1.000" as one while
    USE_THOUSAND_SEPARATOR is off, and guesses while it is on (the Vietnamese "1.5" becomes one
    and a half). This field reads text by the rules below whatever that setting; ``localize``
    only decides how the initial value is shown.

    1. Spaces and non-breaking spaces are ignored: " 2 000 " is 2000.
    2. The language's thousands separator is accepted only between well-formed groups of three
       digits ("1.234.567,5"); anywhere else ("1.5" in Vietnamese) it is the field error
       ``grouping`` with an example in the language, never a silently different number. The
       decimal separator is the language's; a leading "-" or "+" is allowed.
    3. With ``decimal_places=0`` (whole đồng), digits grouped by three with either "." or ","
       are a whole number in both languages: "1,500,000" pasted from an English Excel into the
       Vietnamese page is 1500000. "1,5" in Vietnamese stays one and a half, which
       decimal_places refuses.
    4. Everything else is Django's DecimalField: empty values, required, min_value, max_value,
       max_digits, decimal_places, NaN and infinity refused; except that "1_5", which Decimal
       reads as 15, is refused. Values that are not text (a Decimal, an int) are not parsed.

    The ``grouping`` message speaks of an amount; pass ``error_messages={"grouping": ...}``
    with a ``%(example)s`` placeholder for other quantities.
    """

    # Django's own read badly in Vietnamese ("…nhỏ hơn hoặc bằng với 100 .", "không có nhiều
    # hơn 0 chữ số thập phân"): written for people, with the limit where there is one.
    default_error_messages = {
        "grouping": _("Write the amount like %(example)s."),
        "min_value": _("The number must be %(limit_value)s or more."),
        "max_value": _("The number must be %(limit_value)s or less."),
        "max_digits": _("The number is too long: at most %(max)s digits."),
        "max_whole_digits": _(
            "The number is too long: at most %(max)s digits before the decimal separator."
        ),
        "max_decimal_places": _("Write at most %(max)s digits after the decimal separator."),
    }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.decimal_places == 0 and "max_decimal_places" not in (
            kwargs.get("error_messages") or {}
        ):
            self.error_messages["max_decimal_places"] = _("Write a whole number, without decimals.")

    def prepare_value(self, value: Any) -> Any:
        """A stored number is shown grouped in the language's format ("13.500.000.000",
        "1.234,5"), which rule 2 reads back exactly; typed text is shown as typed."""
        if isinstance(value, Decimal | int) and not isinstance(value, bool):
            return formats.number_format(value, use_l10n=True, force_grouping=True)
        return super().prepare_value(value)

    # Django's DecimalField subclasses IntegerField; django-stubs' DecimalField ignores the same.
    def to_python(self, value: Any) -> Decimal | None:  # type: ignore[override]
        if not isinstance(value, str):
            return super().to_python(value)
        text = SPACES.sub("", value.strip())
        if not text:
            return None
        # Decimal reads "1_5" as 15: refuse it rather than guess.
        if "_" in text:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        try:
            return Decimal(self.canonical(text))
        except DecimalException:
            raise ValidationError(self.error_messages["invalid"], code="invalid") from None

    def canonical(self, text: str) -> str:
        """The text with the separators of rules 2 and 3 turned into Python's: "1.234,5" is
        "1234.5" in Vietnamese. Raises the ``grouping`` error for a misplaced separator."""
        if self.decimal_places == 0:
            grouped = WHOLE_GROUPED.fullmatch(text)
            if grouped:
                return text.replace(grouped[1], "")
        thousands = formats.get_format("THOUSAND_SEPARATOR")
        decimal = formats.get_format("DECIMAL_SEPARATOR")
        if thousands and thousands in text:
            well_grouped = (
                rf"[-+]?\d{{1,3}}(?:{re.escape(thousands)}\d{{3}})+(?:{re.escape(decimal)}\d+)?"
            )
            if not re.fullmatch(well_grouped, text):
                example = (
                    f"1{thousands}234{thousands}567"
                    if self.decimal_places == 0
                    else f"1{thousands}234{decimal}5"
                )
                raise ValidationError(
                    self.error_messages["grouping"], code="grouping", params={"example": example}
                )
            text = text.replace(thousands, "")
        return text.replace(decimal, ".")


# Dates shown and typed day first, as both languages' formats read them (core/formats).
DATE_WIDGET = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y")


class FixedChoiceField(forms.TypedChoiceField):
    """A TypedChoiceField whose choices are the same for every form (a model field's fixed
    choices): each form's copy shares them instead of deep-copying them, which copied every
    lazy label (a fifth of a 123-line report page's forms). Nothing may change the choices of
    one form's field in place; assign new ones instead."""

    def __deepcopy__(self, memo: dict[int, Any]) -> FixedChoiceField:
        # forms.Field's copy (the field, its widget, messages, validators), not
        # ChoiceField's, which adds a deep copy of the choices.
        return forms.Field.__deepcopy__(self, memo)


def fixed_choices(db_field: Any, **kwargs: Any) -> forms.Field | None:
    """A ModelForm's formfield_callback: model fields with choices as FixedChoiceField."""
    field: forms.Field | None = db_field.formfield(choices_form_class=FixedChoiceField, **kwargs)
    return field


FormClass = TypeVar("FormClass", bound=type[forms.BaseForm])


class SharedFields(dict[str, forms.Field]):
    """A form class's base_fields that every form of the class uses as they are, instead of
    the deep copy BaseForm.__init__ makes for each form (a page of 123 line forms copied
    1,722 fields and their widgets, a fifth of its time, and made work for the garbage
    collector). Safe only while nothing changes a field of one form in place: Django's forms
    do not (they build the widget's attributes, options and errors anew for each rendering
    and validation); code that would (for example setting a widget's attributes on a field
    with errors) takes the form's own copy first with `own_field`."""

    def __deepcopy__(self, memo: dict[int, Any]) -> dict[str, forms.Field]:
        return dict(self)


def share_fields(form_class: FormClass) -> FormClass:
    """Make `form_class`'s forms share its fields (SharedFields)."""
    classes: Any = form_class  # django-stubs do not declare base_fields
    classes.base_fields = SharedFields(classes.base_fields)
    return form_class


def own_field(form: forms.BaseForm, name: str) -> BoundField:
    """The bound field `name` of `form` on a field of the form's own, which may be changed
    without changing it for other forms (a deep copy when the form shares its class's)."""
    field = form.fields[name]
    state: Any = form  # base_fields and the bound fields' cache are not in django-stubs
    if field is state.base_fields.get(name):
        form.fields[name] = copy.deepcopy(field)
        state._bound_fields_cache.pop(name, None)
    return form[name]
