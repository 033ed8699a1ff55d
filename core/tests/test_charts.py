"""The chart engine's throttled drawings (core.charts.recent_svg) and its drawings cached by
what they show (core.charts.drawn)."""

import datetime

from django.core.cache import cache
from django.utils import translation

from core.charts import chart_key, drawn, recent_svg


class Painter:
    def __init__(self):
        self.drawn = 0

    def __call__(self):
        self.drawn += 1
        return f"<svg>{self.drawn}</svg>"


def _age_last_drawing(place, seconds):
    key = f"chart-place:{place}"
    last = cache.get(key)
    last["at"] -= datetime.timedelta(seconds=seconds)
    cache.set(key, last)


def test_a_chart_is_drawn_once_per_state():
    paint = Painter()
    first = recent_svg("board:1:vi", "state-a", paint, max_age=15)
    again = recent_svg("board:1:vi", "state-a", paint, max_age=15)
    assert paint.drawn == 1 and first.svg == again.svg == "<svg>1</svg>"
    assert first.current and again.current


def test_new_figures_within_max_age_get_the_last_drawing_marked_not_current():
    paint = Painter()
    first = recent_svg("board:1:vi", "state-a", paint, max_age=15)
    moved = recent_svg("board:1:vi", "state-b", paint, max_age=15)
    assert paint.drawn == 1
    assert moved.svg == "<svg>1</svg>" and not moved.current
    assert moved.drawn_at == first.drawn_at


def test_new_figures_are_drawn_once_the_last_drawing_is_old_enough():
    paint = Painter()
    recent_svg("board:1:vi", "state-a", paint, max_age=15)
    _age_last_drawing("board:1:vi", 16)
    fresh = recent_svg("board:1:vi", "state-b", paint, max_age=15)
    assert paint.drawn == 2 and fresh.svg == "<svg>2</svg>" and fresh.current
    # and the new state is now the one served as current
    assert recent_svg("board:1:vi", "state-b", paint, max_age=15).current


def test_places_do_not_share_drawings():
    paint = Painter()
    recent_svg("board:1:vi", "state-a", paint, max_age=15)
    english = recent_svg("board:1:en", "state-a-en", paint, max_age=15)
    assert paint.drawn == 2 and english.svg == "<svg>2</svg>" and english.current


# --- Drawings cached by what they show (core.charts.drawn) -------------------------------------


def test_a_drawing_is_made_once_for_the_same_figures():
    paint = Painter()
    key = chart_key("bars", [("Chủ đề 1", 40)])

    first, again = drawn(key, paint), drawn(chart_key("bars", [("Chủ đề 1", 40)]), paint)

    assert paint.drawn == 1 and first == again == "<svg>1</svg>"


def test_other_figures_or_another_language_are_drawn_again():
    paint = Painter()
    with translation.override("vi"):
        drawn(chart_key("bars", [("Chủ đề 1", 40)]), paint)
        changed = drawn(chart_key("bars", [("Chủ đề 1", 41)]), paint)
    with translation.override("en"):
        english = drawn(chart_key("bars", [("Chủ đề 1", 40)]), paint)

    assert paint.drawn == 3
    assert changed == "<svg>2</svg>" and english == "<svg>3</svg>"
