"""No lost updates: two people save the same report at the same moment, in parallel threads
with their own database connections, against PostgreSQL.

Both start from the same version; a barrier releases their saves together. Exactly one save
wins; the other is refused as stale, and the loser's text is not lost: the page shows it
beside the winner's. Repeated over several rounds to make the race likely.

SQLite serialises every write on one file lock and has no SELECT ... FOR UPDATE, so these
tests only mean something on PostgreSQL: they are skipped elsewhere and run in CI's
PostgreSQL leg.
"""

from __future__ import annotations

import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils.html import escape

from reporting import actions
from reporting.actions import ItemChanges, StaleReport
from reporting.models import AgencyReport, ReportEvent, ReportItem

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


def test_two_agency_writers_never_both_win_and_nothing_is_silently_lost(rep):
    report = rep.donre_report
    item = report.items.get(plan_item=rep.a1)
    writers = {"staff": rep.world.staff, "leader": rep.world.leader}

    for round_number in range(ROUNDS):
        version = AgencyReport.objects.get(pk=report.pk).version
        saves = ReportEvent.objects.filter(report=report, action="saved").count()
        texts = {name: f"Vòng {round_number}: bản của {name}" for name in writers}

        def writer(name, version=version, texts=texts):
            def job(barrier):
                barrier.wait()
                return actions.save_draft(
                    report,
                    user=writers[name],
                    version=version,  # both loaded the same version
                    general={"general_results": texts[name]},
                    items={item.pk: ItemChanges({"status": "in_progress", "results": texts[name]})},
                )

            return job

        results = dict(zip(writers, run_together(writer("staff"), writer("leader")), strict=True))

        won = [name for name, result in results.items() if isinstance(result, AgencyReport)]
        stale = [name for name, result in results.items() if isinstance(result, StaleReport)]
        assert len(won) == 1 and len(stale) == 1, results
        winner, loser = won[0], stale[0]
        saved = AgencyReport.objects.get(pk=report.pk)
        assert saved.version == version + 1
        assert saved.general_results == texts[winner]
        assert ReportItem.objects.get(pk=item.pk).results == texts[winner]
        assert ReportEvent.objects.filter(report=report, action="saved").count() == saves + 1
        # The refusal carries the report as saved now, to show beside the loser's own text.
        refusal = results[loser]
        assert refusal.report.version == version + 1
        assert refusal.report.general_results == texts[winner]


def test_the_report_page_keeps_the_losers_text_beside_the_winners(rep, monkeypatch):
    report = rep.donre_report
    url = reverse("reporting:report", args=[report.pk])
    clients = {}
    for name, user in {"staff": rep.world.staff, "leader": rep.world.leader}.items():
        clients[name] = Client(HTTP_ACCEPT_LANGUAGE="en")
        clients[name].force_login(user)
    items = list(report.items.order_by("pk"))
    barrier = threading.Barrier(2, timeout=TIMEOUT)
    real_save = actions.save_draft

    def save_together(*args, **kwargs):
        barrier.wait()  # both pages have read the form; now both save at once
        return real_save(*args, **kwargs)

    monkeypatch.setattr(actions, "save_draft", save_together)

    for round_number in range(3):
        version = AgencyReport.objects.get(pk=report.pk).version
        texts = {name: f"Trang {round_number}: kết quả của {name}" for name in clients}

        def post(name, version=version, texts=texts):
            def job(_barrier):
                data = {"version": version, "general_results": texts[name]}
                for item in items:
                    data[f"item-{item.pk}-status"] = "in_progress"
                    data[f"item-{item.pk}-results"] = texts[name]
                return clients[name].post(url, data)

            return job

        responses = dict(zip(clients, run_together(post("staff"), post("leader")), strict=True))

        codes = {name: getattr(r, "status_code", r) for name, r in responses.items()}
        won = [name for name, code in codes.items() if code == 302]
        lost = [name for name, code in codes.items() if code == 200]
        assert len(won) == 1 and len(lost) == 1, codes
        winner, loser = won[0], lost[0]
        saved = AgencyReport.objects.get(pk=report.pk)
        assert (saved.version, saved.general_results) == (version + 1, texts[winner])
        page = responses[loser].content.decode()
        assert escape(texts[loser]) in page  # the loser's unsaved text, still in the form
        assert escape(texts[winner]) in page  # and what is saved now, beside it
        assert responses[loser].context["stale"] is not None
