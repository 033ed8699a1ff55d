"""The starting catalogue's totals add up across territories (issue 15): emissions, GRDP,
energy supplied, green area, urban population, charging points. Intensities, shares and
per-capita figures stay not additive. An administrator changes it in the catalogue file."""

from django.db import migrations

ADDITIVE = ["GHG_TOTAL", "GRDP", "RE_SUPPLY", "TPES", "GREEN_AREA", "URBAN_POP", "EV_CHARGING_POINTS"]


def mark(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code__in=ADDITIVE).update(
        additive=True
    )


def unmark(apps, schema_editor):
    apps.get_model("indicators", "Indicator").objects.filter(code__in=ADDITIVE).update(
        additive=False
    )


class Migration(migrations.Migration):
    dependencies = [("indicators", "0004_responsibility_and_additive")]

    operations = [migrations.RunPython(mark, unmark)]
