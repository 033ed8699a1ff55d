"""The consolidated report of a round, read once into plain data.

`consolidate(round_)` reads the round with a fixed number of queries (whatever the number of
agencies and activities) and returns a `Consolidation`: the Word builder, the Excel builder,
the PDF (converted from the Word file) and the web page all render that one object, so the
figures cannot differ between them.

Only ACCEPTED agency reports feed the figures; `coverage` says how many reports were expected,
received and accepted so that a reader sees what the figures cover. Every figure keeps the
agency reports it comes from (`Source`), for the appendix and the web page.

What the result holds is in documents/contents.py; its Vietnamese wording (status names,
units, the issuing body's names, the default narrative) in documents/wording.py.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field, fields
from decimal import Decimal

from django.utils import timezone

from core.money import FundingSource
from documents.contents import (
    AgencyFunds,
    AgencyNotes,
    AppendixRow,
    Consolidation,
    Coverage,
    FundingRow,
    FundRow,
    Highlight,
    IndicatorRow,
    PriorityRow,
    ProjectFunding,
    Source,
    ThemeSummary,
)
from documents.wording import (
    FUNDING_VI,
    NO_REPORT,
    PROJECT_STATUS_VI,
    abbreviation,
    default_narrative,
    issuing_body_name,
    place_name,
    superior_body_name,
)
from indicators.models import IndicatorValue
from indicators.progress import TrackStatus
from indicators.scorecard import build_scorecard
from orgs.models import NamesOn, Organisation
from plans.models import Assignment, ItemKind, Plan, PlanItem
from projects.models import Project
from projects.totals import Money, leads_on, plan_funding
from reporting.activity_status import activity_status
from reporting.board import round_board
from reporting.models import (
    ITEM_FIELDS,
    AgencyReport,
    ItemFunding,
    ReportingRound,
    ReportItem,
    ReportStatus,
)

HIGHLIGHTS_PER_THEME = 6


@dataclass(slots=True)
class Line:
    """An accepted report line as the consolidation reads it: plain values, not a model
    object (building ~5,000 ReportItem objects with their funds through prefetches was 70 %
    of a province-sized consolidation)."""

    pk: int
    report_id: int
    plan_item_id: int
    role: str
    position: int
    status: str
    progress: int | None
    results: str
    outputs: str
    document_number: str
    document_date: datetime.date | None
    difficulties: str
    proposals: str
    funds: list[tuple[str, Decimal]] = field(default_factory=list)


# The columns read into a Line, in its order ("id" for pk; funds are read apart).
LINE_FIELDS = ("id", *(f.name for f in fields(Line)[1:-1]))
assert set(ITEM_FIELDS) <= set(LINE_FIELDS), "a Line holds every field an agency writes"


# --- The reading ------------------------------------------------------------------------------


def consolidate(
    round_: ReportingRound,
    *,
    narrative: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> Consolidation:
    """Read the round into a Consolidation.

    Queries, whatever the size of the round: the round with its plan (1), the completeness
    board (2, over the round's lines read here once), the plan's items and their assignments
    (2), every report line of the round and the accepted ones' funds (2, read as plain
    values), the indicators' standing at the end of the year (5), the money of the plan's
    projects in the year (4), and the names as they were when the round was due: earlier
    names (1), earlier focal points of the plan and of its national plan (2), the national
    plan's focal point (1). `narrative`
    overrides the default text of NARRATIVE_SECTIONS.
    """
    today = today or timezone.localdate()
    round_ = ReportingRound.objects.select_related(
        "plan__territory", "plan__focal_point", "plan__parent"
    ).get(pk=round_.pk)
    plan = round_.plan
    # Names as they were: the organisations as they stood when the round was due (or today,
    # for a report built before its deadline), whenever the document is (re)generated.
    day = names_day(round_, today)
    names = NamesOn(day)
    # Every line of the round, read once: the board counts them all, the rest of the report
    # reads the accepted ones (in the order of position, then report).
    every_line = sorted(
        (
            Line(*row)
            for row in ReportItem.objects.filter(report__round=round_)
            .order_by()
            .values_list(*LINE_FIELDS)
        ),
        key=lambda line: (line.position, line.report_id),
    )
    board = round_board(
        round_,
        today,
        names=names,
        lines=[
            (x.position, x.report_id, x.plan_item_id, x.status, x.role, x.progress)
            for x in every_line
        ],
    )
    reports = {row.report.pk: row.report for row in board.agencies}

    items = list(
        PlanItem.objects.filter(plan=plan)
        .only(
            "id",
            "parent_id",
            "kind",
            "code",
            "number",
            "title",
            "position",
            "priority_year",
            "deliverable",
        )
        .order_by("position")
    )
    by_id = {item.pk: item for item in items}
    # Each item's agencies by role, as short names of then (plain values, no model objects).
    assignments: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for item_id, role, org_id, name, short_name in (
        Assignment.objects.filter(item__plan=plan)
        # By item first: names are compared within an item and role only (sorting ~5,000 rows
        # by role and name compared every name).
        .order_by("item_id", "role", "organisation__name")
        .values_list(
            "item_id", "role", "organisation_id", "organisation__name", "organisation__short_name"
        )
    ):
        assignments[item_id].append((role, names.short_of(org_id, name, short_name)))
    accepted = ReportItem.objects.filter(report__round=round_, report__status=ReportStatus.ACCEPTED)
    lines = [line for line in every_line if reports[line.report_id].status == ReportStatus.ACCEPTED]
    by_pk = {line.pk: line for line in lines}
    # Without the default ordering (item, source), which joins five tables to sort by the
    # report line's report's round's plan.
    for item_id, source, amount in (
        ItemFunding.objects.filter(item__in=accepted)
        .order_by()
        .values_list("item_id", "source", "amount")
    ):
        by_pk[item_id].funds.append((source, amount))

    sources = {
        pk: Source(pk, names.name(r.organisation), r.document_number, names.short(r.organisation))
        for pk, r in reports.items()
        if r.status == ReportStatus.ACCEPTED
    }
    lines_by_item: dict[int, list[Line]] = defaultdict(list)
    for line in lines:
        lines_by_item[line.plan_item_id].append(line)

    theme_of = _theme_resolver(by_id)
    # The activities and tasks the round covers: those some agency must report on (the board
    # read every line of the round).
    round_item_ids = [item.pk for item in items if item.pk in board.item_ids]
    # Each report's agency by its short name of then, named once a report, not once a line.
    agency_of = {pk: names.short(report.organisation) for pk, report in reports.items()}
    appendix = [
        _appendix_row(
            by_id[item_id],
            theme_of(item_id),
            lines_by_item.get(item_id, []),
            agency_of,
            sources,
            assignments.get(item_id, []),
        )
        for item_id in round_item_ids
    ]
    themes = _themes(items, appendix, lines, by_id, theme_of, sources)
    priorities = [
        PriorityRow(
            number=row.number,
            title=row.content,
            lead=row.lead,
            status=row.status,
            progress=row.progress,
            result=row.result,
            sources=row.sources,
        )
        for row in appendix
        if by_id[row.item_id].priority_year == round_.year
    ]
    funds, funds_by_agency = _funds(lines, sources)
    counts = board.counts
    coverage = Coverage(
        expected=counts["expected"],
        received=counts["received"],
        accepted=counts["accepted"],
        lines_expected=sum(row.expected for row in board.themes),
        lines_accepted=len(lines),
    )
    territory = names.of(plan.territory.carrier_on(day))
    superior = superior_body_name(territory)
    place = place_name(territory.name)
    focal_point = plan.focal_point_on(day)
    issuing = (
        issuing_body_name(names.of(focal_point.carrier_on(day)), place) if focal_point else superior
    )
    national = plan.parent.focal_point_on(day) if plan.parent else None
    consolidation = Consolidation(
        round=round_,
        plan_number=plan.number,
        plan_title=plan.title,
        year=round_.year,
        superior_body=superior,
        issuing_body=issuing,
        issuing_abbreviation=abbreviation(issuing),
        place=place,
        issued_on=today,
        names_day=day,
        ministry=names.name(national.carrier_on(day)) if national else "Bộ Kế hoạch và Đầu tư",
        coverage=coverage,
        board=board,
        themes=themes,
        priorities=priorities,
        funds=funds,
        funds_by_agency=funds_by_agency,
        agencies=_agency_notes(reports, lines, by_id, sources, names),
        appendix=appendix,
        indicators=_indicators(plan.territory, round_.year),
        narrative={},
        accepted_reports=sorted(sources.values(), key=lambda s: s.agency),
        project_funding=_project_funding(plan, round_.year, names),
    )
    defaults = default_narrative(consolidation)
    overrides = {k: v for k, v in (narrative or {}).items() if k in defaults and v is not None}
    consolidation.narrative = {**defaults, **overrides}
    return consolidation


def names_day(round_: ReportingRound, today: datetime.date) -> datetime.date:
    """The day whose names a round's documents use: its deadline, or `today` when built
    before it. A 2019 report regenerated in 2026 names the bodies of 2019."""
    return min(round_.deadline, today)


def _theme_resolver(by_id: dict[int, PlanItem]):
    cache: dict[int, int | None] = {}

    def theme_of(item_id: int) -> int | None:
        if item_id not in cache:
            item = by_id.get(item_id)
            while item is not None and item.kind != ItemKind.THEME:
                item = by_id.get(item.parent_id) if item.parent_id else None
            cache[item_id] = item.pk if item is not None else None
        return cache[item_id]

    return theme_of


def _join_names(orgs: list[str]) -> str:
    return "; ".join(orgs)


def _appendix_row(
    item: PlanItem,
    theme_id: int | None,
    lines: list[Line],
    agency_of: dict[int, str],
    sources: dict[int, Source],
    assignments: list[tuple[str, str]],
) -> AppendixRow:
    leads = [o for role, o in assignments if role == Assignment.Role.LEAD]
    coordinating = [o for role, o in assignments if role == Assignment.Role.COORDINATING]
    # The one rule of an activity's status (the board counts with it too).
    decided = activity_status(lines)
    lead_line = decided.line
    status, progress = decided.status, decided.progress
    notes: list[str] = []
    result = ""
    if lead_line is not None:
        result = lead_line.results.strip()
        if lead_line.outputs.strip():
            result = f"{result}\nSản phẩm: {lead_line.outputs.strip()}".strip()
        if lead_line.document_number:
            issued = f" ngày {lead_line.document_date:%d/%m/%Y}" if lead_line.document_date else ""
            notes.append(f"Văn bản số {lead_line.document_number}{issued}.")
    for line in lines:
        if line is lead_line or not line.results.strip():
            continue
        agency = agency_of[line.report_id]
        notes.append(f"{agency} (phối hợp): {line.results.strip()}")
    # Cited: the report the status comes from, and no other.
    row_sources = [sources[lead_line.report_id]] if lead_line is not None else []
    if row_sources:
        notes.append("Nguồn: " + "; ".join(s.short_citation for s in row_sources) + ".")
    return AppendixRow(
        item_id=item.pk,
        theme_id=theme_id,
        number=item.number or item.code,
        content=item.title,
        kind=item.kind,
        lead=_join_names(leads),
        coordinating=_join_names(coordinating),
        status=status,
        progress=progress,
        result=result,
        notes="\n".join(notes),
        sources=row_sources,
    )


def _themes(
    items: list[PlanItem],
    appendix: list[AppendixRow],
    lines: list[Line],
    by_id: dict[int, PlanItem],
    theme_of,
    sources: dict[int, Source],
) -> list[ThemeSummary]:
    summaries: dict[int | None, ThemeSummary] = {}
    for item in items:
        if item.kind == ItemKind.THEME:
            summaries[item.pk] = ThemeSummary(
                theme_id=item.pk,
                number=item.number or item.code,
                title=item.title,
                counts={},
                average_progress=None,
                highlights=[],
            )
    progress: dict[int | None, list[int]] = defaultdict(list)
    for row in appendix:
        summary = summaries.get(row.theme_id)
        if summary is None:
            summary = summaries.setdefault(
                None,
                ThemeSummary(None, "", "Nội dung khác", {}, None, []),
            )
        summary.counts[row.status] = summary.counts.get(row.status, 0) + 1
        if row.status not in (NO_REPORT, "not_applicable"):
            progress[row.theme_id].append(row.progress or 0)
    # Highlights: completed lines first, then those in progress; the longest text first,
    # one per agency and item, so that the section reads as the agencies wrote it.
    candidates = sorted(
        (line for line in lines if line.results.strip() and line.status != "not_applicable"),
        key=lambda line: (line.status != "completed", -len(line.results), line.pk),
    )
    # The same text from the same agency for several items reads once, naming them all.
    grouped: dict[tuple[int | None, int, str], Highlight] = {}
    for line in candidates:
        theme_id = theme_of(line.plan_item_id)
        summary = summaries.get(theme_id) or summaries.get(None)
        if summary is None:
            continue
        item = by_id[line.plan_item_id]
        label = item.number or item.code
        text = line.results.strip()
        key = (theme_id, line.report_id, text)
        if key in grouped:
            grouped[key].item_label += f", {label}"
            continue
        if len(summary.highlights) >= HIGHLIGHTS_PER_THEME:
            summary.more_highlights += 1
            continue
        source = sources[line.report_id]
        grouped[key] = Highlight(source.agency, label, text, source, item.position)
        summary.highlights.append(grouped[key])
    for theme_id, summary in summaries.items():
        values = progress.get(theme_id)
        summary.average_progress = round(sum(values) / len(values)) if values else None
        summary.highlights.sort(key=lambda h: (h.position, h.agency))
    return [s for s in summaries.values() if s.activities]


def _funds(
    lines: list[Line], sources: dict[int, Source]
) -> tuple[list[FundRow], list[AgencyFunds]]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    per_agency: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        for source, amount in line.funds:
            totals[source] += amount
            per_agency[line.report_id][source] += amount
    rows = [
        FundRow(source, FUNDING_VI.get(source, str(label)), totals[source])
        for source, label in FundingSource.choices
        if totals.get(source)
    ]
    by_agency = sorted(
        (
            AgencyFunds(sources[report_id].agency, sources[report_id], dict(amounts))
            for report_id, amounts in per_agency.items()
        ),
        key=lambda a: a.agency,
    )
    return rows, by_agency


def _agency_notes(
    reports: dict[int, AgencyReport],
    lines: list[Line],
    by_id: dict[int, PlanItem],
    sources: dict[int, Source],
    names: NamesOn,
) -> list[AgencyNotes]:
    notes: dict[int, AgencyNotes] = {}
    for pk, report in reports.items():
        if pk not in sources:
            continue
        notes[pk] = AgencyNotes(names.name(report.organisation), sources[pk], [], [])
        add_unique(notes[pk].difficulties, report.general_difficulties)
        add_unique(notes[pk].proposals, report.general_proposals)
    for line in lines:
        entry = notes[line.report_id]
        label = by_id[line.plan_item_id].number or by_id[line.plan_item_id].code
        add_unique(entry.difficulties, line.difficulties, f"Hoạt động {label}: ")
        add_unique(entry.proposals, line.proposals, f"Hoạt động {label}: ")
    return sorted(
        (n for n in notes.values() if n.difficulties or n.proposals), key=lambda n: n.agency
    )


def add_unique(texts: list[str], text: str, prefix: str = "") -> None:
    text = (text or "").strip()
    if text and not any(t.endswith(text) for t in texts):
        texts.append(prefix + text)


def _indicators(territory: Organisation, year: int) -> list[IndicatorRow]:
    """Each indicator with an accepted value up to `year`: the latest such value, judged
    against the target path as it stood then (indicators.progress)."""
    card = build_scorecard(territory, until_year=year)
    latest = {row.indicator.pk: row.latest for row in card.rows if row.latest is not None}
    sources = {
        (indicator_id, value_year): (source, computed)
        for indicator_id, value_year, source, computed in IndicatorValue.objects.accepted()
        .filter(territory=territory, year__lte=year, indicator_id__in=latest.keys())
        .values_list("indicator_id", "year", "source", "is_computed")
    }
    rows = []
    for standing in card.rows:
        point = latest.get(standing.indicator.pk)
        if point is None:
            continue
        indicator, progress = standing.indicator, standing.progress
        source, computed = sources.get((indicator.pk, point.year), ("", False))
        target = progress.target if progress else None
        rows.append(
            IndicatorRow(
                code=indicator.code,
                name=indicator.name,
                unit=indicator.unit,
                value=point.value,
                source=source,
                year=point.year,
                computed=computed,
                target_year=target.year if target else None,
                target=target.value if target else None,
                status=progress.status if progress else TrackStatus.NO_DATA,
            )
        )
    return rows


def _funding_row(label: str, money: Money, detail: str = "") -> FundingRow:
    return FundingRow(label, money.estimate, money.allocated, money.disbursed, detail)


def _project_funding(plan: Plan, year: int, names: NamesOn) -> ProjectFunding:
    # Every project of the plan: the report is the province's, not one user's view. Each
    # project's lead is the one it had on the report's day, named as it was then (a 2019
    # report names Bình Dương's department, not the city's that took the project over).
    funding = plan_funding(plan, Project.objects.all(), year=year)
    leads = leads_on([row.key for row in funding.by_project], names.day)
    organisations = Organisation.objects.in_bulk(set(leads.values()))
    themes = []
    for row in funding.by_theme:
        theme = row.key
        number = theme.number or theme.code
        themes.append(_funding_row(f"Chủ đề {number}: {theme.title}", row.money))
    projects = [
        _funding_row(
            row.label,
            row.money,
            f"{names.name(organisations[leads[row.key.pk]])}; {PROJECT_STATUS_VI[row.key.status]}",
        )
        for row in funding.by_project
    ]
    return ProjectFunding(
        year=year,
        total=_funding_row("Tổng cộng", funding.total),
        by_source=[
            _funding_row(FUNDING_VI.get(row.key, row.label), row.money) for row in funding.by_source
        ],
        by_theme=themes,
        projects=[p for p in projects if p.has_money],
    )
