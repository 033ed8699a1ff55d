from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.money import FundingSource
from projects import actions
from projects.tests.conftest import M, project_data


def add_projects(world, tree, n: int) -> None:
    for i in range(n):
        items = [tree.a60, tree.a8] if i % 2 else [tree.a7_task]
        actions.create_project(
            project_data(
                world.donre if i % 2 else world.dpi,
                items,
                {(2019, FundingSource.LOCAL_BUDGET): M, (2020, FundingSource.ODA): 2 * M},
                title=f"Dự án {i}",
            ),
            user=world.coordinator,
        )


def count_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_more_projects_do_not_make_more_queries(funded_world, tree, as_user):
    client = as_user(funded_world.coordinator)
    urls = [
        reverse("projects:board"),
        reverse("projects:totals", args=[funded_world.plan.pk]),
        reverse("projects:activity", args=[tree.a60.pk]),
        reverse("projects:export"),
        reverse("projects:budget_export", args=[funded_world.plan.pk]),
    ]
    before = [count_queries(client, url) for url in urls]

    add_projects(funded_world, tree, 8)

    after = [count_queries(client, url) for url in urls]
    assert after == before
