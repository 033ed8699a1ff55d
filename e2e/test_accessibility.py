"""Every main page, as the persona who uses it, at 1366 and 390 px: axe-core finds no serious
or critical violation (WCAG 2.1 A/AA rules and best practices), and no element has a
positive tabindex (the keyboard order is the page's order)."""

from __future__ import annotations

from dataclasses import dataclass

from axe_playwright_python.sync_playwright import Axe

from e2e.conftest import login

WIDTHS = (1366, 390)
SERIOUS = {"serious", "critical"}


@dataclass(frozen=True)
class Visit:
    user: str | None  # None: not signed in
    paths: tuple[str, ...]


def _paths() -> list[Visit]:
    from django.urls import reverse

    from plans.models import Plan
    from reporting.models import AgencyReport, ReportingRound

    plan = Plan.objects.get(number="1847/KH-UBND")
    round_2019 = ReportingRound.objects.get(plan=plan, year=2019)
    draft = AgencyReport.objects.get(round=round_2019, organisation__code="bd-stnmt")
    accepted = AgencyReport.objects.filter(round__plan=plan, status="accepted").first()
    assert accepted is not None
    return [
        Visit(None, (reverse("login"), reverse("accounts:password_reset"))),
        Visit(
            "donre.staff",
            (
                reverse("home"),
                reverse("plans:detail", args=[plan.pk]),
                reverse("plans:items", args=[plan.pk]),
                reverse("projects:board"),
                reverse("inbox:inbox"),
                reverse("notifications:list"),
                reverse("guide:index"),
                reverse("guide:area", args=["reporting"]),
                reverse("guide:glossary"),
                reverse("reporting:report", args=[draft.pk]),
            ),
        ),
        Visit(
            "dpi.coordinator",
            (
                reverse("plans:coverage", args=[plan.pk]),
                reverse("reporting:round", args=[round_2019.pk]),
                reverse("inbox:inbox"),
                reverse("accounts:users"),
                reverse("accounts:user_create"),
            ),
        ),
        Visit(
            "province.viewer",
            (
                reverse("indicators:scorecard", args=["ubnd-binh-duong"]),
                reverse("reporting:round", args=[round_2019.pk]),
                reverse("reporting:report", args=[accepted.pk]),
            ),
        ),
    ]


def _problems(page, axe: Axe, path: str, width: int) -> list[str]:
    results = axe.run(page)
    found = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = [", ".join(node["target"]) for node in violation["nodes"]][:5]
            found.append(
                f"{path} @{width}px: {violation['id']} ({violation['impact']}): "
                f"{violation['help']} -> {targets}"
            )
    positive = page.locator("[tabindex]").evaluate_all(
        "els => els.filter(e => e.tabIndex > 0).map(e => e.outerHTML.slice(0, 80))"
    )
    found += [f"{path} @{width}px: positive tabindex on {html}" for html in positive]
    return found


def test_no_serious_accessibility_violation_on_the_main_pages(demo_live, browser, live_server):
    axe = Axe()
    problems: list[str] = []
    for visit in _paths():
        context = browser.new_context(base_url=live_server.url, locale="vi-VN")
        page = context.new_page()
        page.set_default_timeout(20000)
        if visit.user:
            login(page, visit.user)
        for width in WIDTHS:
            page.set_viewport_size({"width": width, "height": 900})
            for path in visit.paths:
                page.goto(path)
                problems += _problems(page, axe, path, width)
        context.close()
    assert not problems, "\n".join(problems)


def test_the_skip_link_and_focus_are_visible_with_the_keyboard(demo_live, page):
    login(page, "donre.staff")
    page.goto("/")
    page.keyboard.press("Tab")
    skip = page.locator(".skip-link")
    assert skip.evaluate("e => e === document.activeElement")
    box = skip.bounding_box()
    assert box is not None and box["x"] >= 0 and box["y"] >= 0  # on screen when focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#main"
    # the next focused link shows an outline
    page.keyboard.press("Tab")
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


def test_a_user_is_created_with_the_keyboard_alone(demo_live, page):
    from accounts.models import User

    login(page, "dpi.coordinator")
    page.goto("/accounts/users/new/")
    page.focus("#id_username")
    page.keyboard.type("ban.phim")
    for text in ("Lan", "Trần", "lan@bd.gov.vn", ""):
        page.keyboard.press("Tab")
        if text:
            page.keyboard.type(text)
    page.keyboard.press("Tab")  # the organisation list: arrow down to DONRE
    from orgs.models import Organisation

    wanted = str(Organisation.objects.get(code="bd-stnmt").pk)
    values = page.locator("#id_organisation option").evaluate_all("os => os.map(o => o.value)")
    donre = values.index(wanted)
    for _ in range(donre):
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")  # the role: the first choice (arrow keys change it)
    page.keyboard.press("Tab")
    page.keyboard.type("Rừng-ngập-mặn-2030")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    errors = page.locator(".has-error label, ul.errors").all_inner_texts()
    assert not errors, (errors, page.locator("#id_organisation").input_value())
    page.wait_for_url("**/accounts/users/")
    person = User.objects.get(username="ban.phim")
    assert person.organisation is not None and person.organisation.code == "bd-stnmt"
    assert person.must_change_password
