"""All or nothing: a catalogue import or a value review that fails half-way leaves the
database as it was."""

import io
from decimal import Decimal

import pytest
from openpyxl import Workbook
from openpyxl.worksheet.worksheet import Worksheet

from greenplan.testing.atomicity import fail_on_call, row_counts
from indicators import actions
from indicators.catalogue_file import CATALOGUE_COLUMNS, CATALOGUE_SHEET
from indicators.models import Indicator, IndicatorValue, ValueStatus


def catalogue_file(rows: list[dict]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert isinstance(sheet, Worksheet)  # a new workbook's one sheet
    sheet.title = CATALOGUE_SHEET
    sheet.append(CATALOGUE_COLUMNS)
    for row in rows:
        sheet.append([row.get(key) for key in CATALOGUE_COLUMNS])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def catalogue_state():
    return sorted(
        Indicator.objects.values_list("code", "name", "unit", "kind", "formula", "inputs__code")
    )


def test_a_catalogue_import_failing_half_way_imports_nothing(world, catalogue, monkeypatch):
    content = catalogue_file(
        [
            {"code": "GRDP", "name": "GRDP (tên mới)", "unit": "billion_VND"},
            {"code": "RE_SUPPLY", "name": "Cung năng lượng tái tạo", "unit": "ktoe"},
            {"code": "TPES", "name": "Tổng cung năng lượng sơ cấp", "unit": "ktoe"},
            {
                "code": "RE_SHARE",
                "name": "Tỷ trọng năng lượng tái tạo",
                "unit": "percent",
                "kind": "derived",
                "formula": "RE_SUPPLY / TPES",
            },
        ]
    )
    before, state = row_counts(), catalogue_state()
    # Every indicator is saved, then their formula inputs are linked: the second link fails.
    stand_in = fail_on_call(2, actions._sync_inputs)
    monkeypatch.setattr(actions, "_sync_inputs", stand_in)

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.import_catalogue_file(content, user=world.admin)

    assert stand_in.calls == 2
    assert row_counts() == before
    assert catalogue_state() == state
    assert not Indicator.objects.filter(code__in=["RE_SUPPLY", "TPES", "RE_SHARE"]).exists()


def test_accepting_a_value_whose_recomputation_fails_accepts_nothing(world, catalogue, monkeypatch):
    actions.accept_value(
        actions.enter_value(
            catalogue.grdp,
            world.province,
            year=2020,
            value=Decimal(400_000),
            user=world.coordinator,
        ),
        user=world.coordinator,
    )
    ghg = actions.enter_value(
        catalogue.ghg, world.province, year=2020, value=Decimal(25_000_000), user=world.staff
    )
    before = row_counts()
    monkeypatch.setattr(actions, "_store_computed", fail_on_call(1, actions._store_computed))

    with pytest.raises(RuntimeError, match="failure injected"):
        actions.accept_value(ghg, user=world.coordinator)

    assert row_counts() == before
    assert IndicatorValue.objects.get(pk=ghg.pk).status == ValueStatus.SUBMITTED
    assert not IndicatorValue.objects.filter(indicator=catalogue.intensity).exists()
