"""The starting catalogue: 12 of the 72 green growth statistical indicators of Circular
10/2023/TT-BKHĐT (names and objectives as read from public sources, see
shared/data/gg_statistical_indicators_tt10_2023.csv), plus the input indicators the derived
ones are computed from.

Facts vs choices: names, objectives and sectors are from the sources. Codes are ours (the
Circular's own numbering was not at hand). Units are given where the name or the formula
fixes them (percent for a share, tCO2e for emissions, the intensity unit of the strategy);
the others are left empty for the administrator, as no source gave them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import transaction

from indicators import actions

if TYPE_CHECKING:
    from accounts.models import User
from indicators.models import Direction, Indicator, IndicatorKind, Objective

CIRCULAR = "10/2023/TT-BKHĐT"
PARAPHRASED = (
    "Tên theo cách diễn đạt của nguồn tin báo chí; cần đối chiếu văn bản Thông tư.\n"
    "Name as paraphrased by a news source; check it against the Circular."
)
INPUT_NOTE = (
    "Chỉ tiêu đầu vào để tính chỉ tiêu dẫn xuất (không thuộc danh sách 12 chỉ tiêu đã có nguồn).\n"
    "Input of a derived indicator (not one of the 12 sourced indicators)."
)

GREEN_SPACE_NOTE = (
    "Theo dõi hoạt động 60: đạt tiêu chuẩn cây xanh đô thị bình quân đầu người.\n"
    "Tracks activity 60: meeting the per-capita urban green space standard."
)

OBJECTIVES = [
    (1, "Giảm cường độ phát thải khí nhà kính trên GDP", "Reduce GHG emission intensity per GDP"),
    (2, "Xanh hóa các ngành kinh tế", "Green the economic sectors"),
]

# code, objective, sector, name (vi), name (en), unit, direction, formula, note
INDICATORS: list[tuple[str, int | None, str, str, str, str, str, str, str]] = [
    ("GHG_INTENSITY", 1, "", "Cường độ phát thải khí nhà kính", "GHG emission intensity",
     "tCO2e/billion_VND", Direction.LOWER, "GHG_TOTAL / GRDP", ""),
    ("GHG_TOTAL", 1, "", "Tổng lượng phát thải khí nhà kính", "Total GHG emissions",
     "tCO2e", Direction.LOWER, "", ""),
    ("TPES_PER_GDP", 2, "Năng lượng", "Tổng cung năng lượng sơ cấp/GDP",
     "Total primary energy supply per GDP", "", Direction.LOWER, "", ""),
    ("TFEC_PER_GDP", 2, "Năng lượng", "Tiêu dùng năng lượng cuối cùng/GDP",
     "Final energy consumption per GDP", "", Direction.LOWER, "", ""),
    ("RE_SHARE_TPES", 2, "Năng lượng",
     "Tỷ trọng năng lượng tái tạo trong tổng cung năng lượng sơ cấp",
     "Share of renewable energy in total primary energy supply", "percent", Direction.HIGHER,
     "RE_SUPPLY / TPES", ""),
    ("RE_SHARE_ELECTRICITY", 2, "Năng lượng",
     "Tỷ lệ sản lượng điện từ năng lượng tái tạo trên tổng sản lượng điện sản xuất",
     "Share of electricity generated from renewable energy", "percent", Direction.HIGHER, "", ""),
    ("GREEN_BUS_SHARE", 2, "Giao thông vận tải",
     "Tỷ lệ xe buýt sử dụng năng lượng xanh so với tổng số xe buýt đang lưu hành tại các đô thị "
     "đặc biệt, đô thị loại I",
     "Share of green-energy buses in the bus fleet of special-class and class-I cities",
     "percent", Direction.HIGHER, "", ""),
    ("GREEN_NEW_BUS_SHARE", 2, "Giao thông vận tải",
     "Tỷ lệ xe buýt mới sử dụng năng lượng xanh so với tổng số xe buýt mới tại các đô thị đặc "
     "biệt và đô thị loại I",
     "Share of green-energy buses among new buses in special-class and class-I cities",
     "percent", Direction.HIGHER, "", ""),
    ("EV_CHARGING_POINTS", 2, "Giao thông vận tải", "Số lượng trạm sạc, cổng sạc xe điện",
     "Number of electric vehicle charging stations and ports", "", Direction.HIGHER, "",
     PARAPHRASED),
    ("FERTILISER_PER_HA", 2, "Nông nghiệp",
     "Lượng phân bón hóa học bình quân sử dụng trên một hecta (1 ha) đất trồng trọt",
     "Chemical fertiliser used per hectare of cropland", "", Direction.LOWER, "", ""),
    ("GREEN_CREDIT_SHARE", 2, "Vốn đầu tư, trái phiếu, tín dụng", "Tỷ trọng dư nợ tín dụng xanh",
     "Share of green credit in outstanding credit", "percent", Direction.HIGHER, "", PARAPHRASED),
    ("GREEN_BOND_SHARE", 2, "Vốn đầu tư, trái phiếu, tín dụng",
     "Tỷ trọng phát hành trái phiếu xanh",
     "Share of green bonds in bond issuance", "percent", Direction.HIGHER, "", PARAPHRASED),
    # Inputs of the derived indicators above and of the urban green space indicator.
    ("GRDP", None, "", "Tổng sản phẩm trên địa bàn (GRDP, giá hiện hành)",
     "Gross regional domestic product (current prices)", "billion_VND", Direction.HIGHER, "",
     INPUT_NOTE),
    ("RE_SUPPLY", None, "Năng lượng", "Cung năng lượng tái tạo", "Renewable energy supply",
     "ktoe", Direction.HIGHER, "", INPUT_NOTE),
    ("TPES", None, "Năng lượng", "Tổng cung năng lượng sơ cấp", "Total primary energy supply",
     "ktoe", Direction.LOWER, "", INPUT_NOTE),
    ("GREEN_AREA", None, "Xây dựng", "Diện tích cây xanh sử dụng công cộng đô thị",
     "Public urban green area", "ha", Direction.HIGHER, "", INPUT_NOTE),
    ("URBAN_POP", None, "Xây dựng", "Dân số đô thị", "Urban population", "person",
     Direction.HIGHER, "", INPUT_NOTE),
    ("GREEN_SPACE_PER_PERSON", None, "Xây dựng",
     "Diện tích cây xanh sử dụng công cộng bình quân đầu người khu vực đô thị",
     "Public urban green space per person", "m²/person", Direction.HIGHER,
     "GREEN_AREA / URBAN_POP", GREEN_SPACE_NOTE),
]  # fmt: skip


# Totals whose values of two provinces add up (emissions, money, energy, areas, people, counts);
# the intensities, shares and per-capita figures above are not.
ADDITIVE = {
    "GHG_TOTAL",
    "GRDP",
    "RE_SUPPLY",
    "TPES",
    "GREEN_AREA",
    "URBAN_POP",
    "EV_CHARGING_POINTS",
}


@transaction.atomic
def load_catalogue(*, user: User) -> int:
    """Add the objectives and indicators that are missing; never overwrite what exists (an
    administrator may have completed units or names). Returns how many were added."""
    for number, name, name_en in OBJECTIVES:
        Objective.objects.get_or_create(number=number, defaults={"name": name, "name_en": name_en})
    objectives = {o.number: o for o in Objective.objects.all()}
    existing = set(Indicator.objects.values_list("code", flat=True))
    rows = []
    for position, (
        code,
        objective,
        sector,
        name,
        name_en,
        unit,
        direction,
        formula,
        note,
    ) in enumerate(INDICATORS, start=1):
        if code in existing:
            continue
        rows.append(
            {
                "code": code,
                "name": name,
                "name_en": name_en,
                "objective": objectives.get(objective) if objective else None,
                "sector": sector,
                "unit": unit,
                "direction": direction,
                "additive": code in ADDITIVE,
                "kind": IndicatorKind.DERIVED if formula else IndicatorKind.ENTERED,
                "formula": formula,
                "legal_basis": CIRCULAR if objective else "",
                "definition": note,
                "position": position,
            }
        )
    # One call: derived rows and their inputs are checked together.
    actions.save_indicators(rows, user=user)
    return len(rows)
