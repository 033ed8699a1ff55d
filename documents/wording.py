"""The consolidated report's wording: the document is an official text in Vietnamese, and the
vocabulary below (status names, funding sources, units, section titles, the names of the
issuing body, the default narrative) is document content, not user interface. The figures
themselves come from `consolidate()` (documents/consolidation.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.utils import translation

from core.money import FundingSource, vnd_vi
from indicators.progress import TrackStatus
from indicators.units import unit_label
from projects.models import ProjectStatus
from reporting import activity_status

if TYPE_CHECKING:
    from documents.contents import Consolidation
    from documents.national import NationalConsolidation

# Status of an activity in the document. NO_REPORT: no accepted report line covers it yet.
NO_REPORT = activity_status.NO_REPORT
STATUS_VI: dict[str, str] = {
    "completed": "Hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa triển khai",
    "on_hold": "Tạm dừng",
    "not_applicable": "Chưa phát sinh yêu cầu",
    NO_REPORT: "Chưa có báo cáo được chấp nhận",
}
STATUS_ORDER = ["completed", "in_progress", "not_started", "on_hold", "not_applicable", NO_REPORT]
FUNDING_VI: dict[str, str] = {
    FundingSource.CENTRAL_BUDGET: "Ngân sách trung ương",
    FundingSource.LOCAL_BUDGET: "Ngân sách địa phương",
    FundingSource.PUBLIC_INVESTMENT: "Vốn đầu tư công",
    FundingSource.ODA: "Vốn ODA, viện trợ",
    FundingSource.PRIVATE: "Vốn doanh nghiệp, xã hội hóa",
    FundingSource.OTHER: "Nguồn khác",
}
PROJECT_STATUS_VI: dict[str, str] = {
    ProjectStatus.IDEA: "Ý tưởng",
    ProjectStatus.PROPOSED: "Đã đề xuất",
    ProjectStatus.APPRAISED: "Đã thẩm định",
    ProjectStatus.APPROVED: "Đã phê duyệt",
    ProjectStatus.FUNDED: "Đã bố trí vốn",
    ProjectStatus.IMPLEMENTING: "Đang thực hiện",
    ProjectStatus.COMPLETED: "Hoàn thành",
    ProjectStatus.CANCELLED: "Đã hủy",
}
TRACK_VI: dict[str, str] = {
    TrackStatus.ON_TRACK: "Đạt lộ trình",
    TrackStatus.OFF_TRACK: "Chưa đạt lộ trình",
    TrackStatus.NO_TARGET: "Chưa có mục tiêu",
    TrackStatus.NO_DATA: "Chưa có số liệu",
}


@dataclass(frozen=True)
class NarrativeSection:
    key: str
    heading: str  # the heading in the document (Vietnamese)
    multiline: bool = True


# The sections the coordinator may rewrite before generating; the rest is drawn from data.
NARRATIVE_SECTIONS = [
    NarrativeSection("introduction", "Mở đầu"),
    NarrativeSection("overview", "Đánh giá chung"),
    NarrativeSection("difficulties", "Khó khăn, vướng mắc"),
    NarrativeSection("next_steps", "Nhiệm vụ, giải pháp thời gian tới"),
    NarrativeSection("proposals", "Kiến nghị, đề xuất"),
    NarrativeSection("recipients", "Nơi nhận"),
    NarrativeSection("signer_title", "Chức vụ người ký", multiline=False),
    NarrativeSection("signer_name", "Họ tên người ký", multiline=False),
]
NARRATIVE_KEYS = [s.key for s in NARRATIVE_SECTIONS]


# --- Names of the issuing body, as the Decree 30 header block writes them -------------------


def place_name(territory_name: str) -> str:
    """ "Ủy ban nhân dân tỉnh Bình Dương" -> "Bình Dương"."""
    name = re.sub(
        r"^(Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+", "", territory_name.strip(), flags=re.I
    )
    return re.sub(r"^(tỉnh|thành phố|TP\.?)\s+", "", name, flags=re.I)


def superior_body_name(territory) -> str:
    name = territory.name.strip()
    name = re.sub(r"^(Ủy ban nhân dân|Uỷ ban nhân dân)", "UBND", name, flags=re.I)
    return name


def issuing_body_name(focal_point, place: str) -> str:
    """The focal point without the province suffix (the line above already names it)."""
    name = focal_point.name.strip()
    for suffix in (f" tỉnh {place}", f" thành phố {place}", f" {place}"):
        if place and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def abbreviation(name: str) -> str:
    """Initials of the body for the document number: "Sở Kế hoạch và Đầu tư" -> "SKHĐT"."""
    words = [w for w in re.split(r"[\s,&-]+", name) if w and w.lower() not in {"và", "của"}]
    return "".join(w[0] for w in words).upper()


# --- Units -------------------------------------------------------------------------------------


def unit_vi(unit: str) -> str:
    """ "tCO2e/billion_VND" -> "tấn CO2tđ/tỷ đồng": the pages' label (indicators.units), in
    Vietnamese whatever the language of the request that builds the document."""
    with translation.override("vi"):
        return unit_label(unit)


# --- Default narrative -------------------------------------------------------------------------


def default_narrative(c: Consolidation) -> dict[str, str]:
    totals = c.status_totals()
    activities = sum(totals.values())
    intro = (
        f"Thực hiện Kế hoạch số {c.plan_number} của {c.superior_body} ({c.plan_title}), "
        f"{c.issuing_body} tổng hợp báo cáo kết quả thực hiện năm {c.year} của các cơ quan, "
        "đơn vị như sau:"
    )
    overview = (
        f"Trong số {activities} hoạt động, nhiệm vụ của kỳ báo cáo: "
        f"{totals['completed']} hoàn thành, {totals['in_progress']} đang thực hiện, "
        f"{totals['not_started'] + totals['on_hold']} chưa triển khai hoặc tạm dừng, "
        f"{totals['not_applicable']} chưa phát sinh yêu cầu và {totals[NO_REPORT]} chưa có báo "
        "cáo được chấp nhận."
    )
    if c.funds:
        overview += f" Tổng kinh phí đã sử dụng theo báo cáo: {vnd_vi(c.funds_total)} đồng."
    difficulties = (
        "Bên cạnh kết quả đạt được, việc triển khai kế hoạch còn một số khó khăn, vướng mắc; "
        "các cơ quan, đơn vị đã nêu cụ thể như sau:"
        if c.agencies
        else "Các cơ quan, đơn vị không nêu khó khăn, vướng mắc."
    )
    return {
        "introduction": intro,
        "overview": overview,
        "difficulties": difficulties,
        "next_steps": (
            f"Tiếp tục triển khai các hoạt động chưa hoàn thành của Kế hoạch số {c.plan_number}; "
            "đôn đốc các cơ quan, đơn vị chưa gửi báo cáo hoàn thiện và gửi báo cáo đúng hạn; "
            "lồng ghép các mục tiêu tăng trưởng xanh vào kế hoạch phát triển kinh tế - xã hội "
            f"năm {c.year + 1}."
        ),
        "proposals": (
            "Tổng hợp kiến nghị, đề xuất của các cơ quan, đơn vị như sau:"
            if any(a.proposals for a in c.agencies)
            else "Không có kiến nghị, đề xuất."
        ),
        "recipients": "\n".join(
            [
                f"{c.superior_body} (để báo cáo);",
                f"{c.ministry} (để báo cáo);",
                "Các sở, ban, ngành, địa phương;",
                f"Lưu: VT, {c.issuing_abbreviation}.",
            ]
        ),
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "",
    }


# --- The ministry's national report ------------------------------------------------------------


def default_national_narrative(c: NationalConsolidation) -> dict[str, str]:
    """The default text of the ministry's report (the same sections as a province's)."""
    totals = c.status_totals()
    cov = c.coverage
    intro = (
        f"Thực hiện {c.plan_title} (Quyết định số {c.plan_number}), trên cơ sở báo cáo của "
        f"Ủy ban nhân dân các tỉnh, thành phố trực thuộc trung ương, {c.issuing_body} tổng "
        f"hợp, báo cáo {c.recipient} tình hình thực hiện năm {c.year} như sau:"
    )
    overview = (
        f"Đã nhận báo cáo của {cov.received}/{cov.expected} địa phương phải báo cáo, trong đó "
        f"{cov.accepted} báo cáo đã được chấp nhận và tổng hợp. Theo các báo cáo được chấp "
        f"nhận, có {totals['completed']} lượt hoạt động, nhiệm vụ hoàn thành, "
        f"{totals['in_progress']} lượt đang thực hiện, "
        f"{totals['not_started'] + totals['on_hold']} lượt chưa triển khai hoặc tạm dừng; "
        f"{totals[NO_REPORT]} lượt hoạt động địa phương đã đưa vào kế hoạch nhưng chưa có báo "
        "cáo được chấp nhận."
    )
    if c.funds:
        overview += f" Tổng kinh phí các địa phương đã sử dụng: {vnd_vi(c.funds_total)} đồng."
    return {
        "introduction": intro,
        "overview": overview,
        "difficulties": (
            "Các địa phương nêu một số khó khăn, vướng mắc như sau:"
            if any(n.difficulties for n in c.notes)
            else "Các địa phương không nêu khó khăn, vướng mắc."
        ),
        "next_steps": (
            "Tiếp tục hướng dẫn, đôn đốc các địa phương triển khai các hoạt động chưa hoàn thành; "
            "đề nghị các địa phương chưa gửi báo cáo hoặc có báo cáo bị trả lại hoàn thiện và gửi "
            f"báo cáo; lồng ghép các mục tiêu tăng trưởng xanh vào kế hoạch năm {c.year + 1}."
        ),
        "proposals": (
            "Tổng hợp kiến nghị, đề xuất của các địa phương như sau:"
            if any(n.proposals for n in c.notes)
            else "Các địa phương không có kiến nghị, đề xuất."
        ),
        "recipients": "\n".join(
            [
                "Như trên;",
                "Các Phó Thủ tướng Chính phủ;",
                "Văn phòng Chính phủ;",
                "UBND các tỉnh, thành phố trực thuộc trung ương;",
                f"Lưu: VT, {c.issuing_abbreviation}.",
            ]
        ),
        "signer_title": "KT. BỘ TRƯỞNG / THỨ TRƯỞNG",
        "signer_name": "",
    }
