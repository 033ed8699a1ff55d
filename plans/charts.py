"""Charts of plans, built with the one chart engine (core.charts)."""

from django.utils.translation import gettext as _

from core.charts import BarSeries, chart_key, horizontal_bars, wrap_label
from core.templatetags.localized import localized
from plans.coverage import Coverage


def _categories(coverage: Coverage) -> list[str]:
    # The theme's title in the page's language (title_en in English where it is filled in).
    return [wrap_label(f"{t.theme.label}. {localized(t.theme)}") for t in coverage.themes]


def coverage_key(coverage: Coverage) -> str:
    """Everything coverage_figure shows, as the key of its cached drawing (core.charts.drawn)."""
    shown = [
        (label, t.national, t.adopted)
        for label, t in zip(_categories(coverage), coverage.themes, strict=True)
    ]
    return chart_key("plans:coverage", "svg", shown)


def coverage_figure(coverage: Coverage):
    categories = _categories(coverage)
    return horizontal_bars(
        categories,
        [
            BarSeries(_("National activities"), [t.national for t in coverage.themes]),
            BarSeries(_("Adopted by the plan"), [t.adopted for t in coverage.themes]),
        ],
        xlabel=_("Activities"),
    )
