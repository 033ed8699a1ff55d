"""The restructuring file page: template, upload and preview, confirmation, refusals."""

import re

from django.core.files.uploadedfile import SimpleUploadedFile

from greenplan.testing.factories import OrganisationFactory
from orgs.models import Organisation
from restructuring.restructuring_file import parse_restructuring_file

CSV = (
    "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Căn cứ pháp lý\n"
    "bd-dpi,sáp nhập,01/03/2025,bd-dof,NQ 176/2025/QH15\n"
)


def _upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("sap-xep.csv", text.encode())


def test_the_administrator_uploads_previews_then_applies_the_file(world, as_user):
    finance = OrganisationFactory(code="bd-dof", name="Sở Tài chính", parent=world.province)
    client = as_user(world.admin)
    assert 'href="/restructuring/file/"' in client.get("/orgs/").content.decode()
    template = client.get("/restructuring/file/template.xlsx")
    assert template.status_code == 200
    assert parse_restructuring_file("mau.xlsx", template.content)  # the template reads back
    preview = client.post("/restructuring/file/", {"file": _upload(CSV)}).content.decode()
    assert "Sở Kế hoạch và Đầu tư sáp nhập vào Sở Tài chính từ ngày 01/03/2025" in preview
    assert "NQ 176/2025/QH15" in preview and 'id="restructuring-confirm"' in preview
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None  # nothing written yet
    digest = re.search(r'name="digest" value="(\w+)"', preview).group(1)
    done = client.post("/restructuring/file/", {"confirm": "1", "digest": digest})
    assert done.status_code == 302
    dpi = Organisation.objects.get(pk=world.dpi.pk)
    assert dpi.successor == finance and str(dpi.valid_to) == "2025-02-28"


def test_a_refused_file_names_row_and_column_and_changes_nothing(world, as_user):
    client = as_user(world.admin)
    page = client.post(
        "/restructuring/file/", {"file": _upload(CSV.replace("bd-dof", "khong-co"))}
    ).content.decode()
    assert 'id="restructuring-problems"' in page and "khong-co" in page
    assert "<td>2</td><td>Sáp nhập vào / trực thuộc</td>" in page
    assert 'id="restructuring-confirm"' not in page
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None
    # a confirmation without a kept file applies nothing
    assert client.post("/restructuring/file/", {"confirm": "1", "digest": "x"}).status_code == 302
    assert Organisation.objects.get(pk=world.dpi.pk).valid_to is None


def test_others_may_not_restructure(world, as_user):
    for user in (world.coordinator, world.staff, world.viewer):
        assert as_user(user).get("/restructuring/file/").status_code == 403
        assert as_user(user).get("/restructuring/file/template.xlsx").status_code == 403
