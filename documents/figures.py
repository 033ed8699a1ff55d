"""The charts of the consolidated report, drawn with the one chart engine (core.charts).

Completeness is reporting's own figure (the one on the round page); progress by theme is
drawn here from the consolidation, with the same engine and palette.
"""

from __future__ import annotations

from matplotlib.figure import Figure

from core.charts import BarSeries, horizontal_bars, wrap_label
from documents.contents import Consolidation
from reporting.charts import completeness_figure


def progress_figure(c: Consolidation) -> Figure:
    """Per theme: the average progress (%) of the activities with an accepted report."""
    themes = [t for t in c.themes if t.average_progress is not None]
    return horizontal_bars(
        [wrap_label(t.heading) for t in themes],
        [BarSeries("Tiến độ bình quân (%)", [float(t.average_progress or 0) for t in themes])],
        title="Tiến độ thực hiện bình quân theo chủ đề (%)",
        xlabel="% hoàn thành (theo báo cáo được chấp nhận)",
    )


def report_figures(c: Consolidation) -> list[tuple[str, Figure]]:
    """(caption, figure) pairs in the order the document shows them."""
    figures = []
    if any(t.average_progress is not None for t in c.themes):
        figures.append(("Tiến độ thực hiện bình quân theo chủ đề", progress_figure(c)))
    if c.board.themes:
        figures.append(
            (
                "Mức độ đầy đủ của báo cáo: số dòng báo cáo dự kiến, đã nhận, đã chấp nhận "
                "theo chủ đề",
                completeness_figure(c.board),
            )
        )
    return figures
