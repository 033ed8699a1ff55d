"""On-track logic, with cases computed by hand in the comments."""

from decimal import Decimal

from indicators.models import Direction
from indicators.progress import Point, TrackStatus, assess, path_value, target_path

D = Decimal


def test_lower_is_better_above_the_path_is_off_track():
    # Baseline 2014: 100; target 2030: 85. Path in 2022 = 100 + (85 - 100) * 8/16 = 92.5.
    # Actual 93 > 92.5 while lower is better: off track; gap to target = 93 - 85 = 8.
    result = assess(
        Direction.LOWER, Point(2014, D(100)), [Point(2030, D(85))], [Point(2022, D(93))]
    )

    assert result.path_value == D("92.5")
    assert result.status == TrackStatus.OFF_TRACK
    assert result.gap == D(8)
    assert result.target == Point(2030, D(85))


def test_lower_is_better_below_the_path_is_on_track():
    # Same path; actual 92 <= 92.5: on track; gap = 92 - 85 = 7.
    result = assess(
        Direction.LOWER,
        Point(2014, D(100)),
        [Point(2030, D(85))],
        [Point(2020, D(99)), Point(2022, D(92))],
    )

    assert result.status == TrackStatus.ON_TRACK
    assert result.actual == Point(2022, D(92))  # the latest year is judged
    assert result.gap == D(7)


def test_higher_is_better_uses_the_next_milestone():
    # Baseline 2015: 2; targets 2020: 7, 2030: 20. Path in 2018 = 2 + 5 * 3/5 = 5.
    # Actual 5 >= 5: on track; gap to the 2020 target = 7 - 5 = 2.
    result = assess(
        Direction.HIGHER,
        Point(2015, D(2)),
        [Point(2030, D(20)), Point(2020, D(7))],
        [Point(2018, D(5))],
    )

    assert result.path_value == D(5)
    assert result.status == TrackStatus.ON_TRACK
    assert result.target == Point(2020, D(7))
    assert result.gap == D(2)


def test_higher_is_better_between_two_milestones():
    # Path in 2025 = 7 + (20 - 7) * 5/10 = 13.5. Actual 12 < 13.5: off track; gap 20 - 12 = 8.
    result = assess(
        Direction.HIGHER,
        Point(2015, D(2)),
        [Point(2020, D(7)), Point(2030, D(20))],
        [Point(2025, D(12))],
    )

    assert result.path_value == D("13.5")
    assert result.status == TrackStatus.OFF_TRACK
    assert result.gap == D(8)


def test_after_the_last_target_the_target_itself_is_the_path():
    # Target 2030: 85 (lower is better); actual 2032 = 80: on track, target beaten by 5.
    result = assess(
        Direction.LOWER, Point(2014, D(100)), [Point(2030, D(85))], [Point(2032, D(80))]
    )

    assert result.path_value == D(85)
    assert result.status == TrackStatus.ON_TRACK
    assert result.gap == D(-5)
    assert result.target_reached


def test_no_accepted_actual_is_no_data():
    result = assess(Direction.HIGHER, Point(2014, D(1)), [Point(2030, D(2))], [])

    assert result.status == TrackStatus.NO_DATA
    assert result.gap is None


def test_an_actual_without_target_is_no_target():
    result = assess(Direction.HIGHER, Point(2014, D(1)), [], [Point(2020, D(3))])

    assert result.status == TrackStatus.NO_TARGET


def test_targets_before_the_baseline_are_ignored():
    path = target_path(Point(2014, D(100)), [Point(2010, D(1)), Point(2030, D(85))])

    assert [p.year for p in path] == [2014, 2030]
    assert path_value(path, 2010) == D(100)
