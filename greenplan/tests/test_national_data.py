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

    assert Plan.objects.count() == 2
    assert ReportingRound.objects.count() == len(made.rounds) == 12
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
    lines = ReportItem.objects.values_list("report__organisation_id", "plan_item_id")
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
