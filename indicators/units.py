"""The one pint unit registry of greenplan, with the units Vietnamese statistics use.

Magnitudes are Decimal (`non_int_type`) so that official statistics never pass through
binary floats. Units not in pint's defaults are defined here once: greenhouse-gas mass in
CO2 equivalent, the Vietnamese đồng (its own dimension: no exchange rates here), people.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pint
from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

ureg: pint.UnitRegistry[Decimal] = pint.UnitRegistry(non_int_type=Decimal)

for definition in (
    # CO2 equivalent is a dimension of its own: converting it to plain mass would be wrong.
    "tCO2e = [greenhouse_gas] = _ = tCO2eq",
    "ktCO2e = 1000 * tCO2e",
    "MtCO2e = 1000000 * tCO2e",
    "VND = [currency] = _ = dong",
    "million_VND = 1000000 * VND",
    "billion_VND = 1000000000 * VND",
    "person = [population] = _ = persons = inhabitant",
    "vehicle = [vehicle] = _ = vehicles",
    "charging_port = [charging_port] = _ = charging_ports",
):
    ureg.define(definition)

if TYPE_CHECKING:
    # The base class of this registry's Quantity (and what pint's arithmetic is typed to
    # return): what mypy can check annotations against.
    from pint.facets.plain import PlainQuantity

    Quantity = PlainQuantity
else:
    Quantity = ureg.Quantity
UnitError = pint.errors.PintError


def parse_unit(text: str) -> pint.Unit:
    """The pint unit written in `text` ("tCO2e/billion_VND", "m²/person", "percent").

    Raises ValueError when pint cannot read it.
    """
    try:
        return ureg.Unit(text.strip())
    except Exception as exc:  # pint's parser raises many kinds (even decimal.DivisionByZero)
        raise ValueError(str(exc)) from exc


def is_valid_unit(text: str) -> bool:
    try:
        parse_unit(text)
    except ValueError:
        return False
    return True


# How a unit reads in a page, a workbook, a chart or the Word report (pint names -> words).
# Parts missing here are written as the catalogue writes them ("ha", "m²", "ktoe" ...).
UNIT_LABELS: dict[str, Promise] = {
    "tCO2e": pgettext_lazy("unit", "tCO2e"),
    "ktCO2e": pgettext_lazy("unit", "thousand tCO2e"),
    "MtCO2e": pgettext_lazy("unit", "million tCO2e"),
    "billion_VND": pgettext_lazy("unit", "billion VND"),
    "million_VND": pgettext_lazy("unit", "million VND"),
    "VND": pgettext_lazy("unit", "VND"),
    "percent": pgettext_lazy("unit", "%"),
    "person": pgettext_lazy("unit", "people"),
    "persons": pgettext_lazy("unit", "people"),
    "ktoe": pgettext_lazy("unit", "ktoe"),
    "toe": pgettext_lazy("unit", "toe"),
    "vehicle": pgettext_lazy("unit", "vehicles"),
    "charging_port": pgettext_lazy("unit", "charging ports"),
}


def unit_label(unit: str) -> str:
    """ "tCO2e/billion_VND" in the active language: "tấn CO2tđ/tỷ đồng", "tCO2e/billion VND".

    The one label of a unit: pages, workbooks, charts, the API's `unit_label` and the Word
    report (in Vietnamese) all write it through here; the stored code stays what pint reads.
    """
    return "/".join(
        str(UNIT_LABELS.get(part.strip(), part.strip())) for part in (unit or "").split("/")
    )
