"""A national-scale data set for the benchmarks (issue 16 item 4), written in bulk.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_scale_big \\
        .venv/bin/python bench/national_data.py                 # 34 provinces, ~1M report lines
    .venv/bin/python bench/national_data.py --scale 0.05        # a small version, quick runs

What it makes (demo data: every name says "dữ liệu mẫu"; only the 34 province names are facts,
from /work/shared/data/provinces_34_2025.csv): `--provinces` provinces (34), each with
`--departments` departments (15) and `--communes` communes (100); a provincial plan 2021-2030
shaped like Decision 882's (16 themes over 134 tasks); `--agencies` reporting agencies (40: the
departments and the first communes) assigned to ~10 of every 11 tasks, one lead per task; six
yearly rounds (2021-2026) with one report per agency in mixed states (accepted, submitted,
returned, never submitted), their lines, funds, events and history rows (simple_history's
"+" and "~" records, as the actions would have written them). `--scale` multiplies the number
of tasks (and so of report lines); `--provinces` and `--agencies` change the rest.

The national layer (issue 16 item 5's national board and consolidation): a national plan shaped
like 882/QĐ-TTg (18 themes, 57 task groups, 134 tasks: demo/generation_2021.THEMES) whose
focal point is the Ministry of Finance, with its coordinator; each provincial plan has it as
`parent` and ~4 of every 5 of its tasks implement a national task (PlanItem.implements); two
national rounds (NATIONAL_YEARS, 2024 and 2025) with one report per province in mixed states.
A delivered report (submitted, accepted or returned) holds what `deliver_national_report`
writes: each line's status, progress, texts and funds are reporting.actions.national_figures
of the province's own round of that year, read back from the rows just written; a draft holds
what `open_round` writes (the last accepted national line's status and progress, carried
over). Each province has a People's Committee leader who approves (signs) its delivery.

Rows go in through PostgreSQL's COPY (bulk_create on other databases), with ids allocated here,
then the sequences are reset: the database must be migrated and may hold other data (the
generated organisations' codes and users' names start with `--prefix`, "nd-"; run it once
per database and prefix). It prints the
sizes it made and the seconds it took.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import json
import os
import random
import sys
import time
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

PROVINCES_CSV = Path("/work/shared/data/provinces_34_2025.csv")
DEPARTMENTS = [
    "Sở Tài chính",
    "Sở Nông nghiệp và Môi trường",
    "Sở Công Thương",
    "Sở Xây dựng",
    "Sở Khoa học và Công nghệ",
    "Sở Nội vụ",
    "Sở Tư pháp",
    "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Giáo dục và Đào tạo",
    "Sở Y tế",
    "Thanh tra tỉnh",
    "Văn phòng UBND tỉnh",
    "Sở Dân tộc và Tôn giáo",
    "Sở Ngoại vụ",
    "Ban Quản lý các khu công nghiệp",
]
YEARS = range(2021, 2027)
NATIONAL_YEARS = (2024, 2025)
NATIONAL_NUMBER = "882/QĐ-TTg"
THEMES = 16
TASKS = 134
DEMO = "dữ liệu mẫu"
SENTENCES = [
    "Đã triển khai kế hoạch chi tiết và phân công đơn vị thực hiện",
    "Tổ chức hội nghị tập huấn cho cán bộ cấp xã về tăng trưởng xanh",
    "Hoàn thành rà soát quy hoạch ngành theo hướng phát triển bền vững",
    "Lồng ghép mục tiêu giảm phát thải vào kế hoạch phát triển kinh tế - xã hội năm",
    "Vận động doanh nghiệp áp dụng sản xuất sạch hơn và tiết kiệm năng lượng",
    "Kinh phí còn hạn chế, một số nhiệm vụ phải lùi tiến độ sang năm sau",
    "Đề nghị tỉnh bố trí thêm nguồn vốn đầu tư công cho nhiệm vụ",
    "Đã ban hành văn bản hướng dẫn và kiểm tra việc thực hiện tại các địa phương",
]
FUNDING_SOURCES = [
    "central_budget",
    "local_budget",
    "public_investment",
    "oda",
    "private",
    "other",
]


@dataclass
class RoundFigures:
    """What a generated round holds, for checking the pages against it."""

    round_id: int
    year: int
    reports: int = 0
    lines: int = 0
    status: Counter[str] = field(default_factory=Counter)
    late: int = 0


@dataclass
class Made:
    """The sizes the generator made."""

    rows: Counter[str] = field(default_factory=Counter)
    rounds: list[RoundFigures] = field(default_factory=list)
    national_rounds: list[RoundFigures] = field(default_factory=list)
    national_plan_id: int | None = None
    seconds: float = 0.0


class Writer:
    """Rows as dicts of column values (attnames) into one table each: COPY on PostgreSQL,
    bulk_create elsewhere. Columns left out take the field's default (auto_now: now)."""

    def __init__(self, now: datetime.datetime) -> None:
        from django.db import connection

        self.connection = connection
        self.postgres = connection.vendor == "postgresql"
        self.now = now
        self.made: Counter[str] = Counter()
        self._next: dict[type, int] = {}
        self._columns: dict[type, list[tuple[str, str, Any]]] = {}

    def ids(self, model: type, n: int) -> range:
        """`n` fresh primary keys for `model`."""
        from django.db.models import Max

        if model not in self._next:
            pk = model._meta.pk.attname  # type: ignore[attr-defined]
            top = model.objects.aggregate(top=Max(pk))["top"]  # type: ignore[attr-defined]
            self._next[model] = (top or 0) + 1
        start = self._next[model]
        self._next[model] = start + n
        return range(start, start + n)

    def columns(self, model: type) -> list[tuple[str, str, Any]]:
        from django.db.models import NOT_PROVIDED

        if model not in self._columns:
            cols = []
            for f in model._meta.concrete_fields:  # type: ignore[attr-defined]
                if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                    default: Any = self.now
                elif f.default is not NOT_PROVIDED:
                    default = f.get_default()
                elif f.null:
                    default = None
                elif f.get_internal_type() == "DateTimeField":
                    default = self.now  # auto_now fields lose auto_now in historical models
                else:
                    default = ""
                cols.append((f.attname, f.column, default))
            self._columns[model] = cols
        return self._columns[model]

    def insert(self, model: type, rows: Iterable[dict[str, Any]]) -> None:
        cols = self.columns(model)
        table = model._meta.db_table  # type: ignore[attr-defined]
        n = 0
        if self.postgres:
            names = ", ".join(f'"{column}"' for _, column, _ in cols)
            with self.connection.cursor() as cursor:
                with cursor.cursor.copy(f'COPY "{table}" ({names}) FROM STDIN') as copy:
                    for row in rows:
                        copy.write_row([_pg(row[c]) if c in row else _pg(d) for c, _, d in cols])
                        n += 1
        else:
            objects = [model(**{c: row.get(c, d) for c, _, d in cols}) for row in rows]
            model.objects.bulk_create(objects, batch_size=500)  # type: ignore[attr-defined]
            n = len(objects)
        self.made[table] += n

    def reset_sequences(self) -> None:
        from django.core.management.color import no_style

        sql = self.connection.ops.sequence_reset_sql(no_style(), list(self._next))
        with self.connection.cursor() as cursor:
            for statement in sql:
                cursor.execute(statement)


def _pg(value: Any) -> Any:
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def province_names(n: int) -> list[str]:
    names = []
    if PROVINCES_CSV.exists():
        with PROVINCES_CSV.open(encoding="utf-8") as f:
            names = [row["name_vi"] for row in csv.DictReader(f)]
    names += [f"Tỉnh {i + 1} ({DEMO})" for i in range(len(names), n)]
    return names[:n]


def _at(year: int, month: int, day: int, hour: int = 9) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def _text(rng: random.Random, sentences: int) -> str:
    return ". ".join(rng.choice(SENTENCES) for _ in range(sentences)) + "."


def _report_status(rng: random.Random, year: int, last_year: int) -> str:
    """Mostly accepted in closed years; mixed in the last one."""
    x = rng.random()
    if year < last_year:
        return (
            "accepted"
            if x < 0.86
            else "submitted"
            if x < 0.9
            else "returned"
            if x < 0.93
            else "draft"
        )
    return "accepted" if x < 0.4 else "submitted" if x < 0.6 else "returned" if x < 0.7 else "draft"


def generate(
    *,
    provinces: int = 34,
    departments: int = 15,
    communes: int = 100,
    agencies: int = 40,
    scale: float = 1.0,
    seed: int = 16,
    prefix: str = "nd",
    out: Any = None,
) -> Made:
    """Write the data set in one transaction; return what it made."""
    from django.db import transaction

    started = time.perf_counter()
    with transaction.atomic():
        made = _generate(
            provinces=provinces,
            departments=departments,
            communes=communes,
            agencies=min(agencies, departments + communes),
            tasks=max(1, round(TASKS * scale)),
            seed=seed,
            prefix=prefix,
            out=out,
        )
    made.seconds = time.perf_counter() - started
    return made


def _generate(
    *,
    provinces: int,
    departments: int,
    communes: int,
    agencies: int,
    tasks: int,
    seed: int,
    prefix: str,
    out: Any,
) -> Made:
    from accounts.models import Role, User
    from orgs.models import Organisation
    from plans.models import Assignment, Plan, PlanItem
    from plans.search import fold_vietnamese
    from reporting.models import (
        AgencyReport,
        ItemFunding,
        ReportEvent,
        ReportingRound,
        ReportItem,
    )

    rng = random.Random(seed)
    now = _at(2026, 11, 30)
    w = Writer(now)
    made = Made()
    themes = min(THEMES, tasks)
    last_year = YEARS[-1]

    # Central bodies: the Government and the Ministry of Finance (the national focal point).
    gov_id, mof_id = w.ids(Organisation, 2)
    w.insert(
        Organisation,
        [
            dict(
                id=gov_id, code=f"{prefix}-chinh-phu", name=f"Chính phủ ({DEMO})", kind="government"
            ),
            dict(
                id=mof_id,
                code=f"{prefix}-bo-tai-chinh",
                name=f"Bộ Tài chính ({DEMO})",
                kind="ministry",
                parent_id=gov_id,
            ),
        ],
    )
    (admin_id,) = w.ids(User, 1)
    w.insert(
        User,
        [
            dict(
                id=admin_id,
                username=f"{prefix}-admin",
                password="!",  # unusable: the bench logs in with force_login
                role=Role.ADMIN,
                is_superuser=True,
                is_staff=True,
                date_joined=now,
            )
        ],
    )
    national = _national_plan(w, prefix=prefix, gov_id=gov_id, mof_id=mof_id, now=now)
    made.national_plan_id = national.plan_id
    made.national_rounds = [national.figures[year] for year in NATIONAL_YEARS]
    national_rng = random.Random(seed + 1)  # the provincial data stay as without the national
    for p, province_name in enumerate(province_names(provinces)):
        # Organisations: the province, its departments, its communes.
        org_ids = list(w.ids(Organisation, 1 + departments + communes))
        province_id = org_ids[0]
        orgs = [
            dict(
                id=province_id,
                code=f"{prefix}-p{p}",
                name=f"UBND {province_name}",
                kind="province",
                parent_id=gov_id,
                province_id=province_id,
            )
        ]
        for d in range(departments):
            orgs.append(
                dict(
                    id=org_ids[1 + d],
                    code=f"{prefix}-p{p}-d{d}",
                    name=f"{DEPARTMENTS[d % len(DEPARTMENTS)]} {province_name}"
                    + ("" if d < len(DEPARTMENTS) else f" {d}"),
                    kind="department",
                    parent_id=province_id,
                    province_id=province_id,
                )
            )
        for c in range(communes):
            orgs.append(
                dict(
                    id=org_ids[1 + departments + c],
                    code=f"{prefix}-p{p}-c{c}",
                    name=f"UBND xã {c + 1:03d} ({DEMO}), {province_name}",
                    kind="commune",
                    parent_id=province_id,
                    province_id=province_id,
                )
            )
        w.insert(Organisation, orgs)
        focal_id = org_ids[1]  # the Department of Finance
        agency_ids = org_ids[1 : 1 + agencies]

        # Users: the coordinator at the focal point, one leader per reporting agency.
        user_ids = list(w.ids(User, 2 + agencies))
        users = [
            dict(
                id=user_ids[0],
                username=f"{prefix}-p{p}-coordinator",
                password="!",
                role=Role.COORDINATOR,
                organisation_id=focal_id,
                date_joined=now,
            )
        ]
        users += [
            dict(
                id=user_ids[1 + a],
                username=f"{prefix}-p{p}-a{a}",
                password="!",
                role=Role.AGENCY_LEADER,
                organisation_id=agency_ids[a],
                date_joined=now,
            )
            for a in range(agencies)
        ]
        province_leader_id = user_ids[-1]
        users.append(
            dict(
                id=province_leader_id,
                username=f"{prefix}-p{p}-leader",
                password="!",
                role=Role.PROVINCE_LEADER,
                organisation_id=province_id,
                date_joined=now,
            )
        )
        w.insert(User, users)
        leaders = dict(zip(agency_ids, user_ids[1:-1], strict=True))
        coordinator_id = user_ids[0]

        # The plan: themes, each with its tasks, in tree order.
        (plan_id,) = w.ids(Plan, 1)
        w.insert(
            Plan,
            [
                dict(
                    id=plan_id,
                    number=f"{prefix.upper()}-{p + 1}/KH-UBND",
                    title=f"Kế hoạch tăng trưởng xanh {province_name} 2021-2030 ({DEMO})",
                    level="provincial",
                    territory_id=province_id,
                    parent_id=national.plan_id,
                    period_start=2021,
                    period_end=2030,
                    issuer_id=province_id,
                    focal_point_id=focal_id,
                    issued_on=datetime.date(2022, 9, 1),
                    description=f"{DEMO}: bench/national_data.py",
                )
            ],
        )
        item_ids = iter(w.ids(PlanItem, themes + tasks))
        items: list[dict[str, Any]] = []
        task_items: list[dict[str, Any]] = []
        per_theme = [tasks // themes + (1 if t < tasks % themes else 0) for t in range(themes)]
        for t in range(themes):
            theme = dict(
                id=next(item_ids),
                plan_id=plan_id,
                kind="theme",
                code=str(t + 1),
                number=str(t + 1),
                position=len(items),
                title=f"Chủ đề {t + 1} ({DEMO})",
                is_placeholder=True,
            )
            items.append(theme)
            for k in range(per_theme[t]):
                task = dict(
                    id=next(item_ids),
                    plan_id=plan_id,
                    parent_id=theme["id"],
                    kind="task",
                    code=f"{t + 1}.{k + 1}",
                    number=f"{t + 1}.{k + 1}",
                    position=len(items),
                    title=f"Nhiệm vụ {t + 1}.{k + 1}: {rng.choice(SENTENCES).lower()} ({DEMO})",
                    is_placeholder=True,
                    timeframe="2021-2030",
                )
                items.append(task)
                task_items.append(task)
        # ~4 of every 5 tasks implement a national task, a different set in each province.
        n_national = len(national.tasks)
        for t, task in enumerate(task_items[:n_national]):
            if (t + p) % 5:
                task["implements_id"] = national.tasks[(t + 3 * p) % n_national]["id"]
        for item in items:
            item["search_text"] = fold_vietnamese(f"{item['code']} {item['title']}")
        w.insert(PlanItem, items)

        # Assignments: one lead per task (a department, in turn), and coordinating agencies on
        # ~10 of every 11 tasks; an agency is never both on one task.
        lines_of: dict[int, list[tuple[dict[str, Any], str]]] = {a: [] for a in agency_ids}
        assignments = []
        for t, task in enumerate(task_items):
            lead = agency_ids[t % min(departments, agencies)]
            for a, org_id in enumerate(agency_ids):
                if org_id == lead:
                    role = "lead"
                elif (a * 7 + t) % 11 == 0:
                    continue
                else:
                    role = "coordinating"
                assignments.append(
                    dict(item_id=task["id"], organisation_id=org_id, role=role, created_at=now)
                )
                lines_of[org_id].append((task, role))
        for row, pk in zip(assignments, w.ids(Assignment, len(assignments)), strict=True):
            row["id"] = pk
        w.insert(Assignment, assignments)
        _history(w, Assignment, assignments, "+", now, None)
        _history(w, Organisation, orgs, "+", now, None)
        _history(w, PlanItem, items, "+", now, None)

        # Rounds, reports, lines, funds, events and history.
        round_of_year: dict[int, int] = {}
        for year in YEARS:
            (round_id,) = w.ids(ReportingRound, 1)
            round_of_year[year] = round_id
            deadline = datetime.date(year, 10, 25)
            opened = _at(year, 8, 1)
            w.insert(
                ReportingRound,
                [
                    dict(
                        id=round_id,
                        plan_id=plan_id,
                        year=year,
                        period_start=datetime.date(year, 1, 1),
                        period_end=datetime.date(year, 12, 31),
                        deadline=deadline,
                        locked=year < last_year - 1,
                        opened_by_id=coordinator_id,
                        created_at=opened,
                        updated_at=opened,
                    )
                ],
            )
            figures = RoundFigures(round_id=round_id, year=year)
            report_ids = w.ids(AgencyReport, len(agency_ids))
            reports, events, report_history = [], [], []
            lines: list[dict[str, Any]] = []
            line_history: list[tuple[dict[str, Any], str, datetime.datetime, int | None]] = []
            funds: list[dict[str, Any]] = []
            for org_id, report_id in zip(agency_ids, report_ids, strict=True):
                status = _report_status(rng, year, last_year)
                leader = leaders[org_id]
                report: dict[str, Any] = dict(
                    id=report_id,
                    round_id=round_id,
                    organisation_id=org_id,
                    status=status,
                    version=1,
                    created_at=opened,
                    updated_at=opened,
                )
                report_history.append((dict(report), "+", opened, coordinator_id))
                events.append(
                    dict(
                        report_id=report_id,
                        action="opened",
                        actor_id=coordinator_id,
                        created_at=opened,
                    )
                )
                written = status != "draft" or rng.random() < 0.5
                saved = _at(year, 10, rng.randint(1, 20))
                if written:
                    report.update(
                        general_results=_text(rng, 3),
                        general_difficulties=_text(rng, 1),
                        general_proposals=_text(rng, 1),
                        version=2,
                        updated_at=saved,
                    )
                    report_history.append((dict(report), "~", saved, leader))
                    events.append(
                        dict(report_id=report_id, action="saved", actor_id=leader, created_at=saved)
                    )
                if status != "draft":
                    late = rng.random() < 0.15
                    submitted = (
                        _at(year, 10, 25) + datetime.timedelta(days=rng.randint(1, 20))
                        if late
                        else saved + datetime.timedelta(hours=rng.randint(1, 48))
                    )
                    figures.late += late
                    _submitted(
                        report,
                        report_history,
                        events,
                        at=submitted,
                        by=leader,
                        number=f"{rng.randint(10, 999)}/BC-{org_id}",
                        signer="Nguyễn Văn A (dữ liệu mẫu)",
                    )
                    if status in ("accepted", "returned"):
                        reviewed = submitted + datetime.timedelta(days=rng.randint(1, 10))
                        _reviewed(
                            report,
                            report_history,
                            events,
                            status=status,
                            at=reviewed,
                            by=coordinator_id,
                            comment=""
                            if status == "accepted"
                            else "Đề nghị bổ sung số liệu kinh phí.",
                        )
                reports.append(report)
                figures.reports += 1
                figures.status[status] += 1
                for task, role in lines_of[org_id]:
                    line: dict[str, Any] = dict(
                        id=w.ids(ReportItem, 1)[0],
                        report_id=report_id,
                        plan_item_id=task["id"],
                        role=role,
                        position=task["position"],
                        created_at=opened,
                        updated_at=opened,
                    )
                    lines.append(line)
                    line_history.append((dict(line), "+", opened, coordinator_id))
                    if written and (status != "draft" or rng.random() < 0.4):
                        progress = rng.choice([20, 40, 50, 60, 80, 100])
                        line.update(
                            status="completed" if progress == 100 else "in_progress",
                            progress=progress,
                            results=_text(rng, rng.randint(1, 3)),
                            outputs=_text(rng, 1) if rng.random() < 0.5 else "",
                            difficulties=_text(rng, 1) if rng.random() < 0.3 else "",
                            proposals=_text(rng, 1) if rng.random() < 0.2 else "",
                            updated_at=saved,
                        )
                        line_history.append((dict(line), "~", saved, leader))
                        if rng.random() < (0.6 if role == "lead" else 0.15):
                            for source in rng.sample(FUNDING_SOURCES, rng.randint(1, 2)):
                                funds.append(
                                    dict(
                                        item=line,
                                        source=source,
                                        amount=Decimal(rng.randint(1, 500) * 10_000_000),
                                    )
                                )
                figures.lines += len(lines_of[org_id])
            w.insert(AgencyReport, reports)
            w.insert(ReportItem, lines)
            fund_rows = [
                dict(item_id=f["item"]["id"], source=f["source"], amount=f["amount"]) for f in funds
            ]
            for row, pk in zip(fund_rows, w.ids(ItemFunding, len(fund_rows)), strict=True):
                row["id"] = pk
            w.insert(ItemFunding, fund_rows)
            for row, pk in zip(events, w.ids(ReportEvent, len(events)), strict=True):
                row["id"] = pk
            w.insert(ReportEvent, events)
            _history_rows(w, AgencyReport, report_history)
            _history_rows(w, ReportItem, line_history)
            _history(w, ItemFunding, fund_rows, "+", opened, None)
            made.rounds.append(figures)
        adopted = sorted(
            (national.by_id[task["implements_id"]] for task in items if task.get("implements_id")),
            key=lambda item: item["position"],
        )
        _national_reports(
            w,
            national,
            rng=national_rng,
            province_id=province_id,
            leader_id=province_leader_id,
            adopted=adopted,
            source_rounds=round_of_year,
        )
        if out is not None:
            print(
                f"province {p + 1}/{provinces}: {sum(w.made.values()):,} rows so far",
                file=out,
                flush=True,
            )
    w.reset_sequences()
    made.rows = w.made
    return made


@dataclass
class National:
    """The national plan and rounds being written, and what the provinces' reports need."""

    plan_id: int
    coordinator_id: int  # the ministry's coordinator: opens and reviews the national rounds
    tasks: list[dict[str, Any]]  # the national tasks, in tree order
    by_id: dict[int, dict[str, Any]]
    round_ids: dict[int, int]
    figures: dict[int, RoundFigures]
    # (province id, national item id) -> the line of the province's last accepted national
    # report (what open_round carries over into a later round's draft)
    last_accepted: dict[tuple[int, int], dict[str, Any]] = field(default_factory=dict)


def _national_deadline(year: int) -> datetime.date:
    return datetime.date(year, 12, 10)


def _national_plan(
    w: Writer, *, prefix: str, gov_id: int, mof_id: int, now: datetime.datetime
) -> National:
    """The national plan (882/QĐ-TTg's shape: 18 themes, 57 task groups, 134 tasks), the
    ministry's coordinator and the national rounds, their reports written per province."""
    from accounts.models import Role, User
    from demo.generation_2021 import THEMES as NATIONAL_THEMES
    from plans.models import Plan, PlanItem
    from plans.search import fold_vietnamese
    from reporting.models import ReportingRound

    (coordinator_id,) = w.ids(User, 1)
    w.insert(
        User,
        [
            dict(
                id=coordinator_id,
                username=f"{prefix}-ministry-coordinator",
                password="!",
                role=Role.COORDINATOR,
                organisation_id=mof_id,
                date_joined=now,
            )
        ],
    )
    (plan_id,) = w.ids(Plan, 1)
    w.insert(
        Plan,
        [
            dict(
                id=plan_id,
                number=f"{prefix.upper()}-{NATIONAL_NUMBER}",
                title=f"Kế hoạch hành động quốc gia về tăng trưởng xanh 2021-2030 ({DEMO})",
                level="national",
                territory_id=gov_id,
                period_start=2021,
                period_end=2030,
                issuer_id=gov_id,
                focal_point_id=mof_id,
                issued_on=datetime.date(2022, 7, 22),
                description=f"{DEMO}: bench/national_data.py, shaped like {NATIONAL_NUMBER}",
            )
        ],
    )
    n_items = sum(1 + groups + tasks for _, _, _, groups, tasks in NATIONAL_THEMES)
    ids = iter(w.ids(PlanItem, n_items))
    items: list[dict[str, Any]] = []
    tasks: list[dict[str, Any]] = []

    def item(**values: Any) -> dict[str, Any]:
        row: dict[str, Any] = dict(
            id=next(ids), plan_id=plan_id, position=len(items), is_placeholder=True
        )
        row.update(values)
        row["number"] = row["code"].removeprefix("T")
        row["search_text"] = fold_vietnamese(f"{row['code']} {row['title']}")
        items.append(row)
        return row

    for theme_no, title, _title_en, n_groups, n_tasks in NATIONAL_THEMES:
        theme = item(
            kind="theme", code=f"T{theme_no}", title=title or f"Chủ đề {theme_no} ({DEMO})"
        )
        per_group = [n_tasks // n_groups + (g < n_tasks % n_groups) for g in range(n_groups)]
        for g, count in enumerate(per_group, start=1):
            code = f"{theme_no}.{g}"
            group = item(
                kind="group", code=code, parent_id=theme["id"], title=f"Nhóm {code} ({DEMO})"
            )
            for t in range(1, count + 1):
                tasks.append(
                    item(
                        kind="task",
                        code=f"{code}.{t}",
                        parent_id=group["id"],
                        title=f"Nhiệm vụ quốc gia {code}.{t} ({DEMO})",
                        timeframe="2021-2030",
                    )
                )
    w.insert(PlanItem, items)
    _history(w, PlanItem, items, "+", now, None)
    round_ids = dict(zip(NATIONAL_YEARS, w.ids(ReportingRound, len(NATIONAL_YEARS)), strict=True))
    w.insert(
        ReportingRound,
        [
            dict(
                id=round_ids[year],
                plan_id=plan_id,
                year=year,
                period_start=datetime.date(year, 1, 1),
                period_end=datetime.date(year, 12, 31),
                deadline=_national_deadline(year),
                locked=year < NATIONAL_YEARS[-1],
                opened_by_id=coordinator_id,
                created_at=_at(year, 11, 1),
                updated_at=_at(year, 11, 1),
            )
            for year in NATIONAL_YEARS
        ],
    )
    return National(
        plan_id=plan_id,
        coordinator_id=coordinator_id,
        tasks=tasks,
        by_id={row["id"]: row for row in items},
        round_ids=round_ids,
        figures={
            year: RoundFigures(round_id=round_ids[year], year=year) for year in NATIONAL_YEARS
        },
    )


def _national_reports(
    w: Writer,
    national: National,
    *,
    rng: random.Random,
    province_id: int,
    leader_id: int,
    adopted: list[dict[str, Any]],
    source_rounds: dict[int, int],
) -> None:
    """The province's report in each national round: opened by the ministry with one lead line
    per national task its plan adopted (open_round: the last accepted national line carried
    over), then, unless it stays a draft, delivered from the province's own round of the year
    by its leader as deliver_national_report does (national_figures), and reviewed."""
    from reporting.actions import NationalFigures, national_figures
    from reporting.models import (
        AgencyReport,
        ItemFunding,
        ReportEvent,
        ReportingRound,
        ReportItem,
    )

    defaults = {attname: default for attname, _, default in w.columns(ReportItem)}
    coordinator = national.coordinator_id
    fields = ("status", "progress", "results", "difficulties", "proposals")
    for year in NATIONAL_YEARS:
        figures = national.figures[year]
        opened = _at(year, 11, 1)
        status = _report_status(rng, year, NATIONAL_YEARS[-1])
        (report_id,) = w.ids(AgencyReport, 1)
        report: dict[str, Any] = dict(
            id=report_id,
            round_id=national.round_ids[year],
            organisation_id=province_id,
            status="draft",
            version=1,
            created_at=opened,
            updated_at=opened,
        )
        report_history = [(dict(report), "+", opened, coordinator)]
        events = [
            dict(report_id=report_id, action="opened", actor_id=coordinator, created_at=opened)
        ]
        lines: list[dict[str, Any]] = []
        line_history: list[tuple[dict[str, Any], str, datetime.datetime, int | None]] = []
        for national_item, pk in zip(adopted, w.ids(ReportItem, len(adopted)), strict=True):
            line = dict(
                id=pk,
                report_id=report_id,
                plan_item_id=national_item["id"],
                role="lead",
                position=national_item["position"],
                created_at=opened,
                updated_at=opened,
            )
            last = national.last_accepted.get((province_id, national_item["id"]))
            if last is not None:
                line.update(status=last["status"], progress=last["progress"], carried_over=True)
            lines.append(line)
            line_history.append((dict(line), "+", opened, coordinator))
        funds: list[dict[str, Any]] = []
        funds_at = opened
        if status != "draft":
            delivered = national_figures(ReportingRound.objects.get(pk=source_rounds[year]))
            deadline = _national_deadline(year)
            late = rng.random() < 0.15
            submitted = (
                _at(deadline.year, deadline.month, deadline.day)
                + datetime.timedelta(days=rng.randint(1, 15))
                if late
                else _at(year, 11, rng.randint(10, 30))
            )
            figures.late += late
            funds_at = submitted
            for line in lines:
                values = delivered.get(line["plan_item_id"], NationalFigures())
                changed = any(line.get(n, defaults[n]) != getattr(values, n) for n in fields)
                if changed or line.get("carried_over"):
                    line.update({n: getattr(values, n) for n in fields})
                    line["status"] = str(values.status)  # a plain str for COPY
                    line.update(review_comment="", carried_over=False, updated_at=submitted)
                    line_history.append((dict(line), "~", submitted, leader_id))
                for source, amount in values.funds.items():
                    funds.append(dict(item_id=line["id"], source=source, amount=amount))
            _submitted(
                report,
                report_history,
                events,
                at=submitted,
                by=leader_id,
                number=f"{rng.randint(10, 999)}/BC-UBND",
                signer=f"Chủ tịch UBND tỉnh ({DEMO})",
            )
            if status in ("accepted", "returned"):
                reviewed = submitted + datetime.timedelta(days=rng.randint(1, 7))
                _reviewed(
                    report,
                    report_history,
                    events,
                    status=status,
                    at=reviewed,
                    by=coordinator,
                    comment=""
                    if status == "accepted"
                    else "Đề nghị tỉnh rà soát số liệu kinh phí.",
                )
            if status == "accepted":
                for line in lines:
                    national.last_accepted[(province_id, line["plan_item_id"])] = line
        figures.reports += 1
        figures.status[status] += 1
        figures.lines += len(lines)
        w.insert(AgencyReport, [report])
        w.insert(ReportItem, lines)
        for row, pk in zip(funds, w.ids(ItemFunding, len(funds)), strict=True):
            row["id"] = pk
        w.insert(ItemFunding, funds)
        for row, pk in zip(events, w.ids(ReportEvent, len(events)), strict=True):
            row["id"] = pk
        w.insert(ReportEvent, events)
        _history_rows(w, AgencyReport, report_history)
        _history_rows(w, ReportItem, line_history)
        _history(w, ItemFunding, funds, "+", funds_at, leader_id)


def _history(
    w: Writer,
    model: type,
    rows: list[dict[str, Any]],
    kind: str,
    at: datetime.datetime,
    user: int | None,
) -> None:
    _history_rows(w, model, ((row, kind, at, user) for row in rows))


def _submitted(
    report: dict[str, Any],
    report_history: list,
    events: list[dict[str, Any]],
    *,
    at: datetime.datetime,
    by: int | None,
    number: str,
    signer: str,
) -> None:
    """`report` submitted at `at` by `by`: its row changed, its history record and event."""
    report.update(
        status="submitted",
        version=report["version"] + 1,
        first_submitted_at=at,
        submitted_at=at,
        submitted_by_id=by,
        document_number=number,
        signer=signer,
        updated_at=at,
    )
    report_history.append((dict(report), "~", at, by))
    events.append(dict(report_id=report["id"], action="submitted", actor_id=by, created_at=at))


def _reviewed(
    report: dict[str, Any],
    report_history: list,
    events: list[dict[str, Any]],
    *,
    status: str,
    at: datetime.datetime,
    by: int | None,
    comment: str,
) -> None:
    """`report` accepted or returned (`status`) at `at` by `by`, with its record and event."""
    report.update(
        status=status,
        version=report["version"] + 1,
        reviewed_at=at,
        reviewed_by_id=by,
        review_comment=comment,
        updated_at=at,
    )
    report_history.append((dict(report), "~", at, by))
    events.append(
        dict(report_id=report["id"], action=status, actor_id=by, comment=comment, created_at=at)
    )


def _history_rows(
    w: Writer,
    model: type,
    records: Iterable[tuple[dict[str, Any], str, datetime.datetime, int | None]],
) -> None:
    """simple_history's records of `model`: the row as it was, the kind (+ ~ -), when, who."""
    historical = model.history.model  # type: ignore[attr-defined]
    records = list(records)
    ids = w.ids(historical, len(records))
    w.insert(
        historical,
        (
            {
                **row,
                "history_id": pk,
                "history_type": kind,
                "history_date": at,
                "history_user_id": user,
            }
            for (row, kind, at, user), pk in zip(records, ids, strict=True)
        ),
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--provinces", type=int, default=34)
    parser.add_argument("--departments", type=int, default=15)
    parser.add_argument("--communes", type=int, default=100)
    parser.add_argument("--agencies", type=int, default=40, help="reporting agencies a province")
    parser.add_argument("--scale", type=float, default=1.0, help="multiplies the tasks (134)")
    parser.add_argument("--seed", type=int, default=16)
    parser.add_argument("--prefix", default="nd", help="of the codes and user names made")
    parser.add_argument("--migrate", action="store_true", help="migrate the database first")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "greenplan.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    if args.migrate:
        call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    made = generate(
        provinces=args.provinces,
        departments=args.departments,
        communes=args.communes,
        agencies=args.agencies,
        scale=args.scale,
        seed=args.seed,
        prefix=args.prefix,
        out=sys.stdout,
    )
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    for table, n in sorted(made.rows.items()):
        print(f"{table:40} {n:>12,}")
    history = sum(n for t, n in made.rows.items() if "_historical" in t)
    lines = made.rows["reporting_reportitem"]
    biggest = max(made.rounds, key=lambda r: r.lines)
    for national in made.national_rounds:
        states = " ".join(f"{s}={national.status[s]}" for s in sorted(national.status))
        print(
            f"national_round={national.round_id} year={national.year} "
            f"reports={national.reports} lines={national.lines} {states} late={national.late}"
        )
    print(
        f"report_lines={lines} history_rows={history} rounds={len(made.rounds)} "
        f"national_rounds={len(made.national_rounds)} "
        f"largest_round={biggest.round_id} ({biggest.lines} lines) seconds={made.seconds:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
