"""Numbers in charts read like numbers in the pages: the language's grouping and decimal
mark on axes and value labels, and no more decimals than a reader needs."""

import re

from django.utils import translation
from matplotlib.figure import Figure

from core.charts import BarSeries, chart_number, horizontal_bars, to_png, to_svg, year_axis


def _texts(svg: str) -> list[str]:
    return [t.strip() for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)]


def test_value_labels_and_ticks_use_the_vietnamese_grouping_and_one_decimal():
    with translation.override("vi"):
        svg = to_svg(horizontal_bars(["A", "B"], [BarSeries("s", [5000, 71.5785])]))

    texts = _texts(svg)
    assert "5.000" in texts and "71,6" in texts
    assert "1.000" in texts  # an axis tick
    assert not {"5000", "71.5785", "1000"} & set(texts)


def test_english_pages_get_the_english_marks():
    with translation.override("en"):
        texts = _texts(to_svg(horizontal_bars(["A"], [BarSeries("s", [5000, 71.5785][:1])])))
        assert "5,000" in texts and "1,000" in texts
        assert chart_number(71.5785) == "71.6"
        assert chart_number(40.0) == "40"


def test_the_language_is_the_one_the_figure_was_built_in():
    """The Word report builds its figures in Vietnamese and may write them later."""
    with translation.override("vi"):
        fig = horizontal_bars(["A"], [BarSeries("s", [5000])])
    with translation.override("en"):
        texts = _texts(to_svg(fig))
    assert "5.000" in texts and "5,000" not in texts


def test_a_year_axis_is_not_grouped():
    with translation.override("vi"):
        fig = Figure()
        ax = fig.add_subplot()
        ax.plot([2014, 2030], [5000, 6000])
        year_axis(ax.xaxis)
        texts = _texts(to_svg(fig))
    assert "2020" in texts and "2.020" not in texts
    assert "5.200" in texts and "5200" not in texts


def test_the_png_writer_formats_too():
    with translation.override("vi"):
        assert to_png(horizontal_bars(["A"], [BarSeries("s", [5000])]), dpi=50)
