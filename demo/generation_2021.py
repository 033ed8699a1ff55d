"""The 2021-2030 plan generation (issue 15 item 5): Decision 882/QĐ-TTg, Bình Dương's
3961/KH-UBND implementing it with rounds 2023 and 2024, Hồ Chí Minh City's 3797/QĐ-UBND with a
2024 round. Merging the provinces in 2025 is the restructuring demo's part, not this one's.

What is fact (shared/data/vggap_2021_2030_themes.csv, provincial_gg_plans.csv): 882/QĐ-TTg of
22/07/2022 has 18 themes, 57 task groups and 134 tasks; the titles of themes 1-9; the group
counts of themes 1-8 and the task counts of themes 1-5, 7 and 8. 3961/KH-UBND of 04/08/2023
(2023-2030) has 18 themes mirroring 882; 3797/QĐ-UBND of 13/09/2024 (2024-2030) has 14 task
groups, the first five titled Tài chính xanh, Nhân lực chất lượng cao, Kết nối xanh, Năng lượng
xanh, Nước sạch và tuần hoàn nước.

What is a demo choice, marked as placeholders (PlanItem.is_placeholder) or said in each plan's
description: the titles of themes 10-18, of every group and task; how the unknown counts are
split (the remaining 36 groups over themes 9-18, the remaining 81 tasks over themes 6 and
9-18); which national tasks the two provinces adopt; the lead and coordinating agencies; that
3797/QĐ-UBND implements 882/QĐ-TTg item by item; every report of the rounds.
"""

from __future__ import annotations

import datetime
import math

from demo import data
from demo.provinces import Play
from plans.plan_import import ItemRow, PlanData, PlanImport

NATIONAL_PLAN = "882/QĐ-TTg"
BINH_DUONG_PLAN = "3961/KH-UBND"
HCM_PLAN = "3797/QĐ-UBND"
HCM = "ubnd-tp-hcm"

# (theme no, title vi or None when unknown, title en, groups, tasks): counts from the source
# where it gives them; the rest (marked "split") is the demo's split of the real totals.
THEMES: list[tuple[int, str | None, str, int, int]] = [
    (
        1,
        "Xây dựng và hoàn thiện thể chế, chính sách, nâng cao hiệu lực, hiệu quả quản lý nhà "
        "nước gắn kết với các mục tiêu tăng trưởng xanh",
        "Institutions and policies, and effective state management tied to the green growth goals",
        2,
        9,
    ),
    (
        2,
        "Truyền thông, giáo dục và nâng cao nhận thức",
        "Communication, education, awareness",
        2,
        3,
    ),
    (3, "Phát triển nguồn nhân lực và việc làm xanh", "Human resources and green jobs", 2, 6),
    (
        4,
        "Huy động nguồn lực tài chính và thúc đẩy đầu tư cho tăng trưởng xanh",
        "Mobilising finance and promoting investment for green growth",
        3,
        14,
    ),
    (5, "Khoa học và công nghệ, đổi mới sáng tạo", "Science, technology and innovation", 2, 6),
    (6, "Hội nhập và hợp tác quốc tế", "International integration and cooperation", 3, 7),  # split
    (7, "Bình đẳng trong chuyển đổi xanh", "Equality in the green transition", 2, 4),
    (8, "Năng lượng", "Energy", 5, 11),
    (9, "Công nghiệp", "Industry", 4, 8),  # split
    *[(n, None, "", 4 if n <= 14 else 3, 8 if n <= 12 else 7) for n in range(10, 19)],  # split
]
TOTALS = (18, 57, 134)  # themes, task groups, tasks: stated in the sources


def _placeholder(what: str, label: str) -> str:
    return f"{what} {label} (tiêu đề chờ nhập từ Quyết định 882/QĐ-TTg)"


def national_import() -> PlanImport:
    items: list[ItemRow] = []
    for theme_no, title, title_en, n_groups, n_tasks in THEMES:
        items.append(
            ItemRow(
                code=f"T{theme_no}",
                kind="theme",
                number=str(theme_no),
                title=title or _placeholder("Chủ đề", str(theme_no)),
                title_en=title_en,
                is_placeholder=title is None,
                legal_documents=[NATIONAL_PLAN],
            )
        )
        per_group = [n_tasks // n_groups + (g < n_tasks % n_groups) for g in range(n_groups)]
        for g, count in enumerate(per_group, start=1):
            group = f"{theme_no}.{g}"
            items.append(
                ItemRow(
                    code=group,
                    parent_code=f"T{theme_no}",
                    kind="group",
                    number=group,
                    title=_placeholder("Nhóm nhiệm vụ", group),
                    is_placeholder=True,
                )
            )
            for t in range(1, count + 1):
                task = f"{group}.{t}"
                items.append(
                    ItemRow(
                        code=task,
                        parent_code=group,
                        kind="task",
                        number=task,
                        title=_placeholder("Nhiệm vụ", task),
                        is_placeholder=True,
                        timeframe="2021-2030",
                        legal_documents=[NATIONAL_PLAN],
                    )
                )
    plan = PlanData(
        number=NATIONAL_PLAN,
        title="Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn 2021 - 2030",
        title_en="National Green Growth Action Plan 2021-2030",
        level="national",
        territory=data.GOVERNMENT,
        period_start=2021,
        period_end=2030,
        issuer=data.GOVERNMENT,
        issued_on=datetime.date(2022, 7, 22),
        focal_point="bo-khdt",
        legal_documents=["1658/QĐ-TTg", NATIONAL_PLAN],
        description=(
            "Số lượng 18 chủ đề, 57 nhóm nhiệm vụ, 134 nhiệm vụ và tên chủ đề 1-9 theo nguồn "
            "công khai; tên chủ đề 10-18, tên mọi nhóm và nhiệm vụ là tiêu đề tạm (placeholder); "
            "số nhóm, số nhiệm vụ của các chủ đề mà nguồn không nêu do bản demo tự chia.\n"
            "18 themes, 57 task groups, 134 tasks and the titles of themes 1-9 from public "
            "sources; the other titles are placeholders, and the split of the counts no source "
            "gives is a choice of the demo."
        ),
    )
    return PlanImport(plan=plan, items=items)


def _tasks_by_theme(national: PlanImport) -> dict[int, list[ItemRow]]:
    tasks: dict[int, list[ItemRow]] = {}
    for row in national.items:
        if row.kind == "task":
            tasks.setdefault(int(row.code.split(".")[0]), []).append(row)
    return tasks


# Demo choice: Bình Dương's lead agency per theme (themes 10-18 cycle), and who coordinates.
BD_LEADS = {
    1: "bd-skhdt",
    2: "bd-stttt",
    3: "bd-sgddt",
    4: "bd-stc",
    5: "bd-skhcn",
    6: "bd-skhdt",
    7: "bd-svhttdl",
    8: "bd-sct",
    9: "bd-sct",
}
BD_CYCLE = ["bd-sgtvt", "bd-sxd", "bd-snnptnt", "bd-stnmt", "bd-sct"]
BD_COORDINATORS = ["bd-stnmt", "bd-skhdt", "bd-stc", "bd-sxd"]


def binh_duong_import(national: PlanImport) -> PlanImport:
    """3961/KH-UBND: the 18 themes of 882 and, under each, the first three fifths of the
    theme's national tasks (a demo choice), each implementing its national task."""
    tasks = _tasks_by_theme(national)
    items: list[ItemRow] = []
    for theme_no, title, title_en, _groups, _tasks in THEMES:
        items.append(
            ItemRow(
                code=f"T{theme_no}",
                kind="theme",
                number=str(theme_no),
                title=title or _placeholder("Chủ đề", str(theme_no)),
                title_en=title_en,
                is_placeholder=title is None,
            )
        )
        lead = BD_LEADS.get(theme_no, BD_CYCLE[theme_no % len(BD_CYCLE)])
        national_tasks = tasks[theme_no]
        for k, nat in enumerate(national_tasks[: math.ceil(0.6 * len(national_tasks))], start=1):
            coordinating = [c for c in BD_COORDINATORS if c != lead][k % 3 : k % 3 + 1]
            items.append(
                ItemRow(
                    code=f"{theme_no}.{k}",
                    parent_code=f"T{theme_no}",
                    kind="task",
                    number=f"{theme_no}.{k}",
                    title=f"Nhiệm vụ {theme_no}.{k} của tỉnh (tiêu đề chờ nhập từ Kế hoạch "
                    "3961/KH-UBND)",
                    is_placeholder=True,
                    lead=lead,
                    coordinating=coordinating,
                    timeframe="2023-2030",
                    implements=nat.code,
                    legal_documents=[BINH_DUONG_PLAN],
                )
            )
    plan = PlanData(
        number=BINH_DUONG_PLAN,
        title="Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh Bình Dương giai đoạn "
        "2023-2030",
        title_en="Green growth action plan of Bình Dương province, 2023-2030",
        level="provincial",
        territory=data.PROVINCE,
        period_start=2023,
        period_end=2030,
        parent_number=NATIONAL_PLAN,
        issuer=data.PROVINCE,
        issued_on=datetime.date(2023, 8, 4),
        focal_point=data.DPI,
        legal_documents=["1658/QĐ-TTg", NATIONAL_PLAN, BINH_DUONG_PLAN],
        description=(
            "Số, ngày ban hành, giai đoạn và 18 chủ đề theo Quyết định 882/QĐ-TTg là thông tin "
            "thật; bảng nhiệm vụ không có trong nguồn công khai: các nhiệm vụ, việc triển khai "
            "nhiệm vụ nào của Kế hoạch quốc gia và cơ quan chủ trì, phối hợp là dữ liệu minh "
            "họa (demo).\n"
            "Number, date, period and the 18 themes mirroring 882/QĐ-TTg are facts; the task "
            "table was not found: tasks, which national tasks they implement and the agencies "
            "are demo data."
        ),
    )
    return PlanImport(plan=plan, items=items)


# 3797/QĐ-UBND's 14 task groups: (title or None, national theme its tasks implement, lead).
HCM_GROUPS: list[tuple[str | None, int, str]] = [
    ("Tài chính xanh", 4, "hcm-stc"),
    ("Nhân lực chất lượng cao", 3, "hcm-skhcn"),
    ("Kết nối xanh", 10, "hcm-sgtvt"),
    ("Năng lượng xanh", 8, "hcm-sct"),
    ("Nước sạch và tuần hoàn nước", 12, "hcm-stnmt"),
    *[
        (None, theme, lead)
        for theme, lead in [
            (1, "hcm-skhdt"),
            (2, "hcm-stttt"),
            (5, "hcm-skhcn"),
            (6, "hcm-skhdt"),
            (9, "hcm-sct"),
            (11, "hcm-sxd"),
            (13, "hcm-snnptnt"),
            (14, "hcm-stnmt"),
            (15, "hcm-sxd"),
        ]
    ],
]


def hcm_import(national: PlanImport) -> PlanImport:
    """3797/QĐ-UBND: 14 task groups, two tasks each implementing national tasks (demo)."""
    tasks = _tasks_by_theme(national)
    items: list[ItemRow] = []
    for g, (title, theme_no, lead) in enumerate(HCM_GROUPS, start=1):
        items.append(
            ItemRow(
                code=f"N{g}",
                kind="group",
                number=str(g),
                title=title or f"Nhóm nhiệm vụ {g} (tiêu đề chờ nhập từ Quyết định 3797/QĐ-UBND)",
                is_placeholder=title is None,
            )
        )
        coordinating = {3: ["hcm-thu-duc"], 5: ["hcm-cu-chi", "hcm-can-gio"]}.get(g, [])
        coordinating = coordinating or (["hcm-skhdt"] if lead != "hcm-skhdt" else ["hcm-stc"])
        for k, nat in enumerate(tasks[theme_no][:2], start=1):
            items.append(
                ItemRow(
                    code=f"{g}.{k}",
                    parent_code=f"N{g}",
                    kind="task",
                    number=f"{g}.{k}",
                    title=f"Nhiệm vụ {g}.{k} (tiêu đề chờ nhập từ Quyết định 3797/QĐ-UBND)",
                    is_placeholder=True,
                    lead=lead,
                    coordinating=coordinating,
                    timeframe="2024-2030",
                    implements=nat.code,
                    legal_documents=[HCM_PLAN],
                )
            )
    plan = PlanData(
        number=HCM_PLAN,
        title="Kế hoạch hành động tăng trưởng xanh của Thành phố Hồ Chí Minh giai đoạn 2024-2030",
        title_en="Green growth action plan of Hồ Chí Minh City, 2024-2030",
        level="provincial",
        territory=HCM,
        period_start=2024,
        period_end=2030,
        parent_number=NATIONAL_PLAN,
        issuer=HCM,
        issued_on=datetime.date(2024, 9, 13),
        focal_point="hcm-skhdt",
        legal_documents=[NATIONAL_PLAN, "4589/QĐ-UBND", HCM_PLAN],
        description=(
            "Số, ngày ban hành, giai đoạn, 14 nhóm nhiệm vụ và tên 5 nhóm đầu theo nguồn công "
            "khai; tên các nhóm còn lại, mọi nhiệm vụ, việc gắn với nhiệm vụ của Quyết định "
            "882/QĐ-TTg và cơ quan chủ trì, phối hợp là dữ liệu minh họa (demo).\n"
            "Number, date, period, the 14 task groups and the first five titles are facts; the "
            "other titles, the tasks, their links to 882/QĐ-TTg and the agencies are demo data."
        ),
    )
    return PlanImport(plan=plan, items=items)


def plan_imports() -> list[PlanImport]:
    national = national_import()
    return [national, binh_duong_import(national), hcm_import(national)]


d = datetime.date
# plan number -> year -> plays (demo/reporting.play_round), and the coordinator of the plan
ROUNDS: dict[str, tuple[str, dict[int, list[Play]]]] = {
    BINH_DUONG_PLAN: (
        "dpi.coordinator",
        {
            2023: [
                ("bd-skhdt", "dpi.coordinator", "dpi.coordinator", d(2023, 10, 20), "accept"),
                ("bd-stnmt", "donre.staff", "donre.leader", d(2023, 10, 24), "accept"),
                ("bd-sct", "doit.staff", "doit.leader", d(2023, 11, 3), "accept"),  # late
                ("bd-stc", "admin", "admin", d(2023, 10, 23), "return"),
                ("bd-skhcn", "admin", "admin", d(2023, 10, 25), "submit"),
            ],
            2024: [
                ("bd-skhdt", "dpi.coordinator", "dpi.coordinator", d(2024, 10, 21), "accept"),
                ("bd-stnmt", "donre.staff", "donre.leader", d(2024, 10, 22), "accept"),
                ("bd-sct", "doit.staff", "doit.leader", d(2024, 10, 24), "submit"),
                ("bd-sgtvt", "admin", None, None, "draft"),
            ],
        },
    ),
    HCM_PLAN: (
        "hcm.dpi",
        {
            2024: [
                ("hcm-skhdt", "hcm.dpi", "hcm.dpi", d(2024, 10, 22), "accept"),
                ("hcm-stnmt", "hcm.donre.staff", "hcm.donre.leader", d(2024, 10, 18), "accept"),
                ("hcm-sgtvt", "hcm.dot.staff", "hcm.dot.leader", d(2024, 10, 24), "return"),
                ("hcm-sct", "admin", "admin", d(2024, 11, 5), "submit"),  # late
            ],
        },
    ),
}

# The 2025 rounds, after the restructuring (demo/restructuring.py; only with
# load_demo(restructure=True)): on 01/07/2025 Bình Dương joined Hồ Chí Minh City, and both
# plans run on under the city. Who reports is read on the deadline (25/10/2025): the city's
# departments that took over the merged ones (Finance for Planning and Investment, Agriculture
# and Environment for Natural Resources and Environment, ...), never a closed body. 3961/KH-UBND
# is still coordinated by Bình Dương's coordinator, now at the city's Department of Finance.
ROUNDS_AFTER_MERGER: dict[str, tuple[str, dict[int, list[Play]]]] = {
    BINH_DUONG_PLAN: (
        "dpi.coordinator",
        {
            2025: [
                ("hcm-stc", "dpi.coordinator", "dpi.coordinator", d(2025, 10, 20), "accept"),
                ("hcm-snnmt", "donre.staff", "donre.leader", d(2025, 10, 22), "accept"),
                ("hcm-sct", "doit.staff", "doit.leader", d(2025, 11, 4), "accept"),  # late
                ("hcm-sxd", "hcm.dot.staff", None, None, "draft"),
                ("hcm-skhcn", "admin", None, None, "draft"),
            ],
        },
    ),
    HCM_PLAN: (
        "hcm.dpi",
        {
            2025: [
                ("hcm-stc", "hcm.dpi", "hcm.dpi", d(2025, 10, 21), "accept"),
                ("hcm-snnmt", "hcm.donre.staff", "hcm.donre.leader", d(2025, 10, 23), "accept"),
                ("hcm-sxd", "hcm.dot.staff", "hcm.dot.leader", d(2025, 10, 24), "submit"),
                ("hcm-sct", "admin", None, None, "draft"),
            ],
        },
    ),
}
