"""Numbers typed in the user's language through core.forms.LocalizedDecimalField, as the
three kinds of number field use it: whole đồng (reporting), million VND with three decimals
(projects) and statistics with six (indicators)."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.formats import number_format
from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.forms import statistic_field
from projects.forms import million_field
from reporting.forms import vnd_field

KINDS: dict[str, Callable[[], forms.DecimalField]] = {
    "whole": lambda: vnd_field("Amount (VND)"),
    "million": lambda: million_field("Estimate (million VND)", required=False),
    "statistic": lambda: statistic_field("Value", required=False),
}


def read(language: str, kind: str, text: str) -> Decimal | None:
    with translation.override(language):
        return KINDS[kind]().clean(text)


def refusal(language: str, kind: str, text: str) -> tuple[list[str | None], list[str]]:
    """The codes and the messages, rendered in the language, of the field's refusal."""
    with translation.override(language):
        with pytest.raises(ValidationError) as refused:
            KINDS[kind]().clean(text)
        return [e.code for e in refused.value.error_list], refused.value.messages


@pytest.mark.parametrize(
    "language,kind,text,expected",
    [
        ("vi", "whole", "1.500.000", Decimal(1500000)),
        ("vi", "whole", "1,500,000", Decimal(1500000)),  # pasted from an English Excel
        ("vi", "whole", "1 500 000", Decimal(1500000)),
        ("vi", "whole", " 2 000 ", Decimal(2000)),
        ("vi", "whole", "2\xa0000", Decimal(2000)),
        ("vi", "whole", "1500000", Decimal(1500000)),
        ("vi", "whole", "", None),
        ("en", "whole", "1,500,000", Decimal(1500000)),
        ("en", "whole", "1.500.000", Decimal(1500000)),
        ("en", "whole", " 2 000 ", Decimal(2000)),
        ("vi", "million", "1,5", Decimal("1.5")),
        ("vi", "million", "1.234,567", Decimal("1234.567")),
        ("vi", "million", "1,500", Decimal("1.5")),  # a decimal comma, not a group
        ("vi", "million", "2 000", Decimal(2000)),
        ("en", "million", "1,234.5", Decimal("1234.5")),
        ("en", "million", "1.500", Decimal("1.5")),
        ("vi", "statistic", "1.234,5", Decimal("1234.5")),
        ("vi", "statistic", "-1.234,5", Decimal("-1234.5")),
        ("vi", "statistic", "25.000.000", Decimal(25000000)),
        ("vi", "statistic", "3,46", Decimal("3.46")),
        ("en", "statistic", "1,234.5", Decimal("1234.5")),
        ("en", "statistic", "+1,234.5", Decimal("1234.5")),
        ("en", "statistic", "0.000001", Decimal("0.000001")),
        ("en", "statistic", " 2 000 ", Decimal(2000)),
    ],
)
def test_numbers_written_in_the_languages_way_are_read(language, kind, text, expected):
    assert read(language, kind, text) == expected


@pytest.mark.parametrize(
    "language,kind,text,code",
    [
        ("vi", "whole", "1,5", "max_decimal_places"),  # was silently 15
        ("vi", "whole", "1500000,00", "max_decimal_places"),  # was silently 150000000
        ("vi", "whole", "1,500.000", "grouping"),
        ("vi", "whole", "15.00", "grouping"),
        ("en", "whole", "1.5", "max_decimal_places"),
        ("en", "whole", "1,5", "grouping"),
        ("vi", "whole", "-1", "min_value"),
        ("vi", "whole", "-1.500", "min_value"),
        ("vi", "whole", "1" * 19, "max_digits"),
        ("vi", "million", "1.5", "grouping"),
        ("vi", "million", "1.23.456", "grouping"),
        ("vi", "million", "1.2345,6", "grouping"),
        ("vi", "million", "1,2345", "max_decimal_places"),
        ("vi", "million", "-1", "min_value"),
        ("en", "million", "1,5", "grouping"),
        ("vi", "statistic", "1.5", "grouping"),  # was read as one and a half
        ("en", "statistic", "1.234,5", "grouping"),
        ("en", "statistic", "1,2,3", "grouping"),
        ("en", "statistic", "1.2.3", "invalid"),
        ("en", "statistic", "1_5", "invalid"),  # Decimal would read 15
        ("en", "statistic", "NaN", "invalid"),
        ("en", "statistic", "25 tấn", "invalid"),
        ("vi", "statistic", "khoảng 25 triệu", "invalid"),
    ],
)
def test_misplaced_separators_and_out_of_range_numbers_are_field_errors(language, kind, text, code):
    codes, _ = refusal(language, kind, text)

    assert codes == [code]


@pytest.mark.parametrize(
    "language,kind,example",
    [
        ("vi", "million", "1.234,5"),
        ("en", "million", "1,234.5"),
        ("vi", "whole", "1.234.567"),
        ("en", "whole", "1,234,567"),
        ("vi", "statistic", "1.234,5"),
    ],
)
def test_the_grouping_error_shows_an_example_in_the_users_language(language, kind, example):
    text = {"vi": "12.34", "en": "12,34"}[language]

    codes, messages = refusal(language, kind, text)

    assert codes == ["grouping"]
    assert example in messages[0]


def test_the_amount_message_is_in_vietnamese_in_the_vietnamese_ui():
    _, messages = refusal("vi", "million", "1.5")

    assert messages == ["Hãy ghi số tiền theo dạng 1.234,5."]


def test_the_thousand_separator_setting_does_not_change_what_is_read(settings):
    # Django's own sanitize_separators would read "1.234,567" as 1234567 with it on.
    settings.USE_THOUSAND_SEPARATOR = True

    assert read("vi", "million", "1.234,567") == Decimal("1234.567")
    assert read("vi", "million", "1,234") == Decimal("1.234")
    assert refusal("vi", "million", "1.5")[0] == ["grouping"]


def test_values_that_are_not_text_are_taken_as_they_are():
    with translation.override("vi"):
        assert KINDS["statistic"]().clean(Decimal("1.5")) == Decimal("1.5")
        assert KINDS["whole"]().clean(1500) == Decimal(1500)


# Whatever the page shows, formatted the way the language does, reads back as the same number.

DECIMAL_POS = {"whole": 0, "million": 3, "statistic": 6}
LIMITS = {"whole": (0, 10**17), "million": (0, 10**12 - 1), "statistic": (-(10**17), 10**17)}


@st.composite
def shown_numbers(draw) -> tuple[str, str, Decimal]:
    kind = draw(st.sampled_from(sorted(KINDS)))
    places = draw(st.integers(0, DECIMAL_POS[kind]))
    low, high = LIMITS[kind]
    number = draw(
        st.decimals(
            min_value=low, max_value=high, places=places, allow_nan=False, allow_infinity=False
        )
    )
    return kind, draw(st.sampled_from(["vi", "en"])), number


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(shown=shown_numbers())
def test_a_number_formatted_in_the_language_reads_back_as_itself(shown):
    kind, language, number = shown
    with translation.override(language):
        text = number_format(number, DECIMAL_POS[kind], use_l10n=True, force_grouping=True)

    assert read(language, kind, text) == number, text


@pytest.mark.parametrize(
    ("language", "kind", "stored", "shown"),
    [
        ("vi", "whole", Decimal("13500000000"), "13.500.000.000"),
        ("en", "whole", Decimal("13500000000"), "13,500,000,000"),
        ("vi", "million", Decimal("1.35E+4"), "13.500"),
        ("vi", "statistic", Decimal("1234.5"), "1.234,5"),
    ],
)
def test_a_stored_number_is_shown_grouped_and_reads_back(language, kind, stored, shown):
    class Form(forms.Form):
        amount = KINDS[kind]()

    with translation.override(language):
        html = str(Form(initial={"amount": stored})["amount"])
        assert f'value="{shown}"' in html
        assert KINDS[kind]().clean(shown) == stored
