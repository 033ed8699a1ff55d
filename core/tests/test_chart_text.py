"""User text drawn in a chart is shown as written, never read as matplotlib mathtext."""

import matplotlib
import pytest
from django.urls import reverse
from matplotlib.figure import Figure

from core.charts import BarSeries, horizontal_bars, to_png, to_svg
from plans.models import Plan

HOSTILE = "Chi phí $x^{$ triệu"


def test_dollar_signs_in_labels_title_and_legend_are_drawn_as_text():
    fig = horizontal_bars(
        [HOSTILE, "$\\frac{1}{0}$"],
        [BarSeries("$a$ series", [1, 2]), BarSeries("$_$", [3, 4])],
        title=HOSTILE,
        xlabel="$x^{",
    )

    svg = to_svg(fig)

    assert "Chi phí $x^{$ triệu" in svg
    assert "$a$ series" in svg


def test_a_figure_built_outside_the_engine_is_made_safe_when_rendered():
    # Even with mathtext switched back on, the engine's writers never interpret user text.
    with matplotlib.rc_context({"text.parse_math": True}):
        fig = Figure()
        ax = fig.add_subplot()
        ax.set_title(HOSTILE)
        ax.set_ylabel("$^")
        ax.text(0.5, 0.5, "$\\unknowncommand$")
        ax.plot([1, 2], label="$x^{$")
        ax.legend()
        assert to_png(fig).startswith(b"\x89PNG")
        fig2 = Figure()
        fig2.add_subplot().set_title(HOSTILE)
        assert HOSTILE in to_svg(fig2)


@pytest.mark.django_db
def test_coverage_page_with_a_dollar_in_a_theme_title(demo, client):
    from accounts.models import User

    plan = Plan.objects.get(number="1847/KH-UBND")
    # The coverage chart draws the themes of the plan above (the national plan).
    theme = plan.parent.items.filter(kind="theme").first()
    theme.title = HOSTILE
    theme.save()
    client.force_login(User.objects.filter(is_superuser=True).first())

    response = client.get(reverse("plans:coverage", args=[plan.pk]))

    assert response.status_code == 200
    assert HOSTILE in response.content.decode()
