from decimal import Decimal

from django import template

from core.money import format_million

register = template.Library()


@register.filter
def million(vnd) -> str:
    """VND shown in million VND with one decimal, in the user's number format (1.234,5)."""
    return format_million(vnd)


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
