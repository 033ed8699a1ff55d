"""The help pages (one per area) and the glossary: short texts, English msgids translated in
the Vietnamese catalogue (Vietnamese is what the users read)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Area:
    slug: str
    title: Promise
    paragraphs: tuple[Promise, ...]


AREAS: tuple[Area, ...] = (
    Area(
        "plans",
        _("Plans"),
        (
            _(
                "A plan is a legal document of the province (a Kế hoạch) that implements a "
                "national plan. Its items are themes, activities and tasks; each activity has "
                "one lead agency and may have supporting agencies."
            ),
            _(
                "The coordinator (DPI) imports the plan from an Excel file and assigns the "
                "agencies; everyone of the province reads it. The coverage page shows which "
                "items of the national plan the province's plan takes up."
            ),
        ),
    ),
    Area(
        "reporting",
        _("Reporting"),
        (
            _(
                "Each year the coordinator opens a reporting round. Every agency assigned to an "
                "activity gets a report with one line per item: its staff write the draft, its "
                "leader checks it and submits it with the official document number and signer."
            ),
            _(
                "The coordinator reviews each submitted report: accepted, or returned with "
                "comments, item by item. A returned report is corrected and submitted again. "
                "Your inbox lists what waits for you; notifications tell you what changed."
            ),
            _(
                "The round's board shows who has not submitted yet; reports after the deadline "
                "are marked late. When the round is complete, the coordinator generates the "
                "consolidated report (Word, Excel, PDF)."
            ),
        ),
    ),
    Area(
        "indicators",
        _("Indicators"),
        (
            _(
                "The indicator catalogue is shared by every province. The coordinator sets each "
                "indicator's baseline and targets; the responsible agency enters the yearly "
                "value, which the coordinator accepts or returns."
            ),
            _(
                "The scorecard compares the latest accepted value with the target and says "
                "whether the province is on track. Derived indicators are computed, never entered."
            ),
        ),
    ),
    Area(
        "projects",
        _("Projects"),
        (
            _(
                "Proposals and projects carry out the plan's activities. The lead agency "
                "registers them with their cost estimate; the coordinator records the "
                "province's decisions (appraisal, approval, allocation)."
            ),
            _(
                "Disbursements come from the agencies' accepted reports or are entered on the "
                "project; the totals page adds them up per activity and funding source."
            ),
        ),
    ),
)

AREAS_BY_SLUG = {area.slug: area for area in AREAS}

# The words a newcomer meets on the first day, in the order a plan uses them.
# (the Vietnamese term, as the documents write it; its English name; what it means)
GLOSSARY: tuple[tuple[str, Promise, Promise], ...] = (
    ("chủ trì", _("lead agency"), _("The agency responsible for an activity: it reports on it.")),
    (
        "phối hợp",
        _("supporting agency"),
        _("An agency that helps the lead agency and reports on its own part."),
    ),
    (
        "kỳ báo cáo",
        _("reporting round"),
        _("One year's reporting on a plan: its period, its deadline, the reports expected."),
    ),
    (
        "khi có yêu cầu",
        _("on request"),
        _("A task carried out only when an authority asks for it; it has no fixed year."),
    ),
    (
        "đề án",
        _("scheme"),
        _("A programme of work approved by a decision, made of several projects or tasks."),
    ),
    (
        "dự án",
        _("project"),
        _("An investment with its own decision, budget and lead agency."),
    ),
    (
        "dự toán",
        _("cost estimate"),
        _("The money planned for a project or task, per funding source and year."),
    ),
    (
        "giải ngân",
        _("disbursement"),
        _("The money actually paid out for a project in a year."),
    ),
    (
        "đầu mối",
        _("focal point"),
        _("The agency that coordinates a plan and reviews the reports: the DPI."),
    ),
)
