from decimal import Decimal

from django import template
from django.utils.formats import number_format

from indicators.units import unit_label

register = template.Library()

MAX_PLACES = 4


@register.filter
def stat(value: Decimal | None, places: int = MAX_PLACES) -> str:
    """A statistic in the current language's format (1.234,5 / 1,234.5), without the stored
    trailing zeros, at most `places` decimals; an em dash for no value (never a zero)."""
    if value is None or value == "":
        return "—"
    value = Decimal(value).quantize(Decimal(1).scaleb(-int(places)))
    exponent = value.normalize().as_tuple().exponent
    decimals = max(0, -exponent) if isinstance(exponent, int) else 0
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def unit(code: str | None) -> str:
    """A unit in the current language (indicators.units.unit_label); an em dash for none."""
    return unit_label(code) if code else "—"
