"""The national-scale generator (bench/national_data.py) writes consistent data: what the
pages read from it matches what it says it made (tiny scale)."""

import importlib.util
import sys
from pathlib import Path

import pytest

from orgs.models import Organisation
from plans.models import Assignment, Plan
from reporting.board import round_board
from reporting.models import AgencyReport, ReportingRound, ReportItem

BENCH = Path(__file__).resolve().parents[2] / "bench" / "national_data.py"


def _generator():
    spec = importlib.util.spec_from_file_location("national_data", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["national_data"] = module
    spec.loader.exec_module(module)
    return module


@pytest.mark.django_db
def test_generated_rounds_match_their_boards():
    made = _generator().generate(provinces=2, departments=3, communes=4, agencies=5, scale=0.1)

    assert Plan.objects.filter(level="provincial", parent_id=made.national_plan_id).count() == 2
    assert ReportingRound.objects.filter(plan__level="provincial").count() == 12
    assert len(made.rounds) == 12
    assert ReportItem.objects.count() == made.rows["reporting_reportitem"]
    for figures in made.rounds:
        board = round_board(ReportingRound.objects.get(pk=figures.round_id))
        assert board.counts["expected"] == figures.reports == 5
        assert board.counts["accepted"] == figures.status["accepted"]
        assert board.counts["submitted"] == figures.status["submitted"]
        assert board.counts["returned"] == figures.status["returned"]
        assert board.counts["missing"] == figures.status["draft"]
        assert board.counts["late"] == figures.late
        assert sum(row.items for row in board.agencies) == figures.lines
        assert sum(theme.expected for theme in board.themes) == figures.lines


@pytest.mark.django_db
def test_every_line_has_its_assignment_and_history():
    _generator().generate(provinces=1, departments=3, communes=4, agencies=5, scale=0.1)

    assignments = set(Assignment.objects.values_list("organisation_id", "item_id"))
    lines = ReportItem.objects.filter(report__round__plan__level="provincial").values_list(
        "report__organisation_id", "plan_item_id"
    )
    assert lines and all(line in assignments for line in lines)
    # Every line and report has its creation record; the sequences go on after the ids.
    created = ReportItem.history.filter(history_type="+")
    assert created.count() == ReportItem.objects.count()
    assert AgencyReport.history.filter(history_type="+").count() == AgencyReport.objects.count()
    new = Organisation.objects.create(code="after", name="After", kind="other")
    assert new.pk > max(Organisation.objects.exclude(pk=new.pk).values_list("pk", flat=True))


def _queries(call) -> int:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        call()
    return len(captured)


@pytest.mark.django_db
def test_the_board_and_the_consolidation_cost_the_same_queries_at_two_sizes():
    from documents.consolidation import consolidate

    generator = _generator()
    small = generator.generate(provinces=1, departments=2, communes=1, agencies=3, scale=0.05)
    big = generator.generate(
        provinces=1, departments=6, communes=6, agencies=12, scale=0.3, prefix="nd2"
    )
    small_round = ReportingRound.objects.get(pk=small.rounds[0].round_id)
    big_round = ReportingRound.objects.get(pk=big.rounds[0].round_id)
    assert big.rounds[0].lines > 10 * small.rounds[0].lines

    assert _queries(lambda: round_board(small_round)) == _queries(lambda: round_board(big_round))
    assert _queries(lambda: consolidate(small_round)) == _queries(lambda: consolidate(big_round))


@pytest.mark.django_db
def test_generated_national_rounds_match_their_board_and_consolidation():
    from documents.national import consolidate_national
    from reporting.actions import NationalFigures, national_figures

    made = _generator().generate(provinces=4, departments=3, communes=4, agencies=5, scale=0.2)

    national = Plan.objects.get(pk=made.national_plan_id)
    assert national.level == "national"
    assert national.items.filter(kind="theme").count() == 18
    assert national.items.filter(kind="task").count() == 134
    assert len(made.national_rounds) == 2
    for figures in made.national_rounds:
        round_ = ReportingRound.objects.get(pk=figures.round_id)
        assert round_.plan_id == national.pk
        board = round_board(round_)
        assert board.counts["expected"] == figures.reports == 4
        assert board.counts["accepted"] == figures.status["accepted"]
        assert board.counts["submitted"] == figures.status["submitted"]
        assert board.counts["returned"] == figures.status["returned"]
        assert board.counts["missing"] == figures.status["draft"]
        assert board.counts["late"] == figures.late
        assert sum(row.items for row in board.agencies) == figures.lines
        assert sum(theme.expected for theme in board.themes) == figures.lines
        # Each province reports on the national tasks its plan implements (expected_lines).
        for report in AgencyReport.objects.filter(round=round_):
            adopted = set(
                national.items.filter(
                    implementations__plan__territory_id=report.organisation_id
                ).values_list("pk", flat=True)
            )
            assert set(report.items.values_list("plan_item_id", flat=True)) == adopted
        consolidation = consolidate_national(round_)
        accepted = figures.status["accepted"]
        assert consolidation.coverage.accepted == accepted
        assert (
            consolidation.coverage.lines_accepted
            == ReportItem.objects.filter(report__round=round_, report__status="accepted").count()
        )
    # A delivered report holds what deliver_national_report writes: national_figures of the
    # province's own round of the year.
    delivered = AgencyReport.objects.filter(
        round__plan=national, status__in=["submitted", "accepted", "returned"]
    )
    assert delivered.exists()
    for report in delivered:
        source = ReportingRound.objects.get(
            plan__territory_id=report.organisation_id, year=report.round.year
        )
        expected = national_figures(source)
        for line in report.items.prefetch_related("funds"):
            values = expected.get(line.plan_item_id, NationalFigures())
            assert (line.status, line.progress, line.results) == (
                values.status,
                values.progress,
                values.results,
            )
            assert {f.source: f.amount for f in line.funds.all()} == values.funds


@pytest.mark.django_db
def test_the_national_board_and_consolidation_cost_the_same_queries_at_two_sizes(client):
    """The ministry's board and consolidation of a national round (reading and pages), at one
    province with a handful of lines and at three provinces with ten times the lines."""
    from django.db import connection

    from accounts.models import User
    from documents.national import consolidate_national

    generator = _generator()
    small = generator.generate(provinces=1, departments=2, communes=1, agencies=3, scale=0.05)
    big = generator.generate(
        provinces=3, departments=4, communes=2, agencies=6, scale=0.3, prefix="nd2"
    )
    small_round = ReportingRound.objects.get(pk=small.national_rounds[0].round_id)
    big_round = ReportingRound.objects.get(pk=big.national_rounds[0].round_id)
    assert big.national_rounds[0].lines > 10 * small.national_rounds[0].lines
    assert big.national_rounds[0].status["accepted"] > 0

    assert _queries(lambda: round_board(small_round)) == _queries(lambda: round_board(big_round))
    assert _queries(lambda: consolidate_national(small_round)) == _queries(
        lambda: consolidate_national(big_round)
    )

    def pages(prefix: str, round_: ReportingRound) -> list[int]:
        client.force_login(User.objects.get(username=f"{prefix}-ministry-coordinator"))
        counts = []
        for url in (f"/reporting/rounds/{round_.pk}/", f"/documents/rounds/{round_.pk}/"):
            client.get(url)  # warm: the charts are drawn once, then cached
            seen: list[str] = []

            def count(execute, sql, params, many, context, seen=seen):
                seen.append(sql)
                return execute(sql, params, many, context)

            # Counted below the request's own handling (request_started resets
            # connection.queries, which CaptureQueriesContext reads).
            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200
            assert response.context["round"] == round_
            counts.append(len(seen))
        return counts

    assert pages("nd", small_round) == pages("nd2", big_round)
