"""A merger hands the territories' responsibilities over (tested through restructuring's
apply, the one orchestration): an agency's to its successor, a province's to its heir."""

import datetime
from decimal import Decimal

import pytest

from greenplan.testing.factories import OrganisationFactory
from indicators import actions
from indicators.models import Responsibility
from indicators.responsibility import responsible_agency
from restructuring.plans import apply_restructuring, preview_restructuring
from restructuring.restructuring_file import MERGE, Change

FROM = datetime.date(2014, 1, 1)
MERGER = datetime.date(2025, 7, 1)
LAST_DAY = datetime.date(2025, 6, 30)
BEFORE = datetime.date(2025, 5, 1)


@pytest.fixture
def merging(world, catalogue):
    """Bình Dương (bd) merges into Đồng Nai (dn) on 01/07/2025, its departments into dn's
    first. GHG: DONRE in bd, dn's DONRE in dn. GRDP: DPI in bd, none of dn's own."""
    dn_donre = OrganisationFactory(
        code="dn-donre", name="Sở TN&MT Đồng Nai", parent=world.other_province
    )
    actions.set_responsibility(
        catalogue.ghg, world.province, world.donre, valid_from=FROM, user=world.admin
    )
    actions.set_responsibility(
        catalogue.ghg, world.other_province, dn_donre, valid_from=FROM, user=world.admin
    )
    actions.set_responsibility(
        catalogue.grdp, world.province, world.dpi, valid_from=FROM, user=world.admin
    )
    changes = [
        Change(2, MERGE, "bd-dpi", MERGER, target="dn-dpi"),
        Change(3, MERGE, "bd-donre", MERGER, target="dn-donre"),
        Change(4, MERGE, "bd-doit", MERGER, target="dn-dpi"),
        Change(5, MERGE, "bd", MERGER, target="dn"),
    ]
    return world, catalogue, dn_donre, changes


def rows_of(territory):
    return [
        (r.indicator.code, r.organisation.code, r.valid_from, r.valid_to)
        for r in Responsibility.objects.filter(territory=territory).order_by(
            "indicator__code", "valid_from"
        )
    ]


def test_a_merger_closes_the_old_rows_and_the_heir_carries_on(merging):
    world, catalogue, dn_donre, changes = merging

    apply_restructuring(changes, user=world.admin)
    world.province.refresh_from_db()

    # Bình Dương's rows end on the merger's last day; nothing opens in a territory that ended
    assert rows_of(world.province) == [
        ("GHG_TOTAL", "bd-donre", FROM, LAST_DAY),
        ("GRDP", "bd-dpi", FROM, LAST_DAY),
    ]
    # Đồng Nai keeps its own agency for GHG; GRDP, which it had none for, continues with the
    # successor of Bình Dương's DPI
    assert rows_of(world.other_province) == [
        ("GHG_TOTAL", "dn-donre", FROM, None),
        ("GRDP", "dn-dpi", MERGER, None),
    ]
    # before the merger Bình Dương's agencies answered; after it, for a late value of its own
    # years too, the heir's
    assert responsible_agency(catalogue.ghg, world.province, BEFORE) == world.donre
    assert responsible_agency(catalogue.ghg, world.province).code == "dn-donre"
    assert responsible_agency(catalogue.grdp, world.province).code == "dn-dpi"
    # the catalogue's default went with the agency, as before
    catalogue.ghg.refresh_from_db()
    assert catalogue.ghg.responsible_agency == dn_donre
    # every change is in the history, by the administrator, with the merger as reason
    closed = Responsibility.objects.get(territory=world.province, indicator=catalogue.grdp)
    record = closed.history.first()
    assert record.history_user == world.admin and "Đồng Nai" in record.history_change_reason


def test_after_the_merger_the_heirs_agency_enters_the_former_provinces_values(merging):
    world, catalogue, dn_donre, changes = merging
    apply_restructuring(changes, user=world.admin)
    world.province.refresh_from_db()
    world.staff.refresh_from_db()  # DONRE's staff now work for dn's DONRE (moved by the merger)
    assert world.staff.organisation == dn_donre

    record = actions.enter_value(
        catalogue.ghg, world.province, year=2024, value=Decimal(7), user=world.staff
    )

    assert record.territory == world.province and record.entered_by == world.staff


def test_the_preview_lists_the_responsibilities_and_writes_nothing(merging):
    world, catalogue, dn_donre, changes = merging

    result = preview_restructuring(changes, user=world.admin)

    assert result.ok, result.problems
    moves = {outcome.change.code: dict(outcome.moves) for outcome in result.outcomes}
    by_territory = "Indicators by territory, from the merger on"
    # DPI's GRDP in Bình Dương goes to dn's DPI; then Bình Dương's GRDP continues in Đồng Nai
    assert moves["bd-dpi"][by_territory] == ["GRDP in tỉnh Bình Dương: Sở KH&ĐT Đồng Nai"]
    assert moves["bd"][by_territory] == ["GRDP in tỉnh Đồng Nai: Sở KH&ĐT Đồng Nai"]
    assert moves["bd-donre"][by_territory] == ["GHG_TOTAL in tỉnh Bình Dương: Sở TN&MT Đồng Nai"]
    assert rows_of(world.province) == [
        ("GHG_TOTAL", "bd-donre", FROM, None),
        ("GRDP", "bd-dpi", FROM, None),
    ]


def test_a_responsibility_that_had_not_begun_changes_hands_in_place(world, catalogue):
    later = datetime.date(2026, 1, 1)
    OrganisationFactory(code="bd-dof", parent=world.province)
    actions.set_responsibility(
        catalogue.ghg, world.province, world.donre, valid_from=later, user=world.admin
    )

    apply_restructuring([Change(2, MERGE, "bd-donre", MERGER, target="bd-dof")], user=world.admin)

    assert rows_of(world.province) == [("GHG_TOTAL", "bd-dof", later, None)]
