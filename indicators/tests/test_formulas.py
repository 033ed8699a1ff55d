"""Formula parsing and evaluation with units (pure, no database)."""

from decimal import Decimal

import pytest

from indicators.formulas import FormulaError, check_units, evaluate, parse_formula
from indicators.units import Quantity


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


def test_a_formula_lists_the_codes_it_reads():
    assert parse_formula("(GHG_TOTAL + GHG_LULUCF) / GRDP").codes == {
        "GHG_TOTAL",
        "GHG_LULUCF",
        "GRDP",
    }


@pytest.mark.parametrize(
    "text",
    [
        "__import__('os').system('true')",
        "GRDP ** 2",
        "GRDP % 3",
        "abs(GRDP)",
        "GRDP.real",
        "GRDP if 1 else 2",
        "[GRDP]",
        "'text'",
        "True + GRDP",
        "GRDP // 2",
        "lambda: 1",
    ],
)
def test_anything_beyond_arithmetic_is_rejected(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


@pytest.mark.parametrize("text", ["", "   ", "GRDP /", "(A + B"])
def test_empty_or_broken_formulas_are_rejected(text):
    with pytest.raises(FormulaError):
        parse_formula(text)


def test_ghg_intensity_comes_out_in_tco2e_per_billion_vnd():
    formula = parse_formula("GHG_TOTAL / GRDP")

    # 25 MtCO2e over a GRDP of 400,000 billion VND = 62.5 tCO2e per billion VND.
    value = evaluate(
        formula,
        {"GHG_TOTAL": q("25", "MtCO2e"), "GRDP": q("400000", "billion_VND")},
        "tCO2e/billion_VND",
    )

    assert value == Decimal("62.5")
    assert isinstance(value, Decimal)


def test_a_ratio_of_like_quantities_converts_to_percent():
    value = evaluate(
        parse_formula("RE_SUPPLY / TPES"),
        {"RE_SUPPLY": q("1200", "ktoe"), "TPES": q("10000", "ktoe")},
        "percent",
    )

    assert value == Decimal("12")


def test_green_space_per_person_converts_hectares_to_square_metres():
    value = evaluate(
        parse_formula("GREEN_AREA / URBAN_POP"),
        {"GREEN_AREA": q("540", "ha"), "URBAN_POP": q("1500000", "person")},
        "m²/person",
    )

    assert value == Decimal("3.6")


def test_numbers_in_formulas_are_exact():
    value = evaluate(parse_formula("A * 0.1 + -A"), {"A": q("10", "percent")}, "percent")

    assert value == Decimal("-9.0")


def test_a_missing_input_gives_no_value_not_zero():
    value = evaluate(
        parse_formula("GHG_TOTAL / GRDP"),
        {"GHG_TOTAL": q("25", "MtCO2e"), "GRDP": None},
        "tCO2e/billion_VND",
    )

    assert value is None


def test_a_zero_divisor_gives_no_value():
    value = evaluate(parse_formula("A / B"), {"A": q("1", "ktoe"), "B": q("0", "ktoe")}, "percent")

    assert value is None


def test_a_result_in_the_wrong_unit_is_rejected():
    formula = parse_formula("GHG_TOTAL / GRDP")

    with pytest.raises(FormulaError, match="cannot be expressed in m²/person"):
        check_units(formula, {"GHG_TOTAL": "tCO2e", "GRDP": "billion_VND"}, "m²/person")


def test_adding_different_kinds_of_quantity_is_rejected():
    with pytest.raises(FormulaError, match="different kinds"):
        check_units(parse_formula("A + B"), {"A": "tCO2e", "B": "VND"}, "tCO2e")


def test_matching_units_pass_the_check():
    check_units(
        parse_formula("GHG_TOTAL / GRDP"),
        {"GHG_TOTAL": "tCO2e", "GRDP": "billion_VND"},
        "tCO2e/million_VND",
    )
