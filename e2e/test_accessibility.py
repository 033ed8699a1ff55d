"""Every main page, as the persona who uses it, at 1366 and 390 px: axe-core finds no serious
or critical violation (WCAG 2.1 A/AA rules and best practices), and no element has a
positive tabindex (the keyboard order is the page's order)."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
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


# --- The crawl: every page a persona can reach by following links -----------------------------

CRAWL_USERS = ("admin", "dpi.coordinator", "donre.staff", "donre.leader", "province.viewer")
MAX_ROUTES = 80
SKIP_PREFIXES = ("/admin/", "/api/", "/i18n/", "/logout/", "/static/", "/media/")
FILE_SUFFIXES = (".xlsx", ".docx", ".pdf", ".csv", ".zip", ".png", ".jpg", ".svg")
# 390 px on every crawled page: the narrow layout is where most problems hide.
NARROW_EVERY_PAGE = True
SAMPLES_PER_ROUTE = 3


def _route_key(path: str) -> str | None:
    """One key per Django route (40 item pages count once); None for paths to skip."""
    from django.urls import Resolver404, resolve

    if path.startswith(SKIP_PREFIXES) or path.lower().endswith(FILE_SUFFIXES):
        return None
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return f"{match.route} {match.view_name}"


def _same_site_links(page, origin: str) -> list[str]:
    hrefs: list[str] = page.locator("a[href]").evaluate_all(
        "els => els.filter(e => !e.hasAttribute('download')).map(e => e.href)"
    )
    paths = []
    for href in hrefs:
        if not href.startswith(origin + "/"):
            continue
        path = href[len(origin) :].split("#")[0]
        paths.append(path)
    return paths


def _crawl(browser, base_url: str, user: str, axe: Axe) -> tuple[list[str], list[str]]:
    """Breadth-first from the home page; returns (routes checked, problems).

    axe runs on the first page of each route; up to SAMPLES_PER_ROUTE pages of a route are
    opened to find links (the first plan may have no rounds, the next one does)."""
    from collections import deque
    from urllib.parse import urlsplit

    context = browser.new_context(base_url=base_url, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(20000)
    login(page, user)
    origin = "{0.scheme}://{0.netloc}".format(urlsplit(base_url))
    queued_urls: set[str] = {"/"}
    samples: dict[str, int] = {_route_key("/") or "/": 1}
    checked: set[str] = set()
    visited: list[str] = []
    problems: list[str] = []
    queue: deque[tuple[str, str]] = deque([("/", _route_key("/") or "/")])
    while queue and len(visited) < MAX_ROUTES:
        path, key = queue.popleft()
        try:
            response = page.goto(path)
        except Exception as error:  # a download ("Download is starting") is not a page
            if "Download" in str(error):
                continue
            raise
        if response is None or "text/html" not in response.headers.get("content-type", ""):
            continue
        assert response.status < 400, f"{user}: {path} answered {response.status}"
        if key not in checked:
            checked.add(key)
            visited.append(path)
            for width in (1366, 390) if NARROW_EVERY_PAGE else (1366,):
                page.set_viewport_size({"width": width, "height": 900})
                problems += [f"{user}: {line}" for line in _problems(page, axe, path, width)]
            page.set_viewport_size({"width": 1366, "height": 900})
        for link in _same_site_links(page, origin):
            link_key = _route_key(urlsplit(link).path)
            if link_key is None or link in queued_urls:
                continue
            if samples.get(link_key, 0) >= SAMPLES_PER_ROUTE:
                continue
            samples[link_key] = samples.get(link_key, 0) + 1
            queued_urls.add(link)
            queue.append((link, link_key))
    context.close()
    return visited, problems


@pytest.mark.parametrize("user", CRAWL_USERS)
def test_no_serious_accessibility_violation_on_any_page_a_persona_reaches(
    demo_live, browser, live_server, user
):
    """One persona per test, so that the two test processes share the crawl."""
    import time

    started = time.monotonic()
    visited, problems = _crawl(browser, live_server.url, user, Axe())
    summary = f"{user}: {len(visited)} routes in {time.monotonic() - started:.0f}s"
    print(summary, visited)
    assert len(visited) >= 10, (user, visited)  # the crawl really walked the site
    assert not problems, "\n".join([summary, *problems])
