"""Charts of indicators, built as matplotlib figures for the one chart engine
(core.charts.to_svg for pages, to_png for Word)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from core.charts import PALETTE, localize_numbers, year_axis
from indicators.scorecard import IndicatorStanding
from indicators.series import MergedSeries
from indicators.units import unit_label


def progress_figure(row: IndicatorStanding) -> Figure:
    """Accepted actuals against the target path (baseline → milestone targets)."""
    fig = Figure(figsize=(7.5, 3.4), dpi=100)
    ax = fig.add_subplot()
    path = row.progress.path if row.progress else []
    if len(path) >= 2:
        ax.plot(
            [p.year for p in path],
            [float(p.value) for p in path],
            linestyle="--",
            marker="D",
            color=PALETTE[3],
            label=_("Target path"),
        )
    elif path:
        ax.plot([path[0].year], [float(path[0].value)], "D", color=PALETTE[3], label=_("Baseline"))
    if row.actuals:
        ax.plot(
            [p.year for p in row.actuals],
            [float(p.value) for p in row.actuals],
            marker="o",
            color=PALETTE[0],
            label=_("Accepted values"),
        )
    year_axis(ax.xaxis)
    localize_numbers(fig)
    ax.set_ylabel(unit_label(row.indicator.unit))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#eee")
    if path or row.actuals:
        ax.legend(loc="best", fontsize=8, frameon=False)
    else:
        ax.text(0.5, 0.5, _("No data"), ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return fig


def merged_series_figure(series: MergedSeries) -> Figure:
    """Each part's accepted values by year (the territory and the provinces merged into it),
    and their sum, dashed, for an additive indicator."""
    fig = Figure(figsize=(7.5, 3.4), dpi=100)
    ax = fig.add_subplot()
    drawn = False
    lines = [*series.rows, *([series.total] if series.total else [])]
    for index, row in enumerate(lines):
        points = [(y, c) for y, c in zip(series.years, row.cells, strict=True) if c is not None]
        if not points:
            continue
        drawn = True
        ax.plot(
            [y for y, _c in points],
            [float(c) for _y, c in points],
            marker="o",
            linestyle="--" if row.territory is None else "-",
            color=PALETTE[index % len(PALETTE)],
            label=row.label,
        )
    year_axis(ax.xaxis)
    localize_numbers(fig)
    ax.set_ylabel(unit_label(series.indicator.unit))
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="y", color="#eee")
    if drawn:
        ax.legend(loc="best", fontsize=8, frameon=False)
    else:
        ax.text(0.5, 0.5, _("No data"), ha="center", va="center", transform=ax.transAxes)
    fig.tight_layout()
    return fig
