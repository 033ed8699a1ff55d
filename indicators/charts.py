"""Charts of indicators, built as matplotlib figures for the one chart engine
(core.charts.to_svg for pages, to_png for Word)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from core.charts import PALETTE, localize_numbers, year_axis
from indicators.scorecard import IndicatorStanding
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
