"""The starting catalogue: the 12 sourced indicators and the inputs of the derived ones."""

from io import StringIO

from django.core.management import call_command

from accounts.system import system_user
from indicators import actions
from indicators.models import Indicator
from indicators.seed import load_catalogue


def test_the_catalogue_is_loaded_once_and_never_overwritten(db):
    out = StringIO()
    call_command("load_indicator_catalogue", stdout=out)
    assert "indicators added: 18" in out.getvalue()
    assert Indicator.objects.filter(legal_basis="10/2023/TT-BKHĐT").count() == 12
    # An administrator completes a unit the sources did not give.
    actions.save_indicator("FERTILISER_PER_HA", unit="kg/ha", user=system_user())

    assert load_catalogue(user=system_user()) == 0

    assert Indicator.objects.get(code="FERTILISER_PER_HA").unit == "kg/ha"
    intensity = Indicator.objects.get(code="GHG_INTENSITY")
    assert set(intensity.inputs.values_list("code", flat=True)) == {"GHG_TOTAL", "GRDP"}
