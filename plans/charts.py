"""Charts of plans, built with the one chart engine in documents.charts."""

from django.utils.translation import gettext as _

from core.charts import BarSeries, horizontal_bars, wrap_label
from plans.coverage import Coverage


def coverage_figure(coverage: Coverage):
    categories = [wrap_label(f"{t.theme.label}. {t.theme.title}") for t in coverage.themes]
    return horizontal_bars(
        categories,
        [
            BarSeries(_("National activities"), [t.national for t in coverage.themes]),
            BarSeries(_("Adopted by the plan"), [t.adopted for t in coverage.themes]),
        ],
        xlabel=_("Activities"),
    )
