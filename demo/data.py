"""The Bình Dương demo: facts from the seed and public sources, and clearly labelled choices.

What is fact: the four themes of Decision 403/QĐ-TTg and their activity and group counts,
Bình Dương's per-theme adoption counts (4/8, 18/20, 22/25, 11/13), DPI as focal point and lead
of activity 5, the 2018 priorities of DPI (activity 7) and DONRE (activities 4, 34, 39, 60),
the organisations and the 2025 restructuring dates.

What is a demo choice, said so in the plan's description: the titles of national activities
and groups not stated by any source at hand (placeholders), which 11 national activities the
province did not adopt, the lead and coordinating agencies of activities the seed does not
assign, and which of activities 4 and 39 each DONRE land sub-task belongs to.
"""

import datetime
from typing import Any

GOVERNMENT = "chinh-phu"
PROVINCE = "ubnd-binh-duong"
DPI = "bd-skhdt"
DONRE = "bd-stnmt"

# code, kind, name (vi), name (en), short name, parent code, extra fields
ORGANISATIONS: list[tuple[str, str, str, str, str, str | None, dict[str, Any]]] = [
    (GOVERNMENT, "government", "Chính phủ", "Government of Viet Nam", "Chính phủ", None, {}),
    ("bo-tc", "ministry", "Bộ Tài chính", "Ministry of Finance", "Bộ TC", GOVERNMENT, {}),
    (
        "bo-khdt",
        "ministry",
        "Bộ Kế hoạch và Đầu tư",
        "Ministry of Planning and Investment",
        "Bộ KH&ĐT",
        GOVERNMENT,
        # merged into the Ministry of Finance from 1/3/2025
        {"valid_to": datetime.date(2025, 2, 28), "successor": "bo-tc"},
    ),
    (
        "bo-tnmt",
        "ministry",
        "Bộ Tài nguyên và Môi trường",
        "Ministry of Natural Resources and Environment",
        "Bộ TN&MT",
        GOVERNMENT,
        {},
    ),
    (
        "bo-ct",
        "ministry",
        "Bộ Công Thương",
        "Ministry of Industry and Trade",
        "Bộ CT",
        GOVERNMENT,
        {},
    ),
    ("bo-xd", "ministry", "Bộ Xây dựng", "Ministry of Construction", "Bộ XD", GOVERNMENT, {}),
    (
        "bo-gtvt",
        "ministry",
        "Bộ Giao thông vận tải",
        "Ministry of Transport",
        "Bộ GTVT",
        GOVERNMENT,
        {},
    ),
    (
        "bo-nnptnt",
        "ministry",
        "Bộ Nông nghiệp và Phát triển nông thôn",
        "Ministry of Agriculture and Rural Development",
        "Bộ NN&PTNT",
        GOVERNMENT,
        {},
    ),
    (
        "bo-khcn",
        "ministry",
        "Bộ Khoa học và Công nghệ",
        "Ministry of Science and Technology",
        "Bộ KH&CN",
        GOVERNMENT,
        {},
    ),
    (
        PROVINCE,
        "province",
        "Ủy ban nhân dân tỉnh Bình Dương",
        "People's Committee of Bình Dương Province",
        "UBND tỉnh Bình Dương",
        GOVERNMENT,
        {},
    ),
    (
        DPI,
        "department",
        "Sở Kế hoạch và Đầu tư tỉnh Bình Dương",
        "Department of Planning and Investment",
        "Sở KH&ĐT",
        PROVINCE,
        {
            "email": "skhdt@demo.binhduong.example",
            "phone": "0274 3822 000",
            "contact_person": "Phòng Kinh tế ngành",
        },
    ),
    (
        DONRE,
        "department",
        "Sở Tài nguyên và Môi trường tỉnh Bình Dương",
        "Department of Natural Resources and Environment",
        "Sở TN&MT",
        PROVINCE,
        {"email": "stnmt@demo.binhduong.example"},
    ),
    (
        "bd-sct",
        "department",
        "Sở Công Thương tỉnh Bình Dương",
        "Department of Industry and Trade",
        "Sở Công Thương",
        PROVINCE,
        {"email": "sct@demo.binhduong.example"},
    ),
    (
        "bd-sxd",
        "department",
        "Sở Xây dựng tỉnh Bình Dương",
        "Department of Construction",
        "Sở Xây dựng",
        PROVINCE,
        {"email": "sxd@demo.binhduong.example"},
    ),
    (
        "bd-snnptnt",
        "department",
        "Sở Nông nghiệp và Phát triển nông thôn tỉnh Bình Dương",
        "Department of Agriculture and Rural Development",
        "Sở NN&PTNT",
        PROVINCE,
        {"email": "snnptnt@demo.binhduong.example"},
    ),
    (
        "bd-sgtvt",
        "department",
        "Sở Giao thông vận tải tỉnh Bình Dương",
        "Department of Transport",
        "Sở GTVT",
        PROVINCE,
        {"email": "sgtvt@demo.binhduong.example"},
    ),
    (
        "bd-stc",
        "department",
        "Sở Tài chính tỉnh Bình Dương",
        "Department of Finance",
        "Sở Tài chính",
        PROVINCE,
        {"email": "stc@demo.binhduong.example"},
    ),
    (
        "bd-skhcn",
        "department",
        "Sở Khoa học và Công nghệ tỉnh Bình Dương",
        "Department of Science and Technology",
        "Sở KH&CN",
        PROVINCE,
        {"email": "skhcn@demo.binhduong.example"},
    ),
    (
        "bd-sgddt",
        "department",
        "Sở Giáo dục và Đào tạo tỉnh Bình Dương",
        "Department of Education and Training",
        "Sở GD&ĐT",
        PROVINCE,
        {},
    ),
    (
        "bd-svhttdl",
        "department",
        "Sở Văn hóa, Thể thao và Du lịch tỉnh Bình Dương",
        "Department of Culture, Sports and Tourism",
        "Sở VHTT&DL",
        PROVINCE,
        {},
    ),
    (
        "bd-stttt",
        "department",
        "Sở Thông tin và Truyền thông tỉnh Bình Dương",
        "Department of Information and Communications",
        "Sở TT&TT",
        PROVINCE,
        {},
    ),
]

# District-level People's Committees as they stood in 2018; the district level ended on
# 1/7/2025 (no successor at that level).
DISTRICT_END = datetime.date(2025, 6, 30)
DISTRICTS = [
    (
        "bd-thu-dau-mot",
        "Ủy ban nhân dân thành phố Thủ Dầu Một",
        "Thủ Dầu Một City",
        "UBND TP. Thủ Dầu Một",
    ),
    ("bd-di-an", "Ủy ban nhân dân thị xã Dĩ An", "Dĩ An Town", "UBND TX. Dĩ An"),
    ("bd-thuan-an", "Ủy ban nhân dân thị xã Thuận An", "Thuận An Town", "UBND TX. Thuận An"),
    ("bd-ben-cat", "Ủy ban nhân dân thị xã Bến Cát", "Bến Cát Town", "UBND TX. Bến Cát"),
    ("bd-tan-uyen", "Ủy ban nhân dân thị xã Tân Uyên", "Tân Uyên Town", "UBND TX. Tân Uyên"),
    ("bd-bau-bang", "Ủy ban nhân dân huyện Bàu Bàng", "Bàu Bàng District", "UBND H. Bàu Bàng"),
    (
        "bd-bac-tan-uyen",
        "Ủy ban nhân dân huyện Bắc Tân Uyên",
        "Bắc Tân Uyên District",
        "UBND H. Bắc Tân Uyên",
    ),
    ("bd-dau-tieng", "Ủy ban nhân dân huyện Dầu Tiếng", "Dầu Tiếng District", "UBND H. Dầu Tiếng"),
    ("bd-phu-giao", "Ủy ban nhân dân huyện Phú Giáo", "Phú Giáo District", "UBND H. Phú Giáo"),
]

# number, kind, issued on, issuer code, title
LEGAL_DOCUMENTS = [
    (
        "403/QĐ-TTg",
        "decision",
        datetime.date(2014, 3, 20),
        GOVERNMENT,
        "Quyết định phê duyệt Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn 2014 - 2020",
    ),
    (
        "1670/QĐ-TTg",
        "decision",
        datetime.date(2017, 10, 31),
        GOVERNMENT,
        "Quyết định phê duyệt Chương trình mục tiêu ứng phó với biến đổi khí hậu và tăng trưởng "
        "xanh giai đoạn 2016 - 2020",
    ),
    (
        "1658/QĐ-TTg",
        "decision",
        datetime.date(2021, 10, 1),
        GOVERNMENT,
        "Quyết định phê duyệt Chiến lược quốc gia về tăng trưởng xanh giai đoạn 2021 - 2030, "
        "tầm nhìn 2050",
    ),
    (
        "1847/KH-UBND",
        "plan",
        None,
        PROVINCE,
        "Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh Bình Dương giai đoạn 2018 - 2020",
    ),
    # Invented for the demo (no public plan found; demo/provinces.py)
    (
        "DEMO-BRVT/KH-UBND",
        "plan",
        None,
        "ubnd-ba-ria-vung-tau",
        "Kế hoạch hành động về tăng trưởng xanh tỉnh Bà Rịa - Vũng Tàu giai đoạn 2018 - 2020 "
        "(dữ liệu minh họa)",
    ),
    (
        "DEMO-HCM/KH-UBND",
        "plan",
        None,
        "ubnd-tp-hcm",
        "Kế hoạch hành động về tăng trưởng xanh Thành phố Hồ Chí Minh giai đoạn 2018 - 2020 "
        "(dữ liệu minh họa)",
    ),
    # The 2021-2030 generation (shared/data/vggap_2021_2030_themes.csv, provincial_gg_plans.csv)
    (
        "882/QĐ-TTg",
        "decision",
        datetime.date(2022, 7, 22),
        GOVERNMENT,
        "Quyết định phê duyệt Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn "
        "2021 - 2030",
    ),
    (
        "3961/KH-UBND",
        "plan",
        datetime.date(2023, 8, 4),
        PROVINCE,
        "Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh Bình Dương giai đoạn 2023-2030",
    ),
    (
        "4589/QĐ-UBND",
        "decision",
        datetime.date(2022, 12, 29),
        "ubnd-tp-hcm",
        "Kế hoạch triển khai thực hiện Chiến lược quốc gia về tăng trưởng xanh hướng đến phát "
        "triển bền vững trên địa bàn TP.HCM giai đoạn 2021-2030",
    ),
    (
        "3797/QĐ-UBND",
        "decision",
        datetime.date(2024, 9, 13),
        "ubnd-tp-hcm",
        "Kế hoạch hành động tăng trưởng xanh của TP Hồ Chí Minh giai đoạn 2024-2030",
    ),
]

NATIONAL_PLAN = "403/QĐ-TTg"
PROVINCIAL_PLAN = "1847/KH-UBND"

# (theme no, vi, en, activity count, group count): shared/data/vggap_2014_2020_themes.csv
THEMES = [
    (
        1,
        "Xây dựng thể chế và kế hoạch tăng trưởng xanh tại địa phương",
        "Establishing local green growth institutions and plans",
        8,
        2,
    ),
    (
        2,
        "Giảm cường độ phát thải khí nhà kính và thúc đẩy sử dụng năng lượng sạch, năng lượng "
        "tái tạo",
        "Reducing the intensity of greenhouse gas emissions and promoting clean and "
        "renewable energy",
        20,
        4,
    ),
    (3, "Thực hiện xanh hóa sản xuất", "Implementing green production", 25, 4),
    (
        4,
        "Thực hiện xanh hóa lối sống và tiêu dùng bền vững",
        "Green lifestyles and sustainable consumption",
        13,
        2,
    ),
]

# Titles the seed states (as it words them); every other activity title is a placeholder.
KNOWN_ACTIVITY_TITLES = {
    5: (
        "Tham gia các hoạt động quốc tế xúc tiến và chia sẻ kinh nghiệm thực hiện tăng trưởng xanh",
        "International cooperation: conferences and sharing green growth experience",
    ),
    7: (
        "Tổ chức xây dựng đề án thực hiện thí điểm một số mô hình tăng trưởng xanh quy mô nhỏ "
        "trên địa bàn tỉnh nhằm nâng cao nhận thức về tăng trưởng xanh",
        "Pilot small-scale green growth models in the province to raise awareness",
    ),
    60: (
        "Nâng cao nhận thức, xanh hóa cảnh quan đô thị",
        "Raising awareness and greening the urban landscape",
    ),
}

# Demo choice: the 11 national activities Bình Dương does not adopt (4 + 2 + 3 + 2).
NOT_ADOPTED = {1, 2, 6, 8, 12, 25, 30, 45, 51, 56, 64}

# Demo choice: leads of activities the seed does not assign, cycled within each theme.
THEME_LEAD_CYCLE = {
    1: [DPI],
    2: ["bd-sct", "bd-sct", "bd-sgtvt", "bd-sxd", DONRE, "bd-skhcn"],
    3: ["bd-sct", "bd-snnptnt", DONRE, "bd-skhcn", "bd-sxd", "bd-stc"],
    4: ["bd-sxd", "bd-sgddt", "bd-svhttdl", "bd-stttt", "bd-sct"],
}
# Demo choice: one coordinating department per activity (DPI, the focal point, coordinates the
# institutional theme; it consolidates everything anyway, it does not co-report on everything).
THEME_COORDINATORS = {
    1: [DPI, "bd-stc"],
    2: [DONRE, "bd-sct"],
    3: [DONRE, "bd-skhcn"],
    4: ["bd-sxd", "bd-stttt"],
}
SEED_LEADS = {4: DONRE, 5: DPI, 7: DPI, 34: DONRE, 39: DONRE, 60: DONRE}
DISTRICT_CODES = [d[0] for d in DISTRICTS]

END_2018 = datetime.date(2018, 12, 31)
# (code, activity, lead, vi, en, on_request, deliverable)
PRIORITY_TASKS_2018 = [
    (
        "7.1",
        7,
        DPI,
        "Xây dựng đề án thực hiện thí điểm một số mô hình tăng trưởng xanh quy mô nhỏ trên địa bàn "
        "tỉnh Bình Dương nhằm nâng cao nhận thức về tăng trưởng xanh",
        "Proposal for pilot small-scale green growth models in Bình Dương to raise awareness",
        False,
        "Đề án trình UBND tỉnh xin ý kiến trong năm 2018",
    ),
    (
        "34.1",
        34,
        DONRE,
        "Tham gia rà soát, kiến nghị điều chỉnh các quy hoạch phát triển ngành Tài nguyên và Môi "
        "trường từ quan điểm phát triển bền vững và xây dựng khung chính sách và kế hoạch hành động "
        "tăng trưởng xanh của ngành Tài nguyên và Môi trường giai đoạn 2014 - 2020",
        "Review and recommend adjustments to the natural resources and environment sector's "
        "development plans from a sustainable-development view; build the sector's green growth "
        "policy framework and action plan 2014-2020",
        True,
        "Ý kiến rà soát, kiến nghị gửi Bộ TN&MT",
    ),
    (
        "39.1",
        39,
        DONRE,
        "Tham gia công tác kiểm kê, đánh giá tình hình sử dụng tài nguyên đất trong giai đoạn "
        "2000 - 2013",
        "Take part in the inventory and assessment of land use 2000-2013",
        True,
        "Số liệu kiểm kê, báo cáo đánh giá",
    ),
    (
        "4.1",
        4,
        DONRE,
        "Rà soát, đánh giá tính phù hợp của hệ thống thể chế hiện hành với yêu cầu của mô hình "
        "tăng trưởng xanh",
        "Review whether current institutions fit the green growth model",
        False,
        "Báo cáo rà soát",
    ),
    (
        "39.2",
        39,
        DONRE,
        "Phổ biến và hướng dẫn nhân dân áp dụng các biện pháp bảo vệ và làm giàu tài nguyên đất",
        "Inform and guide people on measures protecting and enriching land resources",
        False,
        "Tài liệu hướng dẫn, hội nghị phổ biến",
    ),
    (
        "39.3",
        39,
        DONRE,
        "Góp ý xây dựng khung chính sách và kế hoạch hành động về sử dụng và phát triển tài nguyên "
        "đất theo hướng tăng trưởng xanh đến 2020 và tầm nhìn đến 2050",
        "Comment on the land use policy framework and action plan to 2020, vision 2050",
        False,
        "Văn bản góp ý",
    ),
    (
        "60.1",
        60,
        DONRE,
        "Xây dựng, trình kế hoạch phân bổ đất công để nâng cao diện tích không gian xanh và mặt nước "
        "ở các đô thị, đạt tiêu chuẩn diện tích cây xanh đô thị tính theo đầu người theo quy định cho "
        "từng loại đô thị trên địa bàn tỉnh",
        "Plan allocating public land to raise urban green space and water surface, meeting the "
        "per-capita urban tree-area standard of each urban class",
        False,
        "Kế hoạch phân bổ đất công trình UBND tỉnh",
    ),
    (
        "60.2",
        60,
        DONRE,
        "Đầu tư khoảng không gian xanh công cộng",
        "Invest in public green space",
        False,
        "",
    ),
    (
        "60.3",
        60,
        DONRE,
        "Khuyến khích cộng đồng, doanh nghiệp và các hộ gia đình thực hiện các giải pháp xanh hóa "
        "đô thị",
        "Encourage communities, businesses and households to green the city",
        False,
        "",
    ),
]

PROVINCIAL_DESCRIPTION = (
    "Dữ liệu minh họa (demo). Theo tin về Kế hoạch 1847/KH-UBND: tỉnh triển khai 4/8, 18/20, "
    "22/25 và 11/13 hoạt động của Kế hoạch quốc gia (55/66). Danh sách 11 hoạt động không triển "
    "khai (số 1, 2, 6, 8, 12, 25, 30, 45, 51, 56, 64) do bản demo tự chọn vì không có nguồn công "
    "khai; cơ quan phối hợp của mọi hoạt động và cơ quan chủ trì của các hoạt động ngoài số 4, 5, "
    "7, 34, 39, 60 cũng là giả định của bản demo; việc gắn các nhiệm vụ về đất đai vào hoạt động 4 hay 39 là suy luận.\n"
    "Demo data. Bình Dương adopts 4/8, 18/20, 22/25 and 11/13 national activities (55/66) as the "
    "news item states; which 11 were not adopted, the coordinating agencies of every activity, the "
    "lead agencies of activities other than 4, 5, 7, 34, 39 and 60, and whether each land sub-task belongs to activity 4 or 39 "
    "are choices of this demo, not facts."
)

# username, organisation, role, full name
DEMO_PASSWORD = "greenplan-demo"  # noqa: S105 - printed by `make run` on purpose
USERS = [
    ("admin", PROVINCE, "admin", "Quản trị hệ thống"),
    ("dpi.coordinator", DPI, "coordinator", "Nguyễn Thị Lan"),
    ("donre.staff", DONRE, "agency_staff", "Trần Văn Minh"),
    ("donre.leader", DONRE, "agency_leader", "Lê Quốc Hùng"),
    ("doit.staff", "bd-sct", "agency_staff", "Phạm Thu Hà"),
    ("doit.leader", "bd-sct", "agency_leader", "Võ Thanh Sơn"),
    ("province.viewer", PROVINCE, "viewer", "Đặng Minh Châu"),
    # Issue 14: the People's Committees' leaders (a Phó Chủ tịch each) who approve the
    # province's report, the DPI coordinators of the two other provinces, a few of their
    # agencies' people, and the ministry's coordinators of the national rounds (Planning and
    # Investment until 28/02/2025, Finance from 01/03/2025). Every name is invented.
    ("bd.leader", PROVINCE, "province_leader", "Hoàng Văn Phúc"),
    ("brvt.dpi", "brvt-skhdt", "coordinator", "Trương Thị Hạnh"),
    ("brvt.leader", "ubnd-ba-ria-vung-tau", "province_leader", "Lâm Quang Vinh"),
    ("brvt.donre.staff", "brvt-stnmt", "agency_staff", "Huỳnh Ngọc Yến"),
    ("brvt.donre.leader", "brvt-stnmt", "agency_leader", "Đỗ Văn Tài"),
    ("hcm.dpi", "hcm-skhdt", "coordinator", "Phan Thị Thu Trang"),
    ("hcm.leader", "ubnd-tp-hcm", "province_leader", "Bùi Đức Thắng"),
    ("hcm.donre.staff", "hcm-stnmt", "agency_staff", "Ngô Thị Mỹ Linh"),
    ("hcm.donre.leader", "hcm-stnmt", "agency_leader", "Tạ Minh Khoa"),
    ("hcm.dot.staff", "hcm-sgtvt", "agency_staff", "Lý Hoàng Nam"),
    ("hcm.dot.leader", "hcm-sgtvt", "agency_leader", "Chu Văn Lộc"),
    ("mpi.coordinator", "bo-khdt", "coordinator", "Vũ Thị Thanh Hương"),
    ("mof.coordinator", "bo-tc", "coordinator", "Kiều Quốc Bảo"),
]

# Demo email domains of each province's people; central bodies' people use the last.
EMAIL_DOMAINS = {
    PROVINCE: "demo.binhduong.example",
    "ubnd-ba-ria-vung-tau": "demo.baria-vungtau.example",
    "ubnd-tp-hcm": "demo.hochiminhcity.example",
}
CENTRAL_EMAIL_DOMAIN = "demo.chinhphu.example"
