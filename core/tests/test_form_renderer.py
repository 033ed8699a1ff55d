"""core.form_renderer.form_fields_html writes a shared-field form's fields from what is the
same for every form: the HTML must be field_blocks' (itself Django's, through
reporting/_field.html), whatever the widget, value and options, and anything it does not know
goes through field_blocks."""

from __future__ import annotations

import datetime

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.template.loader import render_to_string
from django.utils import translation

from core.form_renderer import _SHAPES, PythonRenderer, form_fields_html
from core.forms import DATE_WIDGET, share_fields

RENDERER = PythonRenderer()
STATUS = [("", "—"), ("a", "Đang <làm>"), ("b", 'Xong "hết"'), (None, "Không")]


@share_fields
class Shared(forms.Form):
    default_renderer = RENDERER
    status = forms.ChoiceField(choices=STATUS)
    optional_status = forms.ChoiceField(choices=STATUS[1:], required=False)
    count = forms.IntegerField(min_value=0, max_value=9, required=False)
    title = forms.CharField(max_length=20, label="Tên <đầy đủ>?")
    mail = forms.EmailField(required=False, widget=forms.EmailInput(attrs={"autocomplete": "x"}))
    day = forms.DateField(required=False, widget=DATE_WIDGET)
    text = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 2}))
    helped = forms.CharField(required=False, help_text="Gợi ý & mẫu")  # through field_blocks
    hidden = forms.CharField(required=False, widget=forms.HiddenInput)  # through field_blocks


def _django(form: forms.Form) -> str:
    again = type(form)(initial=form.initial, prefix=form.prefix, renderer=DjangoTemplates())
    return "".join(render_to_string("reporting/_field.html", {"field": f}) for f in again)


@pytest.mark.parametrize(
    "initial",
    [
        {},
        {"status": "a", "optional_status": "b", "count": 0, "title": '<b>"x"</b> & y'},
        {"status": "", "count": 9, "day": datetime.date(2019, 10, 25), "text": "hai\ndòng"},
        {"status": None, "mail": "a@b.vn", "text": "", "helped": "x", "hidden": "h"},
    ],
)
@pytest.mark.parametrize("language", ["vi", "en"])
def test_an_unbound_form_is_written_as_django_writes_it(initial, language):
    with translation.override(language):
        form = Shared(initial=initial, prefix="item-7")
        twice = [form_fields_html(form, list(form.fields)) for _ in range(2)]  # shapes kept

        assert twice[0] == twice[1] == _django(form)
    # Written from their shapes, all but the two with help text or hidden.
    shaped = {
        name
        for name, field in Shared.base_fields.items()
        if any(kept is field and shape for kept, shape in _SHAPES.values())
    }
    assert shaped == set(Shared.base_fields) - {"helped", "hidden"}


def test_a_bound_form_goes_through_field_blocks():
    form = Shared({"item-7-status": "zz", "item-7-count": "10"}, prefix="item-7")
    form.is_valid()

    html = form_fields_html(form, ["status", "count"])

    assert 'aria-invalid="true"' in html
    assert '<ul class="errors" id="id_item-7-count_errors">' in html
