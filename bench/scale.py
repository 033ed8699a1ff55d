"""Each page and job at national scale, beside hand-written SQL computing the same figures.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/gp_scale_big \\
        .venv/bin/python bench/scale.py                    # every case, 7 calls each
    .venv/bin/python bench/scale.py --only board report --repeat 15
    .venv/bin/python bench/scale.py --profile report      # where one case's time goes

Reads a database made by bench/national_data.py (it writes nothing but the consolidated chart
cache). Every case runs in-process through Django's test client (the whole middleware stack,
production settings: DEBUG=0, HTTPS as behind the proxy), or calls the job's function, warm
(one call first, not counted); beside it, its "floor": the raw SQL (connection.cursor, no ORM)
that reads the same figures, fetched into Python. It prints per case the median wall time of
the page, the CPU time of this process for it (the database server's time is not in it:
this machine is shared, CPU time drifts less than wall time), the floor's wall time, the ratio
of the page's wall time to the floor's, the number of queries of one call and the size of the
answer. The first province's plan is measured: its latest round for the board and the report
page, its round with the most accepted lines for the consolidation. The national cases (when
the database has national_data.py's national plan) read its latest national round for the
ministry's board and its national round with the most accepted lines for the rest.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import secrets
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
HTTPS: dict[str, Any] = {"headers": {"X-Forwarded-Proto": "https", "Accept-Language": "vi"}}
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/gp_scale_big"
AUDIT_PAGE = 50


@dataclass
class Case:
    name: str
    what: str
    call: Callable[[], Any]  # returns the answer (a response or bytes)
    floor: Callable[[Any], Any]  # (cursor) -> rows
    status: int = 200  # the answer's status expected (a saved draft redirects)


def _size(answer: Any) -> int:
    if hasattr(answer, "content"):
        return len(answer.content)
    if isinstance(answer, bytes | str):
        return len(answer)
    return 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=7, help="calls per case (median)")
    parser.add_argument("--only", nargs="*", default=None, help="these cases only")
    parser.add_argument("--profile", default=None, help="a case to run under cProfile")
    parser.add_argument("--sort", default="cumulative")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--callees", default=None, help="with --profile: what these functions call")
    parser.add_argument("--explain", action="store_true", help="print the SQL of each page")
    parser.add_argument(
        "--plans", action="store_true",
        help="PostgreSQL's plan of each query of each case: the scans, a sequential scan of a "
        "table over 1,000 rows flagged",
    )  # fmt: skip
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="greenplan-scale-"))
    os.environ.setdefault("DATABASE_URL", DEFAULT_DB)
    os.environ.update(
        {
            "DJANGO_SETTINGS_MODULE": "greenplan.settings",
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "testserver",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "media"),
            "CACHE_URL": f"file://{tmp / 'cache'}",
            "LOG_LEVEL": "ERROR",
        }
    )
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", verbosity=0, interactive=False)
    cases = build_cases()
    if args.profile:
        case = next(c for c in cases if c.name == args.profile)
        case.call()
        profiler = cProfile.Profile()
        profiler.enable()
        for _ in range(args.repeat):
            case.call()
        profiler.disable()
        stats = pstats.Stats(profiler).sort_stats(args.sort)
        if args.callees:
            stats.print_callees(args.callees)
        else:
            stats.print_stats(args.top)
        return 0
    run(cases, args.repeat, args.only, args.explain, args.plans)
    return 0


def run(
    cases: list[Case], repeat: int, only: list[str] | None, explain: bool, plans: bool = False
) -> None:
    from django.db import connection

    print(
        f"{'case':<22} {'page_ms':>8} {'cpu_ms':>8} {'floor_ms':>8} {'ratio':>7} "
        f"{'queries':>7} {'bytes':>9}"
    )
    for case in cases:
        if only and case.name not in only:
            continue
        answer = case.call()  # warm
        status = getattr(answer, "status_code", 200)
        if status != case.status:
            raise SystemExit(f"{case.name}: status {status}")
        queries: list[str] = []
        statements: list[tuple[str, Any]] = []

        def count(
            execute: Any,
            sql: str,
            params: Any,
            many: bool,
            context: Any,
            seen: Any = queries,
            kept: Any = statements,
        ) -> Any:
            seen.append(sql)
            if not many:
                kept.append((sql, params))
            return execute(sql, params, many, context)

        # Counted below the request's own connection handling (request_started resets
        # connection.queries, which CaptureQueriesContext reads).
        with connection.execute_wrapper(count):
            case.call()
        walls, cpus = [], []
        for _ in range(repeat):
            t0, c0 = time.perf_counter(), time.process_time()
            case.call()
            walls.append(time.perf_counter() - t0)
            cpus.append(time.process_time() - c0)
        floors = []
        with connection.cursor() as cursor:
            case.floor(cursor)
            for _ in range(repeat):
                t0 = time.perf_counter()
                case.floor(cursor)
                floors.append(time.perf_counter() - t0)
        page, floor = statistics.median(walls), statistics.median(floors)
        print(
            f"{case.name:<22} {1000 * page:>8.1f} {1000 * statistics.median(cpus):>8.1f} "
            f"{1000 * floor:>8.1f} {page / floor:>6.1f}x "
            f"{len(queries):>7} {_size(answer):>9}   {case.what}",
            flush=True,
        )
        if explain:
            for sql in queries:
                print("   ", sql[:400])
        if plans:
            print_plans(statements)


def print_plans(statements: list[tuple[str, Any]]) -> None:
    """Each SELECT's scans as PostgreSQL plans them on this data (EXPLAIN, not run)."""
    from django.db import connection

    if connection.vendor != "postgresql":
        print("    (plans: PostgreSQL only)")
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT relname, reltuples FROM pg_class WHERE relkind = 'r'")
        sizes = {name: int(rows) for name, rows in cursor.fetchall()}
        for n, (sql, params) in enumerate(statements, 1):
            if not sql.lstrip().upper().startswith(("SELECT", "WITH")):
                continue
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            scans: list[str] = []
            _scans(cursor.fetchone()[0][0]["Plan"], scans, sizes)
            print(f"    q{n}: {'; '.join(scans) or 'no table scanned'}")


def _scans(node: dict[str, Any], out: list[str], sizes: dict[str, int]) -> None:
    kind = node.get("Node Type", "")
    if "Scan" in kind and "Relation Name" in node:
        table = node["Relation Name"]
        what = f"{kind} {table}"
        if node.get("Index Name"):
            what += f" ({node['Index Name']})"
        if kind == "Seq Scan" and "Filter" in node and sizes.get(table, 0) > 1000:
            what += f" <-- filters {sizes[table]:,} rows without an index"
        out.append(what)
    for child in node.get("Plans", []):
        _scans(child, out, sizes)


def _fetch(cursor: Any, sql: str, params: list[Any] | tuple[Any, ...] = ()) -> list[tuple]:
    cursor.execute(sql, params)
    return cursor.fetchall()


# --- The floors: hand-written SQL -------------------------------------------------------------

BOARD_REPORTS = """
SELECT r.id, o.name, o.short_name, r.status, r.first_submitted_at, r.deadline_override,
       (SELECT count(*) FROM reporting_reportitem i WHERE i.report_id = r.id)
FROM reporting_agencyreport r JOIN orgs_organisation o ON o.id = r.organisation_id
WHERE r.round_id = %s ORDER BY o.name
"""
THEMES = """
WITH RECURSIVE tree(id, theme_id) AS (
    SELECT id, id FROM plans_planitem WHERE plan_id = %s AND kind = 'theme'
    UNION ALL
    SELECT c.id, tree.theme_id FROM plans_planitem c JOIN tree ON c.parent_id = tree.id
)
SELECT tree.theme_id, count(*),
       count(*) FILTER (WHERE r.status IN ('submitted', 'accepted')),
       count(*) FILTER (WHERE r.status = 'accepted'),
       count(*) FILTER (WHERE r.status = 'accepted' AND i.role = 'lead'
                        AND i.status = 'completed')
FROM reporting_reportitem i
JOIN reporting_agencyreport r ON r.id = i.report_id
JOIN tree ON tree.id = i.plan_item_id
WHERE r.round_id = %s GROUP BY tree.theme_id
"""
ROUNDS = """
SELECT g.id, g.year, g.deadline, g.locked, count(r.id),
       count(r.id) FILTER (WHERE r.first_submitted_at IS NOT NULL),
       count(r.id) FILTER (WHERE r.status = 'accepted')
FROM reporting_reportinground g LEFT JOIN reporting_agencyreport r ON r.round_id = g.id
WHERE g.plan_id = %s GROUP BY g.id ORDER BY g.year DESC
"""
REPORT = """
SELECT r.*, o.name, g.year, g.deadline FROM reporting_agencyreport r
JOIN orgs_organisation o ON o.id = r.organisation_id
JOIN reporting_reportinground g ON g.id = r.round_id WHERE r.id = %s
"""
REPORT_LINES = """
SELECT i.id, i.role, i.status, i.progress, i.results, i.outputs, i.document_number,
       i.document_date, i.difficulties, i.proposals, i.carried_over, i.review_comment,
       p.code, p.number, p.title, p.kind
FROM reporting_reportitem i JOIN plans_planitem p ON p.id = i.plan_item_id
WHERE i.report_id = %s ORDER BY i.position
"""
REPORT_FUNDS = """
SELECT f.item_id, f.source, f.amount FROM reporting_itemfunding f
JOIN reporting_reportitem i ON i.id = f.item_id WHERE i.report_id = %s
"""
# The plan page shows the placeholder badge and the priorities' deliverables too.
PLAN_ITEMS = """
SELECT p.id, p.parent_id, p.kind, p.code, p.number, p.title, p.position, p.priority_year,
       p.due_date, p.timeframe, p.on_request, p.is_placeholder, p.deliverable,
       a.role, o.id, o.name, o.short_name
FROM plans_planitem p
LEFT JOIN plans_assignment a ON a.item_id = p.id
LEFT JOIN orgs_organisation o ON o.id = a.organisation_id
WHERE p.plan_id = %s ORDER BY p.position
"""
# What the API's items show: English titles, what each implements, the agencies' codes.
API_PLAN_ITEMS = """
SELECT p.id, p.parent_id, p.kind, p.code, p.number, p.title, p.title_en, p.is_placeholder,
       p.timeframe, p.on_request, p.priority_year, p.due_date, p.deliverable, p.position,
       n.code, np.number, a.role, o.code
FROM plans_planitem p
LEFT JOIN plans_planitem n ON n.id = p.implements_id
LEFT JOIN plans_plan np ON np.id = n.plan_id
LEFT JOIN plans_assignment a ON a.item_id = p.id
LEFT JOIN orgs_organisation o ON o.id = a.organisation_id
WHERE p.plan_id = %s ORDER BY p.position
"""
# The board and the documents name organisations as they were on the round's deadline.
EARLIER_NAMES = """
SELECT organisation_id, valid_to, name, name_en, short_name, parent_id
FROM orgs_organisationperiod WHERE valid_to >= %s
"""
ACCEPTED_LINES = """
SELECT i.id, i.report_id, i.plan_item_id, i.role, i.status, i.progress, i.results, i.outputs,
       i.document_number, i.document_date, i.difficulties, i.proposals
FROM reporting_reportitem i JOIN reporting_agencyreport r ON r.id = i.report_id
WHERE r.round_id = %s AND r.status = 'accepted' ORDER BY i.position, i.report_id
"""
ACCEPTED_FUNDS = """
SELECT i.report_id, f.source, sum(f.amount) FROM reporting_itemfunding f
JOIN reporting_reportitem i ON i.id = f.item_id
JOIN reporting_agencyreport r ON r.id = i.report_id
WHERE r.round_id = %s AND r.status = 'accepted' GROUP BY i.report_id, f.source
"""
ACCEPTED_REPORTS = """
SELECT r.id, o.name, o.short_name, r.document_number, r.general_difficulties,
       r.general_proposals
FROM reporting_agencyreport r JOIN orgs_organisation o ON o.id = r.organisation_id
WHERE r.round_id = %s AND r.status = 'accepted'
"""
ORGS = """
SELECT o.id, o.code, o.name, o.name_en, o.short_name, o.kind, o.valid_from, o.valid_to,
       p.code, pr.code, s.code
FROM orgs_organisation o
LEFT JOIN orgs_organisation p ON p.id = o.parent_id
LEFT JOIN orgs_organisation pr ON pr.id = o.province_id
LEFT JOIN orgs_organisation s ON s.id = o.successor_id
ORDER BY o.kind, o.name
"""

# The national round: one report per province (bench/national_data.py's national layer).
NATIONAL_BOARD_REPORTS = """
SELECT r.id, o.name, o.short_name, r.status, r.first_submitted_at, r.deadline_override,
       u.username, u.first_name, u.last_name,
       (SELECT count(*) FROM reporting_reportitem i WHERE i.report_id = r.id)
FROM reporting_agencyreport r JOIN orgs_organisation o ON o.id = r.organisation_id
LEFT JOIN accounts_user u ON u.id = r.submitted_by_id
WHERE r.round_id = %s ORDER BY o.name
"""
NATIONAL_FOCAL_POINTS = """
SELECT p.territory_id, o.id, o.name, o.short_name FROM plans_plan p
JOIN orgs_organisation o ON o.id = p.focal_point_id
WHERE p.parent_id = %s AND p.period_start <= %s AND p.period_end >= %s
"""
PROVINCES = """
SELECT o.id, o.name, o.short_name, o.valid_from, o.valid_to, o.successor_id
FROM orgs_organisation o WHERE o.kind = 'province'
"""
NATIONAL_ITEMS = """
SELECT id, parent_id, kind, code, number, title, position FROM plans_planitem
WHERE plan_id = %s ORDER BY position
"""
PROVINCIAL_PLANS = """
SELECT p.id, p.number, p.territory_id, o.name, o.short_name FROM plans_plan p
JOIN orgs_organisation o ON o.id = p.territory_id
WHERE p.parent_id = %s AND p.level = 'provincial' AND p.period_start <= %s AND p.period_end >= %s
ORDER BY o.name, p.number
"""
PROVINCIAL_ADOPTED = """
SELECT i.plan_id, i.implements_id FROM plans_planitem i JOIN plans_plan p ON p.id = i.plan_id
WHERE p.parent_id = %s AND i.implements_id IS NOT NULL
"""
NATIONAL_REPORTS = """
SELECT r.id, r.organisation_id, o.name, o.short_name, r.status, r.document_number, r.version,
       r.submitted_at, r.first_submitted_at, r.signer, r.general_difficulties,
       r.general_proposals
FROM reporting_agencyreport r JOIN orgs_organisation o ON o.id = r.organisation_id
WHERE r.round_id = %s ORDER BY o.name
"""
NATIONAL_LINES = """
SELECT i.id, i.report_id, i.plan_item_id, i.role, i.status, i.progress, i.results,
       i.difficulties, i.proposals
FROM reporting_reportitem i JOIN reporting_agencyreport r ON r.id = i.report_id
WHERE r.round_id = %s AND r.status = 'accepted' ORDER BY i.position, i.report_id
"""
NATIONAL_FUNDS = """
SELECT f.item_id, f.source, f.amount FROM reporting_itemfunding f
JOIN reporting_reportitem i ON i.id = f.item_id
JOIN reporting_agencyreport r ON r.id = i.report_id
WHERE r.round_id = %s AND r.status = 'accepted'
"""


def audit_floor(tables: list[str], where: str, newest: bool) -> str:
    """The page's 50 keys from every history table (each table's own 50 first, then merged),
    then their full records: what the audit page shows, read the shortest way."""
    order = "DESC" if newest else "ASC"
    parts = " UNION ALL ".join(
        f"(SELECT '{t}' AS t, history_id, history_date FROM {t} {where} "
        f"ORDER BY history_date {order}, history_id {order} LIMIT {AUDIT_PAGE})"
        for t in tables
    )
    return (
        f"SELECT t, history_id FROM ({parts}) keys "
        f"ORDER BY history_date {order}, history_id {order} LIMIT {AUDIT_PAGE}"
    )


class _FormFields(HTMLParser):
    """What a browser posts from one form of a page: its inputs, textareas and selects."""

    def __init__(self, form_id: str) -> None:
        super().__init__()
        self.form_id, self.inside = form_id, False
        self.data: dict[str, str] = {}
        self._textarea: str | None = None
        self._select: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "form":
            self.inside = a.get("id") == self.form_id
        if not self.inside:
            return
        name = a.get("name")
        if tag == "input" and name:
            self.data[name] = a.get("value") or ""
        elif tag == "textarea" and name:
            self._textarea = name
            self.data[name] = ""
        elif tag == "select" and name:
            self._select = name
            self.data[name] = ""
        elif tag == "option" and self._select and "selected" in a:
            self.data[self._select] = a.get("value") or ""

    def handle_data(self, data: str) -> None:
        if self._textarea:
            self.data[self._textarea] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self._textarea:
            # The parser keeps the newline HTML drops after <textarea>.
            self.data[self._textarea] = self.data[self._textarea].removeprefix("\n")
            self._textarea = None
        elif tag == "select":
            self._select = None


def posted_form(html: str, form_id: str) -> dict[str, str]:
    parser = _FormFields(form_id)
    parser.feed(html)
    return parser.data


def build_cases() -> list[Case]:
    from django.db.models import Count, Q
    from django.test import Client

    from accounts.models import User
    from audit.trail import audited_models
    from documents.consolidation import consolidate
    from documents.docx_report import build_docx
    from documents.xlsx_report import build_xlsx
    from orgs.models import Organisation
    from plans.models import Plan
    from reporting.models import AgencyReport, ReportingRound, ReportStatus

    province = Organisation.objects.get(code="nd-p0")
    plan = Plan.objects.get(territory=province)
    rounds = ReportingRound.objects.filter(plan=plan)
    latest = rounds.order_by("-year").first()
    assert latest is not None
    largest = (
        rounds.annotate(
            accepted_lines=Count("reports__items", filter=Q(reports__status=ReportStatus.ACCEPTED))
        )
        .order_by("-accepted_lines")
        .first()
    )
    assert largest is not None
    editable = (
        AgencyReport.objects.filter(round=latest, status__in=["draft", "returned"])
        .annotate(n=Count("items"))
        .order_by("-n")
        .first()
    )
    assert editable is not None
    agency_user = User.objects.filter(organisation_id=editable.organisation_id).first()
    assert agency_user is not None
    coordinator = User.objects.get(username="nd-p0-coordinator")
    admin = User.objects.get(username="nd-admin")

    def client(user: User) -> Client:
        c = Client(**HTTPS)
        c.force_login(user)
        return c

    as_coordinator, as_agency, as_admin = client(coordinator), client(agency_user), client(admin)
    board = f"/reporting/rounds/{latest.pk}/"
    tables = [m.history.model._meta.db_table for m in audited_models().values()]
    by_coordinator = f"WHERE history_user_id = {coordinator.pk}"
    reportitem_table = "reporting_historicalreportitem"

    def board_floor(cursor: Any) -> None:
        _fetch(cursor, BOARD_REPORTS, [latest.pk])
        _fetch(cursor, EARLIER_NAMES, [latest.deadline])
        _fetch(cursor, THEMES, [plan.pk, latest.pk])

    def consolidation_floor(cursor: Any) -> None:
        _fetch(cursor, BOARD_REPORTS, [largest.pk])
        _fetch(cursor, EARLIER_NAMES, [largest.deadline])
        _fetch(cursor, THEMES, [plan.pk, largest.pk])
        _fetch(cursor, PLAN_ITEMS, [plan.pk])
        _fetch(cursor, ACCEPTED_REPORTS, [largest.pk])
        _fetch(cursor, ACCEPTED_LINES, [largest.pk])
        _fetch(cursor, ACCEPTED_FUNDS, [largest.pk])

    def report_floor(cursor: Any) -> None:
        _fetch(cursor, REPORT, [editable.pk])
        _fetch(cursor, REPORT_LINES, [editable.pk])
        _fetch(cursor, REPORT_FUNDS, [editable.pk])

    def audit(where: str, newest: bool, only: list[str] | None = None) -> Callable[[Any], None]:
        def floor(cursor: Any) -> None:
            keys = _fetch(cursor, audit_floor(only or tables, where, newest))
            by_table: dict[str, list[int]] = {}
            for table, pk in keys:
                by_table.setdefault(table, []).append(pk)
            for table, pks in by_table.items():
                _fetch(cursor, f"SELECT * FROM {table} WHERE history_id = ANY(%s)", [pks])

        return floor

    def docx() -> bytes:
        return build_docx(consolidate(largest))

    def xlsx() -> bytes:
        return build_xlsx(consolidate(largest))

    n_lines = editable.n
    report_url = f"/reporting/reports/{editable.pk}/"
    draft = posted_form(as_agency.get(report_url).content.decode(), "report-form")

    # As a browser posts the page's form (it has no enctype): urlencoded, not multipart.
    draft_body = urlencode(draft)

    def save_draft() -> Any:
        """The whole report's draft saved as its page posts it, rolled back (the database
        is left as it was: the next call saves the same version again)."""
        from django.db import transaction

        with transaction.atomic():
            answer = as_agency.post(
                report_url, draft_body, content_type="application/x-www-form-urlencoded"
            )
            transaction.set_rollback(True)
        return answer

    cases = [
        Case(
            "board",
            f"province board, round {latest.year}, {latest.reports.count()} agencies",
            lambda: as_coordinator.get(board),
            board_floor,
        ),
        Case(
            "board_live",
            "its live part (htmx)",
            lambda: as_coordinator.get(f"{board}live/", headers={"HX-Request": "true"}),
            board_floor,
        ),
        Case(
            "rounds",
            f"round list, {rounds.count()} rounds",
            lambda: as_coordinator.get(f"/reporting/plans/{plan.pk}/"),
            lambda cursor: _fetch(cursor, ROUNDS, [plan.pk]),
        ),
        Case(
            "report",
            f"editable report page, {n_lines} lines, as its agency",
            lambda: as_agency.get(f"/reporting/reports/{editable.pk}/"),
            report_floor,
        ),
        Case(
            "report_post",
            f"the same report's draft saved whole ({len(draft)} fields posted), rolled back",
            save_draft,
            report_floor,
            status=302,
        ),
        Case(
            "plan",
            f"plan page, {plan.items.count()} items",
            lambda: as_coordinator.get(f"/plans/{plan.pk}/"),
            lambda cursor: _fetch(cursor, PLAN_ITEMS, [plan.pk]),
        ),
        Case(
            "api_plan_items",
            "API plan items",
            lambda: as_coordinator.get(f"/api/plans/{plan.pk}/items"),
            lambda cursor: _fetch(cursor, API_PLAN_ITEMS, [plan.pk]),
        ),
        Case(
            "audit_first",
            "audit, first page",
            lambda: as_admin.get("/audit/"),
            audit("", True),
        ),
        Case(
            "audit_last",
            "audit, last page",
            lambda: as_admin.get("/audit/", {"last": "1"}),
            audit("", False),
        ),
        Case(
            "audit_user_first",
            "audit filtered by a user (the coordinator), first page",
            lambda: as_admin.get("/audit/", {"user": coordinator.pk}),
            audit(by_coordinator, True),
        ),
        Case(
            "audit_user_last",
            "audit filtered by a user, last page",
            lambda: as_admin.get("/audit/", {"user": str(coordinator.pk), "last": "1"}),
            audit(by_coordinator, False),
        ),
        Case(
            "audit_model_first",
            "audit filtered by record type (report lines), first page",
            lambda: as_admin.get("/audit/", {"model": "reporting.reportitem"}),
            audit("", True, [reportitem_table]),
        ),
        Case(
            "audit_model_last",
            "audit filtered by record type (report lines), last page",
            lambda: as_admin.get("/audit/", {"model": "reporting.reportitem", "last": "1"}),
            audit("", False, [reportitem_table]),
        ),
        Case(
            "consolidation",
            f"consolidation page, round {largest.year}, {largest.accepted_lines} accepted lines",
            lambda: as_coordinator.get(f"/documents/rounds/{largest.pk}/"),
            consolidation_floor,
        ),
        Case(
            "consolidate",
            "consolidate() alone (the reading every build shares)",
            lambda: consolidate(largest),
            consolidation_floor,
        ),
        Case("docx", "consolidated Word build (reading included)", docx, consolidation_floor),
        Case("xlsx", "consolidated Excel build (reading included)", xlsx, consolidation_floor),
        Case(
            "api_orgs",
            f"/api/orgs as administrator, {Organisation.objects.count()} organisations",
            lambda: as_admin.get("/api/orgs"),
            lambda cursor: _fetch(cursor, ORGS),
        ),
    ]
    return cases + national_cases()


def national_cases() -> list[Case]:
    """The ministry's side of a national round (issue 16 item 5), when the database has
    national_data.py's national layer: its board (the latest national round), its
    consolidation page and its Word and Excel builds (the round with the most accepted lines)."""
    from django.db.models import Count, Q
    from django.test import Client

    from accounts.models import User
    from documents.national import consolidate_national
    from documents.national_docx import build_national_docx
    from documents.national_xlsx import build_national_xlsx
    from plans.models import Plan, PlanLevel
    from reporting.models import ReportingRound, ReportStatus

    plan = Plan.objects.filter(
        level=PlanLevel.NATIONAL, focal_point__code="nd-bo-tai-chinh"
    ).first()
    if plan is None:
        print("(no national plan of bench/national_data.py: no national case)", flush=True)
        return []
    rounds = ReportingRound.objects.filter(plan=plan)
    latest = rounds.order_by("-year").first()
    largest = (
        rounds.annotate(
            accepted_lines=Count("reports__items", filter=Q(reports__status=ReportStatus.ACCEPTED))
        )
        .order_by("-accepted_lines")
        .first()
    )
    assert latest is not None and largest is not None
    ministry = Client(**HTTPS)
    ministry.force_login(User.objects.get(username="nd-ministry-coordinator"))

    def board_floor(cursor: Any) -> None:
        _fetch(cursor, NATIONAL_BOARD_REPORTS, [latest.pk])
        _fetch(cursor, THEMES, [plan.pk, latest.pk])
        _fetch(cursor, NATIONAL_FOCAL_POINTS, [plan.pk, latest.year, latest.year])
        _fetch(cursor, PROVINCES)

    def consolidation_floor(cursor: Any) -> None:
        year = largest.year
        _fetch(cursor, NATIONAL_ITEMS, [plan.pk])
        _fetch(cursor, PROVINCIAL_PLANS, [plan.pk, year, year])
        _fetch(cursor, PROVINCIAL_ADOPTED, [plan.pk])
        _fetch(cursor, NATIONAL_REPORTS, [largest.pk])
        _fetch(cursor, NATIONAL_LINES, [largest.pk])
        _fetch(cursor, NATIONAL_FUNDS, [largest.pk])
        _fetch(cursor, PROVINCES)

    reports = latest.reports.count()
    return [
        Case(
            "national_board",
            f"ministry's board, national round {latest.year}, {reports} provinces",
            lambda: ministry.get(f"/reporting/rounds/{latest.pk}/"),
            board_floor,
        ),
        Case(
            "national_consolidation",
            f"national consolidation page, round {largest.year}, "
            f"{largest.accepted_lines} accepted lines",
            lambda: ministry.get(f"/documents/rounds/{largest.pk}/"),
            consolidation_floor,
        ),
        Case(
            "national_docx",
            "national Word build (reading included)",
            lambda: build_national_docx(consolidate_national(largest)),
            consolidation_floor,
        ),
        Case(
            "national_xlsx",
            "national Excel build (reading included)",
            lambda: build_national_xlsx(consolidate_national(largest)),
            consolidation_floor,
        ),
    ]


if __name__ == "__main__":
    sys.exit(main())
