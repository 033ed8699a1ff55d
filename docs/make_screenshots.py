"""Refresh the README pictures: a throwaway demo database, a local server, headless Chromium.

    .venv/bin/python docs/make_screenshots.py [file.png ...]   (all of them when none is named)

Loopback only; everything it starts it stops.
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.request import urlopen

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "docs" / "screenshots"
PORT = 8765
NAMES = {
    *("coverage", "board", "totals", "report", "report2019", "project", "merge_dpi"),
    "national_board",
}
PAGES = [
    # (file, user, named path or path, element to frame or None for the full page)
    ("coverage.png", "dpi.coordinator", "coverage", None),
    ("reporting-board.png", "dpi.coordinator", "board", None),
    ("indicators-scorecard.png", "dpi.coordinator", "/indicators/scorecard/", None),
    ("projects-totals.png", "dpi.coordinator", "totals", None),
    ("report-page.png", "donre.staff", "report", None),
    ("report-disbursements.png", "donre.staff", "report2019", "#disbursements"),
    ("project-budget.png", "dpi.coordinator", "project", "#budget-lines"),
    ("merge-preview.png", "admin", "merge_dpi", None),
    ("inbox.png", "dpi.coordinator", "/inbox/", None),
    ("national-board.png", "mpi.coordinator", "national_board", None),
    ("report-form-desktop.png", "donre.staff", "report2019", None),
    ("report-form-phone.png", "donre.staff", "report2019", None),
]
# Pictures of one screen (width, height) instead of the whole page at 1200 px.
SCREENS = {"report-form-desktop.png": (1366, 900), "report-form-phone.png": (390, 844)}


def preview_dpi_merger(page) -> None:
    """DPI into the Department of Finance on 01/03/2025, as in 2025: what would move."""
    page.select_option("#id_successor", label="Sở Tài chính tỉnh Bình Dương")
    page.fill("#id_effective", "01/03/2025")
    page.click("#merge-preview")


def refuse_a_draft(page) -> None:
    """The report form after a save with an amount in words and 31/02: the summary of errors
    at the top, each message under its field."""
    item = page.locator(".report-item").nth(1)
    item.locator("details").evaluate("d => d.open = true")
    item.locator("input[name$='-fund_local_budget']").fill("mười triệu")
    item.locator("input[name$='-document_date']").fill("31/02/2019")
    page.click("#save-draft")
    page.wait_for_selector("#error-summary")
    page.locator("#error-summary").scroll_into_view_if_needed()
    page.evaluate("window.scrollBy(0, -10)")


def first_item_on_a_phone(page) -> None:
    """An item as it fits a phone, with the save button kept in view."""
    page.locator(".report-item").first.evaluate("e => e.scrollIntoView()")


# What to do on a page before the picture (file -> step).
STEPS = {
    "merge-preview.png": preview_dpi_merger,
    "report-form-desktop.png": refuse_a_draft,
    "report-form-phone.png": first_item_on_a_phone,
}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp}/shots.sqlite3", "MEDIA_ROOT": tmp}
        python = sys.executable
        subprocess.run([python, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
        subprocess.run([python, "manage.py", "load_demo"], cwd=ROOT, env=env, check=True)
        paths = subprocess.run(
            [python, "manage.py", "shell", "-c", FIND_PATHS],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
            text=True,
        ).stdout.split()
        named = dict(p.split("=", 1) for p in paths if p.split("=", 1)[0] in NAMES)
        server = subprocess.Popen(
            [python, "manage.py", "runserver", f"127.0.0.1:{PORT}", "--noreload"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            for _ in range(60):
                try:
                    urlopen(f"http://127.0.0.1:{PORT}/login/")  # noqa: S310 - loopback
                    break
                except OSError:
                    time.sleep(0.5)
            shoot(named)
        finally:
            server.terminate()
            server.wait(10)


FIND_PATHS = """
from django.urls import reverse
from plans.models import Plan
from reporting.models import AgencyReport, ReportingRound
plan = Plan.objects.get(number="1847/KH-UBND")
round_ = ReportingRound.objects.get(plan=plan, year=2018)
report = AgencyReport.objects.get(round=round_, organisation__code="bd-stnmt")
print("coverage=" + reverse("plans:coverage", args=[plan.pk]))
print("board=" + reverse("reporting:round", args=[round_.pk]))
print("totals=" + reverse("projects:totals", args=[plan.pk]))
print("report=" + reverse("reporting:report", args=[report.pk]))
report_2019 = AgencyReport.objects.get(
    round__plan=plan, round__year=2019, organisation__code="bd-stnmt"
)
print("report2019=" + reverse("reporting:report", args=[report_2019.pk]))
from projects.models import Project
green_space = Project.objects.get(title__startswith="Dự án đầu tư không gian xanh")
print("project=" + reverse("projects:detail", args=[green_space.pk]))
from orgs.models import Organisation
dpi = Organisation.objects.get(code="bd-skhdt")
print("merge_dpi=" + reverse("restructuring:merge", args=[dpi.pk]))
national = ReportingRound.objects.get(plan__number="403/QĐ-TTg", year=2019)
print("national_board=" + reverse("reporting:round", args=[national.pk]))
"""


def shoot(named: dict[str, str]) -> None:
    from playwright.sync_api import sync_playwright

    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking"],
        )
        wanted = set(sys.argv[1:])
        for filename, user, where, frame in PAGES:
            if wanted and filename not in wanted:
                continue
            width, height = SCREENS.get(filename, (1200, 900))
            context = browser.new_context(
                viewport={"width": width, "height": height}, locale="vi-VN"
            )
            page = context.new_page()
            page.goto(f"http://127.0.0.1:{PORT}/login/")
            page.fill("#id_username", user)
            page.fill("#id_password", "greenplan-demo")
            page.click(".login button[type=submit]")
            page.wait_for_load_state()
            page.goto(f"http://127.0.0.1:{PORT}{named.get(where, where)}")
            page.wait_for_load_state("networkidle")
            if filename in STEPS:
                STEPS[filename](page)
                page.wait_for_load_state("networkidle")
            if frame:
                page.locator(frame).screenshot(path=str(OUT / filename))
            else:
                page.screenshot(path=str(OUT / filename), full_page=filename not in SCREENS)
            print("wrote", OUT / filename)
            context.close()
        browser.close()


if __name__ == "__main__":
    main()
