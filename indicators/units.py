"""The one pint unit registry of greenplan, with the units Vietnamese statistics use.

Magnitudes are Decimal (`non_int_type`) so that official statistics never pass through
binary floats. Units not in pint's defaults are defined here once: greenhouse-gas mass in
CO2 equivalent, the Vietnamese đồng (its own dimension: no exchange rates here), people.
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import pint

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
