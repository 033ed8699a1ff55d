"""The report's history of changes: loaded when the reader opens it, field by field."""

from reporting.actions import save_draft
from reporting.tests.conftest import form_data


def test_the_history_shows_who_changed_which_field_from_what_to_what(rep, as_user):
    report, world = rep.donre_report, rep.world
    item = report.items.get(plan_item__code="4")
    client = as_user(world.staff)
    for text in ("Bản thứ nhất", "Bản thứ hai"):
        report.refresh_from_db()
        client.post(
            f"/reporting/reports/{report.pk}/",
            form_data(report, **{f"item-{item.pk}-results": text, "general_results": text}),
        )
    # the report page no longer carries the history, only the way to it
    page = client.get(f"/reporting/reports/{report.pk}/").content.decode()
    url = f"/reporting/reports/{report.pk}/history/"
    assert 'id="report-changes"' not in page
    assert f'hx-get="{url}"' in page and 'hx-trigger="toggle once"' in page
    # opened on the page (htmx): the table alone, newest first, the item named by its label
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert '<table id="report-changes">' in part and "<html" not in part
    rows = part.split("<tr>")[2:]  # after the header
    assert len(rows) == 4  # two saves, each changing the report and the item
    newest = rows[0] + rows[1]
    assert '<span class="muted">Bản thứ nhất</span> → Bản thứ hai' in newest
    assert "Bản thứ hai" not in rows[2] + rows[3]
    assert f"<td>{item.plan_item.label}</td>" in part and str(world.staff) in part
    # without htmx: a page of its own, linked back to the report
    full = client.get(url).content.decode()
    assert "<html" in full and f'href="/reporting/reports/{report.pk}/"' in full
    assert '<table id="report-changes">' in full


def test_the_part_shows_the_latest_hundred_and_links_to_the_rest(rep, as_user):
    report, world = rep.donre_report, rep.world
    for n in range(102):  # 102 changes of the general results
        report.refresh_from_db()
        save_draft(report, user=world.staff, version=report.version, general={
            "general_results": f"Lần {n}", "general_difficulties": "", "general_proposals": "",
        })  # fmt: skip
    client = as_user(world.staff)
    url = f"/reporting/reports/{report.pk}/history/"
    part = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert part.count("<tr>") == 1 + 100
    assert "2 thay đổi cũ hơn" in part and f'href="{url}"' in part
    assert client.get(url).content.decode().count("<tr>") == 1 + 102
