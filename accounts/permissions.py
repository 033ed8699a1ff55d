"""Who may see and change what. Views, the API and commands ask here; nobody else decides.

The rules:
- An administrator sees and manages everything.
- Central bodies (organisations outside any province, e.g. a ministry) see every province,
  and their coordinators manage national and sectoral plans.
- Everyone else sees national/sectoral plans (the reference their province implements) and
  only their own province's plans and organisations.
- A coordinator (DPI) manages everything of their own province.
- Agency staff and leaders work on their own organisation's items; viewers only read.
- The province leader (chairman or vice-chairman of the People's Committee) reads every
  report and consolidated version of their province and approves or returns the version DPI
  submits to them: approved, it is the province's report to the ministry.
- National rounds (rounds of a national plan) are managed by the ministry: a coordinator of
  the central body that is the national plan's focal point, or of its successor (Bộ Kế hoạch
  và Đầu tư, then Bộ Tài chính from 01/03/2025). The ministry reads the provinces' national
  reports once delivered, never the provinces' agency reports, DPI's drafts or versions the
  People's Committee has not approved. Province users see their own province's national
  report, never another province's.

This module imports no domain app (accounts sits below them all, above core): the rules
receive the objects they judge, and the rules over lists are filters (`*_scope`, a `Q`) that
each app's queryset applies, e.g. `Plan.objects.visible_to(user)` is
`Plan.objects.filter(plan_scope(user))`. A reader still finds every "who may" here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.db.models import Q

from accounts.models import Role

if TYPE_CHECKING:
    from accounts.models import User
    from jobs.models import ImportJob
    from orgs.models import Organisation
    from plans.models import Plan


def is_active_user(user) -> TypeGuard[User]:
    return bool(user and user.is_authenticated and user.is_active)


def sees_all_provinces(user: User) -> bool:
    return is_active_user(user) and (
        user.is_admin or (user.organisation_id is not None and user.province_id is None)
    )


def province_q(user: User, field: str) -> Q:
    """A filter on `field` (a path to a province id) restricting rows to what `user` may see.

    Rows with no province (central bodies, national plans) are visible to every user.
    """
    if not is_active_user(user):
        return Q(pk__in=[])
    if sees_all_provinces(user):
        return Q()
    central = Q(**{f"{field}__isnull": True})
    if user.province_id is None:
        return central
    return central | Q(**{field: user.province_id})


def plan_scope(user: User, path: str = "") -> Q:
    """The plans `user` may see, as a filter on plans (or on `path`, e.g. "item__plan__",
    from a related row): `Plan.objects.visible_to(user)`."""
    return province_q(user, f"{path}territory__province_id")


def organisation_scope(user: User, path: str = "") -> Q:
    """The organisations `user` may see: `Organisation.objects.visible_to(user)`."""
    return province_q(user, f"{path}province_id")


def is_province_coordinator(user: User, province_id: int | None) -> bool:
    """The coordinator (DPI) of province `province_id`, or an administrator. Central
    coordinators are not province coordinators: `province_id` None matches admins only."""
    if not is_active_user(user):
        return False
    if user.is_admin:
        return True
    return (
        user.role == Role.COORDINATOR
        and user.province_id is not None
        and user.province_id == province_id
    )


def can_manage_webhook(user: User, province_id: int | None) -> bool:
    """Register, read and remove webhook endpoints of province `province_id` (None: of every
    province): that province's coordinator, or an administrator."""
    return is_province_coordinator(user, province_id)


# How far down a chain of mergers a ministry's coordinator keeps the focal point's national
# plans (Bộ KH&ĐT -> Bộ Tài chính is one step); the scope filters spell each step out.
SUCCESSION_DEPTH = 3
NATIONAL = "national"  # plans.models.PlanLevel.NATIONAL (no domain import here)


def is_national_plan(plan: Plan) -> bool:
    return plan.level == NATIONAL


def _succeeds(organisation, organisation_id: int | None) -> bool:
    """Is `organisation_id` `organisation` itself or one of its successors?"""
    current = organisation
    for _step in range(SUCCESSION_DEPTH + 1):
        if current is None:
            return False
        if current.pk == organisation_id:
            return True
        current = current.successor
    return False


def is_ministry_coordinator(user: User) -> bool:
    """A coordinator at a central body (a ministry): manages the national rounds of the
    national plans whose focal point it is (or whose focal point it took over)."""
    return (
        is_active_user(user)
        and user.role == Role.COORDINATOR
        and user.organisation_id is not None
        and user.province_id is None
    )


def focal_point_q(user: User, path: str) -> Q:
    """Plans (at `path`, e.g. "round__plan__") whose focal point is `user`'s organisation or
    an organisation it succeeded, within SUCCESSION_DEPTH mergers."""
    org = user.organisation_id
    q = Q(**{f"{path}focal_point_id": org})
    link = f"{path}focal_point__"
    for _step in range(SUCCESSION_DEPTH):
        q |= Q(**{f"{link}successor_id": org})
        link += "successor__"
    return q


def manages_national_plan(user: User, plan: Plan) -> bool:
    """Open, lock and review the national rounds of `plan`: the coordinator of its focal point
    or of the focal point's successor, or an administrator."""
    if not (is_active_user(user) and is_national_plan(plan)):
        return False
    if user.is_admin:
        return True
    return is_ministry_coordinator(user) and _succeeds(plan.focal_point, user.organisation_id)


def is_province_leader(user: User, province_id: int | None) -> bool:
    """The leader of province `province_id`'s People's Committee (not administrators)."""
    return (
        is_active_user(user)
        and user.role == Role.PROVINCE_LEADER
        and province_id is not None
        and user.province_id == province_id
    )


def can_view_plan(user: User, plan: Plan) -> bool:
    if not is_active_user(user):
        return False
    province_id = plan.territory.province_id
    return province_id is None or sees_all_provinces(user) or province_id == user.province_id


def can_manage_plan(user: User, plan: Plan) -> bool:
    """Edit the plan, replace it by an import, change its assignments."""
    if not is_active_user(user):
        return False
    if user.is_admin:
        return True
    return user.role == Role.COORDINATOR and plan.territory.province_id == user.province_id


def can_import_plans(user: User) -> bool:
    return is_active_user(user) and (user.is_admin or user.role == Role.COORDINATOR)


def can_view_import_job(user: User, job: ImportJob) -> bool:
    """An import of the queue (jobs.models) is seen by whoever uploaded it and by
    administrators: its problems quote the file, which other users may not see. Its kind adds
    its own rule (jobs.kinds: e.g. while the uploader may still import plans)."""
    return is_active_user(user) and (user.is_admin or job.created_by_id == user.pk)


def can_manage_plan_for_territory(user: User, territory: Organisation) -> bool:
    """May `user` create (import) a plan whose territory is `territory`?"""
    if not can_import_plans(user):
        return False
    return user.is_admin or territory.province_id == user.province_id


def can_view_organisation(user: User, organisation: Organisation) -> bool:
    if not is_active_user(user):
        return False
    return (
        organisation.province_id is None
        or sees_all_provinces(user)
        or organisation.province_id == user.province_id
    )


# --- Reporting (rounds, agency reports, review) ------------------------------------------
# Agency users see and write only their own organisation's reports; the province's
# coordinator sees all of them and reviews; viewers read accepted reports only.


def can_manage_reporting(user: User, plan: Plan) -> bool:
    """Open and lock rounds of `plan`, grant exceptions, review reports: its province's
    coordinator, or an administrator; for a national plan its ministry (manages_national_plan)."""
    if is_national_plan(plan):
        return manages_national_plan(user, plan)
    return can_manage_plan(user, plan)


def can_view_round(user: User, round) -> bool:
    """See a round's completeness board: who manages it, viewers and the province leader of
    the plan's province. A national round's board only its ministry (and administrators)."""
    if can_manage_reporting(user, round.plan):
        return True
    if is_national_plan(round.plan):
        return False
    province_id = round.plan.territory.province_id
    if is_province_leader(user, province_id):
        return True
    return user.role == Role.VIEWER and can_view_plan(user, round.plan)


def report_scope(user: User, *, accepted: str, draft: str) -> Q:
    """The agency reports `user` may read, as a filter on reports (`accepted` and `draft` are
    statuses in reporting's vocabulary): `AgencyReport.objects.visible_to(user)`."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.is_admin:
        return Q()
    # An agency's own reports, and those of the organisations merged into it (it carries on
    # their work, to any depth: a report returned after the merger is fixed by the
    # successor's people).
    own = carried_on_by_q(user.organisation_id, "organisation__")
    national = Q(round__plan__level=NATIONAL)
    if user.province_id is None:
        # A central body: the national reports the provinces delivered to its rounds, never
        # a province's own rounds (agency reports, drafts).
        if user.role == Role.COORDINATOR:
            return (national & focal_point_q(user, "round__plan__") & ~Q(status=draft)) | own
        if user.role == Role.VIEWER:
            return national & Q(status=accepted)
        return own
    # A province's people: its own rounds, and its own report in the national rounds.
    province = Q(round__plan__territory__province_id=user.province_id) | (
        national & Q(organisation__province_id=user.province_id)
    )
    if user.role in {Role.COORDINATOR, Role.PROVINCE_LEADER}:
        return province | own
    if user.role == Role.VIEWER:
        return province & Q(status=accepted)
    return own


def can_view_report(user: User, report) -> bool:
    return type(report).objects.visible_to(user).filter(pk=report.pk).exists()


# --- Successors ----------------------------------------------------------------------------
# One rule for "who carries on an organisation's work": the organisation itself, the one it was
# merged into, and the open organisation at the end of its chain of successors (A merged into
# B merged into C: C's people read and carry on A's reports). orgs.Organisation keeps `heir`
# (the end of the chain) in step on every save, so the rule is a join, at any depth.


def carried_on_by_q(organisation_id: int | None, path: str = "") -> Q:
    """Rows (at `path`, an organisation) whose work `organisation_id` carries on."""
    if organisation_id is None:
        return Q(pk__in=[])
    return (
        Q(**{f"{path}id": organisation_id} if path else {"pk": organisation_id})
        | Q(**{f"{path}successor_id": organisation_id})
        | Q(**{f"{path}heir_id": organisation_id})
    )


def carries_on(organisation_id: int | None, organisation: Organisation) -> bool:
    """Does `organisation_id` carry on `organisation`'s work (the object form of
    carried_on_by_q)?"""
    return organisation_id is not None and organisation_id in {
        organisation.pk,
        organisation.successor_id,
        organisation.heir_id,
    }


def works_for_reporting_agency(user: User, report) -> bool:
    """A member of the reporting agency, or of an organisation that carries on its work (its
    successor, to any depth), who writes reports (not a viewer)."""
    return (
        is_active_user(user)
        and user.organisation_id is not None
        and (
            user.organisation_id == report.organisation_id
            # (read only when needed: the report's organisation may not be loaded)
            or carries_on(user.organisation_id, report.organisation)
        )
        and user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.COORDINATOR}
    )


def can_edit_report(user: User, report) -> bool:
    """Write the draft: the agency's staff and leader (or an administrator entering it for
    them) while the report is a draft or returned and the round still takes it."""
    from django.utils import timezone

    if not (works_for_reporting_agency(user, report) or (is_active_user(user) and user.is_admin)):
        return False
    if is_national_plan(report.round.plan):
        return False  # written by the province's approval (deliver_national_report), not typed
    return report.is_editable and report.is_open_on(timezone.localdate())


def can_change_attachment(user: User, attachment) -> bool:
    """Remove or replace an evidence file: whoever may edit its report's draft, while they may."""
    return can_edit_report(user, attachment.report)


def can_submit_report(user: User, report) -> bool:
    """Approve and send the report: the agency's leader (DPI's coordinator for DPI's own
    report), or an administrator."""
    if not can_edit_report(user, report):
        return False
    return user.is_admin or user.role in {Role.AGENCY_LEADER, Role.COORDINATOR}


def can_review_report(user: User, report) -> bool:
    """Accept or return a submitted report: the coordinator of the plan's province; for a
    province's national report, the ministry."""
    return report.awaits_review and can_manage_reporting(user, report.round.plan)


def can_deliver_national_report(user: User, report) -> bool:
    """Put the province's approved figures into its report of a national round (and submit it
    to the ministry): the province leader who approves, or the ministry opening the round
    after the approval (it delivers what was approved), or an administrator."""
    if not is_active_user(user):
        return False
    return is_province_leader(user, report.organisation.province_id) or can_manage_reporting(
        user, report.round.plan
    )


# --- Projects (proposals, projects, budgets) ---------------------------------------------
# Everyone of a province reads its projects (the pipeline is the province's, like its plan);
# an agency's staff and leader manage the projects their organisation leads; the province's
# coordinator manages all of them and alone records appraisal, approval and allocation.


def project_scope(user: User, path: str = "") -> Q:
    """The projects `user` may read, as a filter on projects: those whose lead organisation
    lies in the user's province (every province for central bodies):
    `Project.objects.visible_to(user)`."""
    return province_q(user, f"{path}lead_organisation__province_id")


def can_view_project(user: User, project) -> bool:
    return is_active_user(user) and can_view_organisation(user, project.lead_organisation)


def can_record_reported_disbursement(user: User, project) -> bool:
    """Write onto `project`'s budget the disbursement an accepted report gives: only a reviewer
    who may see the project. (A report of another province's agency, left in a round by an
    older import, never writes money onto that province's project.)"""
    return can_view_project(user, project)


def can_decide_projects(user: User, province_id: int | None) -> bool:
    """Record the province's decisions (appraisal, approval, allocation) on its projects:
    the province's coordinator, or an administrator."""
    return is_province_coordinator(user, province_id)


def project_lead_scope(user: User) -> Q:
    """The organisations `user` may register projects for, as a filter on organisations: the
    list form of `can_lead_project_as`, applied to the open organisations below ministry
    level by `Organisation.objects.project_lead_choices(user)`."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.is_admin:
        return Q()
    if user.role == Role.COORDINATOR:
        return Q(province_id=user.province_id)
    if user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER} and user.organisation_id is not None:
        return Q(pk=user.organisation_id)
    return Q(pk__in=[])


def can_lead_project_as(user: User, organisation: Organisation) -> bool:
    """May `user` register (or move) a project led by `organisation`? Its own staff and
    leader, the coordinator of its province, an administrator."""
    if not is_active_user(user):
        return False
    if can_decide_projects(user, organisation.province_id):
        return True
    return (
        user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER}
        and user.organisation_id is not None
        and user.organisation_id == organisation.pk
    )


def can_create_projects(user: User) -> bool:
    """Show the "new project" button: anyone who may lead a project for some organisation."""
    return is_active_user(user) and (
        user.is_admin
        or user.role == Role.COORDINATOR
        or (
            user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER}
            and user.organisation_id is not None
        )
    )


def can_manage_project(user: User, project) -> bool:
    """Edit the project, its estimates and disbursements, move it along the agency's steps."""
    return can_lead_project_as(user, project.lead_organisation)


def can_record_project_step(user: User, project, to_status: str) -> bool:
    """Move `project` to `to_status`: the province's decisions only by its coordinator,
    the other steps by whoever manages the project."""
    if project.is_province_decision(to_status):
        return can_decide_projects(user, project.lead_organisation.province_id)
    return can_manage_project(user, project)


def can_allocate_project(user: User, project) -> bool:
    """Record the money allocated to a project per year: a decision of the province."""
    return can_decide_projects(user, project.lead_organisation.province_id)


# --- Indicators (catalogue, baselines and targets, yearly values) --------------------------
# The catalogue is shared by every province and kept by administrators. A territory's
# baselines and targets are set by its province's coordinator. Yearly values are entered by
# the indicator's responsible agency for its own province and accepted or returned by that
# province's coordinator; only accepted values count, and everyone who may see the
# territory sees those.


def can_view_indicator_territory(user: User, territory: Organisation) -> bool:
    """See a territory's indicator page and scorecard: anyone who may see the territory."""
    return can_view_organisation(user, territory)


def can_manage_indicator_catalogue(user: User) -> bool:
    """Import and change the shared indicator catalogue: administrators."""
    return is_active_user(user) and user.is_admin


def can_set_indicator_targets(user: User, territory: Organisation) -> bool:
    """Set baselines and targets of `territory`: its province's coordinator, or an admin."""
    return is_province_coordinator(user, territory.province_id)


def can_enter_indicator_value(user: User, indicator, territory: Organisation) -> bool:
    """Enter or correct a yearly value: a member of the agency answering for the indicator in
    the territory today (indicators.responsibility: the territory's own, its heir's once it
    was merged, else the catalogue's) (staff, leader, or DPI's coordinator for DPI's own
    indicators) within its own province, or an administrator entering it for them. Never for
    a derived indicator: it is computed."""
    if not is_active_user(user) or indicator.kind == "derived":
        return False
    if user.is_admin:
        return True
    if not (
        user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.COORDINATOR}
        and user.organisation_id is not None
        and territory.province_id is not None
        and territory.province_id == user.province_id
    ):
        return False
    return user.organisation_id == indicator.responsible_agency_id_in(territory)


def can_review_indicator_value(user: User, value) -> bool:
    """Accept or return an entered value: the coordinator of the territory's province."""
    return not value.is_computed and can_set_indicator_targets(user, value.territory)


def can_see_unaccepted_indicator_values(user: User, indicator, territory: Organisation) -> bool:
    """Drafts, submitted and returned values: the agency entering them and the reviewers."""
    return can_enter_indicator_value(user, indicator, territory) or can_set_indicator_targets(
        user, territory
    )


# --- Documents (consolidated reports, agency Excel templates) -----------------------------
# The coordinator of the plan's province (or an administrator) generates the consolidated
# report of a round and marks a version as sent; viewers who see the round read the versions
# that were sent. An agency downloads and uploads the Excel template of its own report only.


def can_generate_consolidated_report(user: User, plan: Plan) -> bool:
    """Generate a new version of a round's consolidated report, mark one as sent, submit one
    to the People's Committee."""
    return can_manage_reporting(user, plan)


def can_view_consolidated_reports(user: User, round) -> bool:
    """See the consolidation page of a round: whoever sees its completeness board. A round
    on a plan of no province (a national round) consolidates every province's reports:
    only its coordinator (the ministry's) and administrators see it; provinces never see
    each other."""
    if round.plan.territory.province_id is None:
        return can_generate_consolidated_report(user, round.plan)
    return can_view_round(user, round)


def can_approve_consolidated_report(user: User, report) -> bool:
    """Approve (issue) or return the versions DPI submits: the province leader of the plan's
    province, or an administrator (the action refuses a version not waiting for it)."""
    if not is_active_user(user):
        return False
    return user.is_admin or is_province_leader(user, report.round.plan.territory.province_id)


def can_download_consolidated_report(user: User, report) -> bool:
    """Its coordinator and the province leader any version; those who see the consolidation
    page the versions sent or approved; the ministry the approved versions delivered to its
    national rounds."""
    if can_generate_consolidated_report(user, report.round.plan):
        return True
    if is_province_leader(user, report.round.plan.territory.province_id):
        return True
    if report.status == "approved" and report.delivered_as_id is not None:
        if can_manage_reporting(user, report.delivered_as.round.plan):
            return True
    return report.status in {"sent", "approved"} and can_view_consolidated_reports(
        user, report.round
    )


def can_use_report_workbook(user: User, report) -> bool:
    """Download the Excel template of an agency report: its own agency, or an administrator.
    Uploading it back also needs can_edit_report (a draft or returned report)."""
    return works_for_reporting_agency(user, report) or (is_active_user(user) and user.is_admin)


# --- Audit ---------------------------------------------------------------------------------
# The history of every change (who, when, what) is read by administrators only: it shows
# every province's and agency's work, and the users' own records.


def can_view_audit(user: User) -> bool:
    """Open the audit trail: administrators."""
    return is_active_user(user) and user.is_admin


def can_back_up_site(user: User) -> bool:
    """Start a backup of the whole site and see the archives: administrators."""
    return is_active_user(user) and user.is_admin


def can_restructure_organisations(user: User) -> bool:
    """Merge an organisation into another (restructuring): administrators."""
    return is_active_user(user) and user.is_admin


# --- Notifications and the inbox ---------------------------------------------------------
# A notification is read and marked read by its recipient only (it names a report the
# recipient may read: notifications.actions keeps nobody else).


def can_read_notification(user: User, notification) -> bool:
    return is_active_user(user) and notification.recipient_id == user.pk


def review_scope(user: User, *, submitted: str) -> Q:
    """The reports waiting for `user`'s review, as a filter on reports (`submitted` is the
    status of a submitted report): those of the plans of the coordinator's province, every
    province's for an administrator, nothing for others (the inbox reads it)."""
    if not is_active_user(user):
        return Q(pk__in=[])
    if user.is_admin:
        return Q(status=submitted)
    if user.role == Role.COORDINATOR and user.province_id is not None:
        return Q(status=submitted, round__plan__territory__province_id=user.province_id)
    if is_ministry_coordinator(user):
        return Q(status=submitted, round__plan__level=NATIONAL) & focal_point_q(
            user, "round__plan__"
        )
    return Q(pk__in=[])


def approval_scope(user: User, *, submitted: str) -> Q:
    """The consolidated versions waiting for `user`'s approval, as a filter on versions: those
    submitted to the People's Committee of the province leader's province."""
    if not is_active_user(user) or user.role != Role.PROVINCE_LEADER or user.province_id is None:
        return Q(pk__in=[])
    return Q(status=submitted, round__plan__territory__province_id=user.province_id)


def writes_reports(user: User) -> bool:
    """Agency staff and leaders (and DPI's coordinator for DPI's own report) write reports."""
    return (
        is_active_user(user)
        and user.organisation_id is not None
        and user.role in {Role.AGENCY_STAFF, Role.AGENCY_LEADER, Role.COORDINATOR}
    )


def submits_reports(user: User) -> bool:
    """Whose inbox lists the reports to send: leaders (and DPI's coordinator)."""
    return writes_reports(user) and user.role in {Role.AGENCY_LEADER, Role.COORDINATOR}


def can_use_api(user: User, *, holds_token: bool | None = None) -> bool:
    """Show the API link: people holding an API token (the API is for agency systems).
    `holds_token` when the caller has read it already (the header, in its one query)."""
    if not is_active_user(user):
        return False
    return user.api_tokens.exists() if holds_token is None else holds_token


# --- Users -------------------------------------------------------------------------------
# A province's coordinator manages the accounts of its province (create, deactivate, role and
# organisation), never an administrator's and never one outside the province; administrators
# manage every account.


def can_manage_users(user: User) -> bool:
    """Open the user management pages."""
    return is_active_user(user) and (
        user.is_admin or (user.role == Role.COORDINATOR and user.province_id is not None)
    )


def user_scope(user: User) -> Q:
    """The accounts `user` manages, as a filter on users."""
    if not can_manage_users(user):
        return Q(pk__in=[])
    if user.is_admin:
        return Q()
    return (
        Q(organisation__province_id=user.province_id) & ~Q(role=Role.ADMIN) & ~Q(is_superuser=True)
    )


def can_manage_user(user: User, target: User) -> bool:
    """Change `target`'s role, organisation, active flag (never one's own account: nobody
    locks themselves out or promotes themselves)."""
    if not can_manage_users(user) or target.pk == user.pk:
        return False
    if user.is_admin:
        return True
    return not target.is_admin and target.province_id == user.province_id


def can_give_role(user: User, role: str, organisation: Organisation | None) -> bool:
    """May `user` make someone `role` in `organisation`? A coordinator: any role but
    administrator, in an organisation of their province; an administrator: anything."""
    if not can_manage_users(user):
        return False
    if user.is_admin:
        return True
    return (
        role != Role.ADMIN
        and organisation is not None
        and organisation.province_id == user.province_id
    )
