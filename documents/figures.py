"""The charts of the consolidated report, drawn with the one chart engine (core.charts).

Completeness is reporting's own figure (the one on the round page); progress by theme is
drawn here from the consolidation, with the same engine and palette.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

from core.charts import BarSeries, chart_key, drawn, horizontal_bars, to_png, to_svg, wrap_label
from documents.contents import Consolidation
from documents.national import NOT_STARTED, NationalConsolidation
from documents.wording import NO_REPORT
from reporting.charts import completeness_figure, completeness_key


@dataclass
class ReportFigure:
    """A chart of the report, not drawn yet: `shows` names everything it shows (the key of its
    cached drawing, core.charts.chart_key), `make` builds the figure when it must be drawn."""

    caption: str
    shows: Any
    make: Callable[[], Figure]


def _progress_shown(c: Consolidation) -> list[tuple[str, int | None]]:
    return [(t.heading, t.average_progress) for t in c.themes if t.average_progress is not None]


def progress_figure(c: Consolidation) -> Figure:
    """Per theme: the average progress (%) of the activities with an accepted report."""
    themes = [t for t in c.themes if t.average_progress is not None]
    return horizontal_bars(
        [wrap_label(t.heading) for t in themes],
        [BarSeries("Tiến độ bình quân (%)", [float(t.average_progress or 0) for t in themes])],
        title="Tiến độ thực hiện bình quân theo chủ đề (%)",
        xlabel="% hoàn thành (theo báo cáo được chấp nhận)",
    )


def report_figures(c: Consolidation) -> list[ReportFigure]:
    """The report's charts in the order the document shows them."""
    figures = []
    if any(t.average_progress is not None for t in c.themes):
        figures.append(
            ReportFigure(
                "Tiến độ thực hiện bình quân theo chủ đề",
                ("documents:progress", _progress_shown(c)),
                lambda: progress_figure(c),
            )
        )
    if c.board.themes:
        figures.append(
            ReportFigure(
                "Mức độ đầy đủ của báo cáo: số dòng báo cáo dự kiến, đã nhận, đã chấp nhận "
                "theo chủ đề",
                completeness_key(c.board),
                lambda: completeness_figure(c.board),
            )
        )
    return figures


def _bars(
    caption: str, categories: list[str], series: list[BarSeries], *, title: str, xlabel: str
) -> ReportFigure:
    """Grouped horizontal bars (core.charts.horizontal_bars), named by everything they show."""
    shows = ("bars", categories, [(s.label, s.values) for s in series], title, xlabel)
    return ReportFigure(
        caption,
        shows,
        lambda: horizontal_bars(categories, series, title=title, xlabel=xlabel),
    )


def _national_status(c: NationalConsolidation) -> ReportFigure:
    """Per theme of the national plan: (activity, province) pairs by status."""
    themes = c.themes

    def pairs(keys: tuple[str, ...]) -> list[float]:
        return [float(sum(t.counts.get(key, 0) for key in keys)) for t in themes]

    return _bars(
        "Tình hình thực hiện tại các địa phương theo chủ đề",
        [wrap_label(t.heading) for t in themes],
        [
            BarSeries("Hoàn thành", pairs(("completed",))),
            BarSeries("Đang thực hiện", pairs(("in_progress",))),
            BarSeries("Chưa triển khai, chưa có báo cáo", pairs((*NOT_STARTED, NO_REPORT))),
        ],
        title="Tình hình thực hiện tại các địa phương theo chủ đề",
        xlabel="Số lượt hoạt động (hoạt động × địa phương)",
    )


def _national_coverage(c: NationalConsolidation) -> ReportFigure:
    """Per theme: the share of (activity, province) pairs the provinces' plans adopt."""
    labels, values = [], []
    for index, theme in enumerate(c.coverage_themes):
        adopted = sum(row.cells[index].adopted for row in c.coverage_rows)
        national = sum(row.cells[index].national for row in c.coverage_rows)
        labels.append(wrap_label(theme.heading))
        values.append(round(100 * adopted / national, 1) if national else 0.0)
    return _bars(
        "Tỷ lệ hoạt động của Kế hoạch quốc gia được các địa phương đưa vào kế hoạch",
        labels,
        [BarSeries("Tỷ lệ (%)", values)],
        title="Tỷ lệ hoạt động được địa phương đưa vào kế hoạch, theo chủ đề (%)",
        xlabel="% hoạt động của Kế hoạch quốc gia (bình quân các địa phương)",
    )


def national_status_figure(c: NationalConsolidation) -> Figure:
    return _national_status(c).make()


def national_coverage_figure(c: NationalConsolidation) -> Figure:
    return _national_coverage(c).make()


def national_figures(c: NationalConsolidation) -> list[ReportFigure]:
    """The ministry's report's charts, in the order it shows them."""
    figures = []
    if c.themes:
        figures.append(_national_status(c))
    if c.coverage_rows:
        figures.append(_national_coverage(c))
    return figures


def png_of(figure: ReportFigure, dpi: int) -> bytes:
    """The figure as PNG for a Word report, drawn only when no earlier build drew the same
    figures (core.charts.drawn: ~100 ms of matplotlib a chart)."""
    return drawn(chart_key("png", dpi, figure.shows), lambda: to_png(figure.make(), dpi=dpi))


def svg_of(figure: ReportFigure) -> str:
    """The figure as SVG for a page, drawn again only when its figures change."""
    return drawn(chart_key("svg", figure.shows), lambda: to_svg(figure.make()))
