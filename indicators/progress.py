"""Is an indicator on track? The stated method, in one place.

The target path is a straight line from the baseline (year, value) to each milestone target
in turn (baseline → 2020 target → 2030 target, piecewise linear); before the baseline year
it is the baseline, after the last target it stays at the last target's value.

For the latest year with an accepted value, the indicator is on track when that actual is
at least as good as the path in that year: not below it when higher is better, not above it
when lower is better. The gap to target is what is still to go to the next milestone target
(the first at or after that year, else the last): target - actual when higher is better,
actual - target when lower is better; zero or less means the target is reached.
No accepted value gives "no data"; no baseline or target gives "no target".

Pure functions over plain values, so the scorecard can compute every row without queries.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from indicators.models import Direction


class TrackStatus(models.TextChoices):
    ON_TRACK = "on_track", _("On track")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")
    NO_TARGET = "no_target", _("No target")


@dataclass(frozen=True)
class Point:
    year: int
    value: Decimal


@dataclass
class Progress:
    status: TrackStatus
    actual: Point | None = None
    path_value: Decimal | None = None
    target: Point | None = None
    gap: Decimal | None = None
    path: list[Point] = field(default_factory=list)

    @property
    def target_reached(self) -> bool:
        return self.gap is not None and self.gap <= 0


def target_path(baseline: Point | None, targets: Iterable[Point]) -> list[Point]:
    """The path's corners in year order: the baseline, then targets after its year."""
    if baseline is None:
        return []
    later = sorted((t for t in targets if t.year > baseline.year), key=lambda t: t.year)
    return [baseline, *later]


def path_value(path: list[Point], year: int) -> Decimal | None:
    """The value of the piecewise linear path in `year`."""
    if len(path) < 2:
        return None
    if year <= path[0].year:
        return path[0].value
    for start, end in zip(path, path[1:], strict=False):
        if year <= end.year:
            share = Decimal(year - start.year) / Decimal(end.year - start.year)
            return start.value + (end.value - start.value) * share
    return path[-1].value


def is_at_least_as_good(actual: Decimal, reference: Decimal, direction: str) -> bool:
    if direction == Direction.LOWER:
        return actual <= reference
    return actual >= reference


def gap_to(target: Decimal, actual: Decimal, direction: str) -> Decimal:
    """What is still to go (positive) or the margin beyond the target (zero or negative)."""
    return actual - target if direction == Direction.LOWER else target - actual


def assess(
    direction: str,
    baseline: Point | None,
    targets: Iterable[Point],
    actuals: Iterable[Point],
) -> Progress:
    """Judge the latest accepted actual against the target path (see the module docstring)."""
    path = target_path(baseline, targets)
    latest = max(actuals, key=lambda p: p.year, default=None)
    if latest is None:
        return Progress(TrackStatus.NO_DATA, path=path)
    if len(path) < 2:
        return Progress(TrackStatus.NO_TARGET, actual=latest, path=path)
    expected = path_value(path, latest.year)
    assert expected is not None  # the path has two corners
    milestone = next((p for p in path[1:] if p.year >= latest.year), path[-1])
    on_track = is_at_least_as_good(latest.value, expected, direction)
    return Progress(
        TrackStatus.ON_TRACK if on_track else TrackStatus.OFF_TRACK,
        actual=latest,
        path_value=expected,
        target=milestone,
        gap=gap_to(milestone.value, latest.value, direction),
        path=path,
    )
