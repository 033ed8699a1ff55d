"""A generation reads the round once: in the request, the files are built from the reading the
action made under the round's lock; through the queue, the task reads it (the request only
counts the reports)."""

from __future__ import annotations

import pytest

from documents import actions, reading
from documents.models import ConsolidatedReport


@pytest.fixture
def consolidate_calls(monkeypatch) -> list[int]:
    calls: list[int] = []
    real = reading.read_round

    def counting(round_, **kwargs):
        calls.append(round_.pk)
        return real(round_, **kwargs)

    monkeypatch.setattr(actions, "read_round", counting)
    return calls


@pytest.mark.parametrize("background", [False, True])
def test_one_generation_reads_the_round_once(
    round_2018, consolidate_calls, monkeypatch, django_capture_on_commit_callbacks, background
):
    coordinator = round_2018.plan.focal_point.users.get(role="coordinator")

    with django_capture_on_commit_callbacks(execute=True):  # the immediate task backend
        version = actions.generate_consolidated_report(
            round_2018, user=coordinator, narrative={"intro": "Mở đầu."}, background=background
        )

    version.refresh_from_db()
    assert version.build == ConsolidatedReport.Build.READY and version.docx and version.xlsx
    assert consolidate_calls == [round_2018.pk]


def test_a_stored_version_built_again_reads_the_round_itself(round_2018, consolidate_calls):
    coordinator = round_2018.plan.focal_point.users.get(role="coordinator")
    version = actions.generate_consolidated_report(round_2018, user=coordinator)
    ConsolidatedReport.objects.filter(pk=version.pk).update(build=ConsolidatedReport.Build.FAILED)

    actions.build_files(version.pk)

    assert consolidate_calls == [round_2018.pk, round_2018.pk]
