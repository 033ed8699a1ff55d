"""No lost updates: two people change the same project at the same moment, in parallel
threads with their own database connections, against PostgreSQL.

Both start from the same version; a barrier releases their saves together. Exactly one wins;
the other is refused as stale with nothing of it written, and its input is not lost: the
edit page shows it again with the refusal. Repeated over several rounds.

Skipped on SQLite (one file lock, no SELECT ... FOR UPDATE); runs in CI's PostgreSQL leg.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from core.money import FundingSource
from projects import actions
from projects.models import BudgetLine, Project
from projects.tests.conftest import M, project_data

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="concurrent writers need PostgreSQL (row locks, parallel connections); "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]
ROUNDS = 6
TIMEOUT = 30


def run_together(*jobs):
    """Run each job in its own thread (and connection), released together by a barrier;
    return what each returned or raised."""
    barrier = threading.Barrier(len(jobs), timeout=TIMEOUT)
    results: list = [None] * len(jobs)

    def run(index, job):
        try:
            results[index] = job(barrier)
        except Exception as exc:  # the stale one, or a failure for the test to show
            results[index] = exc
        finally:
            connection.close()  # this thread's own connection

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
        assert not thread.is_alive(), "a writer is stuck"
    return results


def test_two_project_editors_never_both_win_and_nothing_is_silently_lost(
    world, tree, donre_project
):
    project = donre_project
    writers = {"staff": world.staff, "leader": world.leader}

    for round_number in range(ROUNDS):
        version = Project.objects.get(pk=project.pk).version
        amounts = {"staff": (100 + round_number) * M, "leader": (200 + round_number) * M}
        data = {
            name: project_data(
                world.donre,
                [tree.a60],
                {(2019, FundingSource.LOCAL_BUDGET): amounts[name]},
                title=f"Vòng {round_number}: dự án theo {name}",
            )
            for name in writers
        }

        def writer(name, version=version, data=data):
            def job(barrier):
                barrier.wait()
                return actions.update_project(
                    project, data[name], user=writers[name], version=version
                )

            return job

        results = dict(zip(writers, run_together(writer("staff"), writer("leader")), strict=True))

        won = [name for name, result in results.items() if isinstance(result, Project)]
        stale = [name for name, r in results.items() if isinstance(r, actions.StaleProject)]
        assert len(won) == 1 and len(stale) == 1, results
        winner, loser = won[0], stale[0]
        saved = Project.objects.get(pk=project.pk)
        assert (saved.version, saved.title) == (version + 1, data[winner].title)
        # The whole of the winner's write and nothing of the loser's: title and budget agree.
        assert list(BudgetLine.objects.filter(project=project).values_list("estimate")) == [
            (amounts[winner],)
        ]
        assert saved.total_estimate == amounts[winner]
        refusal = results[loser]
        assert (refusal.project.version, refusal.project.title) == (version + 1, saved.title)
        assert data[loser].title.startswith(f"Vòng {round_number}")  # the loser's input, intact


def test_the_edit_page_shows_the_losers_input_again_with_the_refusal(
    world, tree, donre_project, monkeypatch
):
    project = donre_project
    url = reverse("projects:edit", args=[project.pk])
    clients = {}
    for name, user in {"staff": world.staff, "leader": world.leader}.items():
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="en")
        clients[name].force_login(user)
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    real_update = actions.update_project

    def update_together(*args, **kwargs):
        barrier.wait()  # both pages have validated their form; now both save at once
        return real_update(*args, **kwargs)

    monkeypatch.setattr(actions, "update_project", update_together)

    for round_number in range(3):
        version = Project.objects.get(pk=project.pk).version
        titles = {name: f"Trang {round_number}: tên theo {name}" for name in clients}

        def post(name, version=version, titles=titles):
            def job(_barrier):
                return clients[name].post(
                    url,
                    {
                        "kind": "project",
                        "title": titles[name],
                        "plan_items": [tree.a60.pk],
                        "lead_organisation": world.donre.pk,
                        "total_estimate": "0",
                        "version": version,
                        "budget_lines-TOTAL_FORMS": "0",
                        "budget_lines-INITIAL_FORMS": "0",
                    },
                )

            return job

        responses = dict(zip(clients, run_together(post("staff"), post("leader")), strict=True))

        codes = {name: getattr(r, "status_code", r) for name, r in responses.items()}
        won = [name for name, code in codes.items() if code == 302]
        lost = [name for name, code in codes.items() if code == 400]
        assert len(won) == 1 and len(lost) == 1, codes
        winner, loser = won[0], lost[0]
        saved = Project.objects.get(pk=project.pk)
        assert (saved.version, saved.title) == (version + 1, titles[winner])
        refused = responses[loser]
        assert refused.context["form"].non_field_errors()
        assert escape(titles[loser]) in refused.content.decode()  # the loser's input, kept
