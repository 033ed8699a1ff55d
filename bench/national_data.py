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
        user_ids = list(w.ids(User, 1 + agencies))
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
        w.insert(User, users)
        leaders = dict(zip(agency_ids, user_ids[1:], strict=True))
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
        for year in YEARS:
            (round_id,) = w.ids(ReportingRound, 1)
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
                    report.update(
                        status="submitted",
                        version=report["version"] + 1,
                        first_submitted_at=submitted,
                        submitted_at=submitted,
                        submitted_by_id=leader,
                        document_number=f"{rng.randint(10, 999)}/BC-{org_id}",
                        signer="Nguyễn Văn A (dữ liệu mẫu)",
                        updated_at=submitted,
                    )
                    report_history.append((dict(report), "~", submitted, leader))
                    events.append(
                        dict(
                            report_id=report_id,
                            action="submitted",
                            actor_id=leader,
                            created_at=submitted,
                        )
                    )
                    if status in ("accepted", "returned"):
                        reviewed = submitted + datetime.timedelta(days=rng.randint(1, 10))
                        report.update(
                            status=status,
                            version=report["version"] + 1,
                            reviewed_at=reviewed,
                            reviewed_by_id=coordinator_id,
                            review_comment=""
                            if status == "accepted"
                            else "Đề nghị bổ sung số liệu kinh phí.",
                            updated_at=reviewed,
                        )
                        report_history.append((dict(report), "~", reviewed, coordinator_id))
                        events.append(
                            dict(
                                report_id=report_id,
                                action="accepted" if status == "accepted" else "returned",
                                actor_id=coordinator_id,
                                comment=report["review_comment"],
                                created_at=reviewed,
                            )
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
        if out is not None:
            print(
                f"province {p + 1}/{provinces}: {sum(w.made.values()):,} rows so far",
                file=out,
                flush=True,
            )
    w.reset_sequences()
    made.rows = w.made
    return made


def _history(
    w: Writer,
    model: type,
    rows: list[dict[str, Any]],
    kind: str,
    at: datetime.datetime,
    user: int | None,
) -> None:
    _history_rows(w, model, ((row, kind, at, user) for row in rows))


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
    print(
        f"report_lines={lines} history_rows={history} rounds={len(made.rounds)} "
        f"largest_round={biggest.round_id} ({biggest.lines} lines) seconds={made.seconds:.1f}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
