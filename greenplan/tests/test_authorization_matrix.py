"""The authorization matrix: every page and API operation, for every role, answers as it must.

Given the Bình Dương demo (agencies DONRE and DOIT, the DPI coordinator, the provincial
viewer, the administrator) and a second province with its own coordinator, plan, round,
project and indicator value, each role opens every URL of the project and calls every API
operation, on its own objects and on other agencies' and the other province's (guessed ids).
Reads outside one's scope answer 404, forbidden writes on visible objects 403, anonymous
visitors are sent to the login page (401 from the API). A refused POST must leave every
history table as it was.

A URL name or API operation missing from MATRIX / API_MATRIX fails `test_every_url_...`:
add an entry when you add a page.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import json
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

import pytest
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, transaction
from django.test import Client
from django.urls import reverse

from accounts.models import Role, User
from documents.models import ConsolidatedReport
from greenplan.testing.factories import (
    OrganisationFactory,
    PlanFactory,
    PlanItemFactory,
    UserFactory,
)
from greenplan.testing.url_inventory import api_operations, page_routes
from indicators import actions as indicator_actions
from indicators.models import Indicator, IndicatorValue, Responsibility, Target
from jobs.models import ImportJob
from notifications.models import Notification, NotificationKind
from orgs.models import Organisation, OrganisationKind
from plans.models import ItemKind, ItemLink, LegalDocument, Plan, PlanItem
from projects import actions as project_actions
from projects.models import Project
from reporting.actions import open_round
from reporting.models import AgencyReport, Attachment, ReportingRound, ReportStatus
from webhooks.models import Endpoint, Event

ROLES = (
    "anonymous",
    "staff",
    "leader",
    "coordinator",
    "viewer",
    "other_coordinator",
    "admin",
    "province_leader",  # a leader of Bình Dương's People's Committee (approves DPI's report)
    "ministry",  # a coordinator of Bộ KH&ĐT, the focal point of 403/QĐ-TTg (national rounds)
)
LOGGED_IN = ROLES[1:]

# The demo users playing each role (Bình Dương); the other province's coordinator is made here.
DEMO_USERS = {
    "staff": "donre.staff",
    "leader": "donre.leader",
    "coordinator": "dpi.coordinator",
    "viewer": "province.viewer",
    "admin": "admin",
}


# --- What a role must get ------------------------------------------------------------------


@dataclass(frozen=True)
class Expect:
    label: str
    statuses: frozenset[int]
    refused: bool  # a refusal: a POST must then change nothing
    location: str | None = None  # the redirect target's start, for 302 answers

    def __str__(self) -> str:
        return self.label


OK = Expect("200", frozenset({200}), refused=False)
LOGIN = Expect("302 to login", frozenset({302}), refused=True, location="/login/?next=")
ADMIN_LOGIN = Expect(
    "302 to admin login", frozenset({302}), refused=True, location="/admin/login/?next="
)
DENIED = Expect("403", frozenset({403}), refused=True)
HIDDEN = Expect("404", frozenset({404}), refused=True)
UNAUTHORIZED = Expect("401", frozenset({401}), refused=True)
NOT_ALLOWED = Expect("405", frozenset({405}), refused=True)
# An authorized action: not refused. With an empty or partial body the form may answer 200 or
# 400 with its errors, or the action may redirect with a message: the point is authorization.
DONE = Expect("allowed (200/302/400)", frozenset({200, 302, 400}), refused=False)
# The form refuses a choice the user may not make (another agency as the project's lead).
REFUSED = Expect("refused (400/403)", frozenset({400, 403}), refused=True)
# The API's allowed writes: saved (200, 201), or refused on content (409), never on who asks.
# (202: accepted for a build in the background; 422: the action refused the content.)
API_DONE = Expect(
    "allowed (200/201/202/409/422)", frozenset({200, 201, 202, 409, 422}), refused=False
)
API_REFUSED = Expect("refused (403/409/422)", frozenset({403, 409, 422}), refused=True)
TO_LOGIN_PAGE = Expect("302 to /login/", frozenset({302}), refused=False, location="/login/")


def redirect_to(url: Callable[[Objects], str]) -> Callable[[Objects], Expect]:
    """Allowed, as a redirect to the intended page (computed from the objects)."""
    return lambda o: Expect(f"302 to {url(o)}", frozenset({302}), refused=False, location=url(o))


ExpectSpec = Expect | Callable[["Objects"], Expect]
JOB_PAGE = redirect_to(lambda o: reverse("jobs:detail", args=[o.import_job]))


def rule(default: ExpectSpec, **by_role: ExpectSpec) -> dict[str, ExpectSpec]:
    """`default` for every logged-in role, LOGIN for anonymous, then the exceptions."""
    unknown = set(by_role) - set(ROLES)
    assert not unknown, unknown
    return {"anonymous": LOGIN, **dict.fromkeys(LOGGED_IN, default), **by_role}


EVERYONE = rule(OK)
PUBLIC = rule(OK, anonymous=OK)
PROVINCE = rule(OK, other_coordinator=HIDDEN)  # whoever works in Bình Dương, and admins
OTHER_PROVINCE = rule(HIDDEN, other_coordinator=OK, admin=OK)
COORDINATION = rule(HIDDEN, coordinator=OK, viewer=OK, admin=OK)  # a round's board
COORDINATOR_ONLY = rule(HIDDEN, coordinator=OK, admin=OK)


# --- The objects each role is tried on ------------------------------------------------------


@dataclass
class Objects:
    users: dict[str, User]
    plan: int  # 1847/KH-UBND, Bình Dương
    national_plan: int
    other_plan: int  # the other province's plan
    item: int  # an activity of the provincial plan
    other_item: int
    donre: int
    other_dpi: int
    ministry: int
    province: str  # organisation codes, for the indicator pages
    other_province: str
    round: int  # Bình Dương 2018
    other_round: int
    donre_report: int  # 2018, accepted
    doit_report: int  # 2018, returned to DOIT: another agency's editable report
    donre_draft: int  # 2019, DONRE drafting
    dard_submitted: int  # 2019, awaiting the coordinator's review
    donre_attachment: int
    doit_attachment: int
    ghg: str  # indicator entered by DONRE
    re_supply: str  # indicator entered by DOIT
    submitted_value: int  # Bình Dương GHG 2023, awaiting review
    other_value: int  # the other province's GHG 2023, awaiting review
    donre_project: int
    doit_project: int
    other_project: int
    draft_version: int  # consolidated report of the 2018 round, not yet sent
    sent_version: int
    submitted_version: int  # submitted to the People's Committee, awaiting its approval
    legal_document: int  # 403/QĐ-TTg, with its file
    staff_user: int  # DONRE's staff member's account
    admin_user: int
    staff_notification: int  # a notification of DONRE's staff member
    webhook: int  # the Bình Dương coordinator's webhook endpoint
    item_link: int  # the demo's link 1847/KH-UBND 5 -> 3961/KH-UBND 1.1
    import_job: int  # a plan import of the queue, uploaded by the Bình Dương coordinator


def _pdf(name: str = "minh-chung.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n")


def _attachment(report: AgencyReport, user: User) -> int:
    attachment = Attachment(
        report=report,
        original_name="bien-ban.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=user,
    )
    attachment.file.save("bien-ban.pdf", ContentFile(b"%PDF-1.4\n"), save=False)
    attachment.save()
    return attachment.pk


def _version(
    round_: ReportingRound, number: int, *, sent: bool, user: User, status: str = ""
) -> int:
    now = datetime.datetime(2018, 11, 5, 9, tzinfo=datetime.UTC)
    version = ConsolidatedReport(
        round=round_,
        version=number,
        status=status
        or (ConsolidatedReport.Status.SENT if sent else ConsolidatedReport.Status.DRAFT),
        build=ConsolidatedReport.Build.READY,
        progress=100,
        generated_by=user,
        generated_at=now,
        sent_by=user if sent else None,
        sent_at=now if sent else None,
    )
    version.docx.save("bao-cao.docx", ContentFile(b"PK\x03\x04 docx"), save=False)
    version.save()
    return version.pk


def build_objects() -> Objects:
    """The demo's objects by their ids, plus a minimal second province (codes and usernames
    that the demo does not use)."""
    users = {role: User.objects.get(username=name) for role, name in DEMO_USERS.items()}
    government = Organisation.objects.get(kind=OrganisationKind.GOVERNMENT)
    other_province = OrganisationFactory(
        code="matrix-tinh-khac",
        name="UBND tỉnh Khác (kiểm thử)",
        kind=OrganisationKind.PROVINCE,
        parent=government,
    )
    other_dpi = OrganisationFactory(
        code="matrix-tinh-khac-skhdt", name="Sở KH&ĐT tỉnh Khác", parent=other_province
    )
    users["other_coordinator"] = UserFactory(
        username="matrix.other.coordinator", organisation=other_dpi, role=Role.COORDINATOR
    )
    users["province_leader"] = UserFactory(
        username="matrix.bd.leader",
        organisation=Organisation.objects.get(code="ubnd-binh-duong"),
        role=Role.PROVINCE_LEADER,
    )
    users["ministry"] = UserFactory(
        username="matrix.mpi.coordinator",
        organisation=Organisation.objects.get(code="bo-khdt"),
        role=Role.COORDINATOR,
    )
    national = Plan.objects.get(number="403/QĐ-TTg")
    plan = Plan.objects.get(number="1847/KH-UBND")
    other_plan = PlanFactory(
        number="1/KH-UBND-matrix", territory=other_province, parent=national, focal_point=other_dpi
    )
    other_item = PlanItemFactory(plan=other_plan, kind=ItemKind.ACTIVITY, code="1")
    item = PlanItem.objects.filter(plan=plan, kind=ItemKind.ACTIVITY).order_by("position").first()
    assert item is not None

    round_2018 = ReportingRound.objects.get(plan=plan, year=2018)
    round_2019 = ReportingRound.objects.get(plan=plan, year=2019)
    other_round = open_round(other_plan, 2019, user=users["other_coordinator"])
    reports = {
        (r.round_id, r.organisation.code): r
        for r in AgencyReport.objects.filter(round__plan=plan).select_related("organisation")
    }
    donre_report = reports[round_2018.pk, "bd-stnmt"]
    doit_report = reports[round_2018.pk, "bd-sct"]
    donre_draft = reports[round_2019.pk, "bd-stnmt"]
    dard_submitted = reports[round_2019.pk, "bd-snnptnt"]
    assert donre_report.status == ReportStatus.ACCEPTED
    assert doit_report.status == ReportStatus.RETURNED
    assert donre_draft.status == ReportStatus.DRAFT
    assert dard_submitted.status == ReportStatus.SUBMITTED

    province = Organisation.objects.get(code="ubnd-binh-duong")
    ghg = Indicator.objects.get(code="GHG_TOTAL")
    submitted_value = indicator_actions.enter_value(
        ghg, province, year=2023, value=Decimal(22_000_000), user=users["staff"]
    )
    other_value = indicator_actions.enter_value(
        ghg, other_province, year=2023, value=Decimal(9_000_000), user=users["admin"]
    )
    other_project = project_actions.create_project(
        project_actions.ProjectData(
            kind="project",
            title="Dự án của tỉnh khác",
            lead_organisation=other_dpi,
            plan_items=[other_item],
        ),
        user=users["other_coordinator"],
    )
    projects = Project.objects.select_related("lead_organisation")
    return Objects(
        users=users,
        plan=plan.pk,
        national_plan=national.pk,
        other_plan=other_plan.pk,
        item=item.pk,
        other_item=other_item.pk,
        donre=Organisation.objects.get(code="bd-stnmt").pk,
        other_dpi=other_dpi.pk,
        ministry=Organisation.objects.get(code="bo-khdt").pk,
        province=province.code,
        other_province=other_province.code,
        round=round_2018.pk,
        other_round=other_round.pk,
        donre_report=donre_report.pk,
        doit_report=doit_report.pk,
        donre_draft=donre_draft.pk,
        dard_submitted=dard_submitted.pk,
        donre_attachment=_attachment(donre_report, users["staff"]),
        doit_attachment=_attachment(doit_report, users["admin"]),
        ghg=ghg.code,
        re_supply=Indicator.objects.get(code="RE_SUPPLY").code,
        submitted_value=submitted_value.pk,
        other_value=other_value.pk,
        donre_project=projects.get(title__startswith="Dự án đầu tư không gian xanh").pk,
        doit_project=projects.get(lead_organisation__code="bd-sct").pk,
        other_project=other_project.pk,
        draft_version=_version(round_2018, 101, sent=False, user=users["coordinator"]),
        sent_version=_version(round_2018, 102, sent=True, user=users["coordinator"]),
        submitted_version=_version(
            round_2019, 199, sent=False, user=users["coordinator"], status="submitted"
        ),
        legal_document=_legal_document_with_file(),
        staff_user=users["staff"].pk,
        admin_user=users["admin"].pk,
        staff_notification=_notification(users["staff"], donre_report),
        webhook=Endpoint.objects.create(
            owner=users["coordinator"],
            province=province,
            url="https://eoffice.example.org/greenplan",
            events=[Event.REPORT_SUBMITTED],
        ).pk,
        item_link=ItemLink.objects.get(
            predecessor__plan=plan, predecessor__code="5", successor__plan__number="3961/KH-UBND"
        ).pk,
        import_job=ImportJob.objects.create(
            kind="plans.plan",
            file_name="ke-hoach-lon.xlsx",
            rows=12_000,
            created_by=users["coordinator"],
            status=ImportJob.Status.DONE,
            progress=100,
            result_url=f"/plans/{plan.pk}/",
        ).pk,
    )


def _notification(recipient: User, report: AgencyReport) -> int:
    return Notification.objects.create(
        recipient=recipient,
        kind=NotificationKind.ACCEPTED,
        content_type=ContentType.objects.get_for_model(report),
        object_id=report.pk,
        link=reverse("reporting:report", args=[report.pk]),
        about=str(report),
    ).pk


def _new_account(o: Objects, role: str = Role.AGENCY_STAFF) -> dict:
    return {
        "username": "matrix.new.user",
        "organisation": o.donre,
        "role": role,
        "password": "Rừng-ngập-mặn-2030",
    }


def _legal_document_with_file() -> int:
    document = LegalDocument.objects.get(number="403/QĐ-TTg")
    document.file.save("qd-403.pdf", ContentFile(b"%PDF-1.4 demo"), save=True)
    return document.pk


# --- The matrix of pages ---------------------------------------------------------------------


def _report_state(attr: str) -> Callable[[Objects], object]:
    return lambda o: AgencyReport.objects.values_list(
        "status", "version", "deadline_override", "general_results"
    ).get(pk=getattr(o, attr))


def _value_state(attr: str) -> Callable[[Objects], object]:
    return lambda o: IndicatorValue.objects.values_list("status", "value").get(pk=getattr(o, attr))


def _project_state(attr: str) -> Callable[[Objects], object]:
    return lambda o: Project.objects.values_list("status", "version").get(pk=getattr(o, attr))


@dataclass(frozen=True)
class Case:
    name: str  # the URL name
    args: tuple[str, ...]  # attributes of Objects (or literal strings after "=")
    expect: dict[str, ExpectSpec]
    method: str = "get"
    data: Callable[[Objects], dict] | None = None
    state: Callable[[Objects], object] | None = None  # must not change when refused
    about: str = ""  # what the object is, for failure messages
    logs_out: bool = False

    def url(self, objects: Objects) -> str:
        values = [a[1:] if a.startswith("=") else getattr(objects, a) for a in self.args]
        return reverse(self.name, args=values)


def page(name: str, *args: str, expect: dict[str, ExpectSpec], about: str = "", **kw) -> Case:
    return Case(name, args, expect, about=about or " ".join(args), **kw)


def post(name: str, *args: str, expect: dict[str, ExpectSpec], about: str = "", **kw) -> Case:
    return Case(name, args, expect, method="post", about=about or " ".join(args), **kw)


def _new_project(o: Objects) -> dict:
    """A complete project led by DOIT: only DOIT, the coordinator and admins may register it."""
    return {
        "kind": "project",
        "title": "Dự án do Sở Công Thương chủ trì",
        "plan_items": [o.item],
        "lead_organisation": Organisation.objects.get(code="bd-sct").pk,
        "total_estimate": "0",
        "budget_lines-TOTAL_FORMS": "0",
        "budget_lines-INITIAL_FORMS": "0",
    }


MATRIX: list[Case] = [
    # Project-wide pages.
    page("home", expect=EVERYONE),
    page("login", expect=PUBLIC),
    page("logout", expect=rule(NOT_ALLOWED, anonymous=NOT_ALLOWED), about="GET"),
    post("logout", expect=rule(TO_LOGIN_PAGE, anonymous=TO_LOGIN_PAGE), logs_out=True),
    page("admin:index", expect=rule(ADMIN_LOGIN, anonymous=ADMIN_LOGIN, admin=OK)),
    page("api:openapi-json", expect=PUBLIC, about="the API's public description"),
    page("api:openapi-view", expect=PUBLIC),
    page("api:api-root", expect=rule(HIDDEN, anonymous=HIDDEN)),
    # Plans.
    page("plans:import", expect=rule(DENIED, coordinator=OK, other_coordinator=OK, admin=OK)),
    post(
        "plans:import",
        expect=rule(DENIED, coordinator=DONE, other_coordinator=DONE, admin=DONE),
        state=lambda o: Plan.objects.count(),
    ),
    page(
        "plans:import_template",
        expect=rule(DENIED, coordinator=OK, other_coordinator=OK, admin=OK),
    ),
    # Seen by its uploader and administrators only (accounts.permissions).
    page("jobs:detail", "import_job", expect=COORDINATOR_ONLY),
    page(  # the job page's former address: the new one decides
        "plans:import_job",
        "import_job",
        expect=rule(JOB_PAGE, anonymous=JOB_PAGE),
    ),
    post(
        "jobs:again",
        "import_job",
        expect=rule(HIDDEN, coordinator=DONE, admin=DONE),
        state=lambda o: ImportJob.objects.get(pk=o.import_job).status,
    ),
    page("plans:detail", "plan", expect=PROVINCE),
    page("plans:detail", "national_plan", expect=EVERYONE),
    page("plans:detail", "other_plan", expect=OTHER_PROVINCE),
    page("plans:items", "plan", expect=PROVINCE),
    page("plans:items", "other_plan", expect=OTHER_PROVINCE),
    page("plans:coverage", "plan", expect=PROVINCE),
    page("plans:coverage", "other_plan", expect=OTHER_PROVINCE),
    page("plans:item", "item", expect=PROVINCE),
    page("plans:item", "other_item", expect=OTHER_PROVINCE),
    page("plans:legal_file", "legal_document", expect=EVERYONE, about="a public legal text"),
    # The crosswalk between plan generations: whoever may edit the later plan.
    page(
        "plans:crosswalk",
        "plan",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    page("plans:crosswalk", "other_plan", expect=rule(HIDDEN, other_coordinator=OK, admin=OK)),
    post(
        "plans:crosswalk",
        "plan",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=lambda o: ItemLink.objects.count(),
    ),
    page(
        "plans:crosswalk_template",
        "plan",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    page(
        "plans:crosswalk_template",
        "other_plan",
        expect=rule(HIDDEN, other_coordinator=OK, admin=OK),
    ),
    post(
        "plans:unlink",
        "item_link",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=lambda o: ItemLink.objects.filter(pk=o.item_link).exists(),
    ),
    # Organisations.
    page("orgs:list", expect=EVERYONE),
    page("orgs:detail", "donre", expect=PROVINCE),
    page("orgs:detail", "ministry", expect=EVERYONE),
    page("orgs:detail", "other_dpi", expect=OTHER_PROVINCE),
    # Restructuring: administrators only.
    page("restructuring:file", expect=rule(DENIED, admin=OK)),
    post(
        "restructuring:file",
        expect=rule(DENIED, admin=DONE),
        data=lambda o: {
            "file": SimpleUploadedFile(
                "sap-xep.csv",
                "Mã cơ quan,Thay đổi,Ngày hiệu lực\nbd-thu-dau-mot,giải thể,01/07/2025\n".encode(),
            )
        },
        state=lambda o: list(Organisation.objects.values_list("pk", "valid_to", "name")),
    ),
    page("restructuring:template", expect=rule(DENIED, admin=OK)),
    post("restructuring:template", expect=rule(NOT_ALLOWED)),
    page("restructuring:merge", "donre", expect=rule(DENIED, admin=OK)),
    post(
        "restructuring:merge",
        "donre",
        expect=rule(DENIED, admin=DONE),
        data=lambda o: {
            "successor": Organisation.objects.get(code="bd-sct").pk,
            "effective": "01/03/2025",
            "confirm": "1",
        },
        state=lambda o: Organisation.objects.filter(pk=o.donre).values_list("valid_to").get(),
        about="merge DONRE into DOIT",
    ),
    # Reporting: rounds and the completeness board.
    page("reporting:rounds", "plan", expect=PROVINCE),
    page("reporting:rounds", "other_plan", expect=OTHER_PROVINCE),
    post(
        "reporting:rounds",
        "plan",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"year": "2020"},
        state=lambda o: ReportingRound.objects.count(),
        about="open round 2020",
    ),
    page("reporting:round", "round", expect=COORDINATION),
    page("reporting:round", "other_round", expect=OTHER_PROVINCE),
    page("reporting:round_live", "round", expect=COORDINATION),
    page("reporting:round_live", "other_round", expect=OTHER_PROVINCE),
    post(
        "reporting:lock",
        "round",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"confirm": "1"},
        state=lambda o: ReportingRound.objects.get(pk=o.round).locked,
    ),
    post(
        "reporting:lock",
        "other_round",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        data=lambda o: {"confirm": "1"},
        state=lambda o: ReportingRound.objects.get(pk=o.other_round).locked,
    ),
    # Cancelling a round: the coordinator (and admins) reach the confirmation step, or the
    # refusal of a round with submitted reports; the unconfirmed POST deletes nothing.
    post(
        "reporting:cancel",
        "round",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=lambda o: ReportingRound.objects.filter(pk=o.round).exists(),
    ),
    post(
        "reporting:cancel",
        "other_round",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        state=lambda o: ReportingRound.objects.filter(pk=o.other_round).exists(),
    ),
    # Reporting: agency reports (reads outside one's scope are 404: guessing ids reveals nothing).
    page("reporting:report", "donre_report", expect=rule(OK, other_coordinator=HIDDEN)),
    page("reporting:report", "doit_report", expect=COORDINATOR_ONLY),
    page("reporting:report_history", "donre_report", expect=rule(OK, other_coordinator=HIDDEN)),
    page("reporting:report_history", "doit_report", expect=COORDINATOR_ONLY),
    page(
        "reporting:report",
        "donre_draft",
        expect=rule(OK, viewer=HIDDEN, other_coordinator=HIDDEN),
    ),
    post(
        "reporting:report",
        "donre_draft",
        expect=rule(DONE, coordinator=DENIED, viewer=HIDDEN, other_coordinator=HIDDEN),
        data=lambda o: {"general_results": "Ghi đè", "version": "999"},
        state=_report_state("donre_draft"),
        about="save DONRE's draft",
    ),
    post(
        "reporting:report",
        "doit_report",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE),
        data=lambda o: {"general_results": "Ghi đè"},
        state=_report_state("doit_report"),
        about="save DOIT's returned report",
    ),
    post(
        "reporting:report",
        "donre_report",
        expect=rule(DENIED, other_coordinator=HIDDEN),
        state=_report_state("donre_report"),
        about="save DONRE's accepted report",
    ),
    post(
        "reporting:submit",
        "donre_draft",
        expect=rule(DENIED, leader=DONE, admin=DONE, viewer=HIDDEN, other_coordinator=HIDDEN),
        state=_report_state("donre_draft"),
    ),
    post(
        "reporting:submit",
        "doit_report",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE),
        state=_report_state("doit_report"),
    ),
    post(
        "reporting:review",
        "dard_submitted",
        expect=COORDINATOR_ONLY | {"coordinator": DONE, "admin": DONE},
        data=lambda o: {"decision": "accept", "confirm": "1"},
        state=_report_state("dard_submitted"),
    ),
    post(
        "reporting:review",
        "donre_report",
        expect=rule(DENIED, other_coordinator=HIDDEN),
        data=lambda o: {"decision": "return", "comment": "Làm lại", "confirm": "1"},
        state=_report_state("donre_report"),
        about="an accepted report",
    ),
    post(
        "reporting:exception",
        "donre_report",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=_report_state("donre_report"),
        about="donre_report, empty form",
    ),
    post(
        "reporting:exception",
        "doit_report",
        expect=rule(HIDDEN, coordinator=DONE, admin=DONE),
        data=lambda o: {"until": "31/12/2030"},
        state=_report_state("doit_report"),
    ),
    post(
        "reporting:upload",
        "donre_draft",
        expect=rule(DONE, coordinator=DENIED, viewer=HIDDEN, other_coordinator=HIDDEN),
        data=lambda o: {"file": _pdf()},
        state=lambda o: Attachment.objects.count(),
    ),
    post(
        "reporting:upload",
        "doit_report",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE),
        data=lambda o: {"file": _pdf()},
        state=lambda o: Attachment.objects.count(),
    ),
    page("reporting:attachment", "donre_attachment", expect=rule(OK, other_coordinator=HIDDEN)),
    page("reporting:attachment", "doit_attachment", expect=COORDINATOR_ONLY),
    post(
        "reporting:remove_attachment",
        "donre_attachment",
        expect=rule(DENIED, other_coordinator=HIDDEN),
        state=lambda o: Attachment.objects.count(),
        about="remove a file of DONRE's accepted report",
    ),
    post(
        "reporting:remove_attachment",
        "doit_attachment",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE),
        state=lambda o: Attachment.objects.count(),
        about="remove a file of DOIT's returned report",
    ),
    post(
        "reporting:replace_attachment",
        "donre_attachment",
        expect=rule(DENIED, other_coordinator=HIDDEN),
        data=lambda o: {"file": _pdf()},
        state=lambda o: list(Attachment.objects.values_list("pk", "file")),
        about="replace a file of DONRE's accepted report",
    ),
    post(
        "reporting:replace_attachment",
        "doit_attachment",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE),
        data=lambda o: {"file": _pdf()},
        state=lambda o: list(Attachment.objects.values_list("pk", "file")),
        about="replace a file of DOIT's returned report",
    ),
    # Indicators.
    page("indicators:catalogue", expect=EVERYONE),
    page("indicators:catalogue_export", expect=EVERYONE),
    page("indicators:catalogue_import", expect=rule(DENIED, admin=OK)),
    post(
        "indicators:catalogue_import",
        expect=rule(DENIED, admin=DONE),
        state=lambda o: Indicator.objects.count(),
    ),
    page(
        "indicators:my_scorecard",
        expect=rule(
            redirect_to(lambda o: reverse("indicators:scorecard", args=[o.province])),
            other_coordinator=redirect_to(
                lambda o: reverse("indicators:scorecard", args=[o.other_province])
            ),
        ),
    ),
    page("indicators:scorecard", "province", expect=PROVINCE),
    page("indicators:scorecard", "other_province", expect=OTHER_PROVINCE),
    page("indicators:scorecard_export", "province", expect=PROVINCE),
    page("indicators:scorecard_export", "other_province", expect=OTHER_PROVINCE),
    page("indicators:indicator", "province", "ghg", expect=PROVINCE),
    page("indicators:indicator", "other_province", "ghg", expect=OTHER_PROVINCE),
    page(
        "indicators:enter_value",
        "province",
        "ghg",
        expect=rule(DENIED, staff=OK, leader=OK, admin=OK, other_coordinator=HIDDEN),
        about="DONRE's indicator",
    ),
    page(
        "indicators:enter_value",
        "province",
        "re_supply",
        expect=rule(DENIED, admin=OK, other_coordinator=HIDDEN),
        about="DOIT's indicator",
    ),
    post(
        "indicators:enter_value",
        "province",
        "ghg",
        expect=rule(DENIED, staff=DONE, leader=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"year": "2024", "value": "1", "submit": "on"},
        state=lambda o: IndicatorValue.objects.count(),
    ),
    post(
        "indicators:enter_value",
        "other_province",
        "ghg",
        expect=rule(HIDDEN, other_coordinator=DENIED, admin=DONE),
        data=lambda o: {"year": "2024", "value": "1", "submit": "on"},
        state=lambda o: IndicatorValue.objects.count(),
    ),
    page(
        "indicators:set_baseline",
        "province",
        "ghg",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    page(
        "indicators:set_target",
        "province",
        "ghg",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    post(
        "indicators:set_target",
        "other_province",
        "ghg",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        data=lambda o: {"year": "2030", "value": "1"},
        state=lambda o: Target.objects.count(),
    ),
    post(
        "indicators:set_baseline",
        "province",
        "ghg",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=lambda o: Target.objects.count(),
    ),
    page(
        "indicators:set_responsibility",
        "province",
        "ghg",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    post(
        "indicators:set_responsibility",
        "province",
        "ghg",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"organisation": str(o.donre), "valid_from": "01/01/2020"},
        state=lambda o: Responsibility.objects.count(),
    ),
    post(
        "indicators:set_responsibility",
        "other_province",
        "ghg",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        data=lambda o: {"organisation": str(o.other_dpi), "valid_from": "01/01/2020"},
        state=lambda o: Responsibility.objects.count(),
    ),
    post(
        "indicators:accept_value",
        "submitted_value",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=_value_state("submitted_value"),
    ),
    post(
        "indicators:return_value",
        "submitted_value",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"comment": "Sai số liệu"},
        state=_value_state("submitted_value"),
    ),
    post(
        "indicators:accept_value",
        "other_value",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        state=_value_state("other_value"),
    ),
    post(
        "indicators:return_value",
        "other_value",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        data=lambda o: {"comment": "Sai số liệu"},
        state=_value_state("other_value"),
    ),
    # Projects: a province's projects are read by all of it, changed by their agency.
    page("projects:board", expect=EVERYONE),
    page("projects:export", expect=EVERYONE),
    page("projects:create", expect=rule(OK, viewer=DENIED)),
    post(
        "projects:create",
        expect=rule(REFUSED, coordinator=DONE, admin=DONE, viewer=DENIED),
        data=_new_project,
        state=lambda o: Project.objects.count(),
        about="led by DOIT",
    ),
    page("projects:detail", "donre_project", expect=PROVINCE),
    page("projects:detail", "doit_project", expect=PROVINCE),
    page("projects:detail", "other_project", expect=OTHER_PROVINCE),
    page(
        "projects:edit",
        "donre_project",
        expect=rule(OK, viewer=DENIED, other_coordinator=HIDDEN),
    ),
    page(
        "projects:edit",
        "doit_project",
        expect=rule(DENIED, coordinator=OK, admin=OK, other_coordinator=HIDDEN),
    ),
    page("projects:edit", "other_project", expect=OTHER_PROVINCE),
    post(
        "projects:edit",
        "doit_project",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"title": "Ghi đè", "version": "999"},
        state=_project_state("doit_project"),
    ),
    post(
        "projects:step",
        "donre_project",
        expect=rule(DONE, viewer=DENIED, other_coordinator=HIDDEN),
        state=_project_state("donre_project"),
    ),
    post(
        "projects:step",
        "doit_project",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        data=lambda o: {"to_status": "cancelled", "version": "999"},
        state=_project_state("doit_project"),
    ),
    post(
        "projects:allocate",
        "donre_project",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=_project_state("donre_project"),
    ),
    post(
        "projects:allocate",
        "other_project",
        expect=rule(HIDDEN, other_coordinator=DONE, admin=DONE),
        state=_project_state("other_project"),
    ),
    post(
        "projects:disburse",
        "donre_project",
        expect=rule(DONE, viewer=DENIED, other_coordinator=HIDDEN),
        state=_project_state("donre_project"),
    ),
    post(
        "projects:disburse",
        "doit_project",
        expect=rule(DENIED, coordinator=DONE, admin=DONE, other_coordinator=HIDDEN),
        state=_project_state("doit_project"),
    ),
    page("projects:activity", "item", expect=PROVINCE),
    page("projects:activity", "other_item", expect=OTHER_PROVINCE),
    page("projects:totals", "plan", expect=PROVINCE),
    page("projects:totals", "other_plan", expect=OTHER_PROVINCE),
    page("projects:budget_export", "plan", expect=PROVINCE),
    page("projects:budget_export", "other_plan", expect=OTHER_PROVINCE),
    # Documents: the consolidated report of a round, the agency's Excel template.
    page("documents:consolidation", "round", expect=COORDINATION),
    page("documents:consolidation", "other_round", expect=OTHER_PROVINCE),
    post(
        "documents:consolidation",
        "round",
        expect=rule(HIDDEN, coordinator=DONE, viewer=DENIED, admin=DONE),
        state=lambda o: ConsolidatedReport.objects.count(),
    ),
    page("documents:version_row", "draft_version", expect=COORDINATOR_ONLY),
    # The approval chain: DPI submits a version, the People's Committee's leader approves it.
    post(
        "documents:submit_to_leader",
        "draft_version",
        expect=rule(HIDDEN, coordinator=DONE, admin=DONE, province_leader=DENIED),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.draft_version).status,
    ),
    page(
        "documents:approval",
        "submitted_version",
        expect=rule(HIDDEN, coordinator=OK, admin=OK, province_leader=OK),
    ),
    post(
        "documents:approve",
        "submitted_version",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE, province_leader=DONE),
        data=lambda o: {
            "issued_number": "125",
            "issued_on": "20/11/2018",
            "signer_name": "Trần Văn B",
            "signature_authority": "vice_chairman",
        },
        state=lambda o: ConsolidatedReport.objects.get(pk=o.submitted_version).status,
        about="approve (the confirmation step)",
    ),
    post(
        "documents:return_version",
        "submitted_version",
        expect=rule(HIDDEN, coordinator=DENIED, admin=DONE, province_leader=DONE),
        data=lambda o: {"comment": "Bổ sung"},
        state=lambda o: ConsolidatedReport.objects.get(pk=o.submitted_version).status,
        about="return (the confirmation step)",
    ),
    page("documents:version_row", "sent_version", expect=COORDINATION),
    page("documents:download", "draft_version", "=docx", expect=COORDINATOR_ONLY),
    page("documents:download", "sent_version", "=docx", expect=COORDINATION),
    page("documents:download", "sent_version", "=exe", expect=rule(HIDDEN)),
    post(
        "documents:mark_sent",
        "draft_version",
        expect=COORDINATOR_ONLY | {"coordinator": DONE, "admin": DONE},
        state=lambda o: ConsolidatedReport.objects.get(pk=o.draft_version).status,
    ),
    post(
        "documents:mark_sent",
        "sent_version",
        expect=rule(HIDDEN, coordinator=DONE, viewer=DENIED, admin=DONE),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.sent_version).sent_by_id,
    ),
    post(
        "documents:retry",
        "draft_version",
        expect=COORDINATOR_ONLY | {"coordinator": DONE, "admin": DONE},
        state=lambda o: ConsolidatedReport.objects.get(pk=o.draft_version).build,
    ),
    post(
        "documents:retry",
        "sent_version",
        expect=rule(HIDDEN, coordinator=DONE, viewer=DENIED, admin=DONE),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.sent_version).build,
    ),
    page(
        "documents:report_workbook",
        "donre_draft",
        expect=rule(HIDDEN, staff=OK, leader=OK, admin=OK),
    ),
    page("documents:report_workbook", "doit_report", expect=rule(HIDDEN, admin=OK)),
    post(
        "documents:report_workbook",
        "donre_draft",
        expect=rule(HIDDEN, staff=DONE, leader=DONE, admin=DONE),
        state=_report_state("donre_draft"),
    ),
    post(
        "documents:report_workbook",
        "donre_report",
        expect=rule(HIDDEN, staff=DENIED, leader=DENIED, admin=DENIED),
        state=_report_state("donre_report"),
        about="an accepted report",
    ),
    page(
        "documents:report_workbook_download",
        "donre_draft",
        expect=rule(HIDDEN, staff=OK, leader=OK, admin=OK),
    ),
    page("documents:report_workbook_download", "doit_report", expect=rule(HIDDEN, admin=OK)),
    # User management: a province's coordinator for its province, administrators for all.
    page("accounts:users", expect=rule(DENIED, coordinator=OK, other_coordinator=OK, admin=OK)),
    page(
        "accounts:user_create",
        expect=rule(DENIED, coordinator=OK, other_coordinator=OK, admin=OK),
    ),
    post(
        "accounts:user_create",
        expect=rule(DENIED, coordinator=DONE, other_coordinator=REFUSED, admin=DONE),
        data=_new_account,
        state=lambda o: User.objects.count(),
        about="a DONRE staff account",
    ),
    post(
        "accounts:user_create",
        expect=rule(DENIED, coordinator=REFUSED, other_coordinator=REFUSED, admin=DONE),
        data=lambda o: _new_account(o, Role.ADMIN),
        state=lambda o: User.objects.count(),
        about="an administrator",
    ),
    page(
        "accounts:user_edit",
        "staff_user",
        expect=rule(DENIED, coordinator=OK, other_coordinator=HIDDEN, admin=OK),
    ),
    page(
        "accounts:user_edit",
        "admin_user",
        expect=rule(DENIED, coordinator=HIDDEN, other_coordinator=HIDDEN, admin=DENIED),
        about="an administrator (the admin's own account)",
    ),
    post(
        "accounts:user_edit",
        "staff_user",
        expect=rule(DENIED, coordinator=DONE, other_coordinator=HIDDEN, admin=DONE),
        data=lambda o: {"organisation": o.donre, "role": Role.VIEWER},
        state=lambda o: User.objects.values_list("role", "is_active").get(pk=o.staff_user),
        about="deactivate DONRE's staff member",
    ),
    post(
        "accounts:user_edit",
        "admin_user",
        expect=rule(DENIED, coordinator=HIDDEN, other_coordinator=HIDDEN, admin=DENIED),
        data=lambda o: {"organisation": o.donre, "role": Role.VIEWER},
        state=lambda o: User.objects.values_list("role", "is_active").get(pk=o.admin_user),
    ),
    page("accounts:password_change", expect=EVERYONE),
    page("accounts:password_change_done", expect=EVERYONE),
    page("accounts:password_reset", expect=PUBLIC),
    page("accounts:password_reset_done", expect=PUBLIC),
    page(
        "accounts:password_reset_confirm",
        "=MQ",
        "=set-password",
        expect=PUBLIC,
        about="an invalid link",
    ),
    page("accounts:password_reset_complete", expect=PUBLIC),
    # Health checks for the balancer: anyone, no data (greenplan/health.py).
    page("healthz", expect=PUBLIC),
    page("readyz", expect=PUBLIC),
    # Backups of the whole site: administrators (the POST queues one after the commit).
    page("backups", expect=rule(DENIED, admin=OK)),
    post("backups", expect=rule(DENIED, admin=redirect_to(lambda o: reverse("backups")))),
    # Inbox and notifications: one's own.
    page("inbox:inbox", expect=EVERYONE),
    page("notifications:list", expect=EVERYONE),
    post(
        "notifications:read",
        "staff_notification",
        expect=rule(HIDDEN, staff=DONE),
        state=lambda o: Notification.objects.get(pk=o.staff_notification).read_at,
    ),
    post(
        "notifications:read_all",
        expect=rule(DONE),
        state=lambda o: Notification.objects.get(pk=o.staff_notification).read_at,
        about="(only the staff member's own change)",
    ),
    # Webhooks: administrators, and each province's coordinator for their province.
    page("webhooks:list", expect=rule(DENIED, coordinator=OK, other_coordinator=OK, admin=OK)),
    post(
        "webhooks:list",
        expect=rule(DENIED, coordinator=DONE, other_coordinator=DONE, admin=DONE),
        state=lambda o: Endpoint.objects.count(),
        about="(an empty form)",
    ),
    page("webhooks:detail", "webhook", expect=COORDINATOR_ONLY),
    post(
        "webhooks:remove",
        "webhook",
        expect=COORDINATOR_ONLY | {"coordinator": DONE, "admin": DONE},
        state=lambda o: Endpoint.objects.get(pk=o.webhook).active,
    ),
    # Help and glossary: everyone signed in.
    page("guide:index", expect=EVERYONE),
    page("guide:glossary", expect=EVERYONE),
    page("guide:area", "=reporting", expect=EVERYONE),
    page("guide:area", "=nothing", expect=rule(HIDDEN)),
    # The audit trail: administrators read it; nobody writes to it.
    page("audit:list", expect=rule(DENIED, admin=OK)),
    post("audit:list", expect=rule(NOT_ALLOWED), state=lambda o: history_fingerprint()),
]

# Django admin's own pages are Django's (it lets in is_staff users only, checked through
# admin:index above); set_language is Django's; static and media files are not pages.
NOT_IN_MATRIX_PREFIXES = ("admin:",)
NOT_IN_MATRIX_NAMES = {"set_language"}
NOT_IN_MATRIX_ROUTES = ("admin/", "^media/", "^static/", "media/", "static/")


# --- The matrix of API operations ------------------------------------------------------------


@dataclass(frozen=True)
class ApiCase:
    operation: str  # "METHOD /api/path/{param}" as in the OpenAPI document
    params: dict[str, str]  # path parameter -> attribute of Objects
    expect: dict[str, ExpectSpec]
    body: Callable[[Objects], dict] | None = None
    state: Callable[[Objects], object] | None = None

    @property
    def method(self) -> str:
        return self.operation.split(" ", 1)[0].lower()

    def url(self, objects: Objects) -> str:
        path = self.operation.split(" ", 1)[1]
        for name, attr in self.params.items():
            path = path.replace("{" + name + "}", str(getattr(objects, attr)))
        return path

    @property
    def about(self) -> str:
        return " ".join(self.params.values())


def api_rule(table: dict[str, ExpectSpec]) -> dict[str, ExpectSpec]:
    """The API answers anonymous callers 401, never a redirect."""
    return {**table, "anonymous": UNAUTHORIZED}


def _save_body(attr: str) -> Callable[[Objects], dict]:
    def body(o: Objects) -> dict:
        version = AgencyReport.objects.get(pk=getattr(o, attr)).version
        return {"version": version, "general_results": "Ghi đè qua API"}

    return body


def _version_of(project_id: int) -> int:
    return Project.objects.get(pk=project_id).version


def _api_project(o: Objects, lead_code: str) -> dict:
    return {
        "kind": "project",
        "title": "Dự án qua API",
        "plan_item_ids": [o.item],
        "lead_organisation_code": lead_code,
    }


API_MATRIX: list[ApiCase] = [
    ApiCase("GET /api/plans", {}, api_rule(EVERYONE)),
    ApiCase("GET /api/plans/{plan_id}", {"plan_id": "plan"}, api_rule(PROVINCE)),
    ApiCase("GET /api/plans/{plan_id}", {"plan_id": "national_plan"}, api_rule(EVERYONE)),
    ApiCase("GET /api/plans/{plan_id}", {"plan_id": "other_plan"}, api_rule(OTHER_PROVINCE)),
    ApiCase("GET /api/plans/{plan_id}/items", {"plan_id": "plan"}, api_rule(PROVINCE)),
    ApiCase("GET /api/plans/{plan_id}/items", {"plan_id": "other_plan"}, api_rule(OTHER_PROVINCE)),
    ApiCase("GET /api/plans/{plan_id}/coverage", {"plan_id": "plan"}, api_rule(PROVINCE)),
    ApiCase(
        "GET /api/plans/{plan_id}/coverage",
        {"plan_id": "other_plan"},
        api_rule(OTHER_PROVINCE),
    ),
    ApiCase("GET /api/orgs", {}, api_rule(EVERYONE)),
    ApiCase("GET /api/orgs/{org_id}", {"org_id": "donre"}, api_rule(PROVINCE)),
    ApiCase("GET /api/orgs/{org_id}", {"org_id": "ministry"}, api_rule(EVERYONE)),
    ApiCase("GET /api/orgs/{org_id}", {"org_id": "other_dpi"}, api_rule(OTHER_PROVINCE)),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}/reports", {"round_id": "round"}, api_rule(PROVINCE)
    ),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}/reports",
        {"round_id": "other_round"},
        api_rule(OTHER_PROVINCE | {"ministry": OK}),  # the ministry sees every province's
    ),
    ApiCase(
        "GET /api/reporting/reports/{report_id}",
        {"report_id": "donre_report"},
        api_rule(rule(OK, other_coordinator=HIDDEN)),
    ),
    ApiCase(
        "GET /api/reporting/reports/{report_id}",
        {"report_id": "doit_report"},
        api_rule(COORDINATOR_ONLY),
    ),
    ApiCase(
        "GET /api/reporting/reports/{report_id}",
        {"report_id": "donre_draft"},
        api_rule(rule(OK, viewer=HIDDEN, other_coordinator=HIDDEN)),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}",
        {"report_id": "donre_draft"},
        api_rule(rule(API_DONE, coordinator=DENIED, viewer=HIDDEN, other_coordinator=HIDDEN)),
        body=_save_body("donre_draft"),
        state=_report_state("donre_draft"),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}",
        {"report_id": "doit_report"},
        api_rule(rule(HIDDEN, coordinator=DENIED, admin=API_DONE)),
        body=_save_body("doit_report"),
        state=_report_state("doit_report"),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}",
        {"report_id": "donre_report"},
        api_rule(rule(DENIED, other_coordinator=HIDDEN)),
        body=_save_body("donre_report"),
        state=_report_state("donre_report"),
    ),
    # Rounds, the board, the review steps, consolidated reports: as their pages.
    ApiCase("GET /api/reporting/rounds", {}, api_rule(EVERYONE)),
    ApiCase("GET /api/reporting/rounds/{round_id}", {"round_id": "round"}, api_rule(PROVINCE)),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}",
        {"round_id": "other_round"},
        api_rule(OTHER_PROVINCE | {"ministry": OK}),  # the ministry sees every province's
    ),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}/board",
        {"round_id": "round"},
        api_rule(COORDINATION | {"province_leader": OK}),
    ),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}/board",
        {"round_id": "other_round"},
        api_rule(OTHER_PROVINCE),
    ),
    ApiCase(
        "POST /api/reporting/rounds/{round_id}/lock",
        {"round_id": "round"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"locked": True},
        state=lambda o: ReportingRound.objects.get(pk=o.round).locked,
    ),
    ApiCase(
        "GET /api/reporting/rounds/{round_id}/consolidated-reports",
        {"round_id": "round"},
        api_rule(COORDINATION | {"province_leader": OK}),
    ),
    ApiCase(
        "POST /api/reporting/rounds/{round_id}/consolidated-reports",
        {"round_id": "round"},
        api_rule(
            rule(
                HIDDEN, coordinator=API_DONE, viewer=DENIED, admin=API_DONE, province_leader=DENIED
            )
        ),
        body=lambda o: {},
        state=lambda o: ConsolidatedReport.objects.count(),
    ),
    ApiCase("GET /api/reporting/reports", {}, api_rule(EVERYONE)),
    ApiCase(
        "POST /api/reporting/reports/{report_id}/submit",
        {"report_id": "donre_draft"},
        api_rule(
            rule(
                DENIED,
                leader=API_DONE,
                admin=API_DONE,
                viewer=HIDDEN,
                other_coordinator=HIDDEN,
                ministry=HIDDEN,
            )
        ),
        body=lambda o: {
            "version": AgencyReport.objects.get(pk=o.donre_draft).version,
            "document_number": "1/BC-STNMT",
            "signer": "Người ký",
        },
        state=_report_state("donre_draft"),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}/accept",
        {"report_id": "dard_submitted"},
        api_rule(
            COORDINATOR_ONLY
            | {"coordinator": API_DONE, "admin": API_DONE, "province_leader": DENIED}
        ),
        body=lambda o: {"version": AgencyReport.objects.get(pk=o.dard_submitted).version},
        state=_report_state("dard_submitted"),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}/return",
        {"report_id": "dard_submitted"},
        api_rule(
            COORDINATOR_ONLY
            | {"coordinator": API_DONE, "admin": API_DONE, "province_leader": DENIED}
        ),
        body=lambda o: {
            "version": AgencyReport.objects.get(pk=o.dard_submitted).version,
            "comment": "Làm lại",
        },
        state=_report_state("dard_submitted"),
    ),
    ApiCase(
        "POST /api/reporting/reports/{report_id}/extension",
        {"report_id": "donre_report"},
        api_rule(
            rule(
                DENIED,
                coordinator=API_DONE,
                admin=API_DONE,
                other_coordinator=HIDDEN,
                ministry=HIDDEN,
            )
        ),
        body=lambda o: {"until": "2030-12-31"},
        state=_report_state("donre_report"),
    ),
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}",
        {"report_id": "draft_version"},
        api_rule(COORDINATOR_ONLY | {"province_leader": OK}),
    ),
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}",
        {"report_id": "sent_version"},
        api_rule(COORDINATION | {"province_leader": OK}),
    ),
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}/docx",
        {"report_id": "draft_version"},
        api_rule(COORDINATOR_ONLY | {"province_leader": OK}),
    ),
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}/docx",
        {"report_id": "sent_version"},
        api_rule(COORDINATION | {"province_leader": OK}),
    ),
    # The matrix's versions have a Word file only.
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}/xlsx",
        {"report_id": "sent_version"},
        api_rule(rule(HIDDEN)),
    ),
    ApiCase(
        "GET /api/documents/consolidated-reports/{report_id}/pdf",
        {"report_id": "sent_version"},
        api_rule(rule(HIDDEN)),
    ),
    ApiCase(
        "POST /api/documents/consolidated-reports/{report_id}/sent",
        {"report_id": "draft_version"},
        api_rule(
            COORDINATOR_ONLY
            | {"coordinator": API_DONE, "admin": API_DONE, "province_leader": DENIED}
        ),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.draft_version).status,
    ),
    ApiCase(
        "POST /api/documents/consolidated-reports/{report_id}/sent",
        {"report_id": "sent_version"},
        api_rule(
            rule(
                HIDDEN, coordinator=API_DONE, viewer=DENIED, admin=API_DONE, province_leader=DENIED
            )
        ),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.sent_version).sent_by_id,
    ),
    # The approval chain (issue 14) through the API: as its pages.
    ApiCase(
        "POST /api/documents/consolidated-reports/{report_id}/submit",
        {"report_id": "draft_version"},
        api_rule(rule(HIDDEN, coordinator=API_DONE, admin=API_DONE, province_leader=DENIED)),
        state=lambda o: ConsolidatedReport.objects.get(pk=o.draft_version).status,
    ),
    ApiCase(
        "POST /api/documents/consolidated-reports/{report_id}/approve",
        {"report_id": "submitted_version"},
        api_rule(rule(HIDDEN, coordinator=DENIED, admin=API_DONE, province_leader=API_DONE)),
        body=lambda o: {
            "issued_number": "125/BC-UBND",
            "issued_on": "2018-11-20",
            "signer_name": "Người ký",
            "signature_authority": "vice_chairman",
        },
        state=lambda o: ConsolidatedReport.objects.get(pk=o.submitted_version).status,
    ),
    ApiCase(
        "POST /api/documents/consolidated-reports/{report_id}/return-to-dpi",
        {"report_id": "submitted_version"},
        api_rule(rule(HIDDEN, coordinator=DENIED, admin=API_DONE, province_leader=API_DONE)),
        body=lambda o: {"comment": "Bổ sung số liệu"},
        state=lambda o: ConsolidatedReport.objects.get(pk=o.submitted_version).status,
    ),
    # Webhooks: administrators, and each province's coordinator for their province.
    ApiCase("GET /api/webhooks", {}, api_rule(EVERYONE)),
    ApiCase(
        "POST /api/webhooks",
        {},
        api_rule(rule(DENIED, coordinator=API_DONE, other_coordinator=API_DONE, admin=API_DONE)),
        body=lambda o: {"url": "https://eoffice.example.org/hook", "events": ["report.accepted"]},
        state=lambda o: Endpoint.objects.count(),
    ),
    ApiCase(
        "GET /api/webhooks/{endpoint_id}/deliveries",
        {"endpoint_id": "webhook"},
        api_rule(COORDINATOR_ONLY),
    ),
    ApiCase(
        "DELETE /api/webhooks/{endpoint_id}",
        {"endpoint_id": "webhook"},
        api_rule(COORDINATOR_ONLY | {"coordinator": API_DONE, "admin": API_DONE}),
        state=lambda o: Endpoint.objects.get(pk=o.webhook).active,
    ),
    # Indicators: the responsible agency enters its own province's values.
    ApiCase("GET /api/indicators", {}, api_rule(EVERYONE)),
    ApiCase(
        "GET /api/indicators/territories/{territory_code}/scorecard",
        {"territory_code": "province"},
        api_rule(PROVINCE),
    ),
    ApiCase(
        "GET /api/indicators/territories/{territory_code}/scorecard",
        {"territory_code": "other_province"},
        api_rule(OTHER_PROVINCE),
    ),
    ApiCase(
        "GET /api/indicators/territories/{territory_code}/{indicator_code}/values",
        {"territory_code": "province", "indicator_code": "ghg"},
        api_rule(PROVINCE),
    ),
    ApiCase(
        "GET /api/indicators/territories/{territory_code}/{indicator_code}/values",
        {"territory_code": "other_province", "indicator_code": "ghg"},
        api_rule(OTHER_PROVINCE),
    ),
    ApiCase(
        "POST /api/indicators/territories/{territory_code}/{indicator_code}/values",
        {"territory_code": "province", "indicator_code": "ghg"},
        api_rule(
            rule(DENIED, staff=API_DONE, leader=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)
        ),
        body=lambda o: {"year": 2024, "value": "1"},
        state=lambda o: IndicatorValue.objects.count(),
    ),
    ApiCase(
        "POST /api/indicators/territories/{territory_code}/{indicator_code}/values",
        {"territory_code": "province", "indicator_code": "re_supply"},
        api_rule(rule(DENIED, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"year": 2024, "value": "1"},
        state=lambda o: IndicatorValue.objects.count(),
    ),
    ApiCase(
        "POST /api/indicators/territories/{territory_code}/{indicator_code}/values",
        {"territory_code": "other_province", "indicator_code": "ghg"},
        api_rule(rule(HIDDEN, other_coordinator=DENIED, admin=API_DONE)),
        body=lambda o: {"year": 2024, "value": "1"},
        state=lambda o: IndicatorValue.objects.count(),
    ),
    # Projects: read by the whole province, changed by the leading agency and the coordinator.
    ApiCase("GET /api/projects", {}, api_rule(EVERYONE)),
    ApiCase(
        "POST /api/projects",
        {},
        api_rule(rule(API_REFUSED, coordinator=API_DONE, admin=API_DONE, viewer=DENIED)),
        body=lambda o: _api_project(o, "bd-sct"),
        state=lambda o: Project.objects.count(),
    ),
    ApiCase("GET /api/projects/{project_id}", {"project_id": "donre_project"}, api_rule(PROVINCE)),
    ApiCase(
        "GET /api/projects/{project_id}",
        {"project_id": "other_project"},
        api_rule(OTHER_PROVINCE),
    ),
    ApiCase(
        "PUT /api/projects/{project_id}",
        {"project_id": "doit_project"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: _api_project(o, "bd-sct") | {"version": _version_of(o.doit_project)},
        state=_project_state("doit_project"),
    ),
    ApiCase(
        "PATCH /api/projects/{project_id}",
        {"project_id": "doit_project"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"version": _version_of(o.doit_project), "title": "Ghi đè qua API"},
        state=_project_state("doit_project"),
    ),
    ApiCase(
        "PATCH /api/projects/{project_id}",
        {"project_id": "donre_project"},
        api_rule(rule(API_DONE, viewer=DENIED, other_coordinator=HIDDEN)),
        body=lambda o: {"version": _version_of(o.donre_project), "notes": "Ghi chú"},
        state=_project_state("donre_project"),
    ),
    ApiCase(
        "POST /api/projects/{project_id}/steps",
        {"project_id": "doit_project"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"to_status": "cancelled", "version": _version_of(o.doit_project)},
        state=_project_state("doit_project"),
    ),
    ApiCase(
        "POST /api/projects/{project_id}/allocation",
        {"project_id": "donre_project"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"version": _version_of(o.donre_project), "lines": []},
        state=_project_state("donre_project"),
    ),
    ApiCase(
        "POST /api/projects/{project_id}/allocation",
        {"project_id": "other_project"},
        api_rule(rule(HIDDEN, other_coordinator=API_DONE, admin=API_DONE)),
        body=lambda o: {"version": _version_of(o.other_project), "lines": []},
        state=_project_state("other_project"),
    ),
    ApiCase(
        "POST /api/projects/{project_id}/disbursement",
        {"project_id": "doit_project"},
        api_rule(rule(DENIED, coordinator=API_DONE, admin=API_DONE, other_coordinator=HIDDEN)),
        body=lambda o: {"version": _version_of(o.doit_project), "lines": []},
        state=_project_state("doit_project"),
    ),
]


# --- The two roles of the chain to the ministry ------------------------------------------------
# Where the province leader (who reads everything of their province and writes nothing but
# the approval) and the ministry's coordinator (a central body: every province's plans and
# organisations, but no province's agency reports) get something else than an entry's
# default. Reviewed line by line against accounts.permissions.

NEW_ROLES_ON_PAGES = {
    ("get", "plans:import", ""): {"ministry": OK},
    ("post", "plans:import", ""): {"ministry": DONE},
    ("get", "plans:import_template", ""): {"ministry": OK},
    ("get", "plans:detail", "other_plan"): {"ministry": OK},
    ("get", "plans:items", "other_plan"): {"ministry": OK},
    ("get", "plans:coverage", "other_plan"): {"ministry": OK},
    ("get", "plans:item", "other_item"): {"ministry": OK},
    ("get", "plans:crosswalk", "other_plan"): {"ministry": DENIED},
    ("get", "plans:crosswalk_template", "other_plan"): {"ministry": DENIED},
    ("get", "orgs:detail", "other_dpi"): {"ministry": OK},
    ("get", "reporting:rounds", "other_plan"): {"ministry": OK},
    ("post", "reporting:lock", "other_round"): {"ministry": DENIED},
    ("post", "reporting:cancel", "other_round"): {"ministry": DENIED},
    ("get", "reporting:report", "donre_report"): {"ministry": HIDDEN},
    ("get", "reporting:report_history", "donre_report"): {"ministry": HIDDEN},
    ("get", "reporting:report", "donre_draft"): {"ministry": HIDDEN},
    ("post", "reporting:report", "save DONRE's draft"): {
        "ministry": HIDDEN,
        "province_leader": DENIED,
    },
    ("post", "reporting:report", "save DONRE's accepted report"): {"ministry": HIDDEN},
    ("post", "reporting:submit", "donre_draft"): {"ministry": HIDDEN},
    ("post", "reporting:review", "an accepted report"): {"ministry": HIDDEN},
    ("post", "reporting:exception", "donre_report, empty form"): {"ministry": HIDDEN},
    ("post", "reporting:upload", "donre_draft"): {"ministry": HIDDEN, "province_leader": DENIED},
    ("get", "reporting:attachment", "donre_attachment"): {"ministry": HIDDEN},
    ("post", "reporting:remove_attachment", "remove a file of DONRE's accepted report"): {
        "ministry": HIDDEN
    },
    ("post", "reporting:replace_attachment", "replace a file of DONRE's accepted report"): {
        "ministry": HIDDEN
    },
    ("get", "indicators:my_scorecard", ""): {"ministry": OK},
    ("get", "indicators:scorecard", "other_province"): {"ministry": OK},
    ("get", "indicators:scorecard_export", "other_province"): {"ministry": OK},
    ("get", "indicators:indicator", "other_province ghg"): {"ministry": OK},
    ("post", "indicators:enter_value", "other_province ghg"): {"ministry": DENIED},
    ("post", "indicators:set_target", "other_province ghg"): {"ministry": DENIED},
    ("post", "indicators:set_responsibility", "other_province ghg"): {"ministry": DENIED},
    ("post", "indicators:accept_value", "other_value"): {"ministry": DENIED},
    ("post", "indicators:return_value", "other_value"): {"ministry": DENIED},
    ("get", "projects:detail", "other_project"): {"ministry": OK},
    ("get", "projects:edit", "donre_project"): {"ministry": DENIED, "province_leader": DENIED},
    ("get", "projects:edit", "other_project"): {"ministry": DENIED},
    ("post", "projects:step", "donre_project"): {"ministry": DENIED, "province_leader": DENIED},
    ("post", "projects:allocate", "other_project"): {"ministry": DENIED},
    ("post", "projects:disburse", "donre_project"): {"ministry": DENIED, "province_leader": DENIED},
    ("get", "projects:activity", "other_item"): {"ministry": OK},
    ("get", "projects:totals", "other_plan"): {"ministry": OK},
    ("get", "projects:budget_export", "other_plan"): {"ministry": OK},
    ("get", "reporting:round", "round"): {"province_leader": OK},
    ("get", "reporting:round_live", "round"): {"province_leader": OK},
    ("get", "reporting:report", "doit_report"): {"province_leader": OK},
    ("get", "reporting:report_history", "doit_report"): {"province_leader": OK},
    ("post", "reporting:report", "save DOIT's returned report"): {"province_leader": DENIED},
    ("post", "reporting:submit", "doit_report"): {"province_leader": DENIED},
    ("post", "reporting:review", "dard_submitted"): {"province_leader": DENIED},
    ("post", "reporting:exception", "doit_report"): {"province_leader": DENIED},
    ("post", "reporting:upload", "doit_report"): {"province_leader": DENIED},
    ("get", "reporting:attachment", "doit_attachment"): {"province_leader": OK},
    ("post", "reporting:remove_attachment", "remove a file of DOIT's returned report"): {
        "province_leader": DENIED
    },
    ("post", "reporting:replace_attachment", "replace a file of DOIT's returned report"): {
        "province_leader": DENIED
    },
    ("get", "projects:create", ""): {"province_leader": DENIED},
    ("get", "documents:consolidation", "round"): {"province_leader": OK},
    ("post", "documents:consolidation", "round"): {"province_leader": DENIED},
    ("get", "documents:version_row", "draft_version"): {"province_leader": OK},
    ("get", "documents:version_row", "sent_version"): {"province_leader": OK},
    ("get", "documents:download", "draft_version =docx"): {"province_leader": OK},
    ("get", "documents:download", "sent_version =docx"): {"province_leader": OK},
    ("post", "documents:mark_sent", "draft_version"): {"province_leader": DENIED},
    ("post", "documents:mark_sent", "sent_version"): {"province_leader": DENIED},
    ("post", "documents:retry", "draft_version"): {"province_leader": DENIED},
    ("post", "documents:retry", "sent_version"): {"province_leader": DENIED},
}
NEW_ROLES_ON_API = {
    ("GET /api/plans/{plan_id}", "other_plan"): {"ministry": OK},
    ("GET /api/plans/{plan_id}/items", "other_plan"): {"ministry": OK},
    ("GET /api/plans/{plan_id}/coverage", "other_plan"): {"ministry": OK},
    ("GET /api/orgs/{org_id}", "other_dpi"): {"ministry": OK},
    ("GET /api/reporting/rounds/{round_id}/reports", "other_round"): {"ministry": OK},
    ("GET /api/reporting/reports/{report_id}", "donre_report"): {"ministry": HIDDEN},
    ("GET /api/reporting/reports/{report_id}", "donre_draft"): {"ministry": HIDDEN},
    ("POST /api/reporting/reports/{report_id}", "donre_draft"): {
        "ministry": HIDDEN,
        "province_leader": DENIED,
    },
    ("POST /api/reporting/reports/{report_id}", "donre_report"): {"ministry": HIDDEN},
    ("GET /api/indicators/territories/{territory_code}/scorecard", "other_province"): {
        "ministry": OK
    },
    (
        "GET /api/indicators/territories/{territory_code}/{indicator_code}/values",
        "other_province ghg",
    ): {"ministry": OK},
    (
        "POST /api/indicators/territories/{territory_code}/{indicator_code}/values",
        "other_province ghg",
    ): {"ministry": DENIED},
    ("GET /api/projects/{project_id}", "other_project"): {"ministry": OK},
    ("PATCH /api/projects/{project_id}", "donre_project"): {
        "ministry": DENIED,
        "province_leader": DENIED,
    },
    ("POST /api/projects/{project_id}/allocation", "other_project"): {"ministry": DENIED},
    ("GET /api/reporting/reports/{report_id}", "doit_report"): {"province_leader": OK},
    ("POST /api/reporting/reports/{report_id}", "doit_report"): {"province_leader": DENIED},
}


def _with_new_roles(cases, table, key):
    unknown = set(table) - {key(case) for case in cases}
    assert not unknown, f"no such matrix entry: {unknown}"
    return [
        dataclasses.replace(case, expect=case.expect | table.get(key(case), {})) for case in cases
    ]


MATRIX = _with_new_roles(MATRIX, NEW_ROLES_ON_PAGES, lambda c: (c.method, c.name, c.about))
API_MATRIX = _with_new_roles(API_MATRIX, NEW_ROLES_ON_API, lambda c: (c.operation, c.about))


# --- Running it --------------------------------------------------------------------------------


def history_fingerprint() -> tuple[int, ...]:
    """The newest record of every history table, in one query: a refused request adds none."""
    quote = connection.ops.quote_name
    tables = sorted(
        m._meta.db_table for m in apps.get_models() if m.__name__.startswith("Historical")
    )
    columns = ", ".join(
        f"(SELECT MAX({quote('history_id')}) FROM {quote(table)})"  # noqa: S608 - our tables
        for table in tables
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns}")  # noqa: S608
        return tuple(cursor.fetchone())


@dataclass
class Outcome:
    status: int
    location: str
    before: object = None
    after: object = None
    history_before: tuple[int, ...] = ()
    history_after: tuple[int, ...] = ()


def _request(
    client: Client,
    method: str,
    url: str,
    *,
    data: dict | None,
    json_body: bool,
    state: Callable[[], object] | None,
    watch: bool,
) -> Outcome:
    """One request inside a savepoint rolled back afterwards, so that an allowed action does
    not change what the next check sees."""
    with transaction.atomic():
        before = state() if state else None
        history_before = history_fingerprint() if watch else ()
        if method == "get":
            response = client.get(url)
        elif json_body:
            response = client.generic(
                method.upper(), url, json.dumps(data or {}), content_type="application/json"
            )
        else:
            response = client.post(url, data or {})
        outcome = Outcome(
            status=response.status_code,
            location=response.get("Location", ""),
            before=before,
            after=state() if state else None,
            history_before=history_before,
            history_after=history_fingerprint() if watch else (),
        )
        transaction.set_rollback(True)
    return outcome


def _check(expect: Expect, outcome: Outcome, method: str) -> str | None:
    if outcome.status not in expect.statuses:
        return f"expected {expect}, got {outcome.status} {outcome.location}".rstrip()
    if expect.location is not None and not outcome.location.startswith(expect.location):
        return f"expected {expect}, got {outcome.status} to {outcome.location}"
    if outcome.status == 302 and expect is DONE and outcome.location.startswith("/login/"):
        return f"expected {expect}, got a redirect to the login page"
    if method in ("post", "delete") and expect.refused:
        if outcome.before != outcome.after:
            return f"refused ({outcome.status}) but changed {outcome.before!r} -> {outcome.after!r}"
        if outcome.history_before != outcome.history_after:
            return f"refused ({outcome.status}) but wrote history records"
    return None


def _client_for(role: str, objects: Objects) -> Client:
    client = Client()
    if role != "anonymous":
        client.force_login(objects.users[role])
    return client


# Charts are drawn by matplotlib, a tenth of a second each; who may see a page does not depend
# on them, and the matrix opens each page once per role.
CHARTS = [
    ("plans.views", "coverage_figure"),
    ("reporting.views", "completeness_figure"),
    ("projects.views", "funding_figure"),
    ("indicators.views", "progress_figure"),
]


@pytest.fixture
def objects(demo, settings, tmp_path, monkeypatch) -> Objects:
    for module, figure in CHARTS:
        monkeypatch.setattr(f"{module}.{figure}", lambda *args, **kwargs: None)
        monkeypatch.setattr(f"{module}.to_svg", lambda figure: "<svg></svg>")
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.DOCUMENTS_BUILD_IN_BACKGROUND = True  # queued after commit: never, in a test
    settings.LANGUAGE_CODE = "en"
    return build_objects()


def _resolve(spec: ExpectSpec, objects: Objects) -> Expect:
    return spec if isinstance(spec, Expect) else spec(objects)


def _run_pages(client: Client, role: str, objects: Objects) -> list[str]:
    failures = []
    for case in MATRIX:
        expect = _resolve(case.expect[role], objects)
        url = case.url(objects)
        label = f"{case.method.upper()} {url} ({case.name}, {case.about})"
        try:
            outcome = _request(
                client,
                case.method,
                url,
                data=case.data(objects) if case.data else None,
                json_body=False,
                state=functools.partial(case.state, objects) if case.state else None,
                watch=case.method == "post" and expect.refused,
            )
        except Exception as exc:  # noqa: BLE001 - a 500 is one more line of the report
            failures.append(f"{label}: raised {exc!r}")
            continue
        if case.logs_out and role != "anonymous":
            client.force_login(objects.users[role])
        if problem := _check(expect, outcome, case.method):
            failures.append(f"{label}: {problem}")
    return failures


def _run_api(client: Client, role: str, objects: Objects) -> list[str]:
    failures = []
    for case in API_MATRIX:
        expect = _resolve(case.expect[role], objects)
        label = f"{case.operation} as {case.url(objects)} ({case.about})"
        try:
            outcome = _request(
                client,
                case.method,
                case.url(objects),
                data=case.body(objects) if case.body else None,
                json_body=True,
                state=functools.partial(case.state, objects) if case.state else None,
                watch=case.method in ("post", "delete") and expect.refused,
            )
        except Exception as exc:  # noqa: BLE001
            failures.append(f"{label}: raised {exc!r}")
            continue
        if problem := _check(expect, outcome, case.method):
            failures.append(f"{label}: {problem}")
    return failures


@pytest.mark.parametrize("role", ROLES)
def test_every_page_and_api_operation_answers_the_role_as_the_matrix_says(
    role: str, objects: Objects
) -> None:
    # Given the demo, the other province, and a browser logged in as `role` (or not at all)
    client = _client_for(role, objects)

    # When it opens every page and calls every API operation of the matrix
    failures = _run_pages(client, role, objects) + _run_api(client, role, objects)

    # Then each answer is the one the matrix gives, and refused writes changed nothing
    assert not failures, f"{role}:\n" + "\n".join(failures)


def test_every_url_and_api_operation_has_an_entry_in_the_matrix() -> None:
    covered = {case.name for case in MATRIX}
    missing = []
    for route in page_routes():
        key = route.name or route.route
        if key.startswith(NOT_IN_MATRIX_PREFIXES) or key in NOT_IN_MATRIX_NAMES:
            continue
        if route.name is None and route.route.startswith(NOT_IN_MATRIX_ROUTES):
            continue
        if key not in covered:
            missing.append(f"URL {key} ({route.route})")
    api_covered = {case.operation for case in API_MATRIX}
    missing += [f"API {op.key}" for op in api_operations() if op.key not in api_covered]
    assert not missing, "Add these to the authorization matrix:\n" + "\n".join(missing)


def test_every_matrix_entry_says_what_each_role_gets() -> None:
    names = {r.name for r in page_routes()} | {"admin:index"}
    operations = {op.key for op in api_operations()}
    for case in MATRIX:
        assert case.name in names, f"{case.name} is no longer a URL name"
        assert set(case.expect) == set(ROLES), case
    for api_case in API_MATRIX:
        operation = api_case.operation
        assert operation in operations, f"{operation} is no longer an API operation"
        assert set(api_case.expect) == set(ROLES), api_case


def test_the_api_lists_only_what_the_caller_may_read(objects: Objects) -> None:
    """Lists answer 200 to everyone: the rows themselves must be filtered."""
    # Given the staff of DONRE, the provincial viewer, the DPI coordinator, another province's
    clients = {role: _client_for(role, objects) for role in LOGGED_IN}

    # When they list the 2018 round's reports, the GHG values of Bình Dương, the projects
    reports = {
        role: {
            r["organisation_code"]
            for r in c.get(f"/api/reporting/rounds/{objects.round}/reports").json()["items"]
        }
        for role, c in clients.items()
        if role != "other_coordinator"
    }
    values_url = f"/api/indicators/territories/{objects.province}/{objects.ghg}/values"
    values = {
        role: {v["year"]: v["status"] for v in clients[role].get(values_url).json()}
        for role in ("staff", "viewer", "coordinator")
    }
    projects = {
        role: {p["id"] for p in c.get("/api/projects").json()["items"]}
        for role, c in clients.items()
    }

    # Then DONRE sees its own report only, the viewer no report that is not accepted
    assert reports["staff"] == reports["leader"] == {"bd-stnmt"}
    assert "bd-sct" not in reports["viewer"]  # DOIT's report was returned, not accepted
    assert {"bd-stnmt", "bd-sct"} <= reports["coordinator"]
    # the submitted 2023 value only by its agency and its reviewer
    assert values["staff"][2023] == values["coordinator"][2023] == "submitted"
    assert 2023 not in values["viewer"]
    # and each province its own projects
    assert objects.other_project not in projects["staff"] | projects["viewer"]
    assert projects["other_coordinator"] == {objects.other_project}
    assert {objects.donre_project, objects.doit_project, objects.other_project} <= projects["admin"]
