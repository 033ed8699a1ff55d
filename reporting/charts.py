"""Reporting figures, drawn with the one chart engine (greenplan.charts)."""

from __future__ import annotations

from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from greenplan.charts import BarSeries, horizontal_bars, wrap_label
from greenplan.templatetags.greenplan import localized
from reporting.board import Board


def completeness_figure(board: Board) -> Figure:
    """Per theme: report lines expected, received (submitted or accepted) and accepted."""
    labels = [
        wrap_label(f"{row.theme.label}. {localized(row.theme)}" if row.theme else _("Other"))
        for row in board.themes
    ]
    return horizontal_bars(
        labels,
        [
            BarSeries(_("Expected"), [row.expected for row in board.themes]),
            BarSeries(_("Received"), [row.received for row in board.themes]),
            BarSeries(_("Accepted"), [row.accepted for row in board.themes]),
        ],
        title=_("Report lines per theme"),
        xlabel=_("Activities and tasks reported on"),
    )
