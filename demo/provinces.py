"""Bà Rịa - Vũng Tàu and Hồ Chí Minh City beside Bình Dương (issue 14): the provinces the
national rounds of Decision 403/QĐ-TTg consolidate, and that merge into the city in 2025.

What is fact: the two People's Committees, the departments each province had before the 2025
reform (Planning and Investment, Finance, Natural Resources and Environment, Agriculture and
Rural Development, Industry and Trade, Construction, Transport, Science and Technology,
Information and Communications) with their official names, the district-level People's
Committees named here, and that Thủ Đức City exists from 01/01/2021 (Resolution
1111/NQ-UBTVQH14). shared/data/provincial_gg_plans.csv found no green growth plan of Bà Rịa -
Vũng Tàu and none of Hồ Chí Minh City for 2018-2020.

What is a demo choice, said so in each plan's number, title and description: both 2018-2020
plans themselves (their numbers begin with DEMO), which national activities each adopts, the
lead and coordinating agencies, the email addresses (demo domains), the people, and every
report of the 2018-2020 rounds.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from demo import data
from plans.plan_import import ItemRow, PlanData, PlanImport

d = datetime.date

# suffix, name (vi, without the province), name (en), short name: the departments each demo
# province had before the 01/03/2025 mergers (shared/brief: the same suffixes as Bình Dương's).
DEPARTMENTS = [
    ("skhdt", "Sở Kế hoạch và Đầu tư", "Department of Planning and Investment", "Sở KH&ĐT"),
    ("stc", "Sở Tài chính", "Department of Finance", "Sở Tài chính"),
    (
        "stnmt",
        "Sở Tài nguyên và Môi trường",
        "Department of Natural Resources and Environment",
        "Sở TN&MT",
    ),
    (
        "snnptnt",
        "Sở Nông nghiệp và Phát triển nông thôn",
        "Department of Agriculture and Rural Development",
        "Sở NN&PTNT",
    ),
    ("sct", "Sở Công Thương", "Department of Industry and Trade", "Sở Công Thương"),
    ("sxd", "Sở Xây dựng", "Department of Construction", "Sở Xây dựng"),
    ("sgtvt", "Sở Giao thông vận tải", "Department of Transport", "Sở GTVT"),
    ("skhcn", "Sở Khoa học và Công nghệ", "Department of Science and Technology", "Sở KH&CN"),
    (
        "stttt",
        "Sở Thông tin và Truyền thông",
        "Department of Information and Communications",
        "Sở TT&TT",
    ),
]

# (department suffix or district code, writer, submitter or None, submitted on, outcome):
# outcome "accept", "return", "submit" (awaiting review) or "draft"; a department missing
# from a year's plays has not started its report.
Play = tuple[str, str, str | None, datetime.date | None, str]


@dataclass(frozen=True)
class DemoProvince:
    code: str  # the People's Committee
    prefix: str  # of its departments' codes
    of: str  # how department names end: "tỉnh Bà Rịa - Vũng Tàu"
    committee: tuple[str, str, str]  # name (vi), name (en), short name
    email_domain: str
    districts: list[tuple[str, str, str, str, dict[str, Any]]]
    plan_number: str
    plan_title: str
    plan_title_en: str
    plan_description: str
    adopted: dict[int, list[int]]  # theme -> national activity numbers
    leads: dict[int, list[str]]  # theme -> department suffixes, cycled
    coordinator: str  # username of the DPI coordinator
    plays: dict[int, list[Play]] = field(default_factory=dict)

    def org(self, suffix_or_code: str) -> str:
        return suffix_or_code if "-" in suffix_or_code else f"{self.prefix}-{suffix_or_code}"

    @property
    def dpi(self) -> str:
        return self.org("skhdt")


_DEMO_PLAN = (
    "Dữ liệu minh họa (demo): không tìm thấy kế hoạch tăng trưởng xanh giai đoạn 2018 - 2020 "
    "của {name} trong nguồn công khai (shared/data/provincial_gg_plans.csv); số hiệu, tên kế "
    "hoạch, các hoạt động được chọn triển khai và cơ quan chủ trì, phối hợp đều do bản demo "
    "giả định. Tên hoạt động lấy theo Kế hoạch quốc gia 403/QĐ-TTg (tiêu đề tạm nếu chưa có "
    "nguồn).\n"
    "Demo data: no 2018-2020 green growth plan of {name_en} was found in public sources; the "
    "number, title, adopted activities and agencies are invented for the demo."
)

BA_RIA_VUNG_TAU = DemoProvince(
    code="ubnd-ba-ria-vung-tau",
    prefix="brvt",
    of="tỉnh Bà Rịa - Vũng Tàu",
    committee=(
        "Ủy ban nhân dân tỉnh Bà Rịa - Vũng Tàu",
        "People's Committee of Bà Rịa - Vũng Tàu Province",
        "UBND tỉnh Bà Rịa - Vũng Tàu",
    ),
    email_domain="demo.baria-vungtau.example",
    districts=[
        (
            "brvt-vung-tau",
            "Ủy ban nhân dân thành phố Vũng Tàu",
            "Vũng Tàu City",
            "UBND TP. Vũng Tàu",
            {},
        ),
        ("brvt-ba-ria", "Ủy ban nhân dân thành phố Bà Rịa", "Bà Rịa City", "UBND TP. Bà Rịa", {}),
        ("brvt-phu-my", "Ủy ban nhân dân thị xã Phú Mỹ", "Phú Mỹ Town", "UBND TX. Phú Mỹ", {}),
    ],
    plan_number="DEMO-BRVT/KH-UBND",
    plan_title="Kế hoạch hành động về tăng trưởng xanh tỉnh Bà Rịa - Vũng Tàu giai đoạn "
    "2018 - 2020 (dữ liệu minh họa)",
    plan_title_en="Green growth action plan of Bà Rịa - Vũng Tàu province, 2018-2020 (demo data)",
    plan_description=_DEMO_PLAN.format(
        name="tỉnh Bà Rịa - Vũng Tàu", name_en="Bà Rịa - Vũng Tàu province"
    ),
    adopted={1: [3, 4, 5, 7], 2: [9, 13, 16, 20], 3: [29, 34, 39, 44], 4: [58, 60, 62]},
    leads={
        1: ["skhdt", "stc"],
        2: ["sct", "sgtvt", "sxd"],
        3: ["stnmt", "snnptnt", "skhcn"],
        4: ["sxd", "stttt", "stnmt"],
    },
    coordinator="brvt.dpi",
    plays={
        2018: [
            ("skhdt", "brvt.dpi", "brvt.dpi", d(2018, 10, 22), "accept"),
            ("stnmt", "brvt.donre.staff", "brvt.donre.leader", d(2018, 10, 19), "accept"),
            ("sct", "admin", "admin", d(2018, 11, 6), "accept"),  # 12 days late
            ("sgtvt", "admin", "admin", d(2018, 10, 24), "return"),
            ("sxd", "admin", None, None, "draft"),
        ],
        2019: [
            ("skhdt", "brvt.dpi", "brvt.dpi", d(2019, 10, 21), "accept"),
            ("stnmt", "brvt.donre.staff", "brvt.donre.leader", d(2019, 10, 23), "accept"),
            ("sct", "admin", "admin", d(2019, 10, 24), "accept"),
            ("snnptnt", "admin", "admin", d(2019, 10, 25), "return"),
            ("sgtvt", "admin", "admin", d(2019, 11, 1), "submit"),  # late, awaiting review
            ("brvt-vung-tau", "admin", "admin", d(2019, 10, 18), "accept"),
        ],
        2020: [
            ("skhdt", "brvt.dpi", "brvt.dpi", d(2020, 10, 20), "accept"),
            ("stnmt", "brvt.donre.staff", "brvt.donre.leader", d(2020, 10, 26), "return"),
            ("sct", "admin", "admin", d(2020, 10, 23), "submit"),
        ],
    },
)

HO_CHI_MINH_CITY = DemoProvince(
    code="ubnd-tp-hcm",
    prefix="hcm",
    of="Thành phố Hồ Chí Minh",
    committee=(
        "Ủy ban nhân dân Thành phố Hồ Chí Minh",
        "People's Committee of Hồ Chí Minh City",
        "UBND TP. Hồ Chí Minh",
    ),
    email_domain="demo.hochiminhcity.example",
    districts=[
        ("hcm-cu-chi", "Ủy ban nhân dân huyện Củ Chi", "Củ Chi District", "UBND H. Củ Chi", {}),
        ("hcm-can-gio", "Ủy ban nhân dân huyện Cần Giờ", "Cần Giờ District", "UBND H. Cần Giờ", {}),
        (
            "hcm-thu-duc",
            "Ủy ban nhân dân thành phố Thủ Đức",
            "Thủ Đức City",
            "UBND TP. Thủ Đức",
            # formed from Districts 2, 9 and Thủ Đức (Resolution 1111/NQ-UBTVQH14)
            {"valid_from": d(2021, 1, 1)},
        ),
    ],
    plan_number="DEMO-HCM/KH-UBND",
    plan_title="Kế hoạch hành động về tăng trưởng xanh Thành phố Hồ Chí Minh giai đoạn "
    "2018 - 2020 (dữ liệu minh họa)",
    plan_title_en="Green growth action plan of Hồ Chí Minh City, 2018-2020 (demo data)",
    plan_description=_DEMO_PLAN.format(name="Thành phố Hồ Chí Minh", name_en="Hồ Chí Minh City"),
    adopted={1: [3, 5, 7], 2: [10, 14, 18, 22], 3: [30, 34, 40, 47], 4: [55, 60, 63, 66]},
    leads={
        1: ["skhdt", "stc"],
        2: ["sct", "sgtvt", "sxd", "skhcn"],
        3: ["stnmt", "sct", "snnptnt"],
        4: ["sxd", "sgtvt", "stttt"],
    },
    coordinator="hcm.dpi",
    plays={
        2018: [
            ("skhdt", "hcm.dpi", "hcm.dpi", d(2018, 10, 23), "accept"),
            ("stnmt", "hcm.donre.staff", "hcm.donre.leader", d(2018, 10, 17), "accept"),
            ("sgtvt", "hcm.dot.staff", "hcm.dot.leader", d(2018, 11, 2), "accept"),  # late
            ("sct", "admin", "admin", d(2018, 10, 24), "return"),
        ],
        2019: [
            ("skhdt", "hcm.dpi", "hcm.dpi", d(2019, 10, 22), "accept"),
            ("stnmt", "hcm.donre.staff", "hcm.donre.leader", d(2019, 10, 21), "accept"),
            ("sgtvt", "hcm.dot.staff", "hcm.dot.leader", d(2019, 10, 24), "accept"),
            ("sxd", "admin", "admin", d(2019, 11, 4), "submit"),  # late, awaiting review
            ("sct", "admin", "admin", d(2019, 10, 25), "return"),
            ("hcm-cu-chi", "admin", "admin", d(2019, 10, 16), "accept"),
        ],
        2020: [
            ("skhdt", "hcm.dpi", "hcm.dpi", d(2020, 10, 22), "accept"),
            ("stnmt", "hcm.donre.staff", "hcm.donre.leader", d(2020, 10, 30), "submit"),
            ("sgtvt", "hcm.dot.staff", None, None, "draft"),
        ],
    },
)

PROVINCES = [BA_RIA_VUNG_TAU, HO_CHI_MINH_CITY]


def organisations(province: DemoProvince) -> list[tuple[str, dict[str, Any]]]:
    """(code, fields) of the province's People's Committee, departments and districts, parents
    first; the parent is a code here."""
    name, name_en, short = province.committee
    rows: list[tuple[str, dict[str, Any]]] = [
        (
            province.code,
            {
                "kind": "province",
                "name": name,
                "name_en": name_en,
                "short_name": short,
                "parent": data.GOVERNMENT,
                "email": f"ubnd@{province.email_domain}",
            },
        )
    ]
    for suffix, vi, en, short_name in DEPARTMENTS:
        fields: dict[str, Any] = {
            "kind": "department",
            "name": f"{vi} {province.of}",
            "name_en": en,
            "short_name": short_name,
            "parent": province.code,
            "email": f"{suffix}@{province.email_domain}",
        }
        if suffix == "skhdt":  # the focal point: the national board shows its contact
            fields["contact_person"] = "Phòng Tổng hợp (demo)"
        rows.append((province.org(suffix), fields))
    for code, vi, en, short_name, extra in province.districts:
        rows.append(
            (
                code,
                {
                    "kind": "district",
                    "name": vi,
                    "name_en": en,
                    "short_name": short_name,
                    "parent": province.code,
                    "valid_to": data.DISTRICT_END,
                    **extra,
                },
            )
        )
    return rows


def plan_import(province: DemoProvince, national: PlanImport) -> PlanImport:
    """The province's small 2018-2020 plan: the national themes, the adopted activities under
    them (implementing the national ones), a lead and a coordinating agency each; the
    districts coordinate the green lifestyle theme."""
    national_rows = {r.code: r for r in national.items}
    districts = [code for code, *_rest in province.districts if "valid_from" not in _rest[-1]]
    items: list[ItemRow] = []
    for theme_no, title, title_en, _n, _g in data.THEMES:
        items.append(
            ItemRow(
                code=f"T{theme_no}",
                kind="theme",
                number=str(theme_no),
                title=title,
                title_en=title_en,
            )
        )
        cycle = province.leads[theme_no]
        for i, number in enumerate(province.adopted[theme_no]):
            nat = national_rows[str(number)]
            lead = province.dpi if number in (5, 7) else province.org(cycle[i % len(cycle)])
            others = [province.org(s) for s in cycle if province.org(s) != lead]
            coordinating = others[:1] + (districts if theme_no == 4 else [])
            items.append(
                ItemRow(
                    code=nat.code,
                    parent_code=f"T{theme_no}",
                    kind="activity",
                    number=nat.number,
                    title=nat.title,
                    title_en=nat.title_en,
                    is_placeholder=nat.is_placeholder,
                    lead=lead,
                    coordinating=coordinating,
                    timeframe="2018-2020",
                    implements=nat.code,
                    legal_documents=[data.NATIONAL_PLAN, province.plan_number],
                )
            )
    plan = PlanData(
        number=province.plan_number,
        title=province.plan_title,
        title_en=province.plan_title_en,
        level="provincial",
        territory=province.code,
        period_start=2018,
        period_end=2020,
        parent_number=data.NATIONAL_PLAN,
        issuer=province.code,
        focal_point=province.dpi,
        legal_documents=[data.NATIONAL_PLAN, province.plan_number],
        description=province.plan_description,
    )
    return PlanImport(plan=plan, items=items)
