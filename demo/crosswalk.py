"""Demo links between plan generations (examples, not from any official text): a few activities
of Bình Dương's 1847/KH-UBND (2018-2020) carried on by tasks of 3961/KH-UBND (2023-2030), and
the same activities of 403/QĐ-TTg by tasks of 882/QĐ-TTg. Chosen so that the item pages show
accepted reports of both generations (DPI's activities 5 and 7, DONRE's 4). Written through
plans.crosswalk.link_items; idempotent (a link that exists is left as it is)."""

from __future__ import annotations

from accounts.system import system_user
from demo import data, generation_2021
from plans.crosswalk import link_items
from plans.models import ItemLink, PlanItem

NOTE = " (ví dụ minh họa của bản demo / demo example)"
# (earlier plan, item, later plan, item, note)
LINKS: list[tuple[str, str, str, str, str]] = [
    (data.PROVINCIAL_PLAN, "5", generation_2021.BINH_DUONG_PLAN, "1.1", "Tiếp nối nguyên trạng"),
    (
        data.PROVINCIAL_PLAN,
        "7",
        generation_2021.BINH_DUONG_PLAN,
        "1.2",
        "Tiếp nối, mở rộng phạm vi",
    ),
    (data.PROVINCIAL_PLAN, "7", generation_2021.BINH_DUONG_PLAN, "1.3", "Tách thành hai nhiệm vụ"),
    (data.PROVINCIAL_PLAN, "4", generation_2021.BINH_DUONG_PLAN, "13.1", "Gộp vào nhiệm vụ mới"),
    (data.NATIONAL_PLAN, "5", generation_2021.NATIONAL_PLAN, "1.1.1", "Tiếp nối nguyên trạng"),
    (data.NATIONAL_PLAN, "7", generation_2021.NATIONAL_PLAN, "1.1.2", "Tiếp nối, mở rộng phạm vi"),
    (data.NATIONAL_PLAN, "4", generation_2021.NATIONAL_PLAN, "13.1.1", "Gộp vào nhiệm vụ mới"),
]


def load_demo_crosswalk() -> str:
    wanted = {
        (plan, code)
        for earlier, a, later, b, _note in LINKS
        for plan, code in ((earlier, a), (later, b))
    }
    items = {
        (i.plan.number, i.code): i
        for i in PlanItem.objects.filter(
            plan__number__in={plan for plan, _code in wanted}
        ).select_related("plan__territory")
        if (i.plan.number, i.code) in wanted
    }
    user = system_user()
    made = 0
    for earlier, a, later, b, note in LINKS:
        predecessor, successor = items[earlier, a], items[later, b]
        if not ItemLink.objects.filter(predecessor=predecessor, successor=successor).exists():
            link_items(predecessor, successor, user=user, note=note + NOTE)
            made += 1
    return f"crosswalk links created: {made}"
