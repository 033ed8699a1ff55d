"""The demo reporting rounds of Bình Dương, played through the actions with the demo users.

2018: most agencies reported; DONRE, DPI and DARD accepted on time, DOC accepted but late,
DOIT returned with comments, DOST still drafting, the rest missing.
2019: carried over from 2018; fewer reports so far (DPI accepted, DARD awaiting review,
DONRE drafting; the rest missing). Idempotent: a round that exists is left alone.
The other provinces' 2018-2020 rounds (demo/provinces.py) and the 2021-2030 generation's
(demo/generation_2021.py) are played the same way by `play_round` from their tables.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from demo import data, generation_2021
from demo.provinces import PROVINCES, Play
from plans.models import ItemKind, Plan
from reporting import actions
from reporting.actions import ItemChanges
from reporting.models import AgencyReport, ReportingRound


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(username: str):
    return get_user_model().objects.get(username=username)


def _fill(report: AgencyReport, user, at: datetime.datetime, *, year: int, done: bool) -> None:
    """Write a plausible draft: tasks completed (with results), activities in progress."""
    items = {}
    for n, item in enumerate(report.items.select_related("plan_item").order_by("position")):
        task = item.plan_item.kind == ItemKind.TASK
        if task and done:
            values = {
                "status": "completed",
                "progress": 100,
                "results": f"Đã hoàn thành trong năm {year}: "
                f"{item.plan_item.deliverable or 'sản phẩm theo kế hoạch'}.",
                "outputs": "Báo cáo, văn bản trình UBND tỉnh",
                "document_number": f"{100 + n}/{report.organisation.short_name or 'CQ'}",
                "document_date": datetime.date(year, 9, 15),
            }
            funds: dict[str, Decimal | None] = {
                "local_budget": Decimal(150_000_000 + 10_000_000 * n)
            }
        elif n % 5 == 4:
            values = {"status": "not_applicable", "results": "Chưa có yêu cầu của Bộ, ngành."}
            funds = {}
        else:
            progress = min(90, (item.progress or 0) + 30 + 5 * (n % 4))
            values = {
                "status": "in_progress",
                "progress": progress,
                "results": f"Đang triển khai; lồng ghép vào kế hoạch phát triển KT-XH năm {year}.",
                "difficulties": "Kinh phí bố trí chưa kịp thời." if n % 3 == 0 else "",
            }
            funds = {"local_budget": Decimal(50_000_000)} if n % 2 == 0 else {}
        items[item.pk] = ItemChanges(values, funds)
    actions.save_draft(
        report,
        user=user,
        version=report.version,
        general={
            "general_results": "Cơ quan đã triển khai các nhiệm vụ tăng trưởng xanh được giao "
            f"năm {year}.",
            "general_difficulties": "Nguồn nhân lực và kinh phí còn hạn chế.",
            "general_proposals": "Đề nghị UBND tỉnh bố trí kinh phí sự nghiệp môi trường.",
        },
        items=items,
        at=at,
    )


def _report(round_: ReportingRound, code: str) -> AgencyReport | None:
    return round_.reports.filter(organisation__code=code).first()


def play_round(
    plan: Plan,
    year: int,
    *,
    coordinator,
    opened_on: datetime.date,
    plays: list[Play],
) -> ReportingRound:
    """Open `plan`'s round for `year` and play each agency's report to its outcome: "draft"
    (written, not submitted), "submit" (awaiting review), "accept" or "return" (reviewed three
    days after submission). Agencies without a play have not started."""
    r = actions.open_round(plan, year, user=coordinator, at=_at(opened_on))
    for code, writer, submitter, day, outcome in plays:
        report = _report(r, code)
        if report is None:
            continue
        written = (day or datetime.date(year, 10, 15)) - datetime.timedelta(days=3)
        _fill(report, _user(writer), _at(written), year=year, done=outcome == "accept")
        if submitter is None:
            continue
        assert day is not None  # every submitted play has its day
        actions.submit_report(
            report,
            user=_user(submitter),
            document_number=f"{200 + len(code)}/BC-{code.upper()}",
            signer=_user(submitter).get_full_name(),
            at=_at(day, 15),
        )
        review_at = _at(day + datetime.timedelta(days=3), 10)
        if outcome == "accept":
            actions.accept_report(report, user=coordinator, at=review_at)
        elif outcome == "return":
            first = report.items.select_related("plan_item").order_by("position").first()
            assert first is not None
            actions.return_report(
                report,
                user=coordinator,
                comment="Đề nghị bổ sung số liệu kinh phí đã sử dụng và kết quả cụ thể.",
                item_comments={first.pk: "Nêu rõ sản phẩm đã hoàn thành và văn bản ban hành."},
                at=review_at,
            )
    return r


def load_plan_rounds(
    number: str, coordinator: str, plays_by_year: dict[int, list[Play]]
) -> list[str]:
    """The rounds of plan `number` played by year (the other demo provinces' 2018-2020 plans,
    the 2021-2030 generation); a round that exists is left alone."""
    plan = Plan.objects.filter(number=number).first()
    if plan is None:
        return [f"reporting: no plan {number}"]
    log = []
    for year, plays in sorted(plays_by_year.items()):
        if plan.rounds.filter(year=year).exists():
            log.append(f"reporting round {number} {year}: already loaded")
            continue
        r = play_round(
            plan,
            year,
            coordinator=_user(coordinator),
            opened_on=datetime.date(year, 9, 5),
            plays=plays,
        )
        log.append(f"reporting round {number} {year}: {r.reports.count()} reports expected")
    return log


def load_demo_rounds() -> list[str]:
    """Create the 2018 and 2019 rounds if missing; return log lines."""
    plan = Plan.objects.filter(number=data.PROVINCIAL_PLAN).first()
    if plan is None:
        return ["reporting: no provincial plan"]
    log = []
    coordinator = _user("dpi.coordinator")
    admin = _user("admin")
    if plan.rounds.filter(year=2018).exists():
        log.append("reporting round 2018: already loaded")
    else:
        d = datetime.date
        # (org, writer, submitter, submitted on, outcome)
        plays: list[Play] = [
            (data.DONRE, "donre.staff", "donre.leader", d(2018, 10, 18), "accept"),
            (data.DPI, "dpi.coordinator", "dpi.coordinator", d(2018, 10, 24), "accept"),
            ("bd-snnptnt", "admin", "admin", d(2018, 10, 23), "accept"),
            ("bd-sxd", "admin", "admin", d(2018, 11, 2), "accept"),  # late
            ("bd-sct", "doit.staff", "doit.leader", d(2018, 10, 20), "return"),
            ("bd-skhcn", "admin", None, None, "draft"),
        ]
        r = play_round(plan, 2018, coordinator=coordinator, opened_on=d(2018, 9, 4), plays=plays)
        log.append(f"reporting round 2018: {r.reports.count()} reports expected")
    if plan.rounds.filter(year=2019).exists():
        log.append("reporting round 2019: already loaded")
    else:
        r = actions.open_round(plan, 2019, user=coordinator, at=_at(datetime.date(2019, 9, 3)))
        dpi = _report(r, data.DPI)
        assert dpi is not None  # the DPI reports in every round
        _fill(dpi, coordinator, _at(datetime.date(2019, 10, 16)), year=2019, done=True)
        actions.submit_report(dpi, user=coordinator, at=_at(datetime.date(2019, 10, 21), 16))
        actions.accept_report(dpi, user=coordinator, at=_at(datetime.date(2019, 10, 23)))
        dard = _report(r, "bd-snnptnt")
        if dard is not None:
            _fill(dard, admin, _at(datetime.date(2019, 10, 20)), year=2019, done=True)
            actions.submit_report(dard, user=admin, at=_at(datetime.date(2019, 10, 24), 11))
        log.append(f"reporting round 2019: {r.reports.count()} reports expected")
    for province in PROVINCES:
        by_year = {
            year: [(province.org(code), w, s, day, o) for code, w, s, day, o in year_plays]
            for year, year_plays in province.plays.items()
        }
        log.extend(load_plan_rounds(province.plan_number, province.coordinator, by_year))
    for number, (coordinator, by_year) in generation_2021.ROUNDS.items():
        log.extend(load_plan_rounds(number, coordinator, by_year))
    return log


def _round_summary(round_: ReportingRound) -> str:
    """'7 reports expected (hcm-sct, ...): 3 accepted, 1 late, ...' for the console."""
    reports = list(round_.reports.select_related("organisation").order_by("organisation__code"))
    by_status: dict[str, int] = {}
    for report in reports:
        by_status[report.status] = by_status.get(report.status, 0) + 1
    late = sum(
        1 for r in reports if r.submitted_at is not None and r.submitted_at.date() > round_.deadline
    )
    states = ", ".join(f"{count} {status}" for status, count in sorted(by_status.items()))
    codes = ", ".join(r.organisation.code for r in reports)
    return f"{len(reports)} reports expected ({codes}): {states}; {late} late"


def load_rounds_after_restructuring() -> list[str]:
    """The 2025 rounds of Hồ Chí Minh City after the merger (generation_2021.ROUNDS_AFTER_MERGER):
    its own 3797/QĐ-UBND and Bình Dương's 3961/KH-UBND, continued under the city. Run after the
    2025 restructuring, so that the expected reports are those of the organisations existing on
    the deadline. A round that exists is left alone."""
    log = []
    for number, (coordinator, by_year) in generation_2021.ROUNDS_AFTER_MERGER.items():
        plan = Plan.objects.filter(number=number).first()
        if plan is None:
            log.append(f"reporting: no plan {number}")
            continue
        for year, plays in sorted(by_year.items()):
            if plan.rounds.filter(year=year).exists():
                log.append(f"reporting round {number} {year}: already loaded")
                continue
            r = play_round(
                plan,
                year,
                coordinator=_user(coordinator),
                opened_on=datetime.date(year, 9, 5),
                plays=plays,
            )
            focal_point = plan.focal_point.code if plan.focal_point else "—"
            log.append(
                f"reporting round {number} {year} (after the merger, coordinated by "
                f"{focal_point}): {_round_summary(r)}"
            )
    return log
