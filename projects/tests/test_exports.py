import io
from decimal import Decimal

from django.urls import reverse
from openpyxl import load_workbook


def open_xlsx(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    return load_workbook(io.BytesIO(response.content))


def test_the_project_list_workbook_has_one_row_per_project_and_true_sums(funded_world, as_user):
    wb = open_xlsx(as_user(funded_world.coordinator).get(reverse("projects:export")))

    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert ws.column_dimensions["B"].width == 50
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    body, total = rows[:-1], rows[-1]
    assert sorted(r[1] for r in body) == [
        "Chiến dịch truyền thông xanh",
        "Nghiên cứu đã hủy",
        "Đầu tư không gian xanh công cộng",
        "Đề án thí điểm mô hình tăng trưởng xanh",
    ]
    green = next(r for r in body if r[1] == "Đầu tư không gian xanh công cộng")
    assert green[10:] == (300, 300, 70)
    for column in (10, 11, 12):
        assert total[column] == sum(Decimal(str(r[column])) for r in body)
    assert total[10] == 350 + 999  # the list shows every project, cancelled ones too


def test_the_budget_summary_adds_up_on_every_sheet(funded_world, as_user):
    wb = open_xlsx(
        as_user(funded_world.coordinator).get(
            reverse("projects:budget_export", args=[funded_world.plan.pk])
        )
    )

    assert len(wb.sheetnames) == 4
    for ws in wb.worksheets[:3]:
        assert ws.freeze_panes == "A2"
        rows = list(ws.iter_rows(min_row=2, values_only=True))
        body, total = rows[:-1], rows[-1]
        assert total[1:] == (350, 310, 70), ws.title
        for column in (1, 2, 3):
            assert sum(Decimal(str(r[column])) for r in body) == total[column]
    by_year = {r[0]: r[1:] for r in wb.worksheets[2].iter_rows(min_row=2, values_only=True)}
    assert by_year["2019"] == (130, 110, 70)

    activities = wb.worksheets[3]
    flags = {r[0]: r[4] for r in activities.iter_rows(min_row=2, max_row=5, values_only=True)}
    assert flags["7"] != flags["60"]  # "no money allocated" vs "funded"
    assert "61" in flags


def test_hostile_project_and_activity_titles_are_exported_as_text(funded_world, as_user):
    # A title starting with =, +, -, @, a tab or a carriage return was written raw: the
    # project list's "=HYPERLINK(...)" became a live formula (#12 item 5).
    from core.tests.exports import HOSTILE_TITLES, assert_exported_as_text
    from projects.models import Project

    client = as_user(funded_world.coordinator)
    project = Project.objects.get(title="Đầu tư không gian xanh công cộng")
    activity = project.plan_items.first()
    for title in HOSTILE_TITLES:
        Project.objects.filter(pk=project.pk).update(title=title)
        type(activity).objects.filter(pk=activity.pk).update(title=title)

        listing = client.get(reverse("projects:export"))
        summary = client.get(reverse("projects:budget_export", args=[funded_world.plan.pk]))

        assert_exported_as_text(listing.content, title)
        assert_exported_as_text(summary.content, title)


def test_control_characters_stored_in_a_title_do_not_break_the_exports(funded_world, as_user):
    # A title saved before text was cleaned on entry: both exports answered 500.
    from projects.models import Project

    Project.objects.filter(title="Chiến dịch truyền thông xanh").update(
        title="Chiến dịch\x01\x0b truyền thông"
    )
    client = as_user(funded_world.coordinator)

    listing = open_xlsx(client.get(reverse("projects:export")))
    summary = open_xlsx(client.get(reverse("projects:budget_export", args=[funded_world.plan.pk])))

    # \x01 dropped; \x0b, Word's manual line break, kept as a line break
    assert "Chiến dịch\n truyền thông" in [r[1] for r in listing.active.iter_rows(values_only=True)]
    assert any(
        "Chiến dịch\n truyền thông" in (r[3] or "")
        for r in summary.worksheets[3].iter_rows(values_only=True)
    )
