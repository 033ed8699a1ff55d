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
