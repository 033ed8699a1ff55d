"""Load the demo (Bình Dương, Bà Rịa - Vũng Tàu, Hồ Chí Minh City; the 2014-2020 and 2021-2030
plan generations) through the same actions users go through. Idempotent."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction

from accounts.system import system_user
from demo import data, generation_2021, provinces
from orgs.actions import upsert_organisation
from orgs.models import Organisation
from plans.actions import import_plan
from plans.models import LegalDocument, Plan
from plans.plan_import import ItemRow, PlanData, PlanImport


def load_organisations() -> None:
    for code, kind, name, name_en, short, parent, extra in data.ORGANISATIONS:
        extra = dict(extra)
        successor = extra.pop("successor", None)
        fields = {"kind": kind, "name": name, "name_en": name_en, "short_name": short, **extra}
        fields["parent"] = Organisation.objects.get(code=parent) if parent else None
        upsert_organisation(code, user=system_user(), **fields)
        if successor:
            upsert_organisation(
                successor, user=system_user()
            )  # exists by then: successors are listed first
            upsert_organisation(
                code, user=system_user(), successor=Organisation.objects.get(code=successor)
            )
    province = Organisation.objects.get(code=data.PROVINCE)
    for code, name, name_en, short in data.DISTRICTS:
        upsert_organisation(
            code,
            user=system_user(),
            kind="district",
            name=name,
            name_en=name_en,
            short_name=short,
            parent=province,
            valid_to=data.DISTRICT_END,
        )
    for demo_province in provinces.PROVINCES:
        for code, fields in provinces.organisations(demo_province):
            fields["parent"] = Organisation.objects.get(code=fields["parent"])
            upsert_organisation(code, user=system_user(), **fields)


def load_legal_documents() -> None:
    for number, kind, issued_on, issuer, title in data.LEGAL_DOCUMENTS:
        LegalDocument.objects.update_or_create(
            number=number,
            defaults={
                "kind": kind,
                "issued_on": issued_on,
                "issuer": Organisation.objects.get(code=issuer),
                "title": title,
            },
        )


def _placeholder(kind_vi: str, label: str) -> str:
    return f"{kind_vi} {label} (tiêu đề chờ nhập từ Phụ lục 1, Quyết định 403/QĐ-TTg)"


def national_plan_import() -> PlanImport:
    items: list[ItemRow] = []
    activity = 0
    for theme_no, title, title_en, n_activities, n_groups in data.THEMES:
        theme_code = f"T{theme_no}"
        items.append(
            ItemRow(
                code=theme_code,
                kind="theme",
                number=str(theme_no),
                title=title,
                title_en=title_en,
                legal_documents=[data.NATIONAL_PLAN],
            )
        )
        # Spread the theme's activities over its groups in order; the real split is unknown.
        per_group = [
            n_activities // n_groups + (1 if g < n_activities % n_groups else 0)
            for g in range(n_groups)
        ]
        for g, count in enumerate(per_group, start=1):
            group_code = f"G{theme_no}.{g}"
            items.append(
                ItemRow(
                    code=group_code,
                    parent_code=theme_code,
                    kind="group",
                    number=f"{theme_no}.{g}",
                    title=_placeholder("Nhóm hoạt động", f"{theme_no}.{g}"),
                    is_placeholder=True,
                )
            )
            for _ in range(count):
                activity += 1
                known = data.KNOWN_ACTIVITY_TITLES.get(activity)
                items.append(
                    ItemRow(
                        code=str(activity),
                        parent_code=group_code,
                        kind="activity",
                        number=str(activity),
                        title=known[0] if known else _placeholder("Hoạt động số", str(activity)),
                        title_en=known[1] if known else "",
                        is_placeholder=known is None,
                        timeframe="2014-2020",
                        legal_documents=[data.NATIONAL_PLAN],
                    )
                )
    plan = PlanData(
        number=data.NATIONAL_PLAN,
        title="Kế hoạch hành động quốc gia về tăng trưởng xanh giai đoạn 2014 - 2020",
        title_en="National Green Growth Action Plan 2014-2020",
        level="national",
        territory=data.GOVERNMENT,
        period_start=2014,
        period_end=2020,
        issuer=data.GOVERNMENT,
        issued_on=data.LEGAL_DOCUMENTS[0][2],
        focal_point="bo-khdt",
        legal_documents=[data.NATIONAL_PLAN],
        description=(
            "Tên 4 chủ đề và số lượng hoạt động theo nguồn công khai; tên các nhóm và hoạt động "
            "chưa có nguồn là tiêu đề tạm (placeholder), cần nhập Phụ lục 1 của Quyết định.\n"
            "Theme titles and counts from public sources; group and activity titles that no source "
            "at hand gives are placeholders until Appendix 1 of the Decision is imported."
        ),
    )
    return PlanImport(plan=plan, items=items)


def provincial_plan_import(national: PlanImport) -> PlanImport:
    items: list[ItemRow] = []
    theme_of: dict[str, int] = {}
    group_theme = {}
    for row in national.items:
        if row.kind == "group":
            group_theme[row.code] = int(row.parent_code[1:])
        if row.kind == "activity":
            theme_of[row.code] = group_theme[row.parent_code]
    tasks_by_activity: dict[int, list] = {}
    for task in data.PRIORITY_TASKS_2018:
        tasks_by_activity.setdefault(task[1], []).append(task)

    for theme_no, title, title_en, _n, _g in data.THEMES:
        items.append(
            ItemRow(
                code=f"T{theme_no}",
                kind="theme",
                number=str(theme_no),
                title=title,
                title_en=title_en,
            )
        )
        cycle = data.THEME_LEAD_CYCLE[theme_no]
        adopted = [
            r
            for r in national.items
            if r.kind == "activity"
            and theme_of[r.code] == theme_no
            and int(r.code) not in data.NOT_ADOPTED
        ]
        for i, nat in enumerate(adopted):
            number = int(nat.code)
            lead = data.SEED_LEADS.get(number, cycle[i % len(cycle)])
            coordinating = [c for c in data.THEME_COORDINATORS[theme_no] if c != lead][:1]
            if theme_no == 4 or number == 60:
                coordinating += data.DISTRICT_CODES[i % 3 :: 3]
            items.append(
                ItemRow(
                    code=nat.code,
                    parent_code=f"T{theme_no}",
                    kind="activity",
                    number=nat.number,
                    title=nat.title,
                    title_en=nat.title_en,
                    is_placeholder=nat.is_placeholder,
                    lead=lead,
                    coordinating=coordinating,
                    timeframe=(
                        "Theo thời gian triển khai của Bộ, ngành Trung ương"
                        if number == 5
                        else "2018-2020"
                    ),
                    implements=nat.code,
                    legal_documents=[data.NATIONAL_PLAN, data.PROVINCIAL_PLAN],
                )
            )
            for code, _act, task_lead, vi, en, on_request, deliverable in tasks_by_activity.get(
                number, []
            ):
                items.append(
                    ItemRow(
                        code=code,
                        parent_code=nat.code,
                        kind="task",
                        number=code,
                        title=vi,
                        title_en=en,
                        lead=task_lead,
                        coordinating=[],
                        timeframe="2018",
                        on_request=on_request,
                        priority_year=2018,
                        due_date=data.END_2018,
                        deliverable=deliverable,
                        legal_documents=[data.PROVINCIAL_PLAN],
                    )
                )
    plan = PlanData(
        number=data.PROVINCIAL_PLAN,
        title="Kế hoạch hành động về tăng trưởng xanh trên địa bàn tỉnh Bình Dương giai đoạn "
        "2018 - 2020",
        title_en="Green growth action plan of Bình Dương province, 2018-2020",
        level="provincial",
        territory=data.PROVINCE,
        period_start=2018,
        period_end=2020,
        parent_number=data.NATIONAL_PLAN,
        issuer=data.PROVINCE,
        focal_point=data.DPI,
        legal_documents=[data.NATIONAL_PLAN, "1670/QĐ-TTg", data.PROVINCIAL_PLAN],
        description=data.PROVINCIAL_DESCRIPTION,
    )
    return PlanImport(plan=plan, items=items)


def _email_domain(organisation: Organisation) -> str:
    province = organisation.province
    if province is None:
        return data.CENTRAL_EMAIL_DOMAIN
    return data.EMAIL_DOMAINS.get(province.code, data.CENTRAL_EMAIL_DOMAIN)


def load_users() -> list[tuple[str, str, str]]:
    User = get_user_model()
    created = []
    hashed = ""
    for username, org_code, role, full_name in data.USERS:
        if User.objects.filter(username=username).exists():
            continue
        # Django joins first + last; Vietnamese names read family name first.
        family_and_middle, _sep, given = full_name.rpartition(" ")
        organisation = Organisation.objects.get(code=org_code)
        user = User(
            username=username,
            organisation=organisation,
            role=role,
            first_name=family_and_middle,
            last_name=given,
            email=f"{username}@{_email_domain(organisation)}",
            is_staff=role == "admin",
            is_superuser=role == "admin",
        )
        # One hash for every demo login: they share the password, and hashing is slow on
        # purpose (20 hashes were a fifth of `make run`'s demo load).
        hashed = hashed or make_password(data.DEMO_PASSWORD)
        user.password = hashed
        user.save()
        created.append((username, org_code, role))
    return created


@transaction.atomic
def load_demo(*, restructure: bool = True) -> list[str]:
    """Load what is missing of the demo; return a line per step for the console. With
    `restructure` (the default, `make run`) the 2025 restructuring is applied at the end, and
    Hồ Chí Minh City's 2025 rounds after it cover both provinces' running plans; the tests' shared
    demo is the one before it (their stories play the 2018-2019 rounds), and
    demo/tests/test_restructuring.py applies it on top."""
    log = []
    load_organisations()
    load_legal_documents()
    log.append(f"organisations: {Organisation.objects.count()}")
    national = national_plan_import()
    plan_imports = [national, provincial_plan_import(national)]
    plan_imports += [provinces.plan_import(p, national) for p in provinces.PROVINCES]
    plan_imports += generation_2021.plan_imports()
    for plan_import in plan_imports:
        if Plan.objects.filter(number=plan_import.plan.number).exists():
            log.append(f"plan {plan_import.plan.number}: already loaded")
        else:
            plan = import_plan(plan_import, user=system_user())
            log.append(f"plan {plan.number}: {plan.items.count()} items")
    log.append(f"users created: {len(load_users())}")
    from demo.reporting import load_demo_rounds  # the reporting app builds on the plans

    log.extend(load_demo_rounds())
    from demo.projects import load_demo_projects  # projects serve the plan's activities

    log.extend(load_demo_projects())
    from demo.indicators import load_demo_indicators  # values of the plan's targets

    log.append(load_demo_indicators())
    from demo.national import load_demo_national  # the chain up to the ministry, last

    log.extend(load_demo_national())
    from demo.crosswalk import load_demo_crosswalk  # links between the plan generations

    log.append(load_demo_crosswalk())
    if restructure:
        from demo.restructuring import load_demo_restructuring  # 2025: the organisations change

        log.extend(load_demo_restructuring())
        from demo.reporting import load_rounds_after_restructuring  # the city's 2025 rounds

        log.extend(load_rounds_after_restructuring())
    return log
