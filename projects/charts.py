"""Figures of the project pages, drawn by the one chart engine (core.charts)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from core.charts import BarSeries, horizontal_bars, wrap_label
from core.money import MILLION
from projects.totals import Row


def funding_figure(rows: list[Row], title: str = "") -> Figure:
    """Estimate, allocated and disbursed per row, in million VND."""

    def values(name: str) -> list[float]:
        return [float(getattr(row.money, name) / MILLION) for row in rows]

    return horizontal_bars(
        [wrap_label(row.label) for row in rows],
        [
            BarSeries(_("Estimate"), values("estimate")),
            BarSeries(_("Allocated"), values("allocated")),
            BarSeries(_("Disbursed"), values("disbursed")),
        ],
        title=title,
        xlabel=_("million VND"),
    )
