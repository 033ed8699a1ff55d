"""The preview names organisations in full: their short names repeat across provinces, and a
line reading "Sở KH&CN merged into Sở KH&CN" tells the administrator nothing."""

from greenplan.testing.factories import OrganisationFactory
from orgs.models import OrganisationKind
from restructuring.plans import preview_restructuring
from restructuring.restructuring_file import parse_restructuring_file

HEAD = "Mã cơ quan,Thay đổi,Ngày hiệu lực,Sáp nhập vào / trực thuộc,Căn cứ pháp lý\n"


def test_a_merger_of_two_departments_with_the_same_short_name_reads_in_full(world):
    city = OrganisationFactory(code="hcm", name="Ủy ban nhân dân Thành phố Hồ Chí Minh",
                               kind=OrganisationKind.PROVINCE, parent=world.government)  # fmt: skip
    OrganisationFactory(code="bd-skhcn", name="Sở Khoa học và Công nghệ tỉnh Bình Dương",
                        short_name="Sở KH&CN", parent=world.province)  # fmt: skip
    OrganisationFactory(code="hcm-skhcn", name="Sở Khoa học và Công nghệ Thành phố Hồ Chí Minh",
                        short_name="Sở KH&CN", parent=city)  # fmt: skip
    csv = HEAD + "bd-skhcn,sáp nhập,01/07/2025,hcm-skhcn,NQ 202/2025/QH15\n"

    preview = preview_restructuring(
        parse_restructuring_file("sap-xep.csv", csv.encode()), user=world.admin
    )

    assert preview.ok
    assert preview.outcomes[0].summary == (
        "Sở Khoa học và Công nghệ tỉnh Bình Dương sáp nhập vào Sở Khoa học và Công nghệ "
        "Thành phố Hồ Chí Minh từ ngày 01/07/2025"
    )
