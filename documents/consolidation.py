"""The consolidated report of a round, read once into plain data.

`consolidate(round_)` reads the round with a fixed number of queries (whatever the number of
agencies and activities) and returns a `Consolidation`: the Word builder, the Excel builder,
the PDF (converted from the Word file) and the web page all render that one object, so the
figures cannot differ between them.

Only ACCEPTED agency reports feed the figures; `coverage` says how many reports were expected,
received and accepted so that a reader sees what the figures cover. Every figure keeps the
agency reports it comes from (`Source`), for the appendix and the web page.

The document itself is an official text in Vietnamese: the vocabulary below (status names,
funding sources, section titles) is document content, not user interface.
"""

from __future__ import annotations

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch
from django.utils import timezone

from core.money import FundingSource, vnd_vi
from indicators.models import IndicatorValue
from indicators.progress import TrackStatus
from indicators.scorecard import build_scorecard
from orgs.models import Organisation
from plans.models import Assignment, ItemKind, Plan, PlanItem
from projects.models import Project, ProjectStatus
from projects.totals import Money, plan_funding
from reporting.board import Board, round_board
from reporting.models import ITEM_FIELDS, AgencyReport, ReportingRound, ReportItem, ReportStatus

# Status of an activity in the document. NO_REPORT: no accepted report line covers it yet.
NO_REPORT = "no_report"
STATUS_VI: dict[str, str] = {
    "completed": "Hoàn thành",
    "in_progress": "Đang thực hiện",
    "not_started": "Chưa triển khai",
    "on_hold": "Tạm dừng",
    "not_applicable": "Chưa phát sinh yêu cầu",
    NO_REPORT: "Chưa có báo cáo được chấp nhận",
}
STATUS_ORDER = ["completed", "in_progress", "not_started", "on_hold", "not_applicable", NO_REPORT]
FUNDING_VI: dict[str, str] = {
    FundingSource.CENTRAL_BUDGET: "Ngân sách trung ương",
    FundingSource.LOCAL_BUDGET: "Ngân sách địa phương",
    FundingSource.PUBLIC_INVESTMENT: "Vốn đầu tư công",
    FundingSource.ODA: "Vốn ODA, viện trợ",
    FundingSource.PRIVATE: "Vốn doanh nghiệp, xã hội hóa",
    FundingSource.OTHER: "Nguồn khác",
}
PROJECT_STATUS_VI: dict[str, str] = {
    ProjectStatus.IDEA: "Ý tưởng",
    ProjectStatus.PROPOSED: "Đã đề xuất",
    ProjectStatus.APPRAISED: "Đã thẩm định",
    ProjectStatus.APPROVED: "Đã phê duyệt",
    ProjectStatus.FUNDED: "Đã bố trí vốn",
    ProjectStatus.IMPLEMENTING: "Đang thực hiện",
    ProjectStatus.COMPLETED: "Hoàn thành",
    ProjectStatus.CANCELLED: "Đã hủy",
}
TRACK_VI: dict[str, str] = {
    TrackStatus.ON_TRACK: "Đạt lộ trình",
    TrackStatus.OFF_TRACK: "Chưa đạt lộ trình",
    TrackStatus.NO_TARGET: "Chưa có mục tiêu",
    TrackStatus.NO_DATA: "Chưa có số liệu",
}
# Units as the catalogue writes them (pint names) -> as a Vietnamese document writes them.
UNIT_VI: dict[str, str] = {
    "tCO2e": "tấn CO2tđ",
    "ktCO2e": "nghìn tấn CO2tđ",
    "MtCO2e": "triệu tấn CO2tđ",
    "billion_VND": "tỷ đồng",
    "million_VND": "triệu đồng",
    "VND": "đồng",
    "percent": "%",
    "person": "người",
    "persons": "người",
    "ktoe": "nghìn TOE",
    "toe": "TOE",
    "vehicle": "xe",
    "charging_port": "cổng sạc",
}
HIGHLIGHTS_PER_THEME = 6


@dataclass(frozen=True)
class Source:
    """An accepted agency report a figure comes from."""

    report_id: int
    agency: str
    document_number: str = ""

    @property
    def citation(self) -> str:
        if self.document_number:
            return f"BC số {self.document_number} của {self.agency}"
        return f"Báo cáo của {self.agency}"


@dataclass
class Coverage:
    expected: int
    received: int  # submitted at least once (submitted, returned or accepted)
    accepted: int
    lines_expected: int = 0
    lines_accepted: int = 0

    @property
    def accepted_share(self) -> int:
        return round(100 * self.accepted / self.expected) if self.expected else 0


@dataclass
class Highlight:
    agency: str
    item_label: str
    text: str
    source: Source
    position: int = 0


@dataclass
class AppendixRow:
    """One activity (or task) of the round, as its lead agency's accepted report says."""

    item_id: int
    theme_id: int | None
    number: str
    content: str
    kind: str
    lead: str
    coordinating: str
    status: str  # a key of STATUS_VI
    progress: int | None
    result: str
    notes: str
    sources: list[Source] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_VI[self.status]


@dataclass
class ThemeSummary:
    theme_id: int | None
    number: str
    title: str
    counts: dict[str, int]  # status key -> number of activities
    average_progress: int | None
    highlights: list[Highlight]
    more_highlights: int = 0

    @property
    def activities(self) -> int:
        return sum(self.counts.values())

    @property
    def heading(self) -> str:
        return f"Chủ đề {self.number}: {self.title}" if self.number else self.title


@dataclass
class PriorityRow:
    number: str
    title: str
    lead: str
    status: str
    progress: int | None
    result: str
    sources: list[Source]

    @property
    def status_label(self) -> str:
        return STATUS_VI[self.status]


@dataclass
class FundRow:
    source: str
    label: str
    amount: Decimal


@dataclass
class AgencyFunds:
    agency: str
    source: Source
    amounts: dict[str, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass
class AgencyNotes:
    agency: str
    source: Source
    difficulties: list[str]
    proposals: list[str]


@dataclass
class IndicatorRow:
    """An indicator's latest accepted value up to the round's year, against its target path."""

    code: str
    name: str
    unit: str  # as the catalogue writes it ("tCO2e/billion_VND")
    value: Decimal
    source: str
    year: int  # the year of `value`: the round's year, or the latest before it
    computed: bool = False  # derived from other indicators by its formula
    target_year: int | None = None
    target: Decimal | None = None  # in the indicator's unit
    status: str = TrackStatus.NO_TARGET  # a TrackStatus value

    @property
    def unit_label(self) -> str:
        return unit_vi(self.unit)

    @property
    def status_label(self) -> str:
        return TRACK_VI.get(self.status, "")


@dataclass
class FundingRow:
    """Money of the plan's projects in the round's year, in VND."""

    label: str
    estimate: Decimal
    allocated: Decimal
    disbursed: Decimal
    detail: str = ""  # e.g. a project's lead agency and status

    @property
    def has_money(self) -> bool:
        return bool(self.estimate or self.allocated or self.disbursed)


@dataclass
class ProjectFunding:
    """The funding section: projects serving the plan (cancelled ones left out), the money
    of their budget lines for the round's year, by funding source, by theme (each project
    under the theme of its first activity) and by project; all three add up to `total`."""

    year: int
    total: FundingRow
    by_source: list[FundingRow]
    by_theme: list[FundingRow]
    projects: list[FundingRow]  # only projects with money in the year

    @property
    def disbursed_share(self) -> int | None:
        """Disbursed as a percentage of allocated."""
        if not self.total.allocated:
            return None
        return round(100 * self.total.disbursed / self.total.allocated)


@dataclass(frozen=True)
class NarrativeSection:
    key: str
    heading: str  # the heading in the document (Vietnamese)
    multiline: bool = True


# The sections the coordinator may rewrite before generating; the rest is drawn from data.
NARRATIVE_SECTIONS = [
    NarrativeSection("introduction", "Mở đầu"),
    NarrativeSection("overview", "Đánh giá chung"),
    NarrativeSection("difficulties", "Khó khăn, vướng mắc"),
    NarrativeSection("next_steps", "Nhiệm vụ, giải pháp thời gian tới"),
    NarrativeSection("proposals", "Kiến nghị, đề xuất"),
    NarrativeSection("recipients", "Nơi nhận"),
    NarrativeSection("signer_title", "Chức vụ người ký", multiline=False),
    NarrativeSection("signer_name", "Họ tên người ký", multiline=False),
]
NARRATIVE_KEYS = [s.key for s in NARRATIVE_SECTIONS]


@dataclass
class Consolidation:
    round: ReportingRound
    plan_number: str
    plan_title: str
    year: int
    superior_body: str  # "UBND tỉnh Bình Dương"
    issuing_body: str  # "Sở Kế hoạch và Đầu tư"
    issuing_abbreviation: str  # "SKHĐT"
    place: str  # "Bình Dương"
    issued_on: datetime.date
    coverage: Coverage
    board: Board
    themes: list[ThemeSummary]
    priorities: list[PriorityRow]
    funds: list[FundRow]
    funds_by_agency: list[AgencyFunds]
    agencies: list[AgencyNotes]
    appendix: list[AppendixRow]
    indicators: list[IndicatorRow]
    narrative: dict[str, str]
    accepted_reports: list[Source]
    project_funding: ProjectFunding | None = None

    @property
    def funds_total(self) -> Decimal:
        return sum((row.amount for row in self.funds), Decimal(0))

    @property
    def has_accepted(self) -> bool:
        return self.coverage.accepted > 0

    @property
    def subject(self) -> str:
        return f"Kết quả thực hiện {self.plan_title_lower} năm {self.year}"

    @property
    def plan_title_lower(self) -> str:
        title = self.plan_title.strip()
        return title[:1].lower() + title[1:] if title else f"Kế hoạch số {self.plan_number}"

    def status_totals(self) -> dict[str, int]:
        totals: Counter[str] = Counter()
        for theme in self.themes:
            totals.update(theme.counts)
        return {key: totals.get(key, 0) for key in STATUS_ORDER}


# --- Names of the issuing body, as the Decree 30 header block writes them -------------------


def place_name(territory_name: str) -> str:
    """ "Ủy ban nhân dân tỉnh Bình Dương" -> "Bình Dương"."""
    name = re.sub(
        r"^(Ủy ban nhân dân|Uỷ ban nhân dân|UBND)\s+", "", territory_name.strip(), flags=re.I
    )
    return re.sub(r"^(tỉnh|thành phố|TP\.?)\s+", "", name, flags=re.I)


def superior_body_name(territory) -> str:
    name = territory.name.strip()
    name = re.sub(r"^(Ủy ban nhân dân|Uỷ ban nhân dân)", "UBND", name, flags=re.I)
    return name


def issuing_body_name(focal_point, place: str) -> str:
    """The focal point without the province suffix (the line above already names it)."""
    name = focal_point.name.strip()
    for suffix in (f" tỉnh {place}", f" thành phố {place}", f" {place}"):
        if place and name.endswith(suffix):
            return name[: -len(suffix)]
    return name


def abbreviation(name: str) -> str:
    """Initials of the body for the document number: "Sở Kế hoạch và Đầu tư" -> "SKHĐT"."""
    words = [w for w in re.split(r"[\s,&-]+", name) if w and w.lower() not in {"và", "của"}]
    return "".join(w[0] for w in words).upper()


# --- The reading ------------------------------------------------------------------------------


def consolidate(
    round_: ReportingRound,
    *,
    narrative: dict[str, str] | None = None,
    today: datetime.date | None = None,
) -> Consolidation:
    """Read the round into a Consolidation.

    Queries, whatever the size of the round: the round with its plan (1), the completeness
    board (3), the plan's items with their assignments (2), the items the round covers (1),
    the accepted report lines with their funds (2), the indicators' standing at the end of
    the year (5) and the money of the plan's projects in the year (4). `narrative` overrides
    the default text of NARRATIVE_SECTIONS.
    """
    today = today or timezone.localdate()
    round_ = ReportingRound.objects.select_related("plan__territory", "plan__focal_point").get(
        pk=round_.pk
    )
    plan = round_.plan
    board = round_board(round_, today)
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
        .prefetch_related(
            Prefetch(
                "assignments",
                queryset=Assignment.objects.select_related("organisation").order_by(
                    "role", "organisation__name"
                ),
            )
        )
        .order_by("position")
    )
    by_id = {item.pk: item for item in items}
    lines = list(
        ReportItem.objects.filter(report__round=round_, report__status=ReportStatus.ACCEPTED)
        .only("id", "report_id", "plan_item_id", "role", *ITEM_FIELDS)
        .prefetch_related("funds")
        .order_by("position", "report_id")
    )

    sources = {
        pk: Source(pk, _agency_name(r), r.document_number)
        for pk, r in reports.items()
        if r.status == ReportStatus.ACCEPTED
    }
    lines_by_item: dict[int, list[ReportItem]] = defaultdict(list)
    for line in lines:
        lines_by_item[line.plan_item_id].append(line)

    theme_of = _theme_resolver(by_id)
    # The activities and tasks the round covers: those some agency must report on.
    expected_ids = set(
        ReportItem.objects.filter(report__round=round_)
        .values_list("plan_item_id", flat=True)
        .distinct()
    )
    round_item_ids = [item.pk for item in items if item.pk in expected_ids]
    appendix = [
        _appendix_row(
            by_id[item_id], theme_of(item_id), lines_by_item.get(item_id, []), reports, sources
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
    superior = superior_body_name(plan.territory)
    place = place_name(plan.territory.name)
    issuing = issuing_body_name(plan.focal_point, place) if plan.focal_point else superior
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
        coverage=coverage,
        board=board,
        themes=themes,
        priorities=priorities,
        funds=funds,
        funds_by_agency=funds_by_agency,
        agencies=_agency_notes(reports, lines, by_id, sources),
        appendix=appendix,
        indicators=_indicators(plan.territory, round_.year),
        narrative={},
        accepted_reports=sorted(sources.values(), key=lambda s: s.agency),
        project_funding=_project_funding(plan, round_.year),
    )
    defaults = default_narrative(consolidation)
    overrides = {k: v for k, v in (narrative or {}).items() if k in defaults and v is not None}
    consolidation.narrative = {**defaults, **overrides}
    return consolidation


def _agency_name(report: AgencyReport) -> str:
    return report.organisation.name


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
    lines: list[ReportItem],
    reports: dict[int, AgencyReport],
    sources: dict[int, Source],
) -> AppendixRow:
    assignments = item.assignments.all()
    leads = [a.organisation for a in assignments if a.role == Assignment.Role.LEAD]
    coordinating = [a.organisation for a in assignments if a.role == Assignment.Role.COORDINATING]
    lead_ids = {o.pk for o in leads}
    lead_line = next(
        (line for line in lines if reports[line.report_id].organisation_id in lead_ids), None
    )
    if lead_line is None:
        lead_line = next((line for line in lines if line.role == Assignment.Role.LEAD), None)
    notes: list[str] = []
    result = ""
    status, progress = NO_REPORT, None
    if lead_line is not None:
        status = lead_line.status
        progress = (
            100 if status == "completed" and lead_line.progress is None else lead_line.progress
        )
        result = lead_line.results.strip()
        if lead_line.outputs.strip():
            result = f"{result}\nSản phẩm: {lead_line.outputs.strip()}".strip()
        if lead_line.document_number:
            issued = f" ngày {lead_line.document_date:%d/%m/%Y}" if lead_line.document_date else ""
            notes.append(f"Văn bản số {lead_line.document_number}{issued}.")
    for line in lines:
        if line is lead_line or not line.results.strip():
            continue
        notes.append(f"{sources[line.report_id].agency} (phối hợp): {line.results.strip()}")
    row_sources = [sources[line.report_id] for line in lines if line.report_id in sources]
    if row_sources:
        notes.append("Nguồn: " + "; ".join(s.citation for s in row_sources) + ".")
    return AppendixRow(
        item_id=item.pk,
        theme_id=theme_id,
        number=item.number or item.code,
        content=item.title,
        kind=item.kind,
        lead=_join_names([o.name for o in leads]),
        coordinating=_join_names([o.short_name or o.name for o in coordinating]),
        status=status,
        progress=progress,
        result=result,
        notes="\n".join(notes),
        sources=row_sources,
    )


def _themes(
    items: list[PlanItem],
    appendix: list[AppendixRow],
    lines: list[ReportItem],
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
    for key, summary in summaries.items():
        values = progress.get(key)
        summary.average_progress = round(sum(values) / len(values)) if values else None
        summary.highlights.sort(key=lambda h: (h.position, h.agency))
    return [s for s in summaries.values() if s.activities]


def _funds(
    lines: list[ReportItem], sources: dict[int, Source]
) -> tuple[list[FundRow], list[AgencyFunds]]:
    totals: dict[str, Decimal] = defaultdict(Decimal)
    per_agency: dict[int, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in lines:
        for fund in line.funds.all():
            totals[fund.source] += fund.amount
            per_agency[line.report_id][fund.source] += fund.amount
    rows = [
        FundRow(source, FUNDING_VI.get(source, label), totals[source])
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
    lines: list[ReportItem],
    by_id: dict[int, PlanItem],
    sources: dict[int, Source],
) -> list[AgencyNotes]:
    notes: dict[int, AgencyNotes] = {}
    for pk, report in reports.items():
        if pk not in sources:
            continue
        notes[pk] = AgencyNotes(report.organisation.name, sources[pk], [], [])
        _add_unique(notes[pk].difficulties, report.general_difficulties)
        _add_unique(notes[pk].proposals, report.general_proposals)
    for line in lines:
        entry = notes[line.report_id]
        label = by_id[line.plan_item_id].number or by_id[line.plan_item_id].code
        _add_unique(entry.difficulties, line.difficulties, f"Hoạt động {label}: ")
        _add_unique(entry.proposals, line.proposals, f"Hoạt động {label}: ")
    return sorted(
        (n for n in notes.values() if n.difficulties or n.proposals), key=lambda n: n.agency
    )


def _add_unique(texts: list[str], text: str, prefix: str = "") -> None:
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


def _project_funding(plan: Plan, year: int) -> ProjectFunding:
    # Every project of the plan: the report is the province's, not one user's view.
    funding = plan_funding(plan, Project.objects.all(), year=year)
    themes = []
    for row in funding.by_theme:
        theme = row.key
        number = theme.number or theme.code
        themes.append(_funding_row(f"Chủ đề {number}: {theme.title}", row.money))
    projects = [
        _funding_row(
            row.label,
            row.money,
            f"{row.key.lead_organisation.name}; {PROJECT_STATUS_VI[row.key.status]}",
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


def unit_vi(unit: str) -> str:
    """ "tCO2e/billion_VND" -> "tấn CO2tđ/tỷ đồng"; unknown parts as written."""
    return "/".join(UNIT_VI.get(part.strip(), part.strip()) for part in unit.split("/"))


# --- Default narrative -------------------------------------------------------------------------


def default_narrative(c: Consolidation) -> dict[str, str]:
    totals = c.status_totals()
    activities = sum(totals.values())
    intro = (
        f"Thực hiện Kế hoạch số {c.plan_number} của {c.superior_body} ({c.plan_title}), "
        f"{c.issuing_body} tổng hợp báo cáo kết quả thực hiện năm {c.year} của các cơ quan, "
        "đơn vị như sau:"
    )
    overview = (
        f"Trong số {activities} hoạt động, nhiệm vụ của kỳ báo cáo: "
        f"{totals['completed']} hoàn thành, {totals['in_progress']} đang thực hiện, "
        f"{totals['not_started'] + totals['on_hold']} chưa triển khai hoặc tạm dừng, "
        f"{totals['not_applicable']} chưa phát sinh yêu cầu và {totals[NO_REPORT]} chưa có báo "
        "cáo được chấp nhận."
    )
    if c.funds:
        overview += f" Tổng kinh phí đã sử dụng theo báo cáo: {vnd_vi(c.funds_total)} đồng."
    difficulties = (
        "Bên cạnh kết quả đạt được, việc triển khai kế hoạch còn một số khó khăn, vướng mắc; "
        "các cơ quan, đơn vị đã nêu cụ thể như sau:"
        if c.agencies
        else "Các cơ quan, đơn vị không nêu khó khăn, vướng mắc."
    )
    return {
        "introduction": intro,
        "overview": overview,
        "difficulties": difficulties,
        "next_steps": (
            f"Tiếp tục triển khai các hoạt động chưa hoàn thành của Kế hoạch số {c.plan_number}; "
            "đôn đốc các cơ quan, đơn vị chưa gửi báo cáo hoàn thiện và gửi báo cáo đúng hạn; "
            "lồng ghép các mục tiêu tăng trưởng xanh vào kế hoạch phát triển kinh tế - xã hội "
            f"năm {c.year + 1}."
        ),
        "proposals": (
            "Tổng hợp kiến nghị, đề xuất của các cơ quan, đơn vị như sau:"
            if any(a.proposals for a in c.agencies)
            else "Không có kiến nghị, đề xuất."
        ),
        "recipients": "\n".join(
            [
                f"{c.superior_body} (để báo cáo);",
                "Bộ Kế hoạch và Đầu tư (để báo cáo);",
                "Các sở, ban, ngành, địa phương;",
                f"Lưu: VT, {c.issuing_abbreviation}.",
            ]
        ),
        "signer_title": "GIÁM ĐỐC",
        "signer_name": "",
    }
