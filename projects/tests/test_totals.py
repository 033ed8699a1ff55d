from decimal import Decimal

from projects.models import Project
from projects.tests.conftest import M
from projects.totals import plan_funding


def money(row) -> tuple[Decimal, Decimal, Decimal]:
    return (row.money.estimate / M, row.money.allocated / M, row.money.disbursed / M)


def test_totals_by_theme_source_and_year_match_hand_computed_figures(funded_world, tree):
    funding = plan_funding(funded_world.plan, Project.objects.visible_to(funded_world.coordinator))

    assert funding.project_count == 3  # the cancelled study counts nowhere
    assert (
        funding.total.estimate / M,
        funding.total.allocated / M,
        funding.total.disbursed / M,
    ) == (
        350,
        310,
        70,
    )
    assert [(row.key, money(row)) for row in funding.by_theme] == [
        (tree.theme1, (50, 10, 0)),  # DPI 20 + shared campaign 30 (its first item is a8)
        (tree.theme2, (300, 300, 70)),
    ]
    assert [(row.key, money(row)) for row in funding.by_source] == [
        ("local_budget", (270, 250, 70)),
        ("public_investment", (50, 50, 0)),
        ("oda", (30, 10, 0)),
    ]
    assert [(row.key, money(row)) for row in funding.by_year] == [
        (2018, (20, 0, 0)),
        (2019, (130, 110, 70)),
        (2020, (200, 200, 0)),
    ]


def test_every_breakdown_adds_up_to_the_total(funded_world):
    funding = plan_funding(funded_world.plan, Project.objects.visible_to(funded_world.coordinator))
    for rows in (funding.by_theme, funding.by_source, funding.by_year):
        assert sum(r.money.estimate for r in rows) == funding.total.estimate
        assert sum(r.money.allocated for r in rows) == funding.total.allocated
        assert sum(r.money.disbursed for r in rows) == funding.total.disbursed


def test_activities_without_project_or_money_are_flagged(funded_world, tree):
    funding = plan_funding(funded_world.plan, Project.objects.visible_to(funded_world.coordinator))

    by_item = {a.item: a for a in funding.activities}
    assert by_item[tree.a7].flag == "no_money"  # served through its task 7.1, nothing allocated
    assert money_of(by_item[tree.a7]) == (20, 0, 0)
    assert by_item[tree.a8].flag is None
    assert by_item[tree.a60].flag is None
    assert money_of(by_item[tree.a60]) == (330, 310, 70)  # green space + shared campaign
    assert by_item[tree.a61].flag == "no_project"  # only a cancelled study
    assert [a.item for a in funding.unfunded] == [tree.a7, tree.a61]


def money_of(entry) -> tuple[Decimal, Decimal, Decimal]:
    return (entry.money.estimate / M, entry.money.allocated / M, entry.money.disbursed / M)
