"""Reporting figures, drawn with the one chart engine (core.charts)."""

from __future__ import annotations

import hashlib

from django.utils.translation import get_language
from django.utils.translation import gettext as _
from matplotlib.figure import Figure

from core.charts import BarSeries, horizontal_bars, wrap_label
from core.templatetags.localized import localized
from reporting.board import Summary


def _labels(board: Summary) -> list[str]:
    return [
        wrap_label(f"{row.theme.label}. {localized(row.theme)}" if row.theme else _("Other"))
        for row in board.themes
    ]


def completeness_key(board: Summary) -> str:
    """Everything completeness_figure shows, as a cache key (see core.charts.recent_svg)."""
    shown = (
        get_language(),
        [
            (label, r.expected, r.received, r.accepted)
            for label, r in zip(_labels(board), board.themes, strict=True)
        ],
    )
    return "reporting:completeness:" + hashlib.sha256(repr(shown).encode()).hexdigest()


def completeness_figure(board: Summary) -> Figure:
    """Per theme: report lines expected, received (submitted or accepted) and accepted."""
    return horizontal_bars(
        _labels(board),
        [
            BarSeries(_("Expected"), [row.expected for row in board.themes]),
            BarSeries(_("Received"), [row.received for row in board.themes]),
            BarSeries(_("Accepted"), [row.accepted for row in board.themes]),
        ],
        title=_("Report lines per theme"),
        xlabel=_("Activities and tasks reported on"),
    )
