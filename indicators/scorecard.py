"""Where a territory stands on each indicator: the scorecard and the indicator page's numbers.

A fixed number of queries whatever the number of indicators: indicators, baselines,
targets and accepted values are each read once and joined in Python.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from indicators.models import Baseline, Indicator, IndicatorValue, Target
from indicators.progress import Point, Progress, TrackStatus, assess
from orgs.models import Organisation


@dataclass
class ResolvedTarget:
    target: Target
    value: Decimal | None  # in the indicator's unit; None for a relative one without baseline


@dataclass
class IndicatorStanding:
    indicator: Indicator
    baseline: Baseline | None
    targets: list[ResolvedTarget]
    actuals: list[Point] = field(default_factory=list)
    progress: Progress | None = None

    @property
    def latest(self) -> Point | None:
        return self.progress.actual if self.progress else None


@dataclass
class Scorecard:
    territory: Organisation
    rows: list[IndicatorStanding]

    def count(self, status: str) -> int:
        return sum(1 for row in self.rows if row.progress and row.progress.status == status)

    @property
    def counts(self) -> dict[str, int]:
        return {status: self.count(status) for status in TrackStatus.values}


def _standings(
    indicators: list[Indicator], territory: Organisation, until_year: int | None = None
) -> list[IndicatorStanding]:
    ids = [i.pk for i in indicators]
    values = IndicatorValue.objects.accepted().filter(territory=territory, indicator_id__in=ids)
    if until_year is not None:
        values = values.filter(year__lte=until_year)
    baselines = {
        b.indicator_id: b
        for b in Baseline.objects.filter(territory=territory, indicator_id__in=ids)
    }
    targets: dict[int, list[Target]] = {}
    for t in Target.objects.filter(territory=territory, indicator_id__in=ids).order_by("year"):
        targets.setdefault(t.indicator_id, []).append(t)
    actuals: dict[int, list[Point]] = {}
    for indicator_id, year, value in values.order_by("year").values_list(
        "indicator_id", "year", "value"
    ):
        actuals.setdefault(indicator_id, []).append(Point(year, value))
    rows = []
    for indicator in indicators:
        baseline = baselines.get(indicator.pk)
        resolved = [
            ResolvedTarget(t, t.resolved_value(baseline)) for t in targets.get(indicator.pk, [])
        ]
        points = actuals.get(indicator.pk, [])
        progress = assess(
            indicator.direction,
            Point(baseline.year, baseline.value) if baseline else None,
            [Point(r.target.year, r.value) for r in resolved if r.value is not None],
            points,
        )
        rows.append(IndicatorStanding(indicator, baseline, resolved, points, progress))
    return rows


def build_scorecard(
    territory: Organisation, objective: int | None = None, *, until_year: int | None = None
) -> Scorecard:
    """Every indicator's standing; with `until_year`, as it stood at the end of that year
    (later values ignored), e.g. for the report of a past year."""
    indicators = Indicator.objects.select_related("objective", "responsible_agency")
    if objective is not None:
        indicators = indicators.filter(objective__number=objective)
    return Scorecard(territory, _standings(list(indicators), territory, until_year))


def standing(indicator: Indicator, territory: Organisation) -> IndicatorStanding:
    return _standings([indicator], territory)[0]
