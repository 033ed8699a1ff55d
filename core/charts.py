"""The one chart engine: the same figure serves web pages (SVG) and Word reports (PNG).

Project-level so that domain apps (web pages) and documents (Word) both use it."""

from __future__ import annotations

import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass

import matplotlib
from django.utils import timezone

matplotlib.use("Agg")
# Text in SVG as text, not glyph outlines: selectable, read by screen readers, a quarter of
# the size, and ~40% less time to write.
matplotlib.rcParams["svg.fonttype"] = "none"
# Every text drawn comes from users (theme titles, agency names, units): a "$" is a dollar sign,
# never the start of mathtext ("Chi phí $x^{$ triệu" would raise and answer 500), and never LaTeX.
matplotlib.rcParams["text.parse_math"] = False
matplotlib.rcParams["text.usetex"] = False

from matplotlib import pyplot as plt  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.text import Text  # noqa: E402

PALETTE = ["#2e7d32", "#a5d6a7", "#1565c0", "#ef6c00", "#9e9e9e", "#c62828"]


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
        ax.bar_label(bars, labels=[f"{v:g}" for v in s.values], padding=3, fontsize=8)
    ax.set_yticks(positions, labels=categories, fontsize=9)
    ax.invert_yaxis()
    ax.set_xlabel(xlabel)
    if title:
        ax.set_title(title, fontsize=11)
    ax.spines[["top", "right"]].set_visible(False)
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
    whatever rcParams say at drawing time: the writers below are the one way out of a figure."""
    for text in fig.findobj(Text):
        text.set_parse_math(False)
        text.set_usetex(False)


def to_svg(fig: Figure) -> str:
    _plain_text(fig)
    buffer = io.StringIO()
    fig.savefig(buffer, format="svg")
    plt.close(fig)
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
    shared by all workers when CACHES points at a shared backend (CACHE_URL=file://...)."""
    from django.core.cache import cache

    cache_key = f"chart-place:{place}"
    last = cache.get(cache_key)
    now = timezone.now()
    if last is not None and (last["key"] == key or (now - last["at"]).total_seconds() < max_age):
        return Drawing(last["svg"], last["at"], current=last["key"] == key)
    svg = draw()
    cache.set(cache_key, {"key": key, "svg": svg, "at": now}, 3600)
    return Drawing(svg, now, current=True)


def to_png(fig: Figure, dpi: int = 150) -> bytes:
    _plain_text(fig)
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=dpi)
    plt.close(fig)
    return buffer.getvalue()


def wrap_label(text: str, width: int = 38) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)[:2]) + ("…" if len(text) > 2 * width else "")
