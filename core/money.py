"""The money vocabulary: funding sources (nguồn vốn) and VND amounts.

Amounts are stored in whole đồng (`Decimal`); pages, forms and reports often speak in million
VND. Every app converts and writes amounts with the helpers below:
- `in_millions` / `to_million` / `to_vnd`: numbers (a report cell, a form's initial value, the
  VND a form's million field means);
- `format_vnd` / `format_million`: text in the user's number format (1.234,5 or 1,234.5);
- `vnd_vi` / `million_vi`: text the Vietnamese way whatever the language (the Word report).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import models
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from core.numbers import statistic

MILLION = Decimal(1_000_000)


class FundingSource(models.TextChoices):
    CENTRAL_BUDGET = "central_budget", _("Central budget")
    LOCAL_BUDGET = "local_budget", _("Local budget")
    PUBLIC_INVESTMENT = "public_investment", _("Public investment")
    ODA = "oda", _("ODA / foreign aid")
    PRIVATE = "private", _("Private / enterprise")
    OTHER = "other", _("Other source")


def in_millions(vnd: Decimal | None) -> Decimal:
    """VND as million VND (nothing counts as zero), e.g. for a workbook cell or a chart."""
    return (vnd or Decimal(0)) / MILLION


def to_million(vnd: Decimal | None) -> Decimal | None:
    """VND as the million VND a form shows (1.5, not 1.500000); None stays None."""
    return None if vnd is None else (vnd / MILLION).normalize()


def to_vnd(million: Decimal | None) -> Decimal:
    """The whole đồng a number of million VND typed in a form means."""
    return ((million or Decimal(0)) * MILLION).quantize(Decimal(1))


def format_vnd(amount: Decimal) -> str:
    """Whole đồng in the user's number format, e.g. for a message."""
    return number_format(amount, decimal_pos=0, use_l10n=True, force_grouping=True)


def format_million(vnd: Decimal | str | None) -> str:
    """VND shown in million VND with one decimal, in the user's number format (1.234,5);
    "—" for no amount."""
    if vnd in (None, ""):
        return "—"
    return number_format(Decimal(vnd) / MILLION, decimal_pos=1, use_l10n=True, force_grouping=True)


def vnd_vi(amount: Decimal) -> str:
    """1234567 -> "1.234.567" (Vietnamese thousands separator)."""
    return f"{amount:,.0f}".replace(",", ".")


def million_vi(amount: Decimal) -> str:
    """VND as million VND, the Vietnamese way: 15000000000 -> "15.000"; 1500000 -> "1,5"."""
    return statistic(amount / MILLION, places=3)
