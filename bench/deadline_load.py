"""Deadline-day load on a local gunicorn + PostgreSQL, with a server crash in the middle.

    .venv/bin/python bench/deadline_load.py --users 200 --seconds 120

What it does, all on loopback (127.0.0.1), and undoes on exit (also on Ctrl-C or an error):

1. drops and creates the PostgreSQL database `greenplan_bench` (server 127.0.0.1:5432, user
   postgres, trust auth), migrates it, collects static files into a temporary folder;
2. creates a province with N agencies, one leader per agency (the N "users", who save and
   submit), K coordinators at DPI, a plan whose activities are assigned to the agencies (three
   each), and opens this year's round: every agency has a draft report with three items;
3. starts gunicorn (DEBUG=0, random SECRET_KEY, production settings untouched) on a free
   port. The client plays the part of the TLS-terminating proxy of a real deployment (README,
   "Production"): it sends `X-Forwarded-Proto: https`, so secure cookies, the SSL redirect,
   HSTS and the strict CSRF referer check stay on exactly as in production;
4. drives the load with aiohttp: the users start spread over the first 70% of the run; each
   one opens the login form, logs in, opens its report, saves the draft (the real form with its
   `version` field, Vietnamese text), re-opens it, submits it with the leader's form, and
   looks at it once more, thinking 1-3 s between steps. K coordinators log in and look at the
   round's board every ~2 s for the whole run: as the open board page does in a browser, they
   fetch its live part (counts and chart; the page itself does so every 30 s) and reload the
   whole page every 10th look (`--board-watch reload`: the whole page every time);
5. at 40% of the run, kills gunicorn (SIGKILL of master and workers: a crash; `--failure term`
   for a graceful SIGTERM) and starts it again on the same port ~2 s later. A request that
   fails to connect or loses its connection is retried (at most 8 attempts, backoff up to 2 s);
   retries are counted apart, not as errors. A request unanswered after 30 s is an error.
   Beside the app servers, `--task-workers` (2) `manage.py run_worker` processes serve the
   database queue: a coordinator accepts a few submitted reports and asks for a consolidated
   report version at 30%, 55% and 80% of the run (`--builds`); while the second is being
   built every task worker is SIGKILLed and started again 2 s later (`--worker-failure`); the
   workers' schedule finds the killed build (DOCUMENTS_BUILD_TIMEOUT shortened to 15 s) and
   builds it again. After the run the bench waits (up to 120 s) for every version to be
   ready; a failed, missing or stuck version counts as an error.
6. checks the database: every submit the client saw succeed is submitted there ("lost"
   otherwise), no report was submitted twice, versions match the events and the saved text is
   there; then stops gunicorn and drops the database.

It prints requests per second, p50/p95/p99 latency overall and per endpoint, and ends with

    restarts=1 retries=X
    users=N requests=R errors=E lost=L p50_ms=A p95_ms=B p99_ms=C

`errors` counts requests that failed for good (after retries), unexpected answers, users that
could not finish, and database inconsistencies; the exit status is 1 when errors or lost > 0.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import math
import os
import random
import re
import secrets
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from deadline_client import (
    Browser,
    FlowError,
    Stats,
    form_fields,
    report_state,
)
from deadline_setup import (
    HOST,
    ITEMS_PER_REPORT,
    PG_URL,
    ROOT,
    CpuMeter,
    Fixture,
    Gunicorn,
    HAProxy,
    RedisServer,
    TaskWorkers,
    build_data,
    free_port,
    pg_admin,
)

GRACE_SECONDS = 20  # after --seconds, users still finishing get this long, then are cancelled

RESULTS = [
    "Đã ban hành kế hoạch triển khai, tổ chức hội nghị quán triệt cho cán bộ, công chức và "
    "doanh nghiệp trên địa bàn; lồng ghép nội dung tăng trưởng xanh vào kế hoạch phát triển "
    "kinh tế - xã hội năm; hoàn thành khảo sát hiện trạng sử dụng năng lượng tại 45 cơ sở.",
    "Phối hợp với UBND các huyện, thị xã tuyên truyền tiết kiệm năng lượng, phân loại rác thải "
    "tại nguồn; hỗ trợ 12 doanh nghiệp áp dụng sản xuất sạch hơn, giảm 8% điện năng tiêu thụ.",
    "Triển khai chương trình trồng 150.000 cây xanh đô thị, cải tạo 3 công viên; xây dựng bộ "
    "tiêu chí công trình xanh, hướng dẫn chủ đầu tư áp dụng từ quý III.",
]
OUTPUTS = "Báo cáo đánh giá; kế hoạch triển khai; tài liệu hướng dẫn kỹ thuật."
DIFFICULTIES = (
    "Kinh phí sự nghiệp bố trí chưa kịp thời, nguồn nhân lực chuyên trách còn mỏng; nhận thức "
    "của một bộ phận doanh nghiệp về tăng trưởng xanh còn hạn chế."
)
PROPOSALS = (
    "Đề nghị UBND tỉnh bố trí kinh phí thực hiện các nhiệm vụ năm sau và chỉ đạo các sở, ngành "
    "phối hợp chia sẻ số liệu phát thải khí nhà kính."
)
GENERAL_RESULTS = (
    "Năm nay, đơn vị đã hoàn thành phần lớn nhiệm vụ được giao trong Kế hoạch hành động tăng "
    "trưởng xanh của tỉnh; các chỉ tiêu về tiết kiệm năng lượng và xử lý chất thải đạt kế hoạch."
)
RELOAD_EVERY = 10  # --board-watch live: one whole board page per 10 looks


async def think(low: float, high: float) -> None:
    await asyncio.sleep(random.uniform(low, high))


@dataclass
class UserResult:
    username: str
    report_id: int
    marker: str
    saved: bool = False  # the client saw its draft saved
    submitted: bool = False  # the client saw its report submitted
    finished: bool = False


def fill_report(fields: dict[str, str], marker: str, year: int) -> dict[str, str]:
    """Type the report as an agency would: every item and the general section."""
    data = dict(fields)
    for name in fields:
        prefix, _, field_name = name.rpartition("-")
        if not prefix.startswith("item-"):
            continue
        n = int(prefix.split("-")[1])
        value = {
            "status": "in_progress",
            "progress": str(20 + n % 70),
            "results": f"{RESULTS[n % len(RESULTS)]} {marker}",
            "outputs": OUTPUTS,
            "document_number": f"{100 + n % 800}/BC-SNTN",
            "document_date": f"{1 + n % 28:02d}/09/{year}",
            "difficulties": DIFFICULTIES,
            "proposals": PROPOSALS,
            "fund_local_budget": "150.000.000",
            "fund_central_budget": "" if n % 2 else "420.500.000",
        }.get(field_name)
        if value is not None:
            data[name] = value
    data["general_results"] = f"{GENERAL_RESULTS} {marker}"
    data["general_difficulties"] = DIFFICULTIES
    data["general_proposals"] = PROPOSALS
    return data


async def agency_user(
    base: str, stats: Stats, result: UserResult, password: str, start_in: float, pause: float
) -> None:
    """Log in, open the report, save the draft, re-open it, submit it, look at it."""
    await asyncio.sleep(start_in)
    browser = Browser(base, stats)
    report = f"/reporting/reports/{result.report_id}/"
    year = time.localtime().tm_year
    try:
        await browser.login(result.username, password, report)
        await think(0.2 * pause, 0.6 * pause)
        page = await browser.request("report_open", "GET", report)
        if page.status != 200:
            raise browser.fail("report_open", f"status {page.status}")
        for _attempt in range(3):  # a stale version (our own save replayed) is saved again
            fields = form_fields(page.text, "report-form")
            state = report_state(page.text)
            if fields is None or state is None or "version" not in fields:
                raise browser.fail("report_open", "no report form with a version field")
            await think(pause, 2 * pause)  # typing
            saved = await browser.request(
                "save_post", "POST", report, fill_report(fields, result.marker, year)
            )
            if saved.status == 302:
                break
            if saved.status == 200 and 'id="stale-current"' in saved.text:
                # The version moved on: our earlier attempt was saved before its answer was
                # lost. The page carries the new version; save again like a user would.
                stats.notes["save_stale_after_retry"] += 1
                page = saved
                continue
            raise browser.fail("save_post", f"status {saved.status}")
        else:
            raise browser.fail("save_post", "still stale after 3 saves")
        reopened = await browser.request("report_reopen", "GET", report)
        state = report_state(reopened.text)
        if reopened.status != 200 or state is None or result.marker not in reopened.text:
            raise browser.fail("report_reopen", f"status {reopened.status}: saved text missing")
        result.saved = True
        submit_fields = form_fields(reopened.text, "submit-form")
        if submit_fields is None:
            raise browser.fail("report_reopen", "no submit form for the leader")
        await think(0.5 * pause, pause)
        submit_fields["document_number"] = f"{result.report_id}/BC-SNTN"
        submit_fields["signer"] = "Nguyễn Văn Thành, Giám đốc"
        browser.retried = False
        answer = await browser.request("submit_confirm", "POST", f"{report}submit/", submit_fields)
        if answer.status == 200 and 'id="submit-confirm"' in answer.text:
            # The confirmation step (what is sent, by whom, read-only afterwards): confirm.
            confirm_fields = form_fields(answer.text, "submit-form")
            if confirm_fields is None:
                raise browser.fail("submit_confirm", "no confirmation form")
            confirm_fields["confirm"] = "1"
            await think(0.2 * pause, 0.5 * pause)
            answer = await browser.request(
                "submit_post", "POST", f"{report}submit/", confirm_fields
            )
        if answer.status == 403 and browser.retried:
            # Our first attempt went through but its answer was lost; the replay is refused
            # because the report is no longer editable. The page tells the truth.
            stats.notes["submit_replayed_403"] += 1
        elif answer.status != 302:
            raise browser.fail("submit_post", f"status {answer.status}")
        final = await browser.request("report_submitted", "GET", report)
        state = report_state(final.text)
        if final.status != 200 or state is None or state[0] != "submitted":
            raise browser.fail("report_submitted", f"status {final.status}, report {state}")
        result.submitted = True
        result.finished = True
    except FlowError:
        pass
    except (ValueError, KeyError) as exc:
        stats.error("flow", f"{result.username}: {exc!r}")
    finally:
        await browser.close()


async def coordinator(
    base: str,
    stats: Stats,
    username: str,
    password: str,
    round_id: int,
    stop_at: float,
    interval: float,
    watch: str,
) -> None:
    """Log in and watch the board every ~`interval` s until `stop_at` (monotonic).

    `watch="live"`: as the board page does in a browser, fetch its live part (counts and chart,
    htmx) and reload the whole page every RELOAD_EVERY looks; `watch="reload"`: reload the
    whole page every time."""
    await asyncio.sleep(random.uniform(0, 2))
    browser = Browser(base, stats)
    board = f"/reporting/rounds/{round_id}/"
    looks = 0
    try:
        await browser.login(username, password, board)
        while time.monotonic() < stop_at:
            if watch == "reload" or looks % RELOAD_EVERY == 0:
                page = await browser.request("board_get", "GET", board)
                if page.status != 200 or 'id="board-agencies"' not in page.text:
                    stats.error("board_get", f"status {page.status}")
            else:
                part = await browser.request("board_live", "GET", f"{board}live/", htmx=True)
                if part.status != 200 or 'id="board-counts"' not in part.text:
                    stats.error("board_live", f"status {part.status}")
            looks += 1
            await asyncio.sleep(random.uniform(0.75 * interval, 1.25 * interval))
    except FlowError:
        pass
    finally:
        await browser.close()


async def failure(
    server: Gunicorn,
    meter: CpuMeter,
    stats: Stats,
    at: float,
    mode: str,
    down: float,
    log: list[str],
) -> None:
    """Crash (or stop) gunicorn at `at` seconds into the run, restart it `down` s later."""
    await asyncio.sleep(at)
    t0 = time.monotonic()
    meter.sample(server.proc.pid if server.proc else None)
    await asyncio.to_thread(server.crash, mode)
    await asyncio.sleep(down)
    server.start()
    try:
        await asyncio.to_thread(server.wait_listening)
    except RuntimeError as exc:
        log.append(f"{mode} at {at:.0f}s, restart FAILED: {exc}")
        raise
    stats.crash = (t0, time.monotonic())
    log.append(f"{mode} at {at:.0f}s, listening again after {stats.crash[1] - t0:.1f}s")


async def report_builder(
    base: str,
    stats: Stats,
    username: str,
    password: str,
    round_id: int,
    at: list[float],
    requested: list[int],
    second_sent: asyncio.Event,
    results: list[UserResult],
) -> None:
    """A coordinator generating the consolidated report at the given seconds into the run, as
    DPI does while the reports come in: first it accepts a few submitted reports (the review
    form, confirmed), then asks for a new version, built by a task worker."""
    browser = Browser(base, stats)
    page_path = f"/documents/rounds/{round_id}/"
    start = time.monotonic()
    accepted: set[int] = set()
    try:
        await browser.login(username, password, page_path)
        for n, moment in enumerate(at):
            await asyncio.sleep(max(0.0, start + moment - time.monotonic()))
            waiting = [r for r in results if r.submitted and r.report_id not in accepted][:3]
            for result in waiting:
                report = f"/reporting/reports/{result.report_id}/"
                page = await browser.request("review_get", "GET", report)
                review = form_fields(page.text, "review-form") if page.status == 200 else None
                if review is None:
                    raise browser.fail("review_get", f"status {page.status}: no review form")
                review.update(decision="accept", comment="", confirm="1")
                answer = await browser.request("accept_post", "POST", f"{report}review/", review)
                if answer.status != 302:
                    raise browser.fail("accept_post", f"status {answer.status}")
                accepted.add(result.report_id)
            page = await browser.request("consolidation_get", "GET", page_path)
            fields = form_fields(page.text, "narrative-form") if page.status == 200 else None
            if fields is None:
                raise browser.fail("consolidation_get", f"status {page.status}: no form")
            fields["overview"] = f"Đánh giá chung, lần {n + 1}."
            answer = await browser.request("generate_post", "POST", page_path, fields)
            if answer.status != 302:
                raise browser.fail("generate_post", f"status {answer.status}")
            requested.append(n + 1)
            if n == 1:
                second_sent.set()
    except FlowError:
        pass
    finally:
        second_sent.set()
        await browser.close()


def _a_build_is_running() -> bool:
    from django.db import connection

    from documents.models import ConsolidatedReport

    try:
        return ConsolidatedReport.objects.filter(build=ConsolidatedReport.Build.RUNNING).exists()
    finally:
        connection.close()


async def worker_crash(workers: TaskWorkers, second_sent: asyncio.Event, log: list[str]) -> None:
    """Once the second version is asked for: SIGKILL every task worker while it is being built
    (or after 30 s if none was seen building), start them again 2 s later."""
    await second_sent.wait()
    deadline = time.monotonic() + 30
    caught = False
    while time.monotonic() < deadline:
        if await asyncio.to_thread(_a_build_is_running):
            caught = True
            break
        await asyncio.sleep(0.05)
    await asyncio.to_thread(workers.kill)
    await asyncio.sleep(2.0)
    workers.start()
    log.append(
        "task workers SIGKILLed "
        + ("while a consolidated report was being built" if caught else "(no build was running)")
        + ", started again 2 s later"
    )


async def run_load(
    base: str,
    fixture: Fixture,
    args: argparse.Namespace,
    servers: list[Gunicorn],
    stats: Stats,
    meter: CpuMeter,
    workers: TaskWorkers | None = None,
    requested: list[int] | None = None,
) -> tuple[list[UserResult], list[str]]:
    seconds = args.seconds
    ramp = 0.7 * seconds
    pause = min(2.0, max(0.2, seconds / 80))  # think time scale: ~1.5 s at 120 s
    results = [
        UserResult(username, report_id, f"[bench:{username}:{secrets.token_hex(3)}]")
        for username, report_id in fixture.users
    ]
    start = time.monotonic()
    stats.first = start
    stop_at = start + seconds
    failure_log: list[str] = []
    tasks = [
        asyncio.create_task(
            agency_user(base, stats, r, fixture.password, i * ramp / len(results), pause)
        )
        for i, r in enumerate(results)
    ]
    tasks += [
        asyncio.create_task(
            coordinator(
                base,
                stats,
                c,
                fixture.password,
                fixture.round_id,
                stop_at,
                args.board_interval,
                args.board_watch,
            )
        )
        for c in fixture.coordinators
    ]
    second_sent = asyncio.Event()
    if workers is not None and fixture.coordinators and args.builds:
        moments = [seconds * (0.3 + 0.5 * k / max(1, args.builds - 1)) for k in range(args.builds)]
        tasks.append(
            asyncio.create_task(
                report_builder(
                    base,
                    stats,
                    fixture.coordinators[0],
                    fixture.password,
                    fixture.round_id,
                    moments,
                    requested if requested is not None else [],
                    second_sent,
                    results,
                )
            )
        )
        if args.worker_failure == "kill" and args.builds >= 2:
            tasks.append(asyncio.create_task(worker_crash(workers, second_sent, failure_log)))
    chaos = None
    if args.failure != "none":
        chaos = asyncio.create_task(
            failure(
                servers[0], meter, stats, args.failure_at * seconds, args.failure, 2.0, failure_log
            )
        )

    def sample_all() -> None:
        for server in servers:
            meter.sample(server.proc.pid if server.proc else None)

    async def sample_cpu() -> None:
        while True:
            sample_all()
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample_cpu())
    done, pending = await asyncio.wait(tasks, timeout=seconds + GRACE_SECONDS)
    sampler.cancel()
    sample_all()
    for task in pending:
        task.cancel()
    await asyncio.gather(*pending, return_exceptions=True)
    if chaos is not None:
        # The server must be back for the checks; a failed restart is reported, not raised.
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(asyncio.shield(chaos), timeout=90)
        if not chaos.done():
            chaos.cancel()
            stats.error("restart", "the failure task did not finish")
        elif chaos.exception() is not None:
            stats.error("restart", repr(chaos.exception()))
    for task in done:
        if task.exception() is not None:
            stats.error("flow", repr(task.exception()))
    return results, failure_log


# --- the checks in the database ------------------------------------------------------------


def check_database(round_id: int, results: list[UserResult]) -> dict[str, Any]:
    from django.db.models import Count, Q

    from reporting.models import AgencyReport, ReportEvent, ReportStatus

    done = {ReportStatus.SUBMITTED, ReportStatus.RETURNED, ReportStatus.ACCEPTED}
    reports = {
        r.pk: r
        for r in AgencyReport.objects.filter(round_id=round_id)
        .select_related("submitted_by")
        .annotate(
            saves=Count("events", filter=Q(events__action=ReportEvent.Action.SAVED)),
            submits=Count("events", filter=Q(events__action=ReportEvent.Action.SUBMITTED)),
            reviews=Count(
                "events",
                filter=Q(
                    events__action__in=[ReportEvent.Action.ACCEPTED, ReportEvent.Action.RETURNED]
                ),
            ),
        )
        .prefetch_related("items")
    }
    lost, unsaved, inconsistent = [], [], []
    for result in results:
        report = reports[result.report_id]
        if result.submitted and report.status not in done:
            lost.append(result.username)
        if result.saved and not (
            result.marker in report.general_results
            and all(result.marker in item.results for item in report.items.all())
        ):
            unsaved.append(result.username)
    for report in reports.values():
        problems = []
        if report.version != 1 + report.saves + report.submits + report.reviews:
            problems.append(
                f"version {report.version}, {report.saves}+{report.submits}+{report.reviews} "
                "events (saves, submissions, reviews)"
            )
        if report.submits > 1:
            problems.append(f"submitted {report.submits} times")
        if report.status in done and not (
            report.submitted_at and report.first_submitted_at and report.submitted_by
        ):
            problems.append("submitted without date or submitter")
        elif (
            report.status in done
            and report.submitted_by is not None  # always, after the branch above
            and report.submitted_by.organisation_id != report.organisation_id
        ):
            problems.append("submitted by another agency")
        if problems:
            inconsistent.append(f"report {report.pk}: " + "; ".join(problems))
    return {
        "submitted_in_db": sum(1 for r in reports.values() if r.status in done),
        "acknowledged": sum(1 for r in results if r.submitted),
        "lost": lost,
        "unsaved": unsaved,
        "inconsistent": inconsistent,
        "double": sum(1 for r in reports.values() if r.submits > 1),
    }


def wait_for_builds(round_id: int, timeout: float) -> dict[str, Any]:
    """Until no version of the round is queued or being built (bounded), then its figures."""
    from django.db import connection

    from documents.models import ConsolidatedReport

    deadline = time.monotonic() + timeout
    while stuck_builds() and time.monotonic() < deadline:
        connection.close()
        time.sleep(0.5)
    versions = list(ConsolidatedReport.objects.filter(round_id=round_id))
    failed = [v for v in versions if v.build == ConsolidatedReport.Build.FAILED]
    return {
        "versions": len(versions),
        "ready": sum(1 for v in versions if v.build == ConsolidatedReport.Build.READY),
        "failed": len(failed),
        "reasons": sorted({v.error for v in failed}),
        "retried": sum(1 for v in versions if v.attempt > 1),
        "stuck": stuck_builds(),
    }


def stuck_builds() -> int:
    """Consolidated report versions still queued or being built at the end."""
    from documents.models import ConsolidatedReport

    building = [ConsolidatedReport.Build.QUEUED, ConsolidatedReport.Build.RUNNING]
    return ConsolidatedReport.objects.filter(build__in=building).count()


# --- figures -------------------------------------------------------------------------------


def pct(values: list[float], p: float) -> float:
    """Percentile (nearest rank, in ms) of latencies in seconds."""
    if not values:
        return 0.0
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, math.ceil(p / 100 * len(ordered)) - 1))
    return ordered[k] * 1000


ENDPOINTS = [
    "login_get", "login_post", "report_open", "save_post", "report_reopen", "submit_confirm",
    "submit_post",
    "report_submitted", "board_get", "board_live", "review_get", "accept_post",
    "consolidation_get", "generate_post",
]  # fmt: skip


RECOVERY_SECONDS = 15  # after the restart, the requests held up by the crash are served


def by_phase(stats: Stats) -> str:
    """p50/p95 of the requests started before the crash, during it or in the RECOVERY_SECONDS
    after the server was back, and after that."""
    assert stats.crash is not None  # called only for a run with a crash
    killed, back = stats.crash
    phases: dict[str, list[float]] = {"before": [], "crash+recovery": [], "after": []}
    for started, seconds in stats.timeline:
        if started < killed:
            phase = "before"
        elif started < back + RECOVERY_SECONDS:
            phase = "crash+recovery"
        else:
            phase = "after"
        phases[phase].append(seconds)
    phases["outside the crash window"] = phases["before"] + phases["after"]
    return "; ".join(
        f"{name} n={len(values)} p50={pct(values, 50):.0f} p95={pct(values, 95):.0f} "
        f"p99={pct(values, 99):.0f}"
        for name, values in phases.items()
    )


def print_table(stats: Stats) -> None:
    print(f"{'endpoint':<17} {'count':>6} {'errors':>6} {'retries':>7} "
          f"{'p50_ms':>7} {'p95_ms':>7} {'p99_ms':>7} {'max_ms':>7}")  # fmt: skip
    names = ENDPOINTS + sorted(set(stats.latencies) - set(ENDPOINTS))
    for name in names:
        values = stats.latencies.get(name, [])
        if not values and not stats.errors[name]:
            continue
        print(
            f"{name:<17} {len(values):>6} {stats.errors[name]:>6} {stats.retries[name]:>7} "
            f"{pct(values, 50):>7.0f} {pct(values, 95):>7.0f} {pct(values, 99):>7.0f} "
            f"{max(values, default=0) * 1000:>7.0f}"
        )


def load_line() -> str:
    one, five, fifteen = os.getloadavg()
    return f"load average {one:.2f} {five:.2f} {fifteen:.2f} ({os.cpu_count()} cores)"


# --- main ----------------------------------------------------------------------------------


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=200, help="agency users (one per agency)")
    parser.add_argument("--seconds", type=int, default=120, help="length of the run")
    parser.add_argument("--coordinators", type=int, default=5, help="coordinators on the board")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1,
        help="gunicorn workers in all (split between the app servers)",
    )  # fmt: skip
    parser.add_argument(
        "--servers", type=int, choices=[1, 2], default=1,
        help="2: two gunicorn app servers behind HAProxy (Debian's); the first one is killed",
    )  # fmt: skip
    parser.add_argument(
        "--cache", choices=["redis", "file"], default="redis",
        help="redis: a redis-server of the bench's own (CACHE_URL=redis://...); file: a folder",
    )  # fmt: skip
    parser.add_argument("--threads", type=int, default=1, help=">1: gthread workers")
    parser.add_argument(
        "--failure", choices=["kill", "term", "none"], default="kill",
        help="kill: SIGKILL gunicorn (crash); term: graceful SIGTERM; none: no failure",
    )  # fmt: skip
    parser.add_argument("--failure-at", type=float, default=0.4, help="fraction of the run")
    parser.add_argument("--board-interval", type=float, default=2.0, help="seconds")
    parser.add_argument(
        "--board-watch", choices=["live", "reload"], default="live",
        help="live: poll the board's live part, reload the page every 10th look (as the page "
        "does, 15 times as often); reload: reload the whole page every time",
    )  # fmt: skip
    parser.add_argument(
        "--task-workers", type=int, default=2,
        help="manage.py run_worker processes (database queue) building the consolidated reports",
    )  # fmt: skip
    parser.add_argument(
        "--builds", type=int, default=3,
        help="consolidated report versions a coordinator generates during the run (30%%-80%%)",
    )  # fmt: skip
    parser.add_argument(
        "--worker-failure", choices=["kill", "none"], default="kill",
        help="kill: SIGKILL every task worker while the second version is being built",
    )  # fmt: skip
    parser.add_argument("--conn-max-age", type=int, default=0, help="DB_CONN_MAX_AGE")
    parser.add_argument("--db", default="greenplan_bench", help="database, dropped and created")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args()
    if not re.fullmatch(r"greenplan_bench\w*", args.db):
        parser.error("--db must start with greenplan_bench (it is dropped)")
    if not (1 <= args.users <= 2000 and 5 <= args.seconds <= 3600 and 0 <= args.coordinators):
        parser.error("--users 1..2000, --seconds 5..3600")
    if args.workers < args.servers:
        parser.error("--workers: at least one per app server")
    return args


def main() -> int:
    args = parse_args()
    random.seed(args.seed)
    tmp = Path(tempfile.mkdtemp(prefix="greenplan-bench-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "greenplan.settings",
        "DATABASE_URL": f"{PG_URL}/{args.db}",
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "STATIC_ROOT": str(tmp / "static"),
        "MEDIA_ROOT": str(tmp / "media"),
        "DB_CONN_MAX_AGE": str(args.conn_max_age),
        # One cache shared by the workers (and the app servers: Redis, docs/deploy.md): the
        # board's chart is drawn once per state of the round, not once per worker.
        "CACHE_URL": f"file://{tmp / 'cache'}",
        "LOG_LEVEL": "WARNING",
        "DOCUMENTS_SOFFICE": "",  # no PDF step: the bench measures the app, not LibreOffice
        "PYTHONPATH": str(ROOT),
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))

    # SIGTERM (and SIGHUP) clean up like Ctrl-C does.
    def interrupted(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGHUP, interrupted)

    servers: list[Gunicorn] = []
    workers: TaskWorkers | None = None
    balancer: HAProxy | None = None
    redis: RedisServer | None = None
    created = False
    try:
        if args.cache == "redis":
            redis = RedisServer(tmp / "redis")
            redis.start()
            env["CACHE_URL"] = os.environ["CACHE_URL"] = redis.url
        print(f"machine: {load_line()}", flush=True)
        t0 = time.monotonic()
        pg_admin(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        pg_admin(f'CREATE DATABASE "{args.db}"')
        created = True
        import django

        django.setup()
        from django.core.management import call_command
        from django.db import connections

        call_command("migrate", verbosity=0, interactive=False)
        call_command("collectstatic", verbosity=0, interactive=False)
        fixture = build_data(args.users, args.coordinators)
        connections.close_all()
        print(
            f"setup: {args.users} agency users, {args.coordinators} coordinators, "
            f"{ITEMS_PER_REPORT} items per report, round {fixture.round_id} "
            f"({time.monotonic() - t0:.1f}s)",
            flush=True,
        )

        ports = [free_port() for _ in range(args.servers)]
        shares = [args.workers // args.servers + (i < args.workers % args.servers)
                  for i in range(args.servers)]  # fmt: skip
        for i, (port, share) in enumerate(zip(ports, shares, strict=True)):
            server = Gunicorn(port, env, share, args.threads, tmp / f"gunicorn-{i + 1}.log")
            servers.append(server)
            server.start()
        for server in servers:
            server.wait_ready()
        if args.servers > 1:
            front = free_port()
            balancer = HAProxy(front, ports, tmp)
            balancer.start()
            base = f"http://{HOST}:{front}"
        else:
            base = f"http://{HOST}:{ports[0]}"
        print(
            f"gunicorn: {len(servers)} app server(s) with {'+'.join(map(str, shares))} workers"
            + (f" x {args.threads} threads" if args.threads > 1 else "")
            + (f", behind HAProxy at {base}" if balancer else f" at {base}")
            + f", DB_CONN_MAX_AGE={args.conn_max_age}, CACHE_URL={env['CACHE_URL']}",
            flush=True,
        )
        if args.task_workers:
            # A killed build is found by the workers' schedule once its last progress is
            # older than DOCUMENTS_BUILD_TIMEOUT (shortened here, 600 s in production).
            worker_env = {**env, "DOCUMENTS_BUILD_TIMEOUT": "15", "STALLED_BUILDS_EVERY": "5"}
            workers = TaskWorkers(args.task_workers, worker_env, tmp / "workers")
            workers.start()
        print(
            f"task workers: {args.task_workers} (database queue), {args.builds} consolidated "
            f"report versions asked for during the run"
            + (", every worker SIGKILLed during the second build" if args.task_workers
               and args.worker_failure == "kill" and args.builds >= 2 else ""),
            flush=True,
        )  # fmt: skip

        stats = Stats()
        meter = CpuMeter()
        requested: list[int] = []
        results, failure_log = asyncio.run(
            run_load(base, fixture, args, servers, stats, meter, workers, requested)
        )
        builds = wait_for_builds(fixture.round_id, timeout=120) if workers else None
        elapsed = max(stats.last - stats.first, 1e-9)
        print(f"machine: {load_line()}")
        for line in failure_log:
            print(f"failure: {line}")

        db = check_database(fixture.round_id, results)
        stuck = stuck_builds()
        connections.close_all()
        unfinished = sum(1 for r in results if not r.finished)
        for sample in stats.error_samples:
            print(f"error: {sample}")
        for name in ("lost", "unsaved", "inconsistent"):
            for sample in db[name][:10]:
                print(f"{name}: {sample}")

        all_latencies = [v for values in stats.latencies.values() for v in values]
        without_login = [
            v for name, values in stats.latencies.items() if name != "login_post" for v in values
        ]
        requests = len(all_latencies)
        request_errors = sum(stats.errors.values())
        errors = request_errors + len(db["unsaved"]) + len(db["inconsistent"])
        if unfinished and not request_errors:
            errors += unfinished  # cancelled at the deadline without a failed request
        retries = sum(stats.retries.values())
        print()
        print_table(stats)
        print()
        print(f"requests per second: {requests / elapsed:.1f} ({requests} in {elapsed:.1f}s)")
        print(meter.report(requests))
        print(
            f"latency ms: p50={pct(all_latencies, 50):.0f} p95={pct(all_latencies, 95):.0f} "
            f"p99={pct(all_latencies, 99):.0f}; without login_post: "
            f"p50={pct(without_login, 50):.0f} p95={pct(without_login, 95):.0f} "
            f"p99={pct(without_login, 99):.0f}"
        )
        if stats.crash:
            print(f"latency ms by phase: {by_phase(stats)}")
        print(
            f"users finished={args.users - unfinished}/{args.users}; "
            f"submitted in db={db['submitted_in_db']}, acknowledged to clients="
            f"{db['acknowledged']}, lost={len(db['lost'])}, double submits={db['double']}, "
            f"unsaved drafts={len(db['unsaved'])}, inconsistent reports={len(db['inconsistent'])}"
        )
        notes = ", ".join(f"{k}={v}" for k, v in sorted(stats.notes.items())) or "none"
        print(f"errors={errors} (requests {request_errors}); replays seen: {notes}")
        restarts = sum(1 for line in failure_log if "listening again" in line)
        if builds is not None:
            print(
                f"consolidated reports: asked for={len(requested)}, versions={builds['versions']}, "
                f"ready={builds['ready']}, failed={builds['failed']} "
                f"(reasons: {'; '.join(builds['reasons']) or 'none'}), built in more than one "
                f"attempt={builds['retried']}, stuck={builds['stuck']}"
            )
            errors += builds["failed"] + (len(requested) != builds["versions"])
        print(f"restarts={restarts} retries={retries} stuck builds={stuck}")
        print(
            f"users={args.users} requests={requests} errors={errors} lost={len(db['lost'])} "
            f"p50_ms={pct(all_latencies, 50):.0f} p95_ms={pct(all_latencies, 95):.0f} "
            f"p99_ms={pct(all_latencies, 99):.0f}",
            flush=True,
        )
        return 1 if errors or db["lost"] or stuck else 0
    except KeyboardInterrupt:
        print("interrupted: cleaning up", file=sys.stderr)
        return 130
    finally:
        if workers is not None:
            workers.stop()
        if balancer is not None:
            balancer.stop()
        for server in servers:
            server.stop()
            log = server.log.read_text(errors="replace").strip().splitlines()
            if log:
                print(f"{server.log.name} (last lines):", file=sys.stderr)
                for line in log[-15:]:
                    print(f"  {line}", file=sys.stderr)
        if redis is not None:
            redis.stop()
        if created:
            with contextlib.suppress(Exception):
                from django.db import connections

                connections.close_all()
            pg_admin(f'DROP DATABASE IF EXISTS "{args.db}" WITH (FORCE)')
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
