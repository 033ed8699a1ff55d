from decimal import Decimal

from django import template
from django.utils.formats import number_format

register = template.Library()

MILLION = Decimal(1_000_000)


@register.filter
def million(vnd) -> str:
    """VND shown in million VND with one decimal, in the user's number format (1.234,5)."""
    if vnd in (None, ""):
        return "—"
    return number_format(Decimal(vnd) / MILLION, decimal_pos=1, use_l10n=True, force_grouping=True)


@register.filter
def percent_of(part, whole) -> str:
    """`part` as a whole percentage of `whole` ("—" when there is no whole)."""
    if not whole:
        return "—"
    return f"{Decimal(part or 0) * 100 / Decimal(whole):.0f}"


@register.filter
def sum_of(objects, field: str) -> Decimal:
    """The sum of `field` over `objects` (e.g. a project's prefetched budget lines)."""
    return sum((getattr(o, field) or Decimal(0) for o in objects), Decimal(0))
