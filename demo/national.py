"""The national chain of the demo, played through the actions: the ministry's coordinator
opens the national rounds 2018, 2019 and 2020 of 403/QĐ-TTg; for each province with a
provincial round of that year, DPI generates its consolidated report and submits it to the
People's Committee, whose leader approves it with a number (it travels to the ministry), and
the ministry accepts or returns it, as SCENARIOS says per province and year (demo choices,
not facts). Generic over the provinces: those without a scenario are approved and accepted
on time; those without a provincial round stay missing. Idempotent: a national round that
exists is left alone.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from accounts.models import Role
from documents import actions as documents
from documents.models import ConsolidatedReport
from orgs.models import Organisation
from plans.models import Plan, PlanLevel
from reporting import actions as reporting
from reporting.models import AgencyReport, ReportingRound, ReportStatus

NATIONAL_PLAN = "403/QĐ-TTg"
YEARS = (2018, 2019, 2020)
MINISTRY = "bo-khdt"  # the focal point of 403/QĐ-TTg until 28/02/2025

# What happens to a province's report each year (demo choices):
# "accepted": approved and accepted on time; "late": approved after the national deadline,
# accepted; "returned": returned by the ministry with comments; "sent": approved and sent,
# awaiting the ministry; "to_approve": DPI submitted it, the leader has not decided;
# "missing": nothing reaches the ministry.
SCENARIOS: dict[str, dict[int, str]] = {
    "ubnd-binh-duong": {2018: "accepted", 2019: "returned", 2020: "missing"},
    "ubnd-ba-ria-vung-tau": {2018: "late", 2019: "sent", 2020: "to_approve"},
    "ubnd-tp-hcm": {2018: "accepted", 2019: "accepted", 2020: "missing"},
}
# The province leaders of the demo (fixed names shared with the demo helper), made only when
# missing: (username, province code, full name, signs as).
LEADERS = {
    "ubnd-binh-duong": ("bd.leader", "Phạm Văn Đông", ConsolidatedReport.Authority.VICE_CHAIRMAN),
    "ubnd-ba-ria-vung-tau": (
        "brvt.leader",
        "Lê Thị Thu",
        ConsolidatedReport.Authority.VICE_CHAIRMAN,
    ),
    "ubnd-tp-hcm": ("hcm.leader", "Võ Minh Quang", ConsolidatedReport.Authority.CHAIRMAN),
}
COORDINATOR = ("mpi.coordinator", MINISTRY, "Hoàng Thị Mai")
NUMBERS = {"ubnd-binh-duong": 125, "ubnd-ba-ria-vung-tau": 212, "ubnd-tp-hcm": 3051}


def _at(day: datetime.date, hour: int = 9) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour)))


def _user(username: str, organisation: Organisation, role: str, full_name: str):
    """The demo user, made if missing (the demo helper makes the same ones)."""
    from demo import data

    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is not None:
        return user
    family, _sep, given = full_name.rpartition(" ")
    user = User(
        username=username,
        organisation=organisation,
        role=role,
        first_name=family,
        last_name=given,
        email=f"{username}@demo.example",
    )
    user.set_password(data.DEMO_PASSWORD)
    user.save()
    return user


def _leader(province: Organisation):
    known = LEADERS.get(province.code)
    if known is None:
        return get_user_model().objects.filter(
            organisation=province, role=Role.PROVINCE_LEADER, is_active=True
        ).first(), ConsolidatedReport.Authority.VICE_CHAIRMAN
    username, name, authority = known
    return _user(username, province, Role.PROVINCE_LEADER, name), authority


def _coordinator_of(plan: Plan):
    focal = plan.focal_point
    return (
        get_user_model()
        .objects.filter(organisation=focal, role=Role.COORDINATOR, is_active=True)
        .order_by("pk")
        .first()
        if focal
        else None
    )


def _play(national_report: AgencyReport, provincial: ReportingRound, scenario: str, ministry):
    """One province's year: returns a word for the log."""
    year = provincial.year
    province = national_report.organisation
    coordinator = _coordinator_of(provincial.plan)
    leader, authority = _leader(province)
    if scenario == "missing" or coordinator is None or leader is None:
        return "missing"
    if not provincial.reports.filter(status=ReportStatus.ACCEPTED).exists():
        return "missing (nothing accepted)"
    late = scenario == "late"
    generated = datetime.date(year, 11, 20 if late else 5)
    version = documents.generate_consolidated_report(provincial, user=coordinator, background=False)
    documents.submit_to_leader(version, user=coordinator, at=_at(generated, 15))
    if scenario == "to_approve":
        return "awaiting the People's Committee"
    approved_on = datetime.date(year, 12, 28 if late else 10)
    number = NUMBERS.get(province.code, 100) + year - 2018
    version = documents.approve_consolidated_report(
        version,
        user=leader,
        issued_number=str(number),
        issued_on=approved_on,
        signer_name=leader.get_full_name() or leader.username,
        signature_authority=authority,
        at=_at(approved_on, 10),
    )
    national_report.refresh_from_db()
    review_at = _at(approved_on + datetime.timedelta(days=7))
    if scenario == "sent":
        return "sent, awaiting the ministry"
    if scenario == "returned":
        first = national_report.items.select_related("plan_item").order_by("position").first()
        reporting.return_report(
            national_report,
            user=ministry,
            comment="Đề nghị bổ sung kinh phí đã sử dụng theo nguồn vốn (dữ liệu demo).",
            item_comments={first.pk: "Nêu rõ sản phẩm đã hoàn thành."} if first else {},
            at=review_at,
        )
        return "returned by the ministry"
    reporting.accept_report(national_report, user=ministry, at=review_at)
    return "accepted" + (" (late)" if late else "")


def load_demo_national() -> list[str]:
    """The national rounds, if missing; return log lines."""
    national = Plan.objects.filter(number=NATIONAL_PLAN, level=PlanLevel.NATIONAL).first()
    ministry_org = Organisation.objects.filter(code=MINISTRY).first()
    if national is None or ministry_org is None:
        return ["national rounds: no national plan or ministry"]
    username, _code, name = COORDINATOR
    ministry = _user(username, ministry_org, Role.COORDINATOR, name)
    log = []
    for year in YEARS:
        if national.rounds.filter(year=year).exists():
            log.append(f"national round {year}: already loaded")
            continue
        round_ = reporting.open_round(
            national,
            year,
            user=ministry,
            deadline=datetime.date(year, 12, 15),
            at=_at(datetime.date(year, 10, 1)),
        )
        states = []
        for report in round_.reports.select_related("organisation").order_by("organisation__code"):
            provincial = (
                ReportingRound.objects.filter(
                    plan__parent=national, plan__territory=report.organisation, year=year
                )
                .select_related("plan__focal_point", "plan__territory")
                .first()
            )
            if provincial is None:
                states.append(f"{report.organisation.code} missing (no provincial round)")
                continue
            scenario = SCENARIOS.get(report.organisation.code, {}).get(year, "accepted")
            states.append(
                f"{report.organisation.code} {_play(report, provincial, scenario, ministry)}"
            )
        log.append(f"national round {year}: " + "; ".join(states))
    return log
