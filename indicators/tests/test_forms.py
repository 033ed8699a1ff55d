"""Numbers typed in the user's language: 1.234,5 in Vietnamese, 1,234.5 in English."""

from decimal import Decimal

import pytest
from django.utils import translation

from indicators.forms import ValueForm


def parsed(language: str, text: str):
    with translation.override(language):
        form = ValueForm({"year": 2020, "value": text})
        form.is_valid()
        return form.cleaned_data.get("value"), form.errors.get("value")


@pytest.mark.parametrize(
    "language,text,expected",
    [
        ("vi", "1.234,5", Decimal("1234.5")),
        ("vi", "25.000.000", Decimal("25000000")),
        ("vi", "3,46", Decimal("3.46")),
        ("vi", "-15", Decimal("-15")),
        ("en", "1,234.5", Decimal("1234.5")),
        ("en", "25,000,000", Decimal("25000000")),
        ("en", "3.46", Decimal("3.46")),
    ],
)
def test_numbers_in_the_languages_format_are_read(language, text, expected):
    value, errors = parsed(language, text)

    assert errors is None
    assert value == expected


@pytest.mark.parametrize("text", ["khoảng 25 triệu", "25 tấn", "1,2,3", ""])
def test_text_is_rejected_with_a_field_message(text):
    value, errors = parsed("en", text)

    assert value is None
    assert errors
