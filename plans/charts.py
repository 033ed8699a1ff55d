"""Charts of plans, built with the one chart engine (core.charts)."""

from django.utils.translation import gettext as _

from core.charts import BarSeries, horizontal_bars, wrap_label
from core.templatetags.localized import localized
from plans.coverage import Coverage


def coverage_figure(coverage: Coverage):
    # The theme's title in the page's language (title_en in English where it is filled in).
    categories = [wrap_label(f"{t.theme.label}. {localized(t.theme)}") for t in coverage.themes]
    return horizontal_bars(
        categories,
        [
            BarSeries(_("National activities"), [t.national for t in coverage.themes]),
            BarSeries(_("Adopted by the plan"), [t.adopted for t in coverage.themes]),
        ],
        xlabel=_("Activities"),
    )
