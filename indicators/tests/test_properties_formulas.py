"""Property-based tests of indicator formulas (hypothesis), bounded for CI.

Any text is parsed or refused with FormulaError, nothing else; whatever is accepted evaluates
to a finite Decimal or None; random arithmetic over known codes gives what a direct Decimal
(and, without division, an exact fraction) computation gives; a missing input gives None,
never 0; anything beyond arithmetic (eval-style attacks) is refused.

Pure: no database access.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal, DivisionByZero, InvalidOperation
from fractions import Fraction

import pytest
from hypothesis import HealthCheck, assume, example, given, settings
from hypothesis import strategies as st

from indicators.actions import CatalogueEntry, check_indicator
from indicators.formulas import MAX_FORMULA_LENGTH, FormulaError, evaluate, parse_formula
from indicators.models import IndicatorKind
from indicators.units import Quantity

# Python's parser warns about odd literals ("1e999if"): the formula is refused or not either way.
pytestmark = pytest.mark.filterwarnings("ignore::SyntaxWarning")

BOUNDED = settings(
    max_examples=100,
    deadline=None,
    derandomize=True,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)
CODES = ("GHG_TOTAL", "GRDP", "RE_SUPPLY", "TPES", "A", "B1")


# Random text ----------------------------------------------------------------------------------

TOKENS = [
    *CODES,
    "1",
    "0",
    "2.5",
    "1e999",
    "1e-999",
    "0x1F",
    "1_000",
    "9" * 40,
    "+",
    "-",
    "*",
    "/",
    "**",
    "//",
    "%",
    "@",
    "(",
    ")",
    "[",
    "]",
    "{",
    "}",
    ",",
    ":",
    ".",
    "'",
    '"',
    "\\",
    "#",
    " ",
    "\n",
    "\t",
    "\x00",
    "\ufeff",
    "lambda",
    "__import__",
    "os",
    "if",
    "else",
    "for",
    "in",
    "not",
    "and",
    "yield",
    "await",
    ":=",
    "é",
    "Đ",
    "１",
]
formula_like = st.lists(st.sampled_from(TOKENS), max_size=40).map("".join)


def parse_or_refuse(text: str):
    try:
        return parse_formula(text)
    except FormulaError as exc:
        assert str(exc), "a refusal must say why"
        return None


@BOUNDED
@given(text=st.one_of(st.text(max_size=MAX_FORMULA_LENGTH + 20), formula_like))
@example(text="1e999")
@example(text="\x00")
@example(text="(" * 300 + "A" + ")" * 300)
def test_any_text_is_parsed_or_refused_with_a_formula_error(text):
    formula = parse_or_refuse(text)
    if formula is None:
        return
    # Whatever is accepted evaluates, with every input at one, to a finite number or nothing.
    values = {code: Quantity(Decimal(1), "dimensionless") for code in formula.codes}
    try:
        result = evaluate(formula, values, "dimensionless")
    except FormulaError:
        return
    assert result is None or (isinstance(result, Decimal) and result.is_finite()), result


def test_a_constant_too_large_for_a_number_is_refused():
    # 1e999 is infinity as a float: it used to be accepted and evaluated to Decimal("Infinity"),
    # which no DecimalField can store.
    with pytest.raises(FormulaError):
        parse_formula("GRDP * 1e999")


# Random arithmetic ----------------------------------------------------------------------------


@dataclass(frozen=True)
class Node:
    op: str  # "code", "num", "neg", "pos", "+", "-", "*", "/"
    value: str = ""
    left: Node | None = None
    right: Node | None = None

    def text(self) -> str:
        if self.op in ("code", "num"):
            return self.value
        assert self.left is not None
        if self.op in ("neg", "pos"):
            return f"{'-' if self.op == 'neg' else '+'}({self.left.text()})"
        assert self.right is not None
        return f"({self.left.text()} {self.op} {self.right.text()})"

    def codes(self) -> set[str]:
        if self.op == "code":
            return {self.value}
        return set().union(*(n.codes() for n in (self.left, self.right) if n is not None))

    def has_division(self) -> bool:
        if self.op == "/":
            return True
        return any(n.has_division() for n in (self.left, self.right) if n is not None)


number_text = st.one_of(
    st.integers(0, 10_000).map(str),
    st.decimals(min_value=0, max_value=1000, places=3, allow_nan=False).map(str),
)
leaves = st.one_of(
    st.sampled_from(CODES).map(lambda c: Node("code", c)),
    number_text.map(lambda n: Node("num", n)),
)
trees = st.recursive(
    leaves,
    lambda children: st.one_of(
        st.builds(Node, st.sampled_from(["+", "-", "*", "/"]), st.just(""), children, children),
        st.builds(Node, st.sampled_from(["neg", "pos"]), st.just(""), children),
    ),
    max_leaves=12,
)
input_values = st.fixed_dictionaries(
    {
        code: st.decimals(
            min_value=-(10**9), max_value=10**9, places=4, allow_nan=False, allow_infinity=False
        )
        for code in CODES
    }
)


class ZeroDivision(Exception):
    pass


def direct(node: Node, values, number, track: list):
    """The tree computed without the parser and without pint: Decimal or Fraction."""
    if node.op == "code":
        result = number(values[node.value])
    elif node.op == "num":
        result = number(Decimal(node.value))
    elif node.op == "neg":
        assert node.left is not None
        result = -direct(node.left, values, number, track)
    elif node.op == "pos":
        assert node.left is not None
        result = direct(node.left, values, number, track)
    else:
        assert node.left is not None and node.right is not None
        left = direct(node.left, values, number, track)
        right = direct(node.right, values, number, track)
        if node.op == "/" and right == 0:
            raise ZeroDivision
        result = {
            "+": lambda: left + right,
            "-": lambda: left - right,
            "*": lambda: left * right,
            "/": lambda: left / right,
        }[node.op]()
    track.append(abs(result))
    return result


def as_quantities(values):
    return {code: Quantity(value, "dimensionless") for code, value in values.items()}


@BOUNDED
@given(tree=trees, values=input_values)
def test_arithmetic_over_codes_equals_a_direct_computation(tree, values):
    formula = parse_formula(tree.text())
    assert formula.codes == tree.codes()

    result = evaluate(formula, as_quantities(values), "dimensionless")

    track: list = []
    try:
        expected = direct(tree, values, Decimal, track)
    except (ZeroDivision, DivisionByZero, InvalidOperation):
        assert result is None  # a zero divisor gives no value
        return
    assert isinstance(result, Decimal)
    scale = 1 + max(track)
    assert abs(result - expected) <= Decimal("1e-20") * scale, (result, expected)
    if not tree.has_division():
        exact_track: list = []
        exact = direct(tree, values, Fraction, exact_track)
        scale = 1 + max(exact_track)
        assert abs(Fraction(result) - exact) <= Fraction(1, 10**20) * scale, (result, exact)


@BOUNDED
@given(tree=trees, values=input_values, data=st.data())
def test_a_missing_input_gives_no_value_never_zero(tree, values, data):
    codes = sorted(tree.codes())
    assume(codes)
    missing = data.draw(st.lists(st.sampled_from(codes), min_size=1, unique=True))
    quantities = as_quantities(values)
    for code in missing:
        quantities[code] = None

    assert evaluate(parse_formula(tree.text()), quantities, "dimensionless") is None


@BOUNDED
@given(
    inputs=st.lists(
        st.tuples(
            st.decimals(min_value=0, max_value=10**6, places=3, allow_nan=False),
            st.sampled_from(["tCO2e", "ktCO2e", "MtCO2e"]),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_a_sum_of_quantities_in_different_units_converts_exactly(inputs):
    codes = [f"X{i}" for i in range(len(inputs))]
    factor = {"tCO2e": 1, "ktCO2e": 1000, "MtCO2e": 1_000_000}

    result = evaluate(
        parse_formula(" + ".join(codes)),
        {code: Quantity(value, unit) for code, (value, unit) in zip(codes, inputs, strict=True)},
        "tCO2e",
    )

    assert result == sum((value * factor[unit] for value, unit in inputs), Decimal(0))


# Attacks ---------------------------------------------------------------------------------------

ATTACKS = [
    "__import__('os').system('true')",
    "__import__",
    "{f}.__class__",
    "({f}).real",
    "().__class__.__bases__[0].__subclasses__()",
    "abs({f})",
    "open('/etc/passwd')",
    "eval('{f}')",
    "(lambda: {f})()",
    "lambda x: {f}",
    "[{f} for _ in range(10**9)]",
    "{{{f} for _ in A}}",
    "({f} for _ in A)",
    "{f} ** 99999999",
    "{f} ** {f}",
    "9 ** 9 ** 9 ** 9",
    "{f} // 2",
    "{f} % 2",
    "{f} << 9999",
    "{f} @ A",
    "{f} if A else B",
    "not {f}",
    "{f} < A",
    "{f} and A",
    "[{f}][0]",
    "{f}[0]",
    "'{f}'",
    "f'{{{f}}}'",
    "(x := {f})",
    "*{f}",
    "{f}, A",
    "True + {f}",
    "None",
    "...",
    "1j * {f}",
    "b'x'",
]


@BOUNDED
@given(tree=trees, attack=st.sampled_from(ATTACKS))
def test_eval_style_attacks_are_refused(tree, attack):
    text = attack.format(f=tree.text())
    assume(len(text) <= MAX_FORMULA_LENGTH)

    assert refused(text)


def refused(text: str) -> bool:
    """Refused by the parser or, for a bare name such as `__import__` (which the parser takes
    for a code and never evaluates), by the catalogue check: no indicator has such a code."""
    try:
        parse_formula(text)
    except FormulaError:
        return True
    catalogue = {code: CatalogueEntry(IndicatorKind.ENTERED, "tCO2e", "") for code in CODES}
    catalogue["DERIVED"] = CatalogueEntry(IndicatorKind.DERIVED, "tCO2e", text)
    return "formula" in check_indicator("DERIVED", catalogue)
