"""The Bình Dương demo indicators: loaded through the actions, marked as demo, idempotent."""

from decimal import Decimal

from demo.indicators import DEMO_NOTE, load_demo_indicators
from indicators.models import Indicator, IndicatorValue
from indicators.progress import TrackStatus
from indicators.scorecard import build_scorecard
from orgs.models import Organisation


def test_the_demo_has_the_catalogue_and_demo_values(demo):
    province = Organisation.objects.get(code="ubnd-binh-duong")

    assert Indicator.objects.filter(legal_basis="10/2023/TT-BKHĐT").count() == 12
    entered = IndicatorValue.objects.filter(territory=province, is_computed=False)
    assert entered.exists() and not entered.exclude(notes=DEMO_NOTE).exists()
    # 19,600,000 tCO2e / 340,000 billion VND in 2020
    intensity = IndicatorValue.objects.get(
        indicator__code="GHG_INTENSITY", territory=province, year=2020
    )
    assert intensity.value.quantize(Decimal("0.01")) == Decimal("57.65")
    card = {r.indicator.code: r for r in build_scorecard(province).rows}
    assert card["GHG_INTENSITY"].progress.status == TrackStatus.ON_TRACK
    assert card["GREEN_SPACE_PER_PERSON"].progress.status == TrackStatus.OFF_TRACK
    assert card["TPES_PER_GDP"].progress.status == TrackStatus.NO_DATA


def test_loading_the_demo_again_changes_nothing(demo):
    before = IndicatorValue.objects.count()

    load_demo_indicators()

    assert IndicatorValue.objects.count() == before
