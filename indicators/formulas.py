"""Formulas of derived indicators: parsed safely, evaluated with units.

A formula is an arithmetic expression over indicator codes: `GHG_TOTAL / GRDP`,
`RE_SUPPLY / TPES`, `(A + B) / 2`. It is parsed with Python's `ast` and only numbers, codes,
+ - * / and parentheses are accepted; it is never passed to eval(). Values carry their
indicator's unit through pint, so `tCO2e / billion_VND` comes out as such and a formula
whose result cannot be expressed in the derived indicator's unit is rejected.

Pure functions: no database access here (see indicators.actions for that).
"""

from __future__ import annotations

import ast
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation

import pint
from django.utils.translation import gettext as _

from indicators.units import Quantity, parse_unit

_OPERATORS: dict[type[ast.operator], Callable] = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
MAX_FORMULA_LENGTH = 500


class FormulaError(ValueError):
    """The formula cannot be accepted; the message is translated and meant for the user."""


@dataclass(frozen=True)
class Formula:
    text: str
    tree: ast.Expression

    @property
    def codes(self) -> set[str]:
        """The indicator codes the formula reads."""
        return {node.id for node in ast.walk(self.tree) if isinstance(node, ast.Name)}


def parse_formula(text: str) -> Formula:
    """Parse `text`, accepting only numbers, codes, + - * / and parentheses."""
    text = (text or "").strip()
    if not text:
        raise FormulaError(_("The formula is empty."))
    if len(text) > MAX_FORMULA_LENGTH:
        raise FormulaError(_("The formula is too long."))
    try:
        tree = ast.parse(text, mode="eval")
    except SyntaxError as exc:
        raise FormulaError(
            _("The formula cannot be read (near character %(position)s).")
            % {"position": exc.offset or 1}
        ) from exc
    for node in ast.walk(tree):
        if isinstance(node, ast.Expression | ast.Load | ast.USub | ast.UAdd):
            continue
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            continue
        if isinstance(node, ast.operator) and type(node) in _OPERATORS:
            continue
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
            continue
        if isinstance(node, ast.Name):
            continue
        if (
            isinstance(node, ast.Constant)
            and isinstance(node.value, int | float)
            and not isinstance(node.value, bool)
            and not (isinstance(node.value, float) and math.isinf(node.value))  # 1e999
        ):
            continue
        raise FormulaError(
            _(
                "The formula may only use indicator codes, numbers, + - * / and parentheses "
                "(found %(part)s)."
            )
            % {"part": ast.get_source_segment(text, node) or type(node).__name__}
        )
    return Formula(text=text, tree=tree)


def _evaluate(node: ast.AST, values: Mapping[str, Quantity | None]) -> Quantity | Decimal | None:
    if isinstance(node, ast.Expression):
        return _evaluate(node.body, values)
    if isinstance(node, ast.Constant):
        # Through str so that 0.1 is exactly 0.1, not its binary approximation.
        return Decimal(str(node.value))
    if isinstance(node, ast.Name):
        return values[node.id]
    if isinstance(node, ast.UnaryOp):
        operand = _evaluate(node.operand, values)
        if operand is None:
            return None
        return -operand if isinstance(node.op, ast.USub) else operand
    if isinstance(node, ast.BinOp):
        left = _evaluate(node.left, values)
        right = _evaluate(node.right, values)
        if left is None or right is None:
            return None  # a missing input gives no value, never a zero
        return _OPERATORS[type(node.op)](left, right)
    raise FormulaError(_("The formula contains something that is not allowed."))


def evaluate(formula: Formula, values: Mapping[str, Quantity | None], unit: str) -> Decimal | None:
    """The formula's value in `unit`, or None when an input is missing or a divisor is zero.

    `values` maps every code of the formula to a pint Quantity (None when it has no value).
    Raises FormulaError when the result cannot be expressed in `unit`.
    """
    try:
        result = _evaluate(formula.tree, values)
    except (DivisionByZero, InvalidOperation, ZeroDivisionError):
        return None
    except pint.errors.DimensionalityError as exc:
        raise FormulaError(
            _("The formula adds or subtracts quantities of different kinds (%(detail)s).")
            % {"detail": exc}
        ) from exc
    if result is None:
        return None
    if not isinstance(result, Quantity):
        result = Quantity(result, "dimensionless")
    try:
        converted = result.to(parse_unit(unit))
    except pint.errors.DimensionalityError as exc:
        raise FormulaError(
            _("The formula gives %(got)s, which cannot be expressed in %(unit)s.")
            % {"got": f"{result.units:~}" or _("a pure number"), "unit": unit}
        ) from exc
    return Decimal(converted.magnitude)


def check_units(formula: Formula, input_units: Mapping[str, str], unit: str) -> None:
    """Raise FormulaError unless the formula, fed with `input_units`, yields `unit`.

    Checked with a value of one of each input, so that it works before any data exists.
    """
    try:
        parse_unit(unit)
    except ValueError as exc:
        raise FormulaError(_("The unit %(unit)s cannot be read.") % {"unit": unit}) from exc
    values = {code: Quantity(Decimal(1), parse_unit(u)) for code, u in input_units.items()}
    evaluate(formula, values, unit)
