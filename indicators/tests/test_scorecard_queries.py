"""The scorecard reads each table once, however many indicators there are."""

from decimal import Decimal

from django.urls import reverse

from accounts.system import system_user
from indicators import actions
from indicators.scorecard import build_scorecard
from indicators.tests.conftest import accepted


def add_indicators(world, first: int, count: int) -> None:
    for n in range(first, first + count):
        indicator = actions.save_indicator(
            f"EXTRA_{n}",
            name=f"Chỉ tiêu {n}",
            unit="percent",
            responsible_agency=world.donre,
            user=system_user(),
        )
        actions.set_baseline(
            indicator, world.province, year=2015, value=Decimal(n), user=system_user()
        )
        actions.set_target(
            indicator, world.province, year=2030, value=Decimal(n + 10), user=system_user()
        )
        accepted(
            indicator, world.province, 2020, str(n + 1), by=world.staff, reviewer=world.coordinator
        )


def test_building_the_scorecard_takes_four_queries(world, catalogue, django_assert_num_queries):
    add_indicators(world, 1, 5)

    with django_assert_num_queries(4):
        card = build_scorecard(world.province)

    assert len(card.rows) == 8


def test_the_scorecard_page_does_not_grow_with_indicators(
    world, catalogue, as_user, django_assert_max_num_queries
):
    client = as_user(world.coordinator)
    url = reverse("indicators:scorecard", args=["bd"])
    add_indicators(world, 1, 2)
    client.get(url)  # warm up the session and caches
    with django_assert_max_num_queries(100) as few:
        client.get(url)
    baseline = len(few.captured_queries)

    add_indicators(world, 3, 10)

    with django_assert_max_num_queries(baseline):
        response = client.get(url)
    assert response.content.decode().count('id="row-') == 15
