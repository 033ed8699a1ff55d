from django.core.management import call_command

from plans.coverage import plan_coverage
from plans.models import Plan


def test_demo_coverage_is_computed_from_the_items(demo):
    coverage = plan_coverage(Plan.objects.get(number="1847/KH-UBND"))

    assert [(t.adopted, t.national) for t in coverage.themes] == [
        (4, 8),
        (18, 20),
        (22, 25),
        (11, 13),
    ]
    assert (coverage.adopted, coverage.national) == (55, 66)
    assert sorted(int(a.number) for a in coverage.not_adopted) == [
        1,
        2,
        6,
        8,
        12,
        25,
        30,
        45,
        51,
        56,
        64,
    ]


def test_coverage_follows_the_data_when_an_item_stops_implementing(demo):
    plan = Plan.objects.get(number="1847/KH-UBND")
    plan.items.filter(code="3").update(implements=None)

    coverage = plan_coverage(plan)

    assert (coverage.themes[0].adopted, coverage.adopted) == (3, 54)


def test_plan_coverage_command_prints_one_line_per_theme_and_the_total(demo, capsys):
    call_command("plan_coverage", "1847/KH-UBND")

    lines = capsys.readouterr().out.strip().splitlines()
    assert [line.split("\t")[1] for line in lines] == ["4/8", "18/20", "22/25", "11/13", "55/66"]


def test_a_plan_without_parent_has_no_coverage(demo):
    assert plan_coverage(Plan.objects.get(number="403/QĐ-TTg")) is None


def test_a_plan_of_tasks_is_covered_task_by_task(demo, capsys):
    # 882/QĐ-TTg is theme > task group > task: its 134 tasks are what a province adopts.
    coverage = plan_coverage(Plan.objects.get(number="3961/KH-UBND"))

    assert len(coverage.themes) == 18
    assert coverage.national == 134
    assert [t.national for t in coverage.themes][:8] == [9, 3, 6, 14, 6, 7, 4, 11]
    assert 0 < coverage.adopted < coverage.national
    assert all(0 < t.adopted <= t.national for t in coverage.themes)

    call_command("plan_coverage", "3961/KH-UBND")
    lines = capsys.readouterr().out.strip().splitlines()
    assert len(lines) == 19
    assert lines[0].split("\t")[1] == f"{coverage.themes[0].adopted}/9"
    assert lines[-1].split("\t")[1] == f"{coverage.adopted}/134"
