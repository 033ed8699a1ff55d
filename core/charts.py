"""The one chart engine: the same figure serves web pages (SVG) and Word reports (PNG).

Project-level so that domain apps (web pages) and documents (Word) both use it."""

from __future__ import annotations

import datetime
import hashlib
import io
import math
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, TypeVar

import matplotlib
from django.utils import timezone, translation
from django.utils.formats import number_format

matplotlib.use("Agg")
# Text in SVG as text, not glyph outlines: selectable, read by screen readers, a quarter of
# the size, and ~40% less time to write.
matplotlib.rcParams["svg.fonttype"] = "none"
# Every text drawn comes from users (theme titles, agency names, units): a "$" is a dollar sign,
# never the start of mathtext ("Chi phí $x^{$ triệu" would raise and answer 500), and never LaTeX.
matplotlib.rcParams["text.parse_math"] = False
matplotlib.rcParams["text.usetex"] = False

from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402
from matplotlib.ticker import Formatter, MaxNLocator, ScalarFormatter, StrMethodFormatter  # noqa: E402

PALETTE = ["#2e7d32", "#a5d6a7", "#1565c0", "#ef6c00", "#9e9e9e", "#c62828"]


VALUE_DECIMALS = 1  # a bar's label: 71,6, not 71,5785
MAX_TICK_DECIMALS = 3


def chart_number(value: float, decimals: int = VALUE_DECIMALS) -> str:
    """`value` as the active language writes numbers (5.000 / 5,000; 71,6 / 71.6): grouped,
    rounded to `decimals` places, without trailing zeros."""
    rounded = Decimal(repr(float(value))).quantize(Decimal(1).scaleb(-decimals))
    exponent = rounded.normalize().as_tuple().exponent
    places = max(0, -exponent) if isinstance(exponent, int) else 0
    if rounded == 0:
        rounded, places = Decimal(0), 0  # no "-0"
    return number_format(rounded, decimal_pos=places, use_l10n=True, force_grouping=True)


class LocaleFormatter(Formatter):
    """Axis ticks in the language the figure was built in (a figure may be written later, or
    in another language's request: the Word report's figures are built in Vietnamese), with
    the decimals the spacing of the ticks needs (0, 0,5, 1 ... not 0,0, 0,5, 1,0)."""

    def __init__(self, language: str | None = None) -> None:
        self.language = language or translation.get_language()
        self.ticks: list[float] = []

    def set_locs(self, locs: Any) -> None:
        self.ticks = sorted(float(x) for x in locs)

    def __call__(self, x: float, pos: int | None = None) -> str:
        locs = self.ticks
        steps = [b - a for a, b in zip(locs, locs[1:], strict=False) if b > a]
        step = min(steps) if steps else 1.0
        decimals = 0 if step >= 1 else min(MAX_TICK_DECIMALS, math.ceil(-math.log10(step) - 1e-9))
        with translation.override(self.language):
            return chart_number(x, decimals)


def year_axis(axis: Any) -> None:
    """An axis of years: whole years, written without grouping (2020, never 2.020)."""
    axis.set_major_locator(MaxNLocator(integer=True))
    axis.set_major_formatter(StrMethodFormatter("{x:.0f}"))


def localize_numbers(fig: Figure) -> None:
    """Every numeric axis of the figure (those still on matplotlib's default formatter) in the
    active language; axes of categories or years keep their own formatter."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if isinstance(axis.get_major_formatter(), ScalarFormatter):
                axis.set_major_formatter(LocaleFormatter())


@dataclass
class BarSeries:
    label: str
    values: list[float]


def horizontal_bars(
    categories: list[str], series: list[BarSeries], *, title: str = "", xlabel: str = ""
) -> Figure:
    """Grouped horizontal bars, one group per category (top to bottom in the given order)."""
    height = max(2.2, 0.55 * len(categories) * max(1, len(series)) + 1.0)
    fig = Figure(figsize=(7.5, height), dpi=100)
    ax = fig.add_subplot()
    n = len(series)
    bar_h = 0.8 / max(n, 1)
    positions = list(range(len(categories)))
    for s_index, s in enumerate(series):
        offsets = [p + (s_index - (n - 1) / 2) * bar_h for p in positions]
        bars = ax.barh(
            offsets, s.values, height=bar_h, label=s.label, color=PALETTE[s_index % len(PALETTE)]
        )
        ax.bar_label(bars, labels=[chart_number(v) for v in s.values], padding=3, fontsize=8)
    ax.set_yticks(positions, labels=categories, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
    localize_numbers(fig)
    if n > 1:
        ax.legend(loc="lower right", fontsize=8, frameon=False)
    # Fixed margins instead of tight_layout(), which draws the whole figure once more just to
    # measure it: labels are wrapped to two lines of 38 characters (wrap_label), so the left
    # margin is known in advance; top and bottom are set in inches.
    fig.subplots_adjust(
        left=0.37,
        right=0.95,
        bottom=min(0.45, 0.62 / height),
        top=1 - min(0.3, (0.45 if title else 0.15) / height),
    )
    return fig


def _plain_text(fig: Figure) -> None:
    """Switch mathtext and LaTeX off on every text artist of the figure, whoever built it and
    whatever rcParams say at drawing time: the writers below are the one way out of a figure.
    Numeric axes nobody formatted get the language's numbers here too."""
    localize_numbers(fig)
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


def to_svg(fig: Figure) -> str:
    _plain_text(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    svg = buffer.getvalue()
    # Drop the XML prolog and doctype so the SVG can be inlined in HTML.
    return svg[svg.index("<svg") :]


@dataclass
class Drawing:
    svg: str
    drawn_at: datetime.datetime
    current: bool  # does it show the figures asked for (not an earlier state)?


def recent_svg(place: str, key: str, draw: Callable[[], str], max_age: float) -> Drawing:
    """The chart shown at `place` (one chart on one page in one language, say a round's
    board in Vietnamese): drawn again when its figures change, but at most once every
    `max_age` seconds. `key` must name everything the chart shows (language, labels, values):
    the same key always means the same drawing. Between two drawings the last one is served,
    marked not current, with the time it was drawn: on deadline day the board's figures change
    with every report that arrives while coordinators keep the page open, and a drawing costs
    more than the rest of the page. Kept in Django's default cache: per process by default,
    shared by all workers when CACHES points at a shared backend (CACHE_URL=file://... for
    the workers of one machine, CACHE_URL=redis://... for several app servers)."""
    from django.core.cache import cache

    cache_key = f"chart-place:{place}"
    last = cache.get(cache_key)
    now = timezone.now()
    if last is not None and (last["key"] == key or (now - last["at"]).total_seconds() < max_age):
        return Drawing(last["svg"], last["at"], current=last["key"] == key)
    svg = draw()
    cache.set(cache_key, {"key": key, "svg": svg, "at": now}, 3600)
    return Drawing(svg, now, current=True)


# Part of every drawing's key: bump it when a change to this module changes what a drawing looks
# like for the same figures, so that cached drawings of the old look are not served.
ENGINE_VERSION = 1
DRAWING_TIMEOUT = 24 * 3600
Drawn = TypeVar("Drawn", str, bytes)


def chart_key(*shown: Any) -> str:
    """A cache key for a drawing: `shown` must name everything the chart shows (its kind, labels,
    values, the output format and resolution); the active language is added here, as numbers
    are written in it."""
    parts = (ENGINE_VERSION, translation.get_language(), shown)
    return "chart:" + hashlib.sha256(repr(parts).encode()).hexdigest()


def drawn(key: str, draw: Callable[[], Drawn]) -> Drawn:
    """The drawing of `key` (chart_key): drawn once, then read from Django's default cache
    (shared by the workers with CACHE_URL) for a day. A drawing
    costs 60-200 ms of matplotlib; the same figures always give the same drawing, so pages and
    documents whose figures have not changed do not redraw them."""
    from django.core.cache import cache

    found = cache.get(key)
    if isinstance(found, str | bytes):
        return found  # type: ignore[return-value]
    drawing = draw()
    cache.set(key, drawing, DRAWING_TIMEOUT)
    return drawing


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    _plain_text(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    return buffer.getvalue()


def wrap_label(text: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:2]) + ("…" if len(text) > 2 * width else "")
