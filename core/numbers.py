"""Numbers written the Vietnamese way whatever the user's language (the documents a province
sends are Vietnamese)."""

from __future__ import annotations

from decimal import Decimal


def statistic(value: Decimal, places: int = 2) -> str:
    """A statistic the Vietnamese way, at most `places` decimals: 18.500.000; 63,79; 3,5."""
    rounded = value.quantize(Decimal(1).scaleb(-places))
    text = f"{rounded:,f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text.replace(",", " ").replace(".", ",").replace(" ", ".")
